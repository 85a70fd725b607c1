/* See COPYING for license terms. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>

#include <tend/dirent64.h>
#include <tend/event.h>

static int notify_one (int dirfd, char const *name, char const *s, size_t n)
{
  ssize_t w ;
  int fd = openat(dirfd, name, O_WRONLY | O_NONBLOCK | O_CLOEXEC) ;
  if (fd == -1)
  {
    if (errno == ENXIO) unlinkat(dirfd, name, 0) ;  /* its listener is gone */
    return 0 ;
  }
  w = fd_write(fd, s, n) ;
  if (w == -1 && errno == EPIPE) unlinkat(dirfd, name, 0) ;
  fd_close(fd) ;
  return w > 0 ;
}

int tend_event_notify (int dirfd, char const *s, size_t n)
{
  char buf[1024] __attribute__((aligned(8))) ;  /* small: a daemon's stack stays resident */
  int count = 0 ;
  if (lseek(dirfd, 0, SEEK_SET) == -1) return -1 ;
  for (;;)
  {
    long r = syscall(SYS_getdents64, dirfd, buf, sizeof(buf)) ;
    long i = 0 ;
    if (r == -1) return -1 ;
    if (!r) break ;
    while (i < r)
    {
      tend_dirent64_t const *d = (tend_dirent64_t const *)(buf + i) ;
      i += d->d_reclen ;
      if (!strncmp(d->d_name, TEND_EVENT_FIFOPREFIX, sizeof(TEND_EVENT_FIFOPREFIX) - 1))
        count += notify_one(dirfd, d->d_name, s, n) ;
    }
  }
  return count ;
}
