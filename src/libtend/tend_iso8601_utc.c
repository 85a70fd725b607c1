/* See COPYING for license terms. */

#include <tend/logfmt.h>

static void put2 (char *s, unsigned int x)
{
  s[0] = '0' + x / 10 ; s[1] = '0' + x % 10 ;
}

size_t tend_iso8601_utc (char *dst, struct timespec const *ts)
{
  long long secs = (long long)ts->tv_sec ;
  long long days = secs / 86400 ;
  long long rem = secs % 86400 ;
  long long era, y ;
  unsigned int doe, yoe, doy, mp, d, m, us ;
  if (rem < 0) { rem += 86400 ; days-- ; }
 /* civil date from a day count: the proleptic Gregorian calendar in
    400-year eras starting on March 1st, so that Feb 29 is the last day */
  days += 719468 ;
  era = (days >= 0 ? days : days - 146096) / 146097 ;
  doe = (unsigned int)(days - era * 146097) ;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365 ;
  y = (long long)yoe + era * 400 ;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100) ;
  mp = (5 * doy + 2) / 153 ;
  d = doy - (153 * mp + 2) / 5 + 1 ;
  m = mp < 10 ? mp + 3 : mp - 9 ;
  if (m <= 2) y++ ;
  if (y < 0) y = 0 ;
  if (y > 9999) y = 9999 ;
  put2(dst, (unsigned int)(y / 100)) ; put2(dst + 2, (unsigned int)(y % 100)) ;
  dst[4] = '-' ; put2(dst + 5, m) ; dst[7] = '-' ; put2(dst + 8, d) ;
  dst[10] = 'T' ;
  put2(dst + 11, (unsigned int)(rem / 3600)) ; dst[13] = ':' ;
  put2(dst + 14, (unsigned int)(rem / 60 % 60)) ; dst[16] = ':' ;
  put2(dst + 17, (unsigned int)(rem % 60)) ; dst[19] = '.' ;
  us = (unsigned int)(ts->tv_nsec / 1000) ;
  put2(dst + 20, us / 10000) ; put2(dst + 22, us / 100 % 100) ; put2(dst + 24, us % 100) ;
  dst[26] = 'Z' ;
  return TEND_ISO8601_UTC_LEN ;
}
