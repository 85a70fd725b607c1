/* See COPYING for license terms. */

/* The supervisor: keeps one service directory's ./run alive, obeys
   supervise/control, writes supervise/status. Interface:
   doc/tend-supervise.html. It is the body of tend-supervise, and
   tend-svscan runs it in a forked child without an exec. */

#include <skalibs/nonposix.h>  /* SIGWINCH, F_OFD_SETLK, environ */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  /* rename() only */
#include <stdlib.h>  /* getenv(), unsetenv() */
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/iopause.h>
#include <skalibs/selfpipe.h>
#include <skalibs/sig.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>
#include <skalibs/types.h>

#include <tend/svdir.h>
#include <tend/svstatus.h>
#include <tend/event.h>

#include "supervise.h"

#define DEATHTALLY_DEFAULT 100
#define DEATHTALLY_MAX 4096
#define FINISH_TIMEOUT_DEFAULT 5000
#define TERMINATE_TIMEOUT_DEFAULT 10000  /* ./terminate, without timeout-kill */
#define TERMINATE_PIDVAR "DINIT_PID"     /* tozd's dinit names it so */
#define NUDGE_VAR "TEND_SVSCAN_REPARENT" /* set by tend-svscan -R terminate|adopt */
#define SPAWN_RETRY_SECS 10  /* run missing or not executable, as s6 */
#define LOCK_RETRY_SECS 1    /* supervise/service-lock still held */

enum state_e { DOWN, UP, FINISHING, NSTATES } ;
enum event_e
{
  EV_TIMEOUT, EV_CHLD, EV_TERM, EV_HUP, EV_QUIT, EV_INT,
  EV_KILL, EV_p, EV_c, EV_r, EV_o, EV_d, EV_u, EV_D, EV_U, EV_x, EV_O, EV_Q,
  NEVENTS
} ;

static char const *svdir ;          /* argv[1], passed on to run and finish */
static enum state_e state = DOWN ;
static tend_svstatus_t st = TEND_SVSTATUS_ZERO ;
static char lastpacked[TEND_SVSTATUS_SIZE] ;
static int haswritten = 0 ;
static int cont = 1 ;               /* 0: leave the loop now */
static int exitpending = 0 ;        /* x, HUP, TERM: leave once down */
static int dying = 0 ;              /* timeout-kill armed */
static int terminating = 0 ;        /* ./terminate was run, term_at armed */
static pid_t termpid = 0 ;          /* ./terminate, while it runs */
static int nudge = 0 ;              /* tell the scanner when a child died */
static int closed01 = 0 ;
static int evdirfd = -1 ;
static int notifyfd = -1 ;
static int evsig ;                  /* the signal of an EV_KILL */
static int evwstat ;                /* the wait status of an EV_CHLD */
static tain lastspawn = TAIN_ZERO ; /* stopwatch clock */
static tain restart_at ;            /* DOWN: next start if wanted up */
static tain kill_at ;               /* UP: SIGKILL if dying */
static tain finish_at ;             /* FINISHING: SIGKILL finish */
static tain term_at ;               /* UP, terminating: the down signal */


 /* Announcing: status file and event fifodir. */

static void announce (void)
{
  char buf[TEND_SVSTATUS_SIZE] ;
  tend_svstatus_pack(buf, &st) ;
  if (haswritten && !memcmp(buf, lastpacked, TEND_SVSTATUS_SIZE)) return ;
  if (!tend_svstatus_write(".", &st))
  {
    strerr_warnwusys("write " TEND_SUPERVISE_STATUS) ;
    return ;
  }
  memcpy(lastpacked, buf, TEND_SVSTATUS_SIZE) ;
  haswritten = 1 ;
}

static void event (char const *s)
{
  if (tend_event_notify(evdirfd, s, strlen(s)) == -1)
    strerr_warnwusys("notify listeners in " TEND_EVENT_DIR) ;
}


 /* The small files of the service directory, read when they are needed. */

static int readuint (char const *file, unsigned int *u)
{
  int r = tend_svdir_readuint(file, u) ;
  if (r == -1)
  {
    if (errno == EINVAL) strerr_warnw("invalid ", file, " - ignoring it") ;
    else strerr_warnwusys("read ", file) ;
    return 0 ;
  }
  return r ;
}

static int downsig (void)
{
  int sig ;
  int r = tend_svdir_readsig("down-signal", &sig) ;
  if (r == -1)
  {
    if (errno == EINVAL) strerr_warnw("invalid down-signal - using SIGTERM") ;
    else strerr_warnwusys("read down-signal") ;
  }
  return r == 1 ? sig : SIGTERM ;
}

static void deadline_ms (tain *d, unsigned int ms)
{
  tain t ;
  if (ms > 2000000000u) ms = 2000000000u ;
  tain_from_millisecs(&t, (int)ms) ;
  tain_add_g(d, &t) ;
}

static void never (tain *d)
{
  tain_add_g(d, &tain_infinite_relative) ;
}

 /* The recent records are copied through a small buffer into
    death_tally.new, then renamed: a reader never sees a partial file, and
    a 4096-record tally costs no memory. */
static void tally (int wstat)
{
  char buf[TEND_DEATHTALLY_RECSIZE * 64] ;
  unsigned int max = DEATHTALLY_DEFAULT ;
  size_t keep = 0 ;
  int in, out ;
  if (!readuint("max-death-tally", &max)) max = DEATHTALLY_DEFAULT ;
  if (max > DEATHTALLY_MAX) max = DEATHTALLY_MAX ;
  out = open_trunc(TEND_SUPERVISE_DEATHTALLY ".new") ;
  if (out == -1) goto err ;
  in = openc_read(TEND_SUPERVISE_DEATHTALLY) ;
  if (in >= 0)
  {
    struct stat sb ;
    if (fstat(in, &sb) == -1) { fd_close(in) ; goto errout ; }
    keep = (size_t)sb.st_size / TEND_DEATHTALLY_RECSIZE ;
    if (keep > (max ? max - 1 : 0)) keep = max ? max - 1 : 0 ;
    if (lseek(in, sb.st_size - sb.st_size % TEND_DEATHTALLY_RECSIZE - (off_t)(keep * TEND_DEATHTALLY_RECSIZE), SEEK_SET) == -1)
    {
      fd_close(in) ;
      goto errout ;
    }
    keep *= TEND_DEATHTALLY_RECSIZE ;
    while (keep)
    {
      size_t n = keep < sizeof(buf) ? keep : sizeof(buf) ;
      if (allread(in, buf, n) < n || allwrite(out, buf, n) < n) { fd_close(in) ; goto errout ; }
      keep -= n ;
    }
    fd_close(in) ;
  }
  else if (errno != ENOENT) goto errout ;
  if (max)
  {
    tend_deathtally_pack(buf, &st.stamp, wstat) ;
    if (allwrite(out, buf, TEND_DEATHTALLY_RECSIZE) < TEND_DEATHTALLY_RECSIZE) goto errout ;
  }
  fd_close(out) ;
  if (rename(TEND_SUPERVISE_DEATHTALLY ".new", TEND_SUPERVISE_DEATHTALLY) == -1) goto errunlink ;
  return ;

 errout:
  fd_close(out) ;
 errunlink:
  {
    int e = errno ;
    unlink(TEND_SUPERVISE_DEATHTALLY ".new") ;
    errno = e ;
  }
 err:
  strerr_warnwusys("write " TEND_SUPERVISE_DEATHTALLY) ;
}


 /* Spawning. We wait for the child's exec anyway (the service is not
    up before it), so the child is vforked: no page-table copy, no
    copy-on-write faults in either process, which is most of a spawn's
    cost on a small static program. Until its exec the child runs on our
    memory, so it works in a function of its own, writes nothing of ours
    but errno, and reports a failed exec through a close-on-exec pipe
    rather than through memory: valgrind runs vfork as a fork. */

static sigset_t trapped ;  /* blocked for the signalfd; unblocked for children */

static int movefd (int fd, int to)
{
  if (fd == to) return uncoe(fd) == -1 ? -1 : 0 ;
  return dup2(fd, to) == -1 ? -1 : 0 ;
}

static void child_exec (char const *, char const *const *, char const *const *, int, int, int, int, int, int) gccattr_noreturn ;
static void child_exec (char const *path, char const *const *argv, char const *const *envp, int nosid, int errfd, int nfd, int nnum, int lfd, int lnum)
{
  int e ;
  int top = (nnum > lnum ? nnum : lnum) + 1 ;
  sigprocmask(SIG_UNBLOCK, &trapped, 0) ;
  if (!nosid && setsid() == -1) goto err ;
 /* Nothing the child needs may sit on nnum or lnum when we dup2 there. */
  if (errfd == nnum || errfd == lnum)
  {
    errfd = fcntl(errfd, F_DUPFD_CLOEXEC, top) ;
    if (errfd == -1) _exit(127) ;
  }
  if (lfd >= 0 && lfd == nnum)
  {
    lfd = fcntl(lfd, F_DUPFD_CLOEXEC, top) ;
    if (lfd == -1) goto err ;
  }
  if (nfd >= 0 && movefd(nfd, nnum) == -1) goto err ;
  if (lfd >= 0 && movefd(lfd, lnum) == -1) goto err ;
  execve(path, (char *const *)argv, (char *const *)envp) ;
 err:
  e = errno ;
  fd_write(errfd, (char const *)&e, sizeof(e)) ;
  _exit(127) ;
}

 /* Returns the pid; 0 if the exec failed (*err = its errno, the child is
    reaped by the SIGCHLD handler); -1 if we could not fork (errno set).
    nfd, lfd: descriptors to give the child as fd nnum, lnum (or -1). */
static pid_t spawn (char const *path, char const *const *argv, char const *const *envp, int nfd, int nnum, int lfd, int lnum, int *err)
{
  int p[2] ;
  int nosid ;
  pid_t pid ;
  ssize_t r ;
  nosid = access("nosetsid", F_OK) == 0 ;
  if (pipecoe(p) == -1) return -1 ;
  pid = vfork() ;
  if (!pid) child_exec(path, argv, envp, nosid, p[1], nfd, nnum, lfd, lnum) ;
  if (pid == -1)
  {
    int e = errno ;
    fd_close(p[1]) ;
    fd_close(p[0]) ;
    errno = e ;
    return -1 ;
  }
  fd_close(p[1]) ;
  r = fd_read(p[0], (char *)err, sizeof(*err)) ;
  fd_close(p[0]) ;
  if (r == 0) return pid ;
  if (r != sizeof(*err))
  {
    *err = r == -1 ? errno : EPROTO ;
    kill(pid, SIGKILL) ;  /* we cannot tell whether it made it */
  }
  return 0 ;
}

 /* The lock-fd descriptor: an open file description of
    supervise/service-lock carrying an OFD write lock. It stays locked as
    long as any process of the service holds it, so a new instance never
    runs beside a straggler of the old one. 2.11 opened the file without
    O_CREAT and waited forever when it was missing. */
static int servicelock (void)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0 } ;
  int fd = open3(TEND_SUPERVISE_SERVICELOCK, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NONBLOCK, 0644) ;
  if (fd >= 0) fchmod(fd, 0644) ;
  else if (errno == EEXIST)
  {
    fd = open2(TEND_SUPERVISE_SERVICELOCK, O_RDWR | O_CLOEXEC | O_NONBLOCK) ;
    if (fd == -1) return -1 ;
  }
  else return -1 ;
  if (fcntl(fd, F_OFD_SETLK, &fl) == -1)
  {
    int busy = errno == EAGAIN || errno == EACCES ;
    fd_close(fd) ;
    return busy ? -2 : -1 ;
  }
  return fd ;
}

static void retry (unsigned int secs)
{
  tain_now_g() ;
  tain_addsec_g(&restart_at, secs) ;
}

 /* Spawns ./run. Returns its pid, or 0 when it could not, having said
    why and armed the retry. */
static pid_t launch (void)
{
  char const *argv[3] = { "run", svdir, 0 } ;
  unsigned int nnum, lnum ;
  int hasn = readuint("notification-fd", &nnum) ;
  int hasl = readuint("lock-fd", &lnum) ;
  int p[2] = { -1, -1 } ;
  int lfd = -1 ;
  int err = 0 ;
  pid_t pid ;
  if (hasn && nnum > 0x7fffffff) { strerr_warnw("invalid notification-fd - ignoring it") ; hasn = 0 ; }
  if (hasl && lnum > 0x7fffffff) { strerr_warnw("invalid lock-fd - ignoring it") ; hasl = 0 ; }
  if (hasn && hasl && nnum == lnum)
  {
    strerr_warnw("notification-fd and lock-fd are the same - not starting, retrying in 10 seconds") ;
    retry(SPAWN_RETRY_SECS) ;
    return 0 ;
  }
  if (hasl)
  {
    lfd = servicelock() ;
    if (lfd == -2)
    {
      strerr_warnw("a previous instance of the service still holds " TEND_SUPERVISE_SERVICELOCK " - retrying in 1 second") ;
      retry(LOCK_RETRY_SECS) ;
      return 0 ;
    }
    if (lfd == -1)
    {
      strerr_warnwusys("lock " TEND_SUPERVISE_SERVICELOCK " - retrying in 10 seconds") ;
      retry(SPAWN_RETRY_SECS) ;
      return 0 ;
    }
  }
  if (hasn && pipecoe(p) == -1)
  {
    strerr_warnwusys("create the notification pipe - retrying in 10 seconds") ;
    if (lfd >= 0) fd_close(lfd) ;
    retry(SPAWN_RETRY_SECS) ;
    return 0 ;
  }
  pid = spawn("./run", argv, (char const *const *)environ, p[1], hasn ? (int)nnum : -1, lfd, hasl ? (int)lnum : -1, &err) ;
  if (lfd >= 0) fd_close(lfd) ;  /* the child's copy keeps the lock */
  if (p[1] >= 0) fd_close(p[1]) ;
  if (pid <= 0)
  {
    if (p[0] >= 0) fd_close(p[0]) ;
    if (pid == -1) strerr_warnwusys("fork for ./run - retrying in 10 seconds") ;
    else
    {
      errno = err ;
      strerr_warnwusys("spawn ./run - retrying in 10 seconds") ;
    }
    retry(SPAWN_RETRY_SECS) ;
    return 0 ;
  }
  notifyfd = p[0] ;
  if (notifyfd >= 0 && ndelay_on(notifyfd) == -1)
  {
    strerr_warnwusys("set the notification pipe non-blocking - ignoring readiness") ;
    fd_close(notifyfd) ;
    notifyfd = -1 ;
  }
  return pid ;
}

 /* run was spawned as pid: the service is up. */
static void started (pid_t pid)
{
  tain_now_g() ;
  lastspawn = STAMP ;
  state = UP ;
  dying = 0 ;
  terminating = 0 ;
  st.pid = (uint64_t)pid ;
  st.flags &= ~(TEND_SVSTATUS_READY | TEND_SVSTATUS_PAUSED | TEND_SVSTATUS_FINISHING) ;
  tain_wallclock_read(&st.stamp) ;
  announce() ;
  event("u") ;
}

static void trystart (void)
{
  pid_t pid = launch() ;
  if (pid) started(pid) ;
}

 /* A run that dies young is a failure worth a line: its next start waits. */
static void throttled (void)
{
  char fmtc[UINT_FMT] ;
  char fmtms[UINT_FMT] ;
  tain left ;
  int wstat = st.wstat ;
  tain_sub(&left, &restart_at, &STAMP) ;
  fmtms[uint_fmt(fmtms, (unsigned int)tain_to_millisecs(&left))] = 0 ;
  if (WIFSIGNALED(wstat))
    strerr_warnw("./run was killed by SIG", sig_name(WTERMSIG(wstat)), " less than a second after it started - next start in ", fmtms, " ms") ;
  else
  {
    fmtc[uint_fmt(fmtc, WEXITSTATUS(wstat))] = 0 ;
    strerr_warnw("./run exited ", fmtc, " less than a second after it started - next start in ", fmtms, " ms") ;
  }
}

static void godown (void)
{
  state = DOWN ;
  st.pid = 0 ;
  st.flags &= ~TEND_SVSTATUS_FINISHING ;
  st.flags |= TEND_SVSTATUS_READY ;
  tain_wallclock_read(&st.readystamp) ;
}

 /* The throttle: one start per second at most, counted from the last
    spawn, so a service that ran for over a second restarts at once.
    Returns 1 if the service is to start again now. */
static int restart_now (void)
{
  if (exitpending) return 0 ;
  tain_now_g() ;
  tain_addsec(&restart_at, &lastspawn, 1) ;
  return st.flags & TEND_SVSTATUS_WANTUP && !tain_future(&restart_at) ;
}

static void setdown (char const *ev)
{
  godown() ;
  announce() ;
  event(ev) ;
  if (exitpending) { cont = 0 ; return ; }
  if (restart_now()) trystart() ;
  else if (st.flags & TEND_SVSTATUS_WANTUP) throttled() ;
}


 /* The actions. */

static void nop (void)
{
}

static void bye (void)
{
  cont = 0 ;
}

static void wantup (void)
{
  st.flags |= TEND_SVSTATUS_WANTUP ;
  announce() ;
}

static void wantdown (void)
{
  st.flags &= ~TEND_SVSTATUS_WANTUP ;
  announce() ;
}

static void closethem (void)
{
  int fd ;
  if (closed01) return ;
  closed01 = 1 ;
  fd = open2("/dev/null", O_RDONLY | O_CLOEXEC) ;
  if (fd == -1 || fd_move(0, fd) == -1) strerr_warnwusys("redirect stdin to /dev/null") ;
  fd = open2("/dev/null", O_WRONLY | O_CLOEXEC) ;
  if (fd == -1 || fd_move(1, fd) == -1) strerr_warnwusys("redirect stdout to /dev/null") ;
}

static void lastcall (void)
{
  exitpending = 1 ;
  closethem() ;
}

 /* SIGINT: the whole process group of the service, unless it is ours
    (nosetsid), then exit. */
static void intbye (void)
{
  pid_t g = getpgid((pid_t)st.pid) ;
  if (g > 0 && g != getpgrp()) killpg(g, SIGINT) ;
  else kill((pid_t)st.pid, SIGINT) ;
  bye() ;
}

static void down_timeout (void)
{
  if (st.flags & TEND_SVSTATUS_WANTUP) trystart() ;
}

static void down_o (void)
{
  wantdown() ;
  trystart() ;
}

static void down_u (void)
{
  wantup() ;
  trystart() ;
}

static void signal_down (void) ;

static void up_timeout (void)
{
  if (terminating)
  {
    terminating = 0 ;
    strerr_warnw("the service is still up after ./terminate - sending it its down signal") ;
    signal_down() ;
    return ;
  }
  if (!dying) return ;
  dying = 0 ;
  kill((pid_t)st.pid, SIGKILL) ;
}

static void up_kill (void)
{
  kill((pid_t)st.pid, evsig) ;
}

static void up_p (void)
{
  kill((pid_t)st.pid, SIGSTOP) ;
  st.flags |= TEND_SVSTATUS_PAUSED ;
  announce() ;
}

static void up_c (void)
{
  kill((pid_t)st.pid, SIGCONT) ;
  st.flags &= ~TEND_SVSTATUS_PAUSED ;
  announce() ;
}

static int terminate (void) ;

static void up_r (void)
{
  if (terminating) return ;
  if (!dying && terminate()) { up_c() ; return ; }
  kill((pid_t)st.pid, downsig()) ;
}

static void signal_down (void)
{
  unsigned int ms ;
  kill((pid_t)st.pid, downsig()) ;
  up_c() ;
 /* A second d does not push back a kill that is already armed. */
  if (!dying && readuint("timeout-kill", &ms) && ms)
  {
    tain_now_g() ;
    deadline_ms(&kill_at, ms) ;
    dying = 1 ;
  }
}

 /* ./terminate, when executable, replaces the down signal (tozd's dinit
    convention): it gets the service's pid in DINIT_PID. The environment
    is built on the stack: environ without DINIT_PID, plus ours. */
static int terminate (void)
{
  char const *argv[3] = { "terminate", svdir, 0 } ;
  char var[sizeof(TERMINATE_PIDVAR "=") + PID_FMT] ;
  size_t n = 0, j = 0 ;
  unsigned int ms ;
  int err = 0 ;
  pid_t pid ;
  if (access("terminate", X_OK) == -1)
  {
    if (errno != ENOENT) strerr_warnwusys("run ./terminate - sending the down signal") ;
    return 0 ;
  }
  while (environ[n]) n++ ;
  memcpy(var, TERMINATE_PIDVAR "=", sizeof(TERMINATE_PIDVAR)) ;
  var[sizeof(TERMINATE_PIDVAR) + pid_fmt(var + sizeof(TERMINATE_PIDVAR), (pid_t)st.pid)] = 0 ;
  {
    char const *envp[n + 2] ;
    for (size_t i = 0 ; i < n ; i++)
      if (strncmp(environ[i], TERMINATE_PIDVAR "=", sizeof(TERMINATE_PIDVAR))) envp[j++] = environ[i] ;
    envp[j++] = var ;
    envp[j] = 0 ;
    pid = spawn("./terminate", argv, envp, -1, -1, -1, -1, &err) ;
  }
  if (pid <= 0)
  {
    if (pid == -1) strerr_warnwusys("fork for ./terminate - sending the down signal") ;
    else
    {
      errno = err ;
      strerr_warnwusys("spawn ./terminate - sending the down signal") ;
    }
    return 0 ;
  }
  termpid = pid ;
  terminating = 1 ;
  if (!readuint("timeout-kill", &ms) || !ms) ms = TERMINATE_TIMEOUT_DEFAULT ;
  tain_now_g() ;
  deadline_ms(&term_at, ms) ;
  return 1 ;
}

static void up_d (void)
{
  st.flags &= ~TEND_SVSTATUS_WANTUP ;
  if (terminating) { announce() ; return ; }  /* the terminate deadline stands */
  if (!dying && terminate()) { up_c() ; return ; }
  signal_down() ;
}

static void up_term (void)
{
  exitpending = 1 ;
  up_d() ;
}

 /* run died, there is no finish, and it is to start again at once: it
    does, and the paperwork of the death (death_tally, the events d and D)
    comes after the spawn, not before: the restart waits for no file. The
    status goes from up to up, the events come in their usual order. */
static void restart (void)
{
  pid_t pid = launch() ;
  tally(evwstat) ;
  godown() ;
  event("dD") ;
  if (pid) started(pid) ;
  else announce() ;
}

static void up_died (void)
{
  char fmt0[UINT_FMT] ;
  char fmt1[UINT_FMT] ;
  char const *argv[5] = { "finish", fmt0, fmt1, svdir, 0 } ;
  unsigned int ms ;
  int err = 0 ;
  pid_t pid ;
  tain_wallclock_read(&st.stamp) ;
  st.wstat = (uint16_t)evwstat ;
  st.flags &= ~(TEND_SVSTATUS_PAUSED | TEND_SVSTATUS_READY) ;
  dying = 0 ;
  terminating = 0 ;
  if (notifyfd >= 0) { fd_close(notifyfd) ; notifyfd = -1 ; }
  if (access("finish", F_OK) == -1)
  {
    if (errno != ENOENT) strerr_warnwusys("access ./finish") ;
    if (restart_now()) restart() ;
    else
    {
      tally(evwstat) ;
      setdown("dD") ;
    }
    return ;
  }
  tally(evwstat) ;
  fmt0[uint_fmt(fmt0, WIFSIGNALED(evwstat) ? 256 : WEXITSTATUS(evwstat))] = 0 ;
  fmt1[uint_fmt(fmt1, WTERMSIG(evwstat))] = 0 ;
  pid = spawn("./finish", argv, (char const *const *)environ, -1, -1, -1, -1, &err) ;
  if (pid <= 0)
  {
    if (pid == -1) strerr_warnwusys("fork for ./finish") ;
    else if (err != ENOENT)
    {
      errno = err ;
      strerr_warnwusys("spawn ./finish") ;
    }
    setdown("dD") ;
    return ;
  }
  state = FINISHING ;
  st.pid = (uint64_t)pid ;
  st.flags |= TEND_SVSTATUS_FINISHING ;
  announce() ;
  event("d") ;
  if (!readuint("timeout-finish", &ms)) ms = FINISH_TIMEOUT_DEFAULT ;
  tain_now_g() ;
  if (ms) deadline_ms(&finish_at, ms) ;
  else never(&finish_at) ;
}

static void finish_timeout (void)
{
  strerr_warnw("./finish ran for longer than timeout-finish - sending it SIGKILL") ;
  kill((pid_t)st.pid, SIGCONT) ;
  kill((pid_t)st.pid, SIGKILL) ;
  tain_now_g() ;
  never(&finish_at) ;
}

static void finish_died (void)
{
  if (WIFEXITED(evwstat) && WEXITSTATUS(evwstat) == 125)
  {
    st.flags &= ~TEND_SVSTATUS_WANTUP ;
    setdown("OD") ;
  }
  else setdown("D") ;
}

static void finish_term (void)
{
  exitpending = 1 ;
}

static void act (enum event_e) ;

static void any_D (void)
{
  int fd = open_trunc("down") ;
  if (fd == -1) strerr_warnwusys("create ./down") ;
  else fd_close(fd) ;
  act(EV_d) ;
}

static void any_U (void)
{
  if (unlink("down") == -1 && errno != ENOENT) strerr_warnwusys("remove ./down") ;
  act(EV_u) ;
}

static void any_Q (void)
{
  int fd = open_trunc("down") ;
  if (fd == -1) strerr_warnwusys("create ./down") ;
  else fd_close(fd) ;
  wantdown() ;
}

static void (*const actions[NSTATES][NEVENTS]) (void) =
{
 /*   TIMEOUT         CHLD          TERM          HUP        QUIT  INT
      KILL     p      c      r      o         d         u       D      U      x         O         Q */
  [DOWN] =
  { &down_timeout,  &nop,         &bye,         &bye,      &bye, &bye,
    &nop,    &nop,  &nop,  &nop,  &down_o,  &wantdown, &down_u, &any_D, &any_U, &bye,      &wantdown, &any_Q },
  [UP] =
  { &up_timeout,    &up_died,     &up_term,     &lastcall, &bye, &intbye,
    &up_kill, &up_p, &up_c, &up_r, &wantdown, &up_d,    &wantup, &any_D, &any_U, &lastcall, &wantdown, &any_Q },
  [FINISHING] =
  { &finish_timeout, &finish_died, &finish_term, &lastcall, &bye, &intbye,
    &nop,    &nop,  &nop,  &nop,  &wantdown, &wantdown, &wantup, &any_D, &any_U, &lastcall, &wantdown, &any_Q },
} ;

static void act (enum event_e e)
{
  (*actions[state][e])() ;
}


 /* The loop. */

static void deadline_now (tain *deadline)
{
  switch (state)
  {
    case DOWN :
      if (st.flags & TEND_SVSTATUS_WANTUP) { *deadline = restart_at ; return ; }
      break ;
    case UP :
      if (terminating) { *deadline = term_at ; return ; }
      if (dying) { *deadline = kill_at ; return ; }
      break ;
    case FINISHING :
      *deadline = finish_at ;
      return ;
    default : break ;
  }
  never(deadline) ;
}

static void handle_notify (void)
{
  char buf[256] ;
  ssize_t r = sanitize_read(fd_read(notifyfd, buf, sizeof(buf))) ;
  if (!r) return ;
  if (r > 0)
  {
    if (!memchr(buf, '\n', (size_t)r)) return ;
    st.flags |= TEND_SVSTATUS_READY ;
    tain_wallclock_read(&st.readystamp) ;
    announce() ;
    event("U") ;
  }
  fd_close(notifyfd) ;  /* ready, EOF or error: nothing more to learn */
  notifyfd = -1 ;
}

 /* Once we decide to leave (SIGINT, SIGQUIT...), the signals still queued
    are left alone: a child that died of our own SIGINT must not be
    announced as d/D after the decision to exit, as s6 does not. */
static void handle_signals (void)
{
  while (cont) switch (selfpipe_read())
  {
    case -1 : strerr_diefusys(111, "selfpipe_read") ;
    case 0 : return ;
    case SIGCHLD :
      for (;;)
      {
        int wstat ;
        pid_t p = wait_nohang(&wstat) ;
        if (p <= 0) break ;
        if (p == termpid)
        {
          termpid = 0 ;
          if (wstat) strerr_warnw("./terminate failed") ;
        }
        else if (state != DOWN && (uint64_t)p == st.pid)
        {
          evwstat = wstat ;
          act(EV_CHLD) ;
        }
      }
     /* Its orphans, if it left any, are the scanner's by now. */
      if (nudge) kill(getppid(), SIGCHLD) ;
      break ;
    case SIGTERM : act(EV_TERM) ; break ;
    case SIGHUP : act(EV_HUP) ; break ;
    case SIGQUIT : act(EV_QUIT) ; break ;
    case SIGINT : act(EV_INT) ; break ;
    default : strerr_dief(101, "internal error: unexpected signal") ;
  }
}

 /* Bytes are executed in order; the rest of the buffer is dropped once we
    decide to exit. One buffer per wakeup keeps signals and children
    served while a huge write is being drained. */
static void handle_control (int fd)
{
  static char const cmds[] = "abqhkti12ypcroduDUxOQ" ;
  static int const sigs[10] = { SIGALRM, SIGABRT, SIGQUIT, SIGHUP, SIGKILL, SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGWINCH } ;
  char buf[128] ;
  ssize_t r = sanitize_read(fd_read(fd, buf, sizeof(buf))) ;
  if (r == -1) strerr_diefusys(111, "read " TEND_SUPERVISE_CONTROL) ;
  for (ssize_t i = 0 ; i < r && cont ; i++)
  {
    char const *p = buf[i] ? memchr(cmds, buf[i], sizeof(cmds) - 1) : 0 ;
    size_t pos ;
    if (!p) continue ;
    pos = (size_t)(p - cmds) ;
    if (pos < 10)
    {
      evsig = sigs[pos] ;
      act(EV_KILL) ;
    }
    else act((enum event_e)(EV_p + (pos - 10))) ;
  }
}


 /* Setting up. */

 /* A directory we need: made if missing, kept if it exists; a dangling
    symlink gets its target made (read-only service directories). */
static void mkdirp (char const *name, int (*make) (char const *))
{
  struct stat sb ;
  if (stat(name, &sb) == 0)
  {
    if (!S_ISDIR(sb.st_mode)) strerr_dief(100, name, " exists and is not a directory") ;
    return ;
  }
  if (errno != ENOENT) strerr_diefusys(111, "stat ", name) ;
  if (lstat(name, &sb) == 0 && S_ISLNK(sb.st_mode))
  {
    char target[1024] ;
    ssize_t r = readlink(name, target, sizeof(target)) ;
    if (r == -1) strerr_diefusys(111, "readlink ", name) ;
    if ((size_t)r >= sizeof(target)) strerr_dief(100, "symlink target of ", name, " is too long") ;
    target[r] = 0 ;
    if (!(*make)(target)) strerr_diefusys(111, "mkdir ", target) ;
    return ;
  }
  if (!(*make)(name)) strerr_diefusys(111, "mkdir ", name) ;
}

static int mksupervise (char const *name)
{
  return mkdir(name, 0700) == 0 || errno == EEXIST ;
}

static int mkcontrol (void)
{
  struct stat sb ;
  int fd ;
  if (mkfifo(TEND_SUPERVISE_CONTROL, 0600) == -1)
  {
    if (errno != EEXIST) strerr_diefusys(111, "mkfifo " TEND_SUPERVISE_CONTROL) ;
    if (stat(TEND_SUPERVISE_CONTROL, &sb) == -1) strerr_diefusys(111, "stat " TEND_SUPERVISE_CONTROL) ;
    if (!S_ISFIFO(sb.st_mode)) strerr_dief(100, TEND_SUPERVISE_CONTROL " is not a FIFO") ;
  }
  fd = openc_read(TEND_SUPERVISE_CONTROL) ;
  if (fd == -1) strerr_diefusys(111, "open " TEND_SUPERVISE_CONTROL " for reading") ;
 /* Kept open on purpose: the fifo never reaches EOF, and a writer never
    blocks or fails as long as we live. */
  if (openc_write(TEND_SUPERVISE_CONTROL) == -1)
    strerr_diefusys(111, "open " TEND_SUPERVISE_CONTROL " for writing") ;
  return fd ;
}

static void lock (void)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0 } ;
  int fd = open3(TEND_SUPERVISE_LOCK, O_WRONLY | O_NONBLOCK | O_CREAT | O_CLOEXEC, 0644) ;
  if (fd == -1) strerr_diefusys(111, "open " TEND_SUPERVISE_LOCK) ;
 /* A classic fcntl lock, held until we die: that is what s6-svok and
    s6-svstat test with F_GETLK. */
  if (fcntl(fd, F_SETLK, &fl) == -1)
  {
    if (errno == EAGAIN || errno == EACCES)
      strerr_dief(100, "another instance of tend-supervise is already running") ;
    strerr_diefusys(111, "lock " TEND_SUPERVISE_LOCK) ;
  }
}

int supervise_main (char const *dir)
{
  iopause_fd x[3] = { { .fd = -1, .events = IOPAUSE_READ }, { .fd = -1, .events = IOPAUSE_READ }, { .fd = -1, .events = IOPAUSE_READ } } ;
  PROG = "tend-supervise" ;
  svdir = dir ;
  if (getenv(NUDGE_VAR))
  {
    nudge = 1 ;
    unsetenv(NUDGE_VAR) ;  /* the service's environment stays as it was */
  }
  if (chdir(svdir) == -1) strerr_diefusys(111, "chdir to ", svdir) ;
  {
    size_t len = strlen(svdir) ;
    char progname[sizeof("tend-supervise ") + len] ;
    memcpy(progname, "tend-supervise ", sizeof("tend-supervise ") - 1) ;
    memcpy(progname + sizeof("tend-supervise ") - 1, svdir, len + 1) ;
    PROG = progname ;
    if (!fd_sanitize()) strerr_diefusys(111, "sanitize standard descriptors") ;

    {
      mode_t m = umask(0) ;
      mkdirp(TEND_EVENT_DIR, &tend_event_mkdir) ;
      mkdirp(TEND_SUPERVISE_DIR, &mksupervise) ;
      lock() ;
      x[1].fd = mkcontrol() ;
      umask(m) ;
    }
    evdirfd = open2(TEND_EVENT_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
    if (evdirfd == -1) strerr_diefusys(111, "open " TEND_EVENT_DIR) ;

    x[0].fd = selfpipe_init() ;
    if (x[0].fd == -1) strerr_diefusys(111, "init selfpipe") ;
    if (!sig_altignore(SIGPIPE)) strerr_diefusys(111, "ignore SIGPIPE") ;
    {
      static int const caught[5] = { SIGCHLD, SIGTERM, SIGHUP, SIGQUIT, SIGINT } ;
      sigemptyset(&trapped) ;
     /* Caught through signalfd, they would keep their disposition: an
        ignored INT or QUIT (a shell's background job) would pass on to
        run. */
      for (unsigned int i = 0 ; i < 5 ; i++)
      {
        sigaddset(&trapped, caught[i]) ;
        if (!sig_restore(caught[i])) strerr_diefusys(111, "restore a signal disposition") ;
      }
      if (!selfpipe_trapset(&trapped)) strerr_diefusys(111, "trap signals") ;
    }

    {
      int fd = open_trunc(TEND_SUPERVISE_DEATHTALLY) ;
      if (fd == -1) strerr_diefusys(111, "truncate " TEND_SUPERVISE_DEATHTALLY) ;
      fd_close(fd) ;
    }
    if (access("down", F_OK) == 0) st.flags = TEND_SVSTATUS_READY ;
    else if (errno == ENOENT) st.flags = TEND_SVSTATUS_READY | TEND_SVSTATUS_WANTUP ;
    else strerr_diefusys(111, "access ./down") ;

    tain_now_set_stopwatch_g() ;
    restart_at = STAMP ;
    tain_wallclock_read(&st.stamp) ;
    st.readystamp = st.stamp ;
    announce() ;
    event("s") ;
    if (st.flags & TEND_SVSTATUS_WANTUP) trystart() ;

    while (cont)
    {
      tain deadline ;
      int r ;
      x[2].fd = notifyfd ;
      deadline_now(&deadline) ;
      r = iopause_g(x, notifyfd >= 0 ? 3 : 2, &deadline) ;
      if (r == -1) strerr_diefusys(111, "iopause") ;
      if (!r) { act(EV_TIMEOUT) ; continue ; }
      if (notifyfd >= 0 && x[2].revents & IOPAUSE_READ) handle_notify() ;
      if (x[0].revents & IOPAUSE_READ) handle_signals() ;
      if (cont && x[1].revents & IOPAUSE_READ) handle_control(x[1].fd) ;
    }
    event("x") ;
  }
  return 0 ;
}
