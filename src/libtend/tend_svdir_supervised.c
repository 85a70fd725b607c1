/* See COPYING for license terms. */

#include <errno.h>
#include <string.h>

#include <tend/svdir.h>

 /* tend_svdir_locked() counts ENOTDIR as "not held"; s6-svok and s6-svstat
    only forgive ENOENT. The open's errno survives a 0 return (nothing after
    the failed open touches it), and stays 0 when the file was checked. */
int tend_svdir_supervised (char const *dir)
{
  size_t len = strlen(dir) ;
  char fn[len + sizeof("/" TEND_SUPERVISE_LOCK)] ;
  int r ;
  memcpy(fn, dir, len) ;
  memcpy(fn + len, "/" TEND_SUPERVISE_LOCK, sizeof("/" TEND_SUPERVISE_LOCK)) ;
  errno = 0 ;
  r = tend_svdir_locked(fn) ;
  if (!r && errno && errno != ENOENT) return -1 ;
  return r ;
}
