/* See COPYING for license terms. */

/* tend-svwait: waits until services are up, ready, down or restarted.
   Interface and exit codes: doc/tend-svwait.html */

#include <errno.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>

#include <tend/svlisten.h>

#define USAGE "tend-svwait [ -U | -u | -d | -D | -r | -R ] [ -a | -o ] [ -t timeout ] servicedir..."
#define dieusage() strerr_dieusage(100, USAGE)

static void end (tend_svlisten_t *l, unsigned int n)
{
  for (unsigned int i = 0 ; i < n ; i++) tend_svlisten_end(l + i) ;
}

int main (int argc, char const *const *argv)
{
  subgetopt o = SUBGETOPT_ZERO ;
  tain deadline ;
  unsigned int timeout = 0 ;
  unsigned char want = TEND_SVLISTEN_UP ;
  int or = 0, opt, r ;
  PROG = "tend-svwait" ;

  while ((opt = subgetopt_r(argc, argv, "uUdDrRaot:", &o)) != -1) switch (opt)
  {
    case 'u' : want = TEND_SVLISTEN_UP ; break ;
    case 'U' : want = TEND_SVLISTEN_UP | TEND_SVLISTEN_READY ; break ;
    case 'd' : want = 0 ; break ;
    case 'D' : want = TEND_SVLISTEN_READY ; break ;
    case 'r' : want = TEND_SVLISTEN_RESTART | TEND_SVLISTEN_UP ; break ;
    case 'R' : want = TEND_SVLISTEN_RESTART | TEND_SVLISTEN_UP | TEND_SVLISTEN_READY ; break ;
    case 'a' : or = 0 ; break ;
    case 'o' : or = 1 ; break ;
    case 't' : if (!uint0_scan(o.arg, &timeout)) dieusage() ; break ;
    default : dieusage() ;
  }
  argc -= o.ind ; argv += o.ind ;
  if (!argc) dieusage() ;

  {
    tend_svlisten_t l[argc] ;
    for (int i = 0 ; i < argc ; i++)
    {
      r = tend_svlisten_init(l + i, argv[i], want) ;
      if (r < 1)
      {
        int e = errno ;
        end(l, i) ;
        errno = e ;
        if (!r) strerr_diefusys(111, "subscribe to events for ", argv[i]) ;
        strerr_diefusys(111, "read status for ", argv[i]) ;
      }
    }
    tain_now_set_stopwatch_g() ;
    if (timeout) tain_from_millisecs(&deadline, timeout) ;
    else deadline = tain_infinite_relative ;
    tain_add_g(&deadline, &deadline) ;
    r = tend_svlisten_wait_g(l, argc, or, &deadline) ;
    {
      int e = errno ;
      end(l, argc) ;
      errno = e ;
    }
  }
  if (r == -1)
  {
    if (errno == ETIMEDOUT) strerr_dief(99, "timed out") ;
    strerr_diefusys(111, "wait for events") ;
  }
  if (r) strerr_dief(r > 98 ? 98 : r, "some services reported permanent failure or their supervisor died") ;
  return 0 ;
}
