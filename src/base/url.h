/* url.h: what chancery does with web addresses it is given. */
#ifndef BASE_URL_H
#define BASE_URL_H

/* Is url an address a reader may follow: http:// or https:// (any case)
 * and something after it? Every output format links only these; any other
 * address ("javascript:", "data:", a bare path) is written as text, never
 * as a link, and `chancery check` warns about it. */
int url_is_web(const char *url);

#endif
