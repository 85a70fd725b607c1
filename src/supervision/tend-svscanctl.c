/* See COPYING for license terms. */

/* tend-svscanctl: sends commands to the scanner of a scan directory.
   Interface and exit codes: doc/tend-svscanctl.html */

#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>

#include <tend/control.h>
#include <tend/svdir.h>

#define USAGE "tend-svscanctl [ -zabhitqnN ] scandir"
#define dieusage() strerr_dieusage(100, USAGE)
#define MAXCMDS 64

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  char cmds[MAXCMDS] ;
  unsigned int n = 0 ;
  int opt ;
  PROG = "tend-svscanctl" ;

 /* p r s 0 6 7 8 are s6-svscanctl 2.11's unfinished options: known to its
    getopt, then refused. We refuse them the same way. */
  while ((opt = subgetopt_r(argc, argv, "zabhitqnN", &l)) != -1) switch (opt)
  {
    case 'z' : case 'a' : case 'b' : case 'h' : case 'i' :
    case 't' : case 'q' : case 'n' : case 'N' :
      if (n >= MAXCMDS) strerr_dief(100, "too many commands") ;
      cmds[n++] = (char)opt ;
      break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (!argc || !n) dieusage() ;

  switch (tend_control_send(argv[0], TEND_SVSCAN_CTLDIR, cmds, n))
  {
    case 1 : return 0 ;
    case 0 : strerr_dief(100, "unable to control ", argv[0], ": scanner not listening") ;
    case -2 : strerr_diefsys(100, "something is wrong with the ", argv[0], "/" TEND_SVSCAN_CTLDIR " directory") ;
    default : strerr_diefusys(111, "control ", argv[0]) ;
  }
}
