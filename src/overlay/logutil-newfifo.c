/* See COPYING for license terms. */

/* logutil-newfifo: s6-overlay v1/v2's fifo maker: (re)creates a named
   pipe with a mode and an owner. There is no fd holder in tend: the fifo
   is not kept open. Installed in the overlay as
   /opt/tend/compat/bin/logutil-newfifo. Interface: doc/logutil-service.html */

#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <unistd.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>

#include <tend/account.h>

#define USAGE "logutil-newfifo [ -m mode ] [ -o owner ] fifo"
#define dieusage() strerr_dieusage(100, USAGE)

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  unsigned int mode = 0600 ;
  char const *owner = "root" ;
  uid_t uid ;
  gid_t gid ;
  int opt, r ;
  PROG = "logutil-newfifo" ;
  while ((opt = subgetopt_r(argc, argv, "m:o:", &l)) != -1) switch (opt)
  {
    case 'm' : if (!uint0_oscan(l.arg, &mode) || mode > 07777) dieusage() ; break ;
    case 'o' : owner = l.arg ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (argc != 1 || !argv[0][0]) dieusage() ;
  r = tend_passwd_byname(TEND_ACCOUNT_PASSWD, owner, &uid, &gid) ;
  if (r == -1) strerr_diefusys(111, "read ", TEND_ACCOUNT_PASSWD) ;
  if (!r) strerr_dief(1, "unknown account: ", owner) ;
  if (unlink(argv[0]) == -1 && errno != ENOENT) strerr_diefusys(111, "remove ", argv[0]) ;
  if (mkfifo(argv[0], mode) == -1) strerr_diefusys(111, "mkfifo ", argv[0]) ;
  if (chmod(argv[0], mode) == -1) strerr_diefusys(111, "chmod ", argv[0]) ;
  if (chown(argv[0], uid, gid) == -1) strerr_diefusys(111, "chown ", argv[0]) ;
  return 0 ;
}
