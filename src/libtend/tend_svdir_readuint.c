/* See COPYING for license terms. */

#include <errno.h>

#include <skalibs/types.h>
#include <skalibs/djbunix.h>

#include <tend/svdir.h>

 /* uint_scan() stops before an overflow, so "4294967296" leaves a digit
    behind and is refused below. */
int tend_svdir_readuint (char const *file, unsigned int *u)
{
  char buf[16] ;
  size_t len ;
  unsigned int v ;
  ssize_t r = openreadnclose(file, buf, sizeof(buf) - 1) ;
  if (r == -1) return errno == ENOENT ? 0 : -1 ;
  buf[r] = 0 ;
  len = uint_scan(buf, &v) ;
  if (!len || (buf[len] && buf[len] != '\n')) return (errno = EINVAL, -1) ;
  *u = v ;
  return 1 ;
}
