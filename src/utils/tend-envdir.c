/* See COPYING for license terms. */

/* tend-envdir: sets or unsets variables from the files of a directory, then
   execs prog. Interface and exit codes: doc/tend-envdir.html */

#include <errno.h>

#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/exec.h>

#include <tend/envdir.h>

#define USAGE "tend-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullchar ] dir prog..."
#define dieusage() strerr_dieusage(100, USAGE)

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  stralloc modifs = STRALLOC_ZERO ;
  stralloc errname = STRALLOC_ZERO ;
  unsigned int flags = 0 ;
  int insist = 1, opt ;
  char nullis = '\n' ;
  PROG = "tend-envdir" ;

  while ((opt = subgetopt_r(argc, argv, "IinfLc:", &l)) != -1) switch (opt)
  {
    case 'I' : insist = 0 ; break ;
    case 'i' : insist = 1 ; break ;
    case 'n' : flags |= TEND_ENVDIR_NOCHOMP ; break ;
    case 'f' : flags |= TEND_ENVDIR_VERBATIM ; break ;
    case 'L' : flags |= TEND_ENVDIR_NOCLAMP ; break ;
    case 'c' : nullis = l.arg[0] ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (argc < 2) dieusage() ;

  if (tend_envdir_read(argv[0], flags, nullis, &modifs, &errname) == -1)
  {
    if (errname.len > 1)
      strerr_diefusys(111, "read ", argv[0], "/", errname.s) ;
    if (!insist && errno == ENOENT) xexec(argv + 1) ;
    strerr_diefusys(111, "read directory ", argv[0]) ;
  }
  xmexec_m(argv + 1, modifs.s, modifs.len) ;
}
