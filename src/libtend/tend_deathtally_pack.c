/* See COPYING for license terms. */

#include <sys/wait.h>

#include <skalibs/tai.h>

#include <tend/svstatus.h>

void tend_deathtally_pack (char *buf, tain const *stamp, int wstat)
{
  tain_pack(buf, stamp) ;
  if (WIFSIGNALED(wstat))
  {
    buf[12] = (char)(128 + WTERMSIG(wstat)) ;
    buf[13] = (char)WTERMSIG(wstat) ;
  }
  else
  {
    buf[12] = (char)WEXITSTATUS(wstat) ;
    buf[13] = 0 ;
  }
}
