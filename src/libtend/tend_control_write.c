/* See COPYING for license terms. */

#include <errno.h>
#include <fcntl.h>

#include <skalibs/allreadwrite.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>

#include <tend/control.h>

 /* Non-blocking open: with no reader the kernel says ENXIO at once, which
    is how a client learns that no supervisor is listening. Then blocking,
    so that the whole command goes in one write. */
int tend_control_write (char const *fifo, char const *cmds, size_t n)
{
  ssize_t w ;
  int fd = open2(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC) ;
  if (fd == -1)
    return errno == ENXIO || errno == ENOENT || errno == ENOTDIR ? 0 : -1 ;
  if (ndelay_off(fd) == -1) goto err ;
  w = fd_write(fd, cmds, n) ;
  if (w < 0 || (size_t)w != n) goto err ;
  fd_close(fd) ;
  return 1 ;

 err:
  fd_close(fd) ;
  return -1 ;
}
