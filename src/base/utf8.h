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
 * (or a control character, with UTF8_NO_CONTROLS), or n if there is none. */
size_t utf8_first_bad(const char *s, size_t n, unsigned flags);

#endif
