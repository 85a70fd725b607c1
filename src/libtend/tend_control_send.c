/* See COPYING for license terms. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <skalibs/djbunix.h>

#include <tend/control.h>

 /* When the fifo cannot be opened because a path component is missing or
    is not a directory, s6-svc looks closer (PROTOCOL-s6-2.11.md 2.2): an
    unusable dir is an error; no sub directory means nobody ever listened
    there; a sub directory without a usable fifo is a broken one. */
int tend_control_send (char const *dir, char const *sub, char const *cmds, size_t n)
{
  size_t dlen = strlen(dir), slen = strlen(sub) ;
  char fn[dlen + slen + sizeof("//control")] ;
  int r, e, dfd, sfd ;
  memcpy(fn, dir, dlen) ;
  fn[dlen] = '/' ;
  memcpy(fn + dlen + 1, sub, slen) ;
  memcpy(fn + dlen + 1 + slen, "/control", sizeof("/control")) ;
  r = tend_control_write(fn, cmds, n) ;
  if (r == 1) return 1 ;
  if (r == 0 && errno == ENXIO) return 0 ;
  if (r == -1 && errno != EISDIR) return -1 ;
  e = errno ;
  dfd = open2(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (dfd == -1) return -1 ;
  sfd = openat(dfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (sfd == -1)
  {
    e = errno ;
    fd_close(dfd) ;
    errno = e ;
    return e == ENOENT ? 0 : -2 ;
  }
  fd_close(sfd) ;
  fd_close(dfd) ;
  errno = e ;
  return -2 ;
}
