/* See COPYING for license terms. */

/* tend start|stop|restart|once|reload|signal|kill. Interface:
   doc/tend.html */

#include <errno.h>
#include <string.h>
#include <signal.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/buffer.h>
#include <skalibs/sig.h>
#include <skalibs/tai.h>

#include <tend/svdir.h>
#include <tend/control.h>
#include <tend/svlisten.h>
#include "tend.h"

#define CONTROL_USAGE "tend start|stop|restart|once|kill [ -t seconds ] [ -n ] name... | tend reload name... | tend signal SIG name..."
#define dieusage() strerr_dieusage(100, CONTROL_USAGE)
#define DEFAULT_TIMEOUT 10

enum verb_e { V_START, V_STOP, V_RESTART, V_ONCE, V_KILL, V_RELOAD, V_SIGNAL } ;
static char const *const verbs[] = { "start", "stop", "restart", "once", "kill", "reload", "signal", 0 } ;

 /* The signals a supervisor sends on request, and their control bytes
    (PROTOCOL-s6-2.11.md section 2). */
static struct { int sig ; char cmd ; } const sigcmds[] =
{
  { SIGALRM, 'a' }, { SIGABRT, 'b' }, { SIGQUIT, 'q' }, { SIGHUP, 'h' },
  { SIGKILL, 'k' }, { SIGTERM, 't' }, { SIGINT, 'i' }, { SIGUSR1, '1' },
  { SIGUSR2, '2' }, { SIGSTOP, 'p' }, { SIGCONT, 'c' }, { SIGWINCH, 'y' },
  { 0, 0 }
} ;

static void out (char const *s)
{
  if (buffer_puts(buffer_1, s) < 0) strerr_diefusys(111, "write to stdout") ;
}

static void flush (void)
{
  if (!buffer_flush(buffer_1)) strerr_diefusys(111, "write to stdout") ;
}

 /* A signal by name (HUP, SIGHUP, hup) or number, and its control byte. */
static char sigcmd (char const *s, int *sig)
{
  char up[16] ;
  size_t n = strlen(s) ;
  unsigned int u ;
  int k = 0 ;
  if (n < sizeof(up) && !uint0_scan(s, &u))
  {
    for (size_t i = 0 ; i <= n ; i++) up[i] = s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i] ;
    k = sig_number(strncmp(up, "SIG", 3) ? up : up + 3) ;
  }
  else if (n < sizeof(up)) k = (int)u ;
  for (unsigned int i = 0 ; k && sigcmds[i].sig ; i++)
    if (sigcmds[i].sig == k) { *sig = k ; return sigcmds[i].cmd ; }
  strerr_dief(100, "unsupported signal: ", s, " (supported: ALRM ABRT QUIT HUP KILL TERM INT USR1 USR2 STOP CONT WINCH)") ;
}

 /* A control command that found nobody listening, or worse. */
static void complain (int r, char const *name)
{
  if (!r) strerr_dief(1, "unable to control ", name, ": supervisor not listening") ;
  if (r == -2) strerr_diefsys(111, "unable to control ", name, ": something is wrong with its supervise directory") ;
  strerr_diefusys(111, "control ", name) ;
}

 /* "web: up (pid 12), ready" and the like, from the status as it is now. */
static void report (char const *name, enum verb_e v, int failed)
{
  info_t x ;
  tain now ;
  char buf[PID_FMT + 32] ;
  tain_wallclock_read(&now) ;
  info_get(&x, name, &now) ;
  out(name) ;
  out(": ") ;
  if (failed) out("failed: ") ;
  if (!x.supervised) out("not supervised") ;
  else if (x.up)
  {
    if (v == V_KILL) out("killed, restarted: ") ;
    buf[pid_fmt(buf, x.pid)] = 0 ;
    out("up (pid ") ; out(buf) ; out(")") ;
    if (x.notifies) out(x.ready ? ", ready" : ", not ready") ;
  }
  else
  {
    char const *l = fmt_last(buf, &x) ;
    out(v == V_KILL ? "killed" : x.finishing ? "finishing" : "down") ;
    if (l[0] != '-')  /* it ran: how it ended */
    {
      out(l[0] == 'S' ? " (" : " (exit ") ;
      out(l) ;
      out(")") ;
    }
    if (x.st.flags & TEND_SVSTATUS_WANTUP) out(", restarting") ;
  }
  out("\n") ;
}

static int wantedup (char const *name)
{
  info_t x ;
  tain now ;
  tain_wallclock_read(&now) ;
  info_get(&x, name, &now) ;
  return x.supervised && x.st.flags & TEND_SVSTATUS_WANTUP ;
}

static void end (tend_svlisten_t *l, unsigned int n)
{
  for (unsigned int i = 0 ; i < n ; i++) tend_svlisten_end(l + i) ;
}

static int sendandwait (enum verb_e v, char const **argv, unsigned int n, unsigned int timeout, int wait)
{
  tend_svlisten_t l[n] ;
  char paths[n][PATH_MAX] ;
  unsigned char skip[n] ;
  tain deadline ;
  int r, e = 0 ;

  for (unsigned int i = 0 ; i < n ; i++)
  {
    unsigned char want = 0 ;
    int ready = svhas(argv[i], "notification-fd") ? TEND_SVLISTEN_READY : 0 ;
    svpath(paths[i], argv[i], 0) ;
    switch (v)
    {
      case V_START : case V_ONCE : want = TEND_SVLISTEN_UP | ready ; break ;
      case V_RESTART : want = TEND_SVLISTEN_RESTART | TEND_SVLISTEN_UP | ready ; break ;
      case V_STOP : want = TEND_SVLISTEN_READY ; break ;  /* D: down, finish done */
     /* wanted up: wait for the death and the restart, as restart does:
        waiting for a down alone could miss it in a "dDu" read at once */
      case V_KILL : want = wantedup(argv[i]) ? TEND_SVLISTEN_RESTART | TEND_SVLISTEN_UP | ready : 0 ; break ;
      default : break ;
    }
    r = tend_svlisten_init(l + i, paths[i], want) ;
    if (r < 1)
    {
      int er = errno, s ;
      end(l, i) ;
      s = tend_control_send(paths[i], TEND_SUPERVISE_DIR, "", 0) ;
      if (s != 1) complain(s, argv[i]) ;
      errno = er ;
      if (!r) strerr_diefusys(111, "subscribe to events for ", argv[i]) ;
      strerr_diefusys(111, "read status for ", argv[i]) ;
    }
  }

  for (unsigned int i = 0 ; i < n ; i++)
  {
    char const *cmds = "u" ;
   /* nothing to kill: said below, and not a success */
    skip[i] = v == V_KILL && !l[i].up ;
    if (skip[i]) continue ;
    switch (v)
    {
      case V_START : cmds = "u" ; break ;
      case V_ONCE : cmds = "o" ; break ;
     /* r on a down service would kill the instance u just started */
      case V_RESTART : cmds = l[i].up ? "ur" : "u" ; break ;
      case V_STOP : cmds = "d" ; break ;
      case V_KILL : cmds = "k" ; break ;
      default : break ;
    }
    if ((v == V_STOP || v == V_KILL) && svhas(argv[i], "essential"))
      strerr_warnw(argv[i], " is essential: the container stops when it stops") ;
    r = tend_control_send(paths[i], TEND_SUPERVISE_DIR, cmds, strlen(cmds)) ;
    if (r != 1)
    {
      int er = errno ;
      end(l, n) ;
      errno = er ;
      complain(r, argv[i]) ;
    }
  }
  if (!wait)
  {
    end(l, n) ;
    for (unsigned int i = 0 ; i < n ; i++)
    {
      if (skip[i])
      {
        flush() ;
        strerr_warnw(argv[i], " is not up: nothing to kill") ;
        e = 1 ;
        continue ;
      }
      out(argv[i]) ; out(": ") ; out(verbs[v]) ; out(" sent\n") ;
    }
    flush() ;
    return e ;
  }

  tain_now_set_stopwatch_g() ;
  if (timeout) tain_addsec_g(&deadline, timeout) ;
  else tain_add_g(&deadline, &tain_infinite_relative) ;
  r = tend_svlisten_wait_g(l, n, 0, &deadline) ;
  if (r == -1 && errno != ETIMEDOUT)
  {
    int er = errno ;
    end(l, n) ;
    errno = er ;
    strerr_diefusys(111, "wait for events") ;
  }
  for (unsigned int i = 0 ; i < n ; i++)
  {
    if (skip[i])
    {
      flush() ;
      strerr_warnw(argv[i], " is not up: nothing to kill") ;
      e = e ? e : 1 ;
      continue ;
    }
    if (!tend_svlisten_reached(l + i))
    {
      char t[UINT_FMT] ;
      t[uint_fmt(t, timeout)] = 0 ;
      flush() ;
      strerr_warnw(argv[i], ": timed out after ", t, " s waiting for it to ",
        v == V_STOP ? "stop" : v == V_KILL && !(l[i].want & TEND_SVLISTEN_UP) ? "die" : l[i].want & TEND_SVLISTEN_READY ? "be up and ready" : "be up") ;
      e = 99 ;
      continue ;
    }
    report(argv[i], v, l[i].failed) ;
    if (l[i].failed && !e) e = 1 ;
  }
  end(l, n) ;
  flush() ;
  return e ;
}

 /* reload, signal: send, say so; there is no event to wait for. */
static int sendsig (char cmd, int sig, char const **argv, unsigned int n)
{
  int e = 0 ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    info_t x ;
    tain now ;
    char path[PATH_MAX] ;
    char buf[PID_FMT] ;
    int r ;
    tain_wallclock_read(&now) ;
    info_get(&x, argv[i], &now) ;
    if (!x.up)
    {
      flush() ;
      strerr_warnw(argv[i], " is not up: SIG", sig_name(sig), " not sent") ;
      e = 1 ;
      continue ;
    }
    svpath(path, argv[i], 0) ;
    r = tend_control_send(path, TEND_SUPERVISE_DIR, &cmd, 1) ;
    if (r != 1) complain(r, argv[i]) ;
    buf[pid_fmt(buf, x.pid)] = 0 ;
    out(argv[i]) ; out(": sent SIG") ; out(sig_name(sig)) ; out(" to pid ") ; out(buf) ; out("\n") ;
  }
  flush() ;
  return e ;
}

int cmd_control (int argc, char const **argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  enum verb_e v = 0 ;
  unsigned int timeout = DEFAULT_TIMEOUT ;
  int wait = 1, opt, sig = SIGHUP ;
  char cmd = 'h' ;
  while (strcmp(verbs[v], argv[0])) v++ ;
  while ((opt = subgetopt_r(argc, argv, v >= V_RELOAD ? "" : "t:n", &l)) != -1) switch (opt)
  {
    case 't' : if (!uint0_scan(l.arg, &timeout)) dieusage() ; break ;
    case 'n' : wait = 0 ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (v == V_SIGNAL)
  {
    if (!argc) dieusage() ;
    cmd = sigcmd(argv[0], &sig) ;
    argc-- ; argv++ ;
  }
  if (!argc) dieusage() ;
  need_svscan() ;
  for (int i = 0 ; i < argc ; i++) name_check(argv[i]) ;
  if (v >= V_RELOAD) return sendsig(cmd, sig, argv, (unsigned int)argc) ;
  return sendandwait(v, argv, (unsigned int)argc, timeout, wait) ;
}
