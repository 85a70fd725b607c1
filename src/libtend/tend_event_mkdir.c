/* See COPYING for license terms. */

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tend/event.h>

 /* 3730: the group may create listener fifos (setgid keeps the group,
    sticky stops listeners from removing each other's), others get nothing.
    mkdir() is subject to the umask and drops the special bits, hence the
    chmod; chown because a setgid parent would impose its own group. */
int tend_event_mkdir (char const *path)
{
  if (mkdir(path, 0700) == -1) return errno == EEXIST ;
  if (chown(path, (uid_t)-1, getegid()) == -1 || chmod(path, 03730) == -1)
  {
    int e = errno ;
    rmdir(path) ;
    errno = e ;
    return 0 ;
  }
  return 1 ;
}
