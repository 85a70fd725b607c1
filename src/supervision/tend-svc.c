/* See COPYING for license terms. */

/* tend-svc: sends commands to the supervisors of service directories and,
   with -w, waits for their effect. Interface and exit codes:
   doc/tend-svc.html */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>

#include <tend/control.h>
#include <tend/svdir.h>
#include <tend/svlisten.h>

#define USAGE "tend-svc [ -wu | -wU | -wd | -wD | -wr | -wR ] [ -T timeout ] [ -abqhkti12pcyroduDUxOQ ] servicedir..."
#define dieusage() strerr_dieusage(100, USAGE)
#define MAXCMDS 62

static char cmds[MAXCMDS] ;
static unsigned int ncmds = 0 ;

 /* What went wrong when tend_control_send(dir) returned r: fatal when
    die, else a warning. Returns the exit code. */
static int complain (int r, char const *dir, int die)
{
  switch (r)
  {
    case 0 :
      if (die) strerr_dief(100, "unable to control ", dir, ": supervisor not listening") ;
      strerr_warnw("unable to control ", dir, ": supervisor not listening") ;
      return 100 ;
    case -2 :
      if (die) strerr_diefsys(100, "something is wrong with the ", dir, "/" TEND_SUPERVISE_DIR " directory") ;
      strerr_warnwsys("something is wrong with the ", dir, "/" TEND_SUPERVISE_DIR " directory") ;
      return 100 ;
    default :
      if (die) strerr_diefusys(111, "control ", dir) ;
      strerr_warnwusys("control ", dir) ;
      return 111 ;
  }
}

static void end (tend_svlisten_t *l, unsigned int n)
{
  for (unsigned int i = 0 ; i < n ; i++) tend_svlisten_end(l + i) ;
}

 /* -U and -R need notification-fd: without it the service never says it
    is ready, so wait for up instead, as s6-svc does. */
static unsigned char readiness (char const *dir, unsigned char want)
{
  size_t len = strlen(dir) ;
  char fn[len + sizeof("/notification-fd")] ;
  if (!(want & TEND_SVLISTEN_UP && want & TEND_SVLISTEN_READY)) return want ;
  memcpy(fn, dir, len) ;
  memcpy(fn + len, "/notification-fd", sizeof("/notification-fd")) ;
  if (access(fn, F_OK) == 0) return want ;
  if (errno != ENOENT) strerr_diefusys(111, "check ", fn) ;
  strerr_warnw(fn, " not present - ignoring request for readiness notification") ;
  return want & ~TEND_SVLISTEN_READY ;
}

 /* Race-free: every service is listened to and its status read before
    any command goes out; then the events tell what happened since. */
static int sendandwait (char const *const *dirs, unsigned int n, unsigned char want, unsigned int timeout)
{
  tend_svlisten_t l[n] ;
  tain deadline ;
  int r ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    unsigned char w = readiness(dirs[i], want) ;
    r = tend_svlisten_init(l + i, dirs[i], w) ;
    if (r < 1)
    {
      int e = errno, s ;
      end(l, i) ;
      s = tend_control_send(dirs[i], TEND_SUPERVISE_DIR, "", 0) ;
      if (s != 1) complain(s, dirs[i], 1) ;
      errno = e ;
      if (!r) strerr_diefusys(111, "subscribe to events for ", dirs[i]) ;
      strerr_diefusys(111, "read status for ", dirs[i]) ;
    }
  }
  for (unsigned int i = 0 ; i < n ; i++)
  {
    r = tend_control_send(dirs[i], TEND_SUPERVISE_DIR, cmds, ncmds) ;
    if (r != 1)
    {
      int e = errno ;
      end(l, n) ;
      errno = e ;
      complain(r, dirs[i], 1) ;
    }
  }
  tain_now_set_stopwatch_g() ;
  if (timeout) tain_from_millisecs(&deadline, timeout) ;
  else deadline = tain_infinite_relative ;
  tain_add_g(&deadline, &deadline) ;
  r = tend_svlisten_wait_g(l, n, 0, &deadline) ;
  {
    int e = errno ;
    end(l, n) ;
    errno = e ;
  }
  if (r == -1)
  {
    if (errno == ETIMEDOUT) strerr_dief(99, "timed out") ;
    strerr_diefusys(111, "wait for events") ;
  }
  if (r)
  {
    if (n == 1) strerr_dief(1, dirs[0], " failed permanently or its supervisor died") ;
    strerr_dief(r > 98 ? 98 : r, "some services failed permanently or their supervisor died") ;
  }
  return 0 ;
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  unsigned int timeout = 0 ;
  unsigned char want = 0 ;
  int wait = 0, opt, e = 0 ;
  PROG = "tend-svc" ;

  while ((opt = subgetopt_r(argc, argv, "abqhkti12pcyroduDUxOQT:w:", &l)) != -1) switch (opt)
  {
    case 'a' : case 'b' : case 'q' : case 'h' : case 'k' : case 't' : case 'i' :
    case '1' : case '2' : case 'p' : case 'c' : case 'y' : case 'r' : case 'o' :
    case 'd' : case 'u' : case 'D' : case 'U' : case 'x' : case 'O' : case 'Q' :
      if (ncmds >= MAXCMDS) strerr_dief(100, "too many commands") ;
      cmds[ncmds++] = (char)opt ;
      break ;
    case 'T' : if (!uint0_scan(l.arg, &timeout)) dieusage() ; break ;
    case 'w' :
      if (!l.arg[0] || l.arg[1]) dieusage() ;
      switch (l.arg[0])
      {
        case 'u' : want = TEND_SVLISTEN_UP ; break ;
        case 'U' : want = TEND_SVLISTEN_UP | TEND_SVLISTEN_READY ; break ;
        case 'd' : want = 0 ; break ;
        case 'D' : want = TEND_SVLISTEN_READY ; break ;
        case 'r' : want = TEND_SVLISTEN_RESTART | TEND_SVLISTEN_UP ; break ;
        case 'R' : want = TEND_SVLISTEN_RESTART | TEND_SVLISTEN_UP | TEND_SVLISTEN_READY ; break ;
        default : dieusage() ;
      }
      wait = 1 ;
      break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (!argc) dieusage() ;

  if (wait) return sendandwait(argv, (unsigned int)argc, want, timeout) ;
  for (int i = 0 ; i < argc ; i++)
  {
    int r = tend_control_send(argv[i], TEND_SUPERVISE_DIR, cmds, ncmds) ;
    if (r != 1)
    {
      int c = complain(r, argv[i], argc == 1) ;
      if (c > e) e = c ;
    }
  }
  return e ;
}
