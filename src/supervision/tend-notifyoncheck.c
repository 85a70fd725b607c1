/* See COPYING for license terms. */

/* tend-notifyoncheck: readiness for a daemon that cannot notify, by polling
   ./data/check. Interface and exit codes: doc/tend-notifyoncheck.html */

#include <skalibs/nonposix.h>  /* environ */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/exec.h>
#include <skalibs/iopause.h>
#include <skalibs/posixplz.h>
#include <skalibs/selfpipe.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>
#include <skalibs/types.h>

#include <tend/svdir.h>
#include <tend/event.h>

#define USAGE "tend-notifyoncheck [ -d ] [ -3 notiffd ] [ -s initialsleep ] [ -T globaltimeout ] [ -t localtimeout ] [ -w waitingtime ] [ -n tries ] [ -c checkprog ] prog..."
#define dieusage() strerr_dieusage(100, USAGE)

 /* The checker's exit codes, as s6-notifyoncheck's. Nobody waits for
    them; they tell a reader of strace or a subreaper what happened. */
#define E_READY 0
#define E_TRIES 1
#define E_DIED 2
#define E_TIMEOUT 3

static tend_eventsub_t sub = TEND_EVENTSUB_ZERO ;
static pid_t checkpid = 0 ;
static unsigned int failures = 0 ;

static void msecs (tain *a, unsigned int ms, int zeroisinfinite)
{
  if ((!ms && zeroisinfinite) || ms > INT_MAX) *a = tain_infinite_relative ;
  else tain_from_millisecs(a, (int)ms) ;
}

static void scanms (char const *s, unsigned int *u)
{
  if (!uint0_scan(s, u)) dieusage() ;
}

static void leave (int e)
{
  if (checkpid) kill(checkpid, SIGTERM) ;
  tend_event_unsubscribe(TEND_EVENT_DIR, &sub) ;
  _exit(e) ;
}

 /* One more failed attempt: give up after the last one, else wait. */
static void failed (tain *deadline, unsigned int tries, tain const *wait)
{
  if (tries && ++failures >= tries) leave(E_TRIES) ;
  tain_add_g(deadline, wait) ;
}

static void checker (int notif, char const *const *cargv, unsigned int tries, tain const *initial, tain const *global, tain const *local, tain const *wait)
{
  iopause_fd x[2] = { { .events = IOPAUSE_READ }, { .events = IOPAUSE_READ } } ;
  tain globaldeadline, deadline ;

  tain_add_g(&globaldeadline, global) ;
  tain_add_g(&deadline, initial) ;
  x[0].fd = sub.fd ;
  x[1].fd = selfpipe_init() ;
  if (x[1].fd == -1) strerr_diefusys(111, "init selfpipe") ;
  if (!selfpipe_trap(SIGCHLD)) strerr_diefusys(111, "trap SIGCHLD") ;

  for (;;)
  {
    tain const *d = tain_less(&deadline, &globaldeadline) ? &deadline : &globaldeadline ;
    int r = iopause_g(x, 2, d) ;
    if (r == -1) strerr_diefusys(111, "iopause") ;
    if (!r)
    {
      if (!tain_future(&globaldeadline)) leave(E_TIMEOUT) ;
      if (checkpid)
      {
       /* localtimeout: this attempt failed. s6 2.11 lets the check run
          on; we stop it, as s6's documentation says. */
        kill(checkpid, SIGTERM) ;
        checkpid = 0 ;
        failed(&deadline, tries, wait) ;
      }
      else
      {
        checkpid = child_spawn0(cargv[0], cargv, (char const *const *)environ) ;
        if (!checkpid)
        {
          strerr_warnwusys("spawn ", cargv[0]) ;
          failed(&deadline, tries, wait) ;
        }
        else tain_add_g(&deadline, local) ;
      }
      continue ;
    }

   /* The service's death first: a check that succeeds as the daemon dies
      must not make a dead service ready. */
    if (x[0].revents & (IOPAUSE_READ | IOPAUSE_EXCEPT))
    {
      char buf[64] ;
      ssize_t n = fd_read(sub.fd, buf, sizeof(buf)) ;
      if (n == -1 && errno != EAGAIN) strerr_diefusys(111, "read from the event fifo") ;
      if (!n) strerr_dief(111, "event fifo closed") ;
      if (n > 0 && memchr(buf, 'd', (size_t)n)) leave(E_DIED) ;
    }
    if (x[1].revents & (IOPAUSE_READ | IOPAUSE_EXCEPT))
    {
      for (;;)
      {
        int sig = selfpipe_read() ;
        if (sig == -1) strerr_diefusys(111, "selfpipe_read") ;
        if (!sig) break ;
        if (sig == SIGCHLD)
        {
          int wstat ;
          pid_t p ;
          while ((p = wait_nohang(&wstat)) > 0)
          {
            if (p != checkpid) continue ;  /* one we gave up on */
            checkpid = 0 ;
            if (WIFEXITED(wstat) && !WEXITSTATUS(wstat))
            {
              if (fd_write(notif, "\n", 1) != 1) strerr_diefusys(111, "write to the notification fd") ;
              leave(E_READY) ;
            }
            failed(&deadline, tries, wait) ;
          }
        }
      }
    }
  }
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  char const *cargv[4] = { "./data/check", 0, 0, 0 } ;
  unsigned int notif = 0, initial = 10, global = 0, local = 0, wait = 1000, tries = 7 ;
  int df = 0, hasnotif = 0, opt, r ;
  int p[2] ;
  pid_t pid ;
  PROG = "tend-notifyoncheck" ;

  while ((opt = subgetopt_r(argc, argv, "d3:s:T:t:w:n:c:", &l)) != -1) switch (opt)
  {
    case 'd' : df = 1 ; break ;
    case '3' : if (!uint0_scan(l.arg, &notif)) dieusage() ; hasnotif = 1 ; break ;
    case 's' : scanms(l.arg, &initial) ; break ;
    case 'T' : scanms(l.arg, &global) ; break ;
    case 't' : scanms(l.arg, &local) ; break ;
    case 'w' : scanms(l.arg, &wait) ; break ;
    case 'n' : scanms(l.arg, &tries) ; break ;
    case 'c' : cargv[0] = "execlineb" ; cargv[1] = "-Pc" ; cargv[2] = l.arg ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (!argc) dieusage() ;

 /* Only under a supervisor: its event/ tells us when prog dies, and the
    notification fd means nothing without it. */
  r = tend_svdir_locked(TEND_SUPERVISE_LOCK) ;
  if (r == -1) strerr_diefusys(111, "check for a supervisor in the current directory") ;
  if (!r) strerr_dief(100, "no supervisor running in the current directory") ;
  if (!hasnotif)
  {
    r = tend_svdir_readuint("notification-fd", &notif) ;
    if (!r) errno = ENOENT ;
    if (r < 1)
    {
      if (errno == EINVAL) strerr_dief(100, "invalid ./notification-fd") ;
      strerr_diefusys(111, "read ./notification-fd") ;
    }
  }
  if (notif > INT_MAX || fcntl((int)notif, F_GETFD) == -1)
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, notif)] = 0 ;
    strerr_diefusys(111, "use notification fd ", fmt) ;
  }

 /* prog is exec'd only once the checker listens to event/, so that a
    death of prog is never missed. */
  if (pipecoe(p) == -1) strerr_diefusys(111, "pipe") ;
  pid = df ? doublefork() : fork() ;
  if (pid == -1) strerr_diefusys(111, df ? "doublefork" : "fork") ;
  if (pid)
  {
    char c ;
    fd_close((int)notif) ;  /* prog does not get the fd: only the checker writes to it */
    fd_close(p[1]) ;
    if (fd_read(p[0], &c, 1) != 1) strerr_diefu(111, "synchronize with the checker") ;
    fd_close(p[0]) ;
    xexec(argv) ;
  }

  PROG = "tend-notifyoncheck (child)" ;
  fd_close(p[0]) ;
  if (coe((int)notif) == -1) strerr_diefusys(111, "coe notification fd") ;  /* checks do not inherit it */
  if (!tend_event_subscribe(TEND_EVENT_DIR, &sub)) strerr_diefusys(111, "subscribe to ", TEND_EVENT_DIR) ;
  tain_now_set_stopwatch_g() ;
  {
    tain ti, tg, tl, tw ;
    msecs(&ti, initial, 0) ;
    msecs(&tg, global, 1) ;
    msecs(&tl, local, 1) ;
    msecs(&tw, wait, 0) ;
    if (fd_write(p[1], "", 1) != 1) strerr_diefusys(111, "synchronize with the parent") ;
    fd_close(p[1]) ;
    checker((int)notif, cargv, tries, &ti, &tg, &tl, &tw) ;
  }
  return 101 ;
}
