/* See COPYING for license terms. */

#include <string.h>

#include <tend/logfmt.h>

 /* 0: copied as is (printable ASCII but " and \). 1: needs escaping or is
    the start of a multibyte sequence: looked at one byte at a time. */
static unsigned char const special[256] =
{
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
} ;

static char const hex[16] = "0123456789abcdef" ;

 /* Length of the valid UTF-8 sequence starting at s (at most n bytes
    available), or 0 if the bytes there are not one (RFC 3629: no
    overlongs, no surrogates, nothing above U+10FFFF). */
static size_t utf8_len (unsigned char const *s, size_t n)
{
  unsigned char c = s[0] ;
  if (c >= 0xc2 && c <= 0xdf)
    return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0 ;
  if (c >= 0xe0 && c <= 0xef)
  {
    unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf ;
    return n >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0 ;
  }
  if (c >= 0xf0 && c <= 0xf4)
  {
    unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf ;
    return n >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80 ? 4 : 0 ;
  }
  return 0 ;
}

size_t tend_json_escape (char *dst, char const *src, size_t n)
{
  unsigned char const *s = (unsigned char const *)src ;
  size_t i = 0, w = 0 ;
  while (i < n)
  {
    size_t j = i ;
    while (j < n && !special[s[j]]) j++ ;
    memcpy(dst + w, s + i, j - i) ; w += j - i ; i = j ;
    if (i >= n) break ;
    {
      unsigned char c = s[i] ;
      if (c >= 0x80)
      {
        size_t k = utf8_len(s + i, n - i) ;
        if (k)
        {
          memcpy(dst + w, s + i, k) ; w += k ; i += k ;
          continue ;
        }
        memcpy(dst + w, "\\udc", 4) ;
        dst[w+4] = hex[c >> 4] ; dst[w+5] = hex[c & 15] ;
        w += 6 ; i++ ;
        continue ;
      }
      dst[w++] = '\\' ;
      switch (c)
      {
        case '"' : dst[w++] = '"' ; break ;
        case '\\' : dst[w++] = '\\' ; break ;
        case '\n' : dst[w++] = 'n' ; break ;
        case '\t' : dst[w++] = 't' ; break ;
        case '\r' : dst[w++] = 'r' ; break ;
        case '\b' : dst[w++] = 'b' ; break ;
        case '\f' : dst[w++] = 'f' ; break ;
        default :
          memcpy(dst + w, "u00", 3) ;
          dst[w+3] = hex[c >> 4] ; dst[w+4] = hex[c & 15] ;
          w += 5 ; break ;
      }
      i++ ;
    }
  }
  return w ;
}
