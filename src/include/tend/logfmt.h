/* See COPYING for license terms. */

#ifndef TEND_LOGFMT_H
#define TEND_LOGFMT_H

#include <stddef.h>
#include <time.h>

 /* Worst case of tend_json_escape: every byte becomes \udcXX or \u00XX. */
#define TEND_JSON_ESCAPE_MAX(n) ((n) * 6)

 /* Writes the JSON string body (no quotes) for the n bytes at s into dst,
    which must hold TEND_JSON_ESCAPE_MAX(n) bytes. Valid UTF-8 is copied;
    " \ and control characters are escaped; every byte of invalid UTF-8
    becomes \udcXX (XX = the byte: the lone low surrogate of Python's
    surrogateescape), so nothing is lost. Returns the length written. */
extern size_t tend_json_escape (char *dst, char const *s, size_t n) ;

#define TEND_ISO8601_UTC_LEN 27

 /* Writes ts as "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" (TEND_ISO8601_UTC_LEN bytes,
    no NUL) into dst. Returns TEND_ISO8601_UTC_LEN. */
extern size_t tend_iso8601_utc (char *dst, struct timespec const *ts) ;

#endif
