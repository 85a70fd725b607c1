/* See COPYING for license terms. */

/* tend-softlimit: lowers (or raises up to the hard limit) soft resource
   limits, then execs prog. Interface and exit codes: doc/tend-softlimit.html */

#include <sys/resource.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/exec.h>

#define USAGE "tend-softlimit [ -a allbytes ] [ -c corebytes ] [ -d databytes ] [ -f filebytes ] [ -l lockbytes ] [ -m membytes ] [ -o openfiles ] [ -p processes ] [ -r residentbytes ] [ -s stackbytes ] [ -t cpusecs ] prog..."
#define dieusage() strerr_dieusage(100, USAGE)

 /* "=" is the hard limit; a number above the hard limit is clamped to it,
    as s6-softlimit and daemontools' softlimit do. */
static void doit (int resource, char const *name, char const *value)
{
  struct rlimit r ;
  if (getrlimit(resource, &r) == -1) strerr_diefusys(111, "getrlimit ", name) ;
  if (value[0] == '=' && !value[1]) r.rlim_cur = r.rlim_max ;
  else
  {
    uint64_t u ;
    if (!uint640_scan(value, &u)) dieusage() ;
    r.rlim_cur = u < (uint64_t)r.rlim_max ? (rlim_t)u : r.rlim_max ;
  }
  if (setrlimit(resource, &r) == -1) strerr_diefusys(111, "setrlimit ", name) ;
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  int opt ;
  PROG = "tend-softlimit" ;

 /* Applied in command-line order: a later option wins, and -m is
    shorthand for -a -d -l -s. */
  while ((opt = subgetopt_r(argc, argv, "a:c:d:f:l:m:o:p:r:s:t:", &l)) != -1) switch (opt)
  {
    case 'a' : doit(RLIMIT_AS, "RLIMIT_AS", l.arg) ; break ;
    case 'c' : doit(RLIMIT_CORE, "RLIMIT_CORE", l.arg) ; break ;
    case 'd' : doit(RLIMIT_DATA, "RLIMIT_DATA", l.arg) ; break ;
    case 'f' : doit(RLIMIT_FSIZE, "RLIMIT_FSIZE", l.arg) ; break ;
    case 'l' : doit(RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK", l.arg) ; break ;
    case 'm' :
      doit(RLIMIT_DATA, "RLIMIT_DATA", l.arg) ;
      doit(RLIMIT_STACK, "RLIMIT_STACK", l.arg) ;
      doit(RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK", l.arg) ;
      doit(RLIMIT_AS, "RLIMIT_AS", l.arg) ;
      break ;
    case 'o' : doit(RLIMIT_NOFILE, "RLIMIT_NOFILE", l.arg) ; break ;
    case 'p' : doit(RLIMIT_NPROC, "RLIMIT_NPROC", l.arg) ; break ;
    case 'r' : doit(RLIMIT_RSS, "RLIMIT_RSS", l.arg) ; break ;
    case 's' : doit(RLIMIT_STACK, "RLIMIT_STACK", l.arg) ; break ;
    case 't' : doit(RLIMIT_CPU, "RLIMIT_CPU", l.arg) ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (!argc) dieusage() ;
  xexec(argv) ;
}
