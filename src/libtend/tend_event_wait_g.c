/* See COPYING for license terms. */

#include <errno.h>

#include <skalibs/allreadwrite.h>
#include <skalibs/iopause.h>

#include <tend/event.h>

ssize_t tend_event_wait_g (int fd, char *s, size_t n, tain const *deadline)
{
  for (;;)
  {
    iopause_fd x = { .fd = fd, .events = IOPAUSE_READ } ;
    ssize_t r = fd_read(fd, s, n) ;
    if (r > 0) return r ;
    if (!r) return (errno = EPIPE, -1) ;
    if (errno != EAGAIN) return -1 ;
    r = iopause_g(&x, 1, deadline) ;
    if (r == -1) return -1 ;
    if (!r) return (errno = ETIMEDOUT, 0) ;
  }
}
