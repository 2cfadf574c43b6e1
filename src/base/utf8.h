/* utf8.h: one UTF-8 checker for every place that takes text from outside
 * (the importers' CSV fields, the server's query strings, the audit
 * trail's author and origin): well-formed means no overlong forms, no
 * surrogates, nothing past U+10FFFF. */
#ifndef BASE_UTF8_H
#define BASE_UTF8_H

#include <stddef.h>

enum utf8_flags {
	/* refuse C0 and C1 control characters and DEL too: text shown on a
	 * terminal or in a log line (an ESC there drives the terminal) */
	UTF8_NO_CONTROLS = 1,
};

/* The offset of the first byte of s[0..n) that is not well-formed UTF-8
 * (or a control character or a utf8_deceptive one, with UTF8_NO_CONTROLS),
 * or n if there is none. */
size_t utf8_first_bad(const char *s, size_t n, unsigned flags);

/* Is cp a format character that makes text display otherwise than it
 * reads, and that no name needs: the bidirectional embeddings, overrides
 * and isolates (U+202A-U+202E, U+2066-U+2069: "\u202Egnp.exe" shows as
 * "exe.png"), the zero-width space, the word joiner and a byte-order mark
 * inside text (U+200B, U+2060, U+FEFF: two names that look alike but
 * differ). The zero-width joiner and non-joiner (U+200C, U+200D) and the
 * directional marks (U+200E, U+200F) are allowed: Persian and the Indic
 * scripts write names with them. */
static inline int utf8_deceptive(unsigned long cp)
{
	return cp == 0x200b || (cp >= 0x202a && cp <= 0x202e) || cp == 0x2060 ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

#endif
