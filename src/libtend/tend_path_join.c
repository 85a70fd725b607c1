/* See COPYING for license terms. */

#include <errno.h>
#include <string.h>

#include <tend/svdir.h>

size_t tend_path_join (char *buf, size_t n, char const *dir, char const *name)
{
  size_t dlen = strlen(dir), nlen = strlen(name) ;
  if (dlen + nlen + 2 > n) return (errno = ENAMETOOLONG, 0) ;
  memcpy(buf, dir, dlen) ;
  buf[dlen] = '/' ;
  memcpy(buf + dlen + 1, name, nlen + 1) ;
  return dlen + 1 + nlen ;
}
