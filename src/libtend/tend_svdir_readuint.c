/* See COPYING for license terms. */

#include <errno.h>

#include <skalibs/types.h>
#include <skalibs/djbunix.h>

#include <tend/svdir.h>

int tend_svdir_readuint (char const *file, unsigned int *u)
{
  char buf[16] ;
  size_t len ;
  ssize_t r = openreadnclose(file, buf, sizeof(buf) - 1) ;
  if (r == -1) return errno == ENOENT ? 0 : -1 ;
  buf[r] = 0 ;
  len = uint_scan(buf, u) ;
  if (!len || (buf[len] && buf[len] != '\n')) return (errno = EINVAL, -1) ;
  return 1 ;
}
