/* See COPYING for license terms. */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <skalibs/djbunix.h>

#include <tend/scandir.h>

 /* The same question as tend_svdir_locked(), keeping the answer's l_pid:
    a process-associated lock names its owner, an OFD lock says -1. */
int tend_svdir_lockpid (char const *lockfile, pid_t *pid)
{
  struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0 } ;
  int fd = open2(lockfile, O_RDONLY | O_NONBLOCK | O_CLOEXEC) ;
  if (fd == -1) return errno == ENOENT || errno == ENOTDIR ? 0 : -1 ;
  if (fcntl(fd, F_GETLK, &fl) == -1)
  {
    fd_close(fd) ;
    return -1 ;
  }
  fd_close(fd) ;
  if (fl.l_type == F_UNLCK) return 0 ;
  *pid = fl.l_pid > 0 ? fl.l_pid : -1 ;
  return 1 ;
}
