/* See COPYING for license terms. */

/* tend-svscan: runs one tend-supervise per service of a scan directory
   (and per log/ subservice, holding the pipe between them), reaps every
   child, can run as pid 1. Interface: doc/tend-svscan.html */

#include <skalibs/nonposix.h>  /* environ, dup3(), pipe2(), syscall() */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>
#include <skalibs/iopause.h>
#include <skalibs/selfpipe.h>
#include <skalibs/sig.h>
#include <skalibs/djbunix.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/alloc.h>

#include <tend/config.h>
#include <tend/dirent64.h>
#include <tend/svdir.h>
#include <tend/svstatus.h>

#include "supervise.h"
#include "inimage.h"

#define USAGE "tend-svscan [ -c max ] [ -t rescan ] [ -d notif ] [ -X consoleholder ] [ -T stoptimeout ] [ -R ignore|terminate|adopt ] [ -K killtimeout ] [ -k pid ] [ -x ] [ scandir ]"
#define dieusage() strerr_dieusage(100, USAGE)

#define MAX_MIN 2
#define MAX_MAX 90000
#define MAX_DEFAULT 500
#define STOPTIMEOUT_DEFAULT 10000
#define CATCHALL "s6-svscan-log"
#define ORPHANS_MAX 256
#define KIN_MAX 8
#define KILLTIMEOUT_DEFAULT 30000
#define NUDGE "TEND_SVSCAN_REPARENT"  /* tells tend-supervise to send us SIGCHLD */

 /* slot flags */
#define F_USED 0x01    /* the slot describes a service */
#define F_ACTIVE 0x02  /* present at the last scan: supervisors restarted */
#define F_LOGGED 0x04  /* name/log was a directory at discovery: one pipe */
#define F_SEEN 0x08    /* found by the scan in progress */
#define F_KILLED 0x10  /* removed and told to stop (n, N, h) */
#define F_PEND0 0x20   /* the service's supervisor is due at when[0] */
#define F_PEND1 0x40   /* the logger's supervisor is due at when[1] */
#define F_LOGSIG 0x80  /* stopping: the logger's supervisor was signalled */
#define F_PEND(w) ((w) ? F_PEND1 : F_PEND0)

typedef struct svc_s svc_t ;
struct svc_s
{
  dev_t dev ;
  ino_t ino ;
  tain when[2] ;  /* [0] the service's supervisor, [1] the logger's */
  pid_t pid[2] ;  /* 0: not running */
  int p[2] ;      /* the log pipe, -1 when closed; p[1] goes to the service */
  unsigned int flags ;
  char name[NAME_MAX + 1] ;
} ;

static svc_t *svcs ;
static unsigned int svmax = MAX_DEFAULT ;
static unsigned int svn = 0 ;    /* slots in use are below svn */
static unsigned int nsup = 0 ;   /* supervisors alive */
static unsigned int npend = 0 ;  /* supervisor starts due */

static char const *supervise = TEND_BINPREFIX "tend-supervise" ;
static int lockfd = -1 ;
static int consolefd = -1 ;

static unsigned int rescan_ms = 0 ;
static unsigned int stop_ms = STOPTIMEOUT_DEFAULT ;
static tain rescan_deadline ;
static tain retry_deadline ;   /* a scan that failed is retried then */
static int retry = 0 ;
static tain stop_deadline ;

static int stopping = 0 ;  /* 0, or 't' or 'q' once told to terminate */
static int cont = 1 ;      /* 0: leave the loop (done, abort or timeout) */
static char const *const *supenv ;  /* the supervisors' environment */

 /* Reparented processes, with -R terminate or adopt: children we did not
    start. A fixed table; with -R ignore (the default) it stays empty and
    nothing below runs. */
enum policy_e { P_IGNORE, P_TERMINATE, P_ADOPT } ;
enum orphan_e { O_KNOWN, O_TERM, O_ADOPT } ;  /* ours (stage 2, SIG scripts); TERMed; adopted */
typedef struct orphan_s orphan_t ;
struct orphan_s
{
  pid_t pid ;
  enum orphan_e what ;
  tain kill_at ;  /* O_TERM: SIGKILL then */
} ;
static orphan_t *orphans ;  /* ORPHANS_MAX of them, in the private area */
static unsigned int norph = 0 ;
static unsigned int ntracked = 0 ;  /* O_TERM and O_ADOPT: waited for at shutdown */
static enum policy_e policy = P_IGNORE ;
static unsigned int kill_ms = KILLTIMEOUT_DEFAULT ;
static char childrenfile[sizeof("/proc/self/task//children") + PID_FMT] ;
static pid_t kin[KIN_MAX] ;  /* -k: children we have at start that are ours */
static unsigned int nkin = 0 ;

static int const trapped[] =
{
  SIGCHLD, SIGALRM, SIGABRT, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2,
#ifdef SIGPWR
  SIGPWR,
#endif
  SIGWINCH
} ;

static void addms (tain *t, unsigned int ms)
{
  tain d ;
  tain_from_millisecs(&d, ms > INT_MAX ? INT_MAX : (int)ms) ;
  tain_add_g(t, &d) ;
}

static void exec_ctlprog (char const *, int) gccattr_noreturn ;
static void exec_ctlprog (char const *file, int e)
{
  char const *argv[2] = { file, 0 } ;
  selfpipe_finish() ;  /* the program starts with our original signal mask */
  execve(file, (char *const *)argv, environ) ;
  if (errno == ENOENT) _exit(e) ;
  strerr_warnwusys("exec ", file) ;
  _exit(111) ;
}

 /* After setup we never just die: the crash program decides. */
static void crash (char const *) gccattr_noreturn ;
static void crash (char const *what)
{
  strerr_warnwusys(what, " - executing " TEND_SVSCAN_CTLDIR "/crash") ;
  exec_ctlprog(TEND_SVSCAN_CTLDIR "/crash", 111) ;
}

 /* Spawning: fork, and we do not wait for the child's exec. With
    posix_spawn (vfork) each start waited for the child's exec, then for a
    CPU behind the supervisors already started: on 2 CPUs that loop was
    most of a tree's start-up, and 100 services came up 15 to 50% later
    than with fork (doc/benchmarks.md, "Start-up and shutdown, profiled"). A
    failed exec is reported by the child, which exits 111: a supervisor
    is then started again 1 second later, as after any death. Only a
    SIG<NAME> script is waited for (sup == 0), through a close-on-exec
    pipe, since its failure means the default action. to: the
    descriptors for 0, 1 and 2 (-1: inherited), or 0. Nothing is
    allocated.
    A supervisor is not even exec'd where the kernel lets the child look
    as if it had been (inimage.h): it runs supervise_main() from our own
    image, which saves the exec of tend-supervise, a third of what a
    supervisor costs to start. Wherever that fails, it execs. */

static int inimage = 0 ;  /* 1: supervisors run from our image */


static void supervise_here (char const *dir)
{
  size_t n = strlen(dir) + 1 ;
  char title[sizeof("tend-supervise") + NAME_MAX + 5] ;
  memcpy(title, "tend-supervise", sizeof("tend-supervise")) ;
  memcpy(title + sizeof("tend-supervise"), dir, n) ;
  if (!inimage_become(title, sizeof("tend-supervise") + n)) return ;
  selfpipe_finish() ;  /* its descriptor is closed: this resets its state */
  environ = (char **)supenv ;
  _exit(supervise_main(title + sizeof("tend-supervise"))) ;
}

static int spawn (pid_t *pid, char const *path, char const *const *argv, int const *to, char const *sup, char const *const *envp)
{
  int p[2] = { -1, -1 } ;
  int e = 0 ;
  pid_t child ;
  if (!sup && pipe2(p, O_CLOEXEC) == -1) return 0 ;
  child = fork() ;
  if (!child)
  {
    sigset_t empty ;
    int i = 0 ;
    for (; to && i < 3 ; i++)
      if (to[i] >= 0 && dup2(to[i], i) == -1) goto err ;  /* sources are >= 3: fd_sanitize */
    sigemptyset(&empty) ;
    sigprocmask(SIG_SETMASK, &empty, 0) ;
    if (sup && inimage) supervise_here(argv[1]) ;
    execve(path, (char *const *)argv, (char *const *)envp) ;
   err:
    e = errno ;
    if (sup) strerr_warnwusys("spawn ", path, " for ", sup, " - retrying in 1 second") ;
    else fd_write(p[1], (char const *)&e, sizeof(e)) ;
    _exit(111) ;
  }
  if (!sup)
  {
    if (child == -1) e = errno ;
    fd_close(p[1]) ;
    if (child > 0 && fd_read(p[0], (char *)&e, sizeof(e)) <= 0) e = 0 ;  /* EOF: it exec'd */
    fd_close(p[0]) ;
    if (e) { errno = e ; return 0 ; }
  }
  else if (child == -1) return 0 ;
  *pid = child ;
  return 1 ;
}

static size_t svpath (char *buf, svc_t const *s, unsigned int which)
{
  size_t len = strlen(s->name) ;
  memcpy(buf, s->name, len) ;
  if (which) { memcpy(buf + len, "/log", 4) ; len += 4 ; }
  buf[len] = 0 ;
  return len ;
}

static void schedule (svc_t *s, unsigned int which, unsigned int secs)
{
  if (!(s->flags & F_PEND(which))) { s->flags |= F_PEND(which) ; npend++ ; }
  tain_addsec_g(&s->when[which], secs) ;
}

static void unschedule (svc_t *s, unsigned int which)
{
  if (s->flags & F_PEND(which)) { s->flags &= ~F_PEND(which) ; npend-- ; }
}

static void start (svc_t *s, unsigned int which)
{
  char path[NAME_MAX + 5] ;
  char const *argv[3] = { "tend-supervise", path, 0 } ;
  int to[3] = { -1, -1, -1 } ;
  pid_t pid ;
  unschedule(s, which) ;
  svpath(path, s, which) ;
  if (s->flags & F_LOGGED) to[!which] = s->p[!which] ;
  if (!which && consolefd >= 0 && !strcmp(s->name, CATCHALL)) to[2] = consolefd ;
  if (!spawn(&pid, supervise, argv, to, path, supenv))
  {
    strerr_warnwusys("fork for ", path, " - retrying in 1 second") ;
    schedule(s, which, 1) ;
    return ;
  }
  s->pid[which] = pid ;
  nsup++ ;
}

static void release (svc_t *s)
{
  if (s->p[0] >= 0) fd_close(s->p[0]) ;
  if (s->p[1] >= 0) fd_close(s->p[1]) ;
  s->p[0] = s->p[1] = -1 ;
  unschedule(s, 0) ;
  unschedule(s, 1) ;
  s->flags = 0 ;
  while (svn && !(svcs[svn-1].flags & F_USED)) svn-- ;
}

 /* Closing our copy of the write end lets the logger see EOF once the
    service and its supervisor are gone too. */
static void close_writer (svc_t *s)
{
  if (s->p[1] >= 0) { fd_close(s->p[1]) ; s->p[1] = -1 ; }
}

 /* Stopping: the producer's supervisor is gone, the logger's turn. The
    logger's supervisor is signalled before the logger can see EOF, so it
    already knows not to restart the logger when it exits. */
static void producer_gone (svc_t *s)
{
  if (s->pid[1] && !(s->flags & F_LOGSIG))
  {
    kill(s->pid[1], stopping == 'q' ? SIGTERM : SIGHUP) ;
    s->flags |= F_LOGSIG ;
  }
  close_writer(s) ;
}

static int want_rescan = 0 ;

static void supervisor_died (svc_t *s, unsigned int which)
{
  s->pid[which] = 0 ;
  nsup-- ;
  if (stopping)
  {
    if (!which) producer_gone(s) ;
    if (!s->pid[0] && !s->pid[1]) release(s) ;
  }
  else if (s->flags & F_ACTIVE) schedule(s, which, 1) ;
  else
  {
    if (!which && s->flags & F_KILLED) close_writer(s) ;
    if (!s->pid[0] && !s->pid[1])
    {
      if (s->flags & F_KILLED) want_rescan = 1 ;  /* it may be back: see scan() */
      release(s) ;
    }
  }
}

 /* Reparented processes. They are looked for when something happened that
    may have left orphans: a child of ours was reaped (the middle process of
    a double fork, an orphan, stage 2), a supervisor said that its service
    died (SIGCHLD from tend-supervise), the shutdown began. The list is
    /proc/self/task/PID/children (we are single-threaded). */

static int orphan_find (pid_t pid)
{
  unsigned int i = 0 ;
  for (; i < norph ; i++) if (orphans[i].pid == pid) return (int)i ;
  return -1 ;
}

static int orphan_add (pid_t pid, enum orphan_e what)
{
  if (norph >= ORPHANS_MAX) return 0 ;
  orphans[norph].pid = pid ;
  orphans[norph].what = what ;
  tain_add_g(&orphans[norph].kill_at, &tain_infinite_relative) ;
  norph++ ;
  if (what != O_KNOWN) ntracked++ ;
  return 1 ;
}

static void orphan_gone (pid_t pid)
{
  int i = orphan_find(pid) ;
  if (i < 0) return ;
  if (orphans[i].what != O_KNOWN) ntracked-- ;
  orphans[i] = orphans[--norph] ;
}

static int is_supervisor (pid_t pid)
{
  unsigned int i = 0 ;
  for (; i < svn ; i++)
    if (svcs[i].flags & F_USED && (svcs[i].pid[0] == pid || svcs[i].pid[1] == pid)) return 1 ;
  return 0 ;
}

 /* The state letter of a process (0 if it is gone), its name in comm. */
static char procstat (char const *pidstr, char *comm, size_t max)
{
  char fn[sizeof("/proc//stat") + PID_FMT] ;
  char buf[512] ;
  char const *open_, *close_ ;
  size_t n = strlen(pidstr) ;
  ssize_t r ;
  memcpy(fn, "/proc/", 6) ;
  memcpy(fn + 6, pidstr, n) ;
  memcpy(fn + 6 + n, "/stat", 6) ;
  r = openreadnclose(fn, buf, sizeof(buf) - 1) ;
  if (r <= 0) return 0 ;
  buf[r] = 0 ;
  open_ = strchr(buf, '(') ;
  close_ = strrchr(buf, ')') ;
  if (!open_ || !close_ || close_ < open_ || close_[1] != ' ' || !close_[2]) return 0 ;
  n = (size_t)(close_ - open_ - 1) ;
  if (n >= max) n = max - 1 ;
  memcpy(comm, open_ + 1, n) ;
  comm[n] = 0 ;
  return close_[2] ;
}

static void orphan_consider (char const *s, size_t n)
{
  char pidstr[PID_FMT] ;
  char comm[64] ;
  char fmt[UINT_FMT] ;
  pid_t pid ;
  char state ;
  if (n >= sizeof(pidstr)) return ;
  memcpy(pidstr, s, n) ;
  pidstr[n] = 0 ;
  if (!pid0_scan(pidstr, &pid) || pid <= 0) return ;
  if (is_supervisor(pid) || orphan_find(pid) >= 0) return ;
  state = procstat(pidstr, comm, sizeof(comm)) ;
  if (!state || state == 'Z') return ;  /* reaped, and looked for again, at its SIGCHLD */
  if (policy == P_TERMINATE)
  {
    fmt[uint_fmt(fmt, kill_ms)] = 0 ;
    strerr_warnw("reparented process ", pidstr, " (", comm, "): sending SIGTERM, SIGKILL in ", fmt, " ms") ;
    kill(pid, SIGTERM) ;
    kill(pid, SIGCONT) ;
    if (!orphan_add(pid, O_TERM)) { strerr_warnw("too many reparented processes: ", pidstr, " is not followed") ; return ; }
    addms(&orphans[norph-1].kill_at, kill_ms) ;
    return ;
  }
  if (!orphan_add(pid, O_ADOPT))
  {
    strerr_warnw("too many reparented processes: ", pidstr, " (", comm, ") is not adopted") ;
    return ;
  }
  strerr_warnw("adopting reparented process ", pidstr, " (", comm, ")") ;
  if (stopping) { kill(pid, SIGTERM) ; kill(pid, SIGCONT) ; }
}

static void orphans_scan (void)
{
  char buf[4096] ;
  size_t len = 0 ;
  int fd = open(childrenfile, O_RDONLY | O_CLOEXEC) ;
  if (fd == -1)
  {
    strerr_warnwusys("open ", childrenfile) ;
    return ;
  }
  for (;;)
  {
    size_t i = 0, start = 0 ;
    ssize_t r = read(fd, buf + len, sizeof(buf) - len) ;
    if (r == -1)
    {
      if (errno == EINTR) continue ;
      strerr_warnwusys("read ", childrenfile) ;
      break ;
    }
    len += (size_t)r ;
    for (; i < len ; i++)
      if (buf[i] == ' ' || buf[i] == '\n')
      {
        if (i > start) orphan_consider(buf + start, i - start) ;
        start = i + 1 ;
      }
    if (!r)
    {
      if (start < len) orphan_consider(buf + start, len - start) ;
      break ;
    }
    if (!start && len == sizeof(buf))
    {
      strerr_warnw("garbage in ", childrenfile) ;
      break ;
    }
    memmove(buf, buf + start, len - start) ;
    len -= start ;
  }
  fd_close(fd) ;
}

 /* The shutdown: the adopted get SIGTERM with the services. */
static void orphans_stop (void)
{
  unsigned int i = 0 ;
  orphans_scan() ;
  for (; i < norph ; i++)
    if (orphans[i].what == O_ADOPT)
    {
      kill(orphans[i].pid, SIGTERM) ;
      kill(orphans[i].pid, SIGCONT) ;
    }
}

static void orphans_timers (void)
{
  unsigned int i = 0 ;
  for (; i < norph ; i++)
  {
    orphan_t *o = orphans + i ;
    if (o->what == O_TERM && !tain_less(&STAMP, &o->kill_at))
    {
      char fmt[PID_FMT] ;
      fmt[pid_fmt(fmt, o->pid)] = 0 ;
      strerr_warnw("reparented process ", fmt, " still running after SIGTERM: sending SIGKILL") ;
      kill(o->pid, SIGKILL) ;
      tain_add_g(&o->kill_at, &tain_infinite_relative) ;
    }
  }
}

static void orphans_deadline (tain *deadline)
{
  unsigned int i = 0 ;
  for (; i < norph ; i++)
    if (orphans[i].what == O_TERM && tain_less(&orphans[i].kill_at, deadline)) *deadline = orphans[i].kill_at ;
}

 /* Every child, ours or inherited (pid 1), is reaped here. The table is
    only searched while supervisors are alive. */
static void reap (void)
{
  for (;;)
  {
    int wstat ;
    pid_t pid = waitpid(-1, &wstat, WNOHANG) ;
    if (pid <= 0) break ;
    if (nsup)
    {
      unsigned int i = 0 ;
      for (; i < svn ; i++)
      {
        svc_t *s = svcs + i ;
        if (!(s->flags & F_USED)) continue ;
        if (s->pid[0] == pid) { supervisor_died(s, 0) ; break ; }
        if (s->pid[1] == pid) { supervisor_died(s, 1) ; break ; }
      }
    }
    if (policy) orphan_gone(pid) ;
  }
  if (policy) orphans_scan() ;
}

 /* n, N, h: the supervisors of removed services are told to stop. */
static void kill_inactive (int logsig)
{
  unsigned int i = 0 ;
  if (stopping) return ;
  for (; i < svn ; i++)
  {
    svc_t *s = svcs + i ;
    if ((s->flags & (F_USED | F_ACTIVE | F_KILLED)) != F_USED) continue ;
    s->flags |= F_KILLED ;
    if (s->pid[0]) kill(s->pid[0], SIGTERM) ;
    else close_writer(s) ;
    if (s->pid[1]) kill(s->pid[1], logsig) ;
  }
}

 /* Scanning. The directory is read with getdents64 into a static buffer:
    opendir() would allocate. */

typedef union { char buf[2048] ; uint64_t align ; } dents_t ;
static dents_t *dents ;  /* in the private area */

static void scan_retry (void)
{
  retry = 1 ;
  tain_addsec_g(&retry_deadline, 1) ;
}

static void consider (char const *name)
{
  struct stat st ;
  svc_t *s = 0 ;
  unsigned int i = 0 ;
  size_t len = strlen(name) ;
  if (name[0] == '.' || len > NAME_MAX) return ;
  if (stat(name, &st) == -1)
  {
    if (errno != ENOENT) strerr_warnwusys("stat ", name) ;
    return ;
  }
  if (!S_ISDIR(st.st_mode)) return ;
  for (; i < svn ; i++)
    if (svcs[i].flags & F_USED && svcs[i].dev == st.st_dev && svcs[i].ino == st.st_ino)
    {
      s = svcs + i ;
      break ;
    }
  if (s)
  {
    if (s->flags & F_KILLED) return ;  /* rediscovered once its supervisors are gone */
    s->flags |= F_SEEN ;
    if (strcmp(s->name, name)) memcpy(s->name, name, len + 1) ;
    if (!(s->flags & F_ACTIVE))
    {
      s->flags |= F_ACTIVE ;
      if (!s->pid[0]) start(s, 0) ;
      if (s->flags & F_LOGGED && !s->pid[1]) start(s, 1) ;
    }
    return ;
  }
  for (i = 0 ; i < svn ; i++) if (!(svcs[i].flags & F_USED)) break ;
  if (i >= svmax)
  {
    strerr_warnw("too many services, not supervising ", name) ;
    return ;
  }
  s = svcs + i ;
  s->p[0] = s->p[1] = -1 ;
  {
    struct stat lst ;
    char logdir[NAME_MAX + 5] ;
    memcpy(logdir, name, len) ;
    memcpy(logdir + len, "/log", 5) ;
    if (stat(logdir, &lst) == 0 && S_ISDIR(lst.st_mode))
    {
      if (pipe2(s->p, O_CLOEXEC) == -1)
      {
        strerr_warnwusys("create the log pipe for ", name, " - retrying in 1 second") ;
        scan_retry() ;
        return ;
      }
      s->flags = F_LOGGED ;
    }
    else s->flags = 0 ;
  }
  s->dev = st.st_dev ;
  s->ino = st.st_ino ;
  s->pid[0] = s->pid[1] = 0 ;
  s->flags |= F_USED | F_ACTIVE | F_SEEN ;
  memcpy(s->name, name, len + 1) ;
  if (i >= svn) svn = i + 1 ;
  if (s->flags & F_LOGGED) start(s, 1) ;
  start(s, 0) ;
}

static void scan (void)
{
  unsigned int i = 0 ;
  int fd ;
  if (stopping) return ;
  retry = 0 ;
  want_rescan = 0 ;
  fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (fd == -1)
  {
    strerr_warnwusys("open the scan directory - retrying in 1 second") ;
    scan_retry() ;
    return ;
  }
  for (; i < svn ; i++) svcs[i].flags &= ~F_SEEN ;
  for (;;)
  {
    long r = syscall(SYS_getdents64, fd, dents->buf, sizeof(dents->buf)) ;
    long j = 0 ;
    if (!r) break ;
    if (r < 0)
    {
      strerr_warnwusys("read the scan directory - retrying in 1 second") ;
      fd_close(fd) ;
      scan_retry() ;
      return ;  /* an incomplete scan removes nothing */
    }
    while (j < r)
    {
      tend_dirent64_t const *d = (tend_dirent64_t const *)(dents->buf + j) ;
      consider(d->d_name) ;
      j += d->d_reclen ;
    }
  }
  fd_close(fd) ;
  for (i = 0 ; i < svn ; i++)
  {
    svc_t *s = svcs + i ;
    if ((s->flags & (F_USED | F_ACTIVE | F_SEEN)) != (F_USED | F_ACTIVE)) continue ;
    s->flags &= ~F_ACTIVE ;
    unschedule(s, 0) ;
    unschedule(s, 1) ;
    if (!s->pid[0] && !s->pid[1]) release(s) ;
  }
}

 /* Terminating: every service's supervisor gets SIGTERM now (tend-supervise
    then brings the service down, runs finish and exits); each logger's
    supervisor gets SIGHUP (t) or SIGTERM (q) once its producer's
    supervisor is gone, so the logger drains the pipe. */
static void stop (int how)
{
  unsigned int i = 0 ;
  if (stopping)
  {
    if (how == 'q' && stopping == 't')  /* q upgrades a t in progress */
    {
      stopping = 'q' ;
      for (; i < svn ; i++)
        if (svcs[i].flags & F_LOGSIG && svcs[i].pid[1]) kill(svcs[i].pid[1], SIGTERM) ;
    }
    return ;
  }
  stopping = how ;
  if (stop_ms) addms(&stop_deadline, stop_ms) ;
  if (policy) orphans_stop() ;
  for (; i < svn ; i++)
  {
    svc_t *s = svcs + i ;
    if (!(s->flags & F_USED)) continue ;
    unschedule(s, 0) ;
    unschedule(s, 1) ;
    if (s->pid[0]) kill(s->pid[0], SIGTERM) ;
    else producer_gone(s) ;
  }
  for (i = 0 ; i < svn ; i++)
    if (svcs[i].flags & F_USED && !svcs[i].pid[0] && !svcs[i].pid[1]) release(svcs + i) ;
  if (!nsup && !ntracked) cont = 0 ;
}

 /* The stop timeout expired: every supervisor still alive gets SIGKILL,
    then the process its supervise/status names (run, or finish) and that
    process's group get SIGKILL too, since nobody is left to stop them. */
static void stop_timeout (void)
{
  unsigned int i = 0 ;
  strerr_warnw("stop timeout expired - killing what is left") ;
  for (; i < norph ; i++) if (orphans[i].what != O_KNOWN) kill(orphans[i].pid, SIGKILL) ;
  i = 0 ;
  for (; i < svn ; i++)
  {
    svc_t *s = svcs + i ;
    unsigned int which = 0 ;
    if (!(s->flags & F_USED)) continue ;
    for (; which < 2 ; which++)
    {
      char path[NAME_MAX + 5] ;
      tend_svstatus_t st = TEND_SVSTATUS_ZERO ;
      if (!s->pid[which]) continue ;
      kill(s->pid[which], SIGKILL) ;
      svpath(path, s, which) ;
      if (tend_svstatus_read(path, &st) == 1 && st.pid && st.pid <= (uint64_t)INT_MAX)
      {
        kill(-(pid_t)st.pid, SIGKILL) ;
        kill((pid_t)st.pid, SIGKILL) ;
      }
    }
  }
  cont = 0 ;
}

 /* A SIG<NAME> script replaces the default action when it can be spawned. */
static int sigscript (int sig)
{
  char fn[sizeof(TEND_SVSCAN_CTLDIR "/SIG") + 16] ;
  char const *argv[2] = { fn, 0 } ;
  char const *name = sig_name(sig) ;
  size_t len = strlen(name) ;
  pid_t pid ;
  if (len > 15) return 0 ;
  memcpy(fn, TEND_SVSCAN_CTLDIR "/SIG", sizeof(TEND_SVSCAN_CTLDIR "/SIG") - 1) ;
  memcpy(fn + sizeof(TEND_SVSCAN_CTLDIR "/SIG") - 1, name, len + 1) ;
 /* Asked first, not inferred from a failed spawn: a posix_spawn that
    cannot report exec errors (valgrind's, some libcs' vfork-less ones)
    would hide the default action behind a child exiting 127. */
  if (access(fn, X_OK) == -1)
  {
    if (errno != ENOENT) strerr_warnwusys("spawn ", fn) ;
    return 0 ;
  }
  if (spawn(&pid, fn, argv, 0, 0, (char const *const *)environ))
  {
    if (policy) orphan_add(pid, O_KNOWN) ;
    return 1 ;
  }
  if (errno != ENOENT) strerr_warnwusys("spawn ", fn) ;
  return 0 ;
}

static void command (char c)
{
  switch (c)
  {
    case 'z' : reap() ; break ;
    case 'a' : scan() ; break ;
    case 'b' : cont = 0 ; break ;
    case 'h' : scan() ; kill_inactive(SIGHUP) ; break ;
    case 'i' :
    case 't' : stop('t') ; break ;
    case 'q' : stop('q') ; break ;
    case 'n' : kill_inactive(SIGHUP) ; break ;
    case 'N' : kill_inactive(SIGTERM) ; break ;
    default : break ;
  }
}

static void handle_control (int fd)
{
  char buf[256] ;
  for (;;)
  {
    ssize_t r = read(fd, buf, sizeof(buf)) ;
    ssize_t i = 0 ;
    int unknown = 0 ;
    if (r == -1)
    {
      if (errno == EAGAIN || errno == EINTR) return ;
      crash("read " TEND_SVSCAN_CONTROL) ;
    }
    if (!r) return ;  /* cannot happen: we hold a writer */
    for (; i < r && cont ; i++)
    {
      if (!memchr("zabhitqnN", buf[i], 9)) unknown = 1 ;
      else command(buf[i]) ;
    }
    if (unknown) strerr_warnw("unknown control command in " TEND_SVSCAN_CONTROL) ;
    if (!cont) return ;
  }
}

static void handle_signals (void)
{
  for (;;)
  {
    int sig = selfpipe_read() ;
    switch (sig)
    {
      case -1 : crash("read the selfpipe") ;
      case 0 : return ;
      case SIGCHLD : reap() ; break ;
      case SIGALRM : scan() ; break ;
      case SIGABRT : cont = 0 ; return ;
      default :
        if (sigscript(sig)) break ;
        switch (sig)
        {
          case SIGHUP : command('h') ; break ;
          case SIGINT :
          case SIGTERM : command('t') ; break ;
          case SIGQUIT : command('q') ; break ;
          default : break ;
        }
    }
    if (!cont) return ;
  }
}

 /* -R terminate or adopt: orphans must come to us, the supervisors must
    tell us when their service died, and the children named by -k (stage 2,
    forked before the exec into us) are ours. Any other child we already
    have was reparented to us before we started: the first reap() finds
    it, once SIGCHLD is trapped. */
static void setup_reparent (void)
{
  size_t n = 0, j = 0 ;
  char const **env ;
  char const *const *e = (char const *const *)environ ;
  char fmt[PID_FMT] ;
  fmt[pid_fmt(fmt, getpid())] = 0 ;
  memcpy(childrenfile, "/proc/self/task/", 16) ;
  memcpy(childrenfile + 16, fmt, strlen(fmt)) ;
  memcpy(childrenfile + 16 + strlen(fmt), "/children", 10) ;
  if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
    strerr_diefusys(111, "become a child subreaper") ;
  while (e[n]) n++ ;
  env = alloc((n + 2) * sizeof(char const *)) ;
  if (!env) strerr_diefusys(111, "allocate the supervisors' environment") ;
  for (; *e ; e++)
    if (strncmp(*e, NUDGE "=", sizeof(NUDGE))) env[j++] = *e ;
  env[j++] = NUDGE "=1" ;
  env[j] = 0 ;
  supenv = env ;
  for (unsigned int i = 0 ; i < nkin ; i++) orphan_add(kin[i], O_KNOWN) ;
}

 /* tend-supervise sits next to our own executable; else the build-time path. */
static void find_supervise (void)
{
  char buf[PATH_MAX] ;
  ssize_t r = readlink("/proc/self/exe", buf, sizeof(buf)) ;
  if (r > 0 && (size_t)r < sizeof(buf) - sizeof("tend-supervise"))
  {
    char *slash ;
    buf[r] = 0 ;
    slash = strrchr(buf, '/') ;
    if (slash)
    {
      size_t len = slash + 1 - buf + sizeof("tend-supervise") ;
      char *path ;
      memcpy(slash + 1, "tend-supervise", sizeof("tend-supervise")) ;
      if (access(buf, X_OK) == -1) return ;
      path = alloc(len) ;  /* not a PATH_MAX array in our data: see private_area() */
      if (!path) return ;
      memcpy(path, buf, len) ;
      supervise = path ;
    }
  }
}

static int fd_usable (unsigned int fd)
{
  return fcntl((int)fd, F_GETFD) != -1 ;
}

static void compute_deadline (tain *deadline)
{
  unsigned int i = 0 ;
  tain_add_g(deadline, &tain_infinite_relative) ;
  if (ntracked) orphans_deadline(deadline) ;
  if (stopping)
  {
    if (stop_ms && tain_less(&stop_deadline, deadline)) *deadline = stop_deadline ;
    return ;
  }
  if (rescan_ms && tain_less(&rescan_deadline, deadline)) *deadline = rescan_deadline ;
  if (retry && tain_less(&retry_deadline, deadline)) *deadline = retry_deadline ;
  if (want_rescan) tain_copynow(deadline) ;
  if (npend)
    for (; i < svn ; i++)
    {
      svc_t const *s = svcs + i ;
      if (s->flags & F_PEND0 && tain_less(&s->when[0], deadline)) *deadline = s->when[0] ;
      if (s->flags & F_PEND1 && tain_less(&s->when[1], deadline)) *deadline = s->when[1] ;
    }
}

static void handle_timers (void)
{
  unsigned int i = 0 ;
  if (ntracked) orphans_timers() ;
  if (stopping)
  {
    if (stop_ms && !tain_less(&STAMP, &stop_deadline)) stop_timeout() ;
    return ;
  }
  if (rescan_ms && !tain_less(&STAMP, &rescan_deadline))
  {
    addms(&rescan_deadline, rescan_ms) ;
    scan() ;
  }
  if ((retry && !tain_less(&STAMP, &retry_deadline)) || want_rescan) scan() ;
  if (npend)
    for (; i < svn ; i++)
    {
      svc_t *s = svcs + i ;
      if (s->flags & F_PEND0 && !tain_less(&STAMP, &s->when[0])) start(s, 0) ;
      if (s->flags & F_PEND1 && !tain_less(&STAMP, &s->when[1])) start(s, 1) ;
    }
}

 /* What only we use, never a forked supervisor: the service table, the
    orphans, the scan buffer. They live in a mapping of their own that
    children do not inherit (MADV_DONTFORK): a supervisor forked from us
    would otherwise keep a private copy of every page of them we wrote
    since the fork before, and big arrays among our globals would put the
    supervisor's own globals on pages of their own. Slots are initialised
    when first used (below svn only), so the pages of a large -c that are
    never used are never touched. */
static void private_area (void)
{
  size_t len = sizeof(dents_t) + ORPHANS_MAX * sizeof(orphan_t) + svmax * sizeof(svc_t) ;
  char *area = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ;
  if (area == MAP_FAILED) strerr_diefusys(111, "allocate the service table") ;
#ifdef MADV_DONTFORK
  madvise(area, len, MADV_DONTFORK) ;  /* if refused, it only costs memory */
#endif
  dents = (dents_t *)area ;
  orphans = (orphan_t *)(area + sizeof(dents_t)) ;
  svcs = (svc_t *)(area + sizeof(dents_t) + ORPHANS_MAX * sizeof(orphan_t)) ;
}

int main (int argc, char const *const *argv)
{
  iopause_fd x[2] = { { .events = IOPAUSE_READ }, { .events = IOPAUSE_READ } } ;
  int notif = -1 ;
  int execsup = 0 ;
  PROG = "tend-svscan" ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    unsigned int u ;
    int opt ;
    while ((opt = subgetopt_r(argc, argv, "c:t:d:X:T:R:K:k:x", &l)) != -1) switch (opt)
    {
      case 'x' : execsup = 1 ; break ;
      case 'R' :
        if (!strcmp(l.arg, "ignore")) policy = P_IGNORE ;
        else if (!strcmp(l.arg, "terminate")) policy = P_TERMINATE ;
        else if (!strcmp(l.arg, "adopt")) policy = P_ADOPT ;
        else dieusage() ;
        break ;
      case 'K' : if (!uint0_scan(l.arg, &kill_ms)) dieusage() ; break ;
      case 'k' :
        if (nkin >= KIN_MAX || !pid0_scan(l.arg, &kin[nkin]) || kin[nkin] <= 0) dieusage() ;
        nkin++ ;
        break ;
      case 'c' : if (!uint0_scan(l.arg, &svmax)) dieusage() ; break ;
      case 't' : if (!uint0_scan(l.arg, &rescan_ms)) dieusage() ; break ;
      case 'T' : if (!uint0_scan(l.arg, &stop_ms)) dieusage() ; break ;
      case 'd' :
        if (!uint0_scan(l.arg, &u)) dieusage() ;
        if (u < 3) strerr_dief(100, "notification fd must be 3 or more") ;
        if (!fd_usable(u)) strerr_dief(100, "invalid notification fd: ", l.arg) ;
        notif = (int)u ;
        break ;
      case 'X' :
        if (!uint0_scan(l.arg, &u)) dieusage() ;
        if (u < 3) strerr_dief(100, "console holder fd must be 3 or more") ;
        if (!fd_usable(u)) strerr_dief(100, "invalid console holder fd: ", l.arg) ;
        consolefd = (int)u ;
        break ;
      default : dieusage() ;
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (svmax < MAX_MIN) svmax = MAX_MIN ;
  if (svmax > MAX_MAX) svmax = MAX_MAX ;

  if (argc && chdir(argv[0]) == -1) strerr_diefusys(111, "chdir to ", argv[0]) ;
  if (!fd_sanitize()) strerr_diefusys(111, "sanitize standard fds") ;
  if (notif >= 0 && coe(notif) == -1) strerr_diefusys(111, "coe notification fd") ;
  if (consolefd >= 0 && coe(consolefd) == -1) strerr_diefusys(111, "coe console holder fd") ;
  private_area() ;
  find_supervise() ;
  inimage = !execsup && inimage_init() ;
  supenv = (char const *const *)environ ;
  if (policy) setup_reparent() ;

  if (mkdir(TEND_SVSCAN_CTLDIR, 0700) == -1 && errno != EEXIST)
    strerr_diefusys(111, "mkdir ", TEND_SVSCAN_CTLDIR) ;
  lockfd = open(TEND_SVSCAN_LOCK, O_WRONLY | O_CREAT | O_CLOEXEC, 0600) ;
  if (lockfd == -1) strerr_diefusys(111, "open ", TEND_SVSCAN_LOCK) ;
  {
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
    if (fcntl(lockfd, F_SETLK, &fl) == -1)
    {
      if (errno == EAGAIN || errno == EACCES)
        strerr_dief(100, "another instance of tend-svscan is already running on the same directory") ;
      strerr_diefusys(111, "lock ", TEND_SVSCAN_LOCK) ;
    }
  }


  {
    sigset_t set ;
    unsigned int i = 0 ;
    sigemptyset(&set) ;
    for (; i < sizeof(trapped) / sizeof(*trapped) ; i++)
    {
      sig_restore(trapped[i]) ;  /* an inherited SIG_IGN would discard it */
      sigaddset(&set, trapped[i]) ;
    }
    x[0].fd = selfpipe_init() ;
    if (x[0].fd == -1) strerr_diefusys(111, "init selfpipe") ;
    if (!selfpipe_trapset(&set)) strerr_diefusys(111, "trap signals") ;
    if (!sig_altignore(SIGPIPE)) strerr_diefusys(111, "ignore SIGPIPE") ;
  }

  if (mkfifo(TEND_SVSCAN_CONTROL, 0600) == -1 && errno != EEXIST)
    strerr_diefusys(111, "mkfifo ", TEND_SVSCAN_CONTROL) ;
  x[1].fd = openc_read(TEND_SVSCAN_CONTROL) ;
  if (x[1].fd == -1) strerr_diefusys(111, "open ", TEND_SVSCAN_CONTROL, " for reading") ;
  {
    struct stat st ;
    if (fstat(x[1].fd, &st) == -1) strerr_diefusys(111, "stat ", TEND_SVSCAN_CONTROL) ;
    if (!S_ISFIFO(st.st_mode)) strerr_dief(111, TEND_SVSCAN_CONTROL, " is not a fifo") ;
  }
  if (openc_write(TEND_SVSCAN_CONTROL) == -1)  /* kept open on purpose: no EOF, ever */
    strerr_diefusys(111, "open ", TEND_SVSCAN_CONTROL, " for writing") ;

  if (notif >= 0)
  {
    fd_write(notif, "\n", 1) ;
    fd_close(notif) ;
  }

  tain_now_set_stopwatch_g() ;
  if (rescan_ms) addms(&rescan_deadline, rescan_ms) ;
  if (policy) reap() ;
  scan() ;

  while (cont)
  {
    tain deadline ;
    int r ;
    compute_deadline(&deadline) ;
    r = iopause_g(x, 2, &deadline) ;
    if (r == -1)
    {
      if (errno == EINTR) continue ;
      crash("iopause") ;
    }
    if (x[0].revents & IOPAUSE_READ) handle_signals() ;
    if (cont && x[1].revents & IOPAUSE_READ) handle_control(x[1].fd) ;
    if (cont) handle_timers() ;
    if (stopping && !nsup && !ntracked) cont = 0 ;
  }
  reap() ;
  exec_ctlprog(TEND_SVSCAN_CTLDIR "/finish", 0) ;
}
