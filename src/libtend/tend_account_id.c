/* See COPYING for license terms. */

#include <skalibs/types.h>

#include <tend/account.h>

int tend_account_id (char const *s, unsigned int *id)
{
  unsigned int u ;
  size_t len = uint_scan(s, &u) ;
  if (!len || s[len] || u == (unsigned int)-1) return 0 ;
  *id = u ;
  return 1 ;
}
