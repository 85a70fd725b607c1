/* See COPYING for license terms. */

/* tend-svok: exits 0 if a supervisor runs on a service directory, 1 if not.
   Interface and exit codes: doc/tend-svok.html */

#include <skalibs/strerr.h>

#include <tend/svdir.h>

#define USAGE "tend-svok servicedir"

int main (int argc, char const *const *argv)
{
  int r ;
  PROG = "tend-svok" ;
  if (argc < 2) strerr_dieusage(100, USAGE) ;
  r = tend_svdir_supervised(argv[1]) ;
  if (r == -1) strerr_diefusys(111, "check ", argv[1]) ;
  return !r ;
}
