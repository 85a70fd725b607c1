/* See COPYING for license terms. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>

#include <tend/svdir.h>
#include <tend/svstatus.h>

int tend_svstatus_write (char const *dir, tend_svstatus_t const *st)
{
  size_t len = strlen(dir) ;
  char fn[len + sizeof("/" TEND_SUPERVISE_STATUS ".new")] ;
  char tmp[len + sizeof("/" TEND_SUPERVISE_STATUS ".new")] ;
  char buf[TEND_SVSTATUS_SIZE] ;
  int fd ;
  tend_svstatus_pack(buf, st) ;
  memcpy(tmp, dir, len) ;
  memcpy(tmp + len, "/" TEND_SUPERVISE_STATUS ".new", sizeof("/" TEND_SUPERVISE_STATUS ".new")) ;
  memcpy(fn, tmp, len + sizeof("/" TEND_SUPERVISE_STATUS) - 1) ;
  fn[len + sizeof("/" TEND_SUPERVISE_STATUS) - 1] = 0 ;
  fd = open3(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0666) ;
  if (fd == -1) return 0 ;
  if (allwrite(fd, buf, sizeof(buf)) < sizeof(buf)) goto err ;
  fd_close(fd) ;
  if (rename(tmp, fn) == -1) goto errunlink ;
  return 1 ;

 err:
  fd_close(fd) ;
 errunlink:
  {
    int e = errno ;
    unlink(tmp) ;
    errno = e ;
  }
  return 0 ;
}
