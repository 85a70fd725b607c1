/* See COPYING for license terms. */

#include <skalibs/nonposix.h>  /* setgroups() */

#include <errno.h>
#include <unistd.h>
#include <grp.h>

#include <tend/account.h>

int tend_account_become (uid_t uid, gid_t gid, gid_t const *tab, size_t n, char const **step)
{
 /* Groups first, then gid, then uid: after setuid() to a non-root uid,
    neither groups nor gid can change any more. */
  if (setgroups(n, tab) == -1) { *step = "setgroups" ; return -1 ; }
  if (setgid(gid) == -1) { *step = "setgid" ; return -1 ; }
  if (setuid(uid) == -1) { *step = "setuid" ; return -1 ; }
 /* Paranoia: setuid() to a non-root uid must leave no way back. */
  if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid)
  {
    *step = "verify the new identity" ;
    errno = EPERM ;
    return -1 ;
  }
  return 0 ;
}
