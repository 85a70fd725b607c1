/* See COPYING for license terms. */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <skalibs/types.h>
#include <skalibs/djbunix.h>
#include <skalibs/posixplz.h>

#include <tend/svdir.h>

 /* Written whole to a temporary file first, then link()ed into place:
    link() fails with EEXIST if the name exists, so the first writer
    wins and a reader never sees half a file. */
int tend_file_writenew (char const *file, char const *s, size_t n)
{
  size_t len = strlen(file) ;
  char tmp[len + 6 + PID_FMT] ;
  int r = 1 ;
  memcpy(tmp, file, len) ;
  memcpy(tmp + len, ".tmp.", 5) ;
  tmp[len + 5 + pid_fmt(tmp + len + 5, getpid())] = 0 ;
  if (!openwritenclose_unsafe_sync(tmp, s, n)) r = -1 ;
  else if (link(tmp, file) == -1) r = errno == EEXIST ? 0 : -1 ;
  {
    int e = errno ;
    unlink_void(tmp) ;
    errno = e ;
  }
  return r ;
}
