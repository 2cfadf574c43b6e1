/* utf8.c: see utf8.h. */
#include "base/utf8.h"

#include <stdint.h>

#include "base/banned.h"

size_t utf8_first_bad(const char *str, size_t n, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;
		if (c < 0x80) {
			if ((flags & UTF8_NO_CONTROLS) && (c < 0x20 || c == 0x7f))
				return i;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return i; /* a continuation byte, or no lead byte of UTF-8 */
		}
		if (i + len > n)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		if ((flags & UTF8_NO_CONTROLS) && ((cp >= 0x80 && cp < 0xa0) || utf8_deceptive(cp)))
			return i;
		i += len;
	}
	return n;
}
