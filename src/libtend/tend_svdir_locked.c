/* See COPYING for license terms. */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <skalibs/djbunix.h>

#include <tend/svdir.h>

 /* F_GETLK asking about a read lock, as s6-svok does: any conflicting lock
    means a live supervisor. flock() locks are invisible here on purpose:
    s6 uses fcntl record locks and so do we. */
int tend_svdir_locked (char const *lockfile)
{
  struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
  int fd = open2(lockfile, O_RDONLY | O_NONBLOCK | O_CLOEXEC) ;
  if (fd == -1) return errno == ENOENT || errno == ENOTDIR ? 0 : -1 ;
  if (fcntl(fd, F_GETLK, &fl) == -1)
  {
    fd_close(fd) ;
    return -1 ;
  }
  fd_close(fd) ;
  return fl.l_type != F_UNLCK ;
}
