/* See COPYING for license terms. */

#include <sys/types.h>

#include <tend/svdir.h>
#include <tend/scandir.h>

 /* F_GETLK asking about a read lock, as s6-svok does (see
    tend_svdir_lockpid): any conflicting lock means a live supervisor.
    flock() locks are invisible there on purpose: s6 uses fcntl record
    locks and so do we. */
int tend_svdir_locked (char const *lockfile)
{
  pid_t pid ;
  return tend_svdir_lockpid(lockfile, &pid) ;
}
