/* See COPYING for license terms. */

#include <errno.h>
#include <string.h>

#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>

#include <tend/account.h>

#define TEND_ACCOUNT_MAXFIELDS 8

int tend_account_scan (char const *file, unsigned int n, int (*f) (char **, unsigned int, void *), void *data)
{
  stralloc sa = STRALLOC_ZERO ;
  size_t pos = 0 ;
  int r = 0 ;
  if (n < 1 || n > TEND_ACCOUNT_MAXFIELDS) return (errno = EINVAL, -1) ;
  if (!openslurpclose(&sa, file))
  {
    if (errno == ENOENT) return 0 ;
    stralloc_free(&sa) ;
    return -1 ;
  }
  if (!stralloc_0(&sa))
  {
    stralloc_free(&sa) ;
    return -1 ;
  }
  sa.len-- ;
  while (pos < sa.len)
  {
    char *fields[TEND_ACCOUNT_MAXFIELDS] ;
    char *line = sa.s + pos ;
    char *end = memchr(line, '\n', sa.len - pos) ;
    unsigned int i = 1 ;
    if (end) { *end = 0 ; pos = end - sa.s + 1 ; }
    else pos = sa.len ;
    fields[0] = line ;
    while (i < n)
    {
      char *colon = strchr(fields[i-1], ':') ;
      if (!colon) break ;
      *colon = 0 ;
      fields[i++] = colon + 1 ;
    }
    if (i < n) continue ;
    r = (*f)(fields, n, data) ;
    if (r) break ;
  }
  stralloc_free(&sa) ;
  return r ;
}
