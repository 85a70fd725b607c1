/* See COPYING for license terms. */

/* tend-supervise: the supervisor as a program of its own, for a service
   directory that no tend-svscan watches. Interface:
   doc/tend-supervise.html */

#include <skalibs/strerr.h>

#include "supervise.h"

#define USAGE "tend-supervise servicedir"

int main (int argc, char const *const *argv)
{
  PROG = "tend-supervise" ;
  if (argc != 2 || !argv[1][0]) strerr_dieusage(100, USAGE) ;
  return supervise_main(argv[1]) ;
}
