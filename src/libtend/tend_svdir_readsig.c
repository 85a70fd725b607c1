/* See COPYING for license terms. */

#include <errno.h>
#include <string.h>

#include <skalibs/sig.h>
#include <skalibs/djbunix.h>

#include <tend/svdir.h>

int tend_svdir_readsig (char const *file, int *sig)
{
  char buf[32] ;
  size_t len ;
  ssize_t r = openreadnclose(file, buf, sizeof(buf) - 1) ;
  if (r == -1) return errno == ENOENT ? 0 : -1 ;
  buf[r] = 0 ;
  len = strcspn(buf, "\n") ;
  buf[len] = 0 ;
  if (!len || sig0_scan(buf, sig) != len) return (errno = EINVAL, -1) ;
  return 1 ;
}
