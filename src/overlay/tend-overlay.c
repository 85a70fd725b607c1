/* See COPYING for license terms. */

/* tend-overlay: the steps of the container stages. One program with a
   subcommand per step, run only by /init and the stage scripts under
   /opt/tend/libexec. Most steps chain-load: they do their job, then exec
   the rest of their command line, as execline's programs do, so that a
   stage is one process from its first step to the CMD. Each of
   execline's own programs costs a millisecond here (a dynamically linked
   glibc program, loaded from the bundle), this one a tenth of that:
   the stage scripts say what happens in which order, and the steps are
   here. Interface: doc/overlay.html */

#include <skalibs/nonposix.h>  /* environ */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>  /* rename() */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/exec.h>
#include <skalibs/tai.h>
#include <skalibs/genalloc.h>

#include <tend/control.h>
#include <tend/svdir.h>
#include <tend/svstatus.h>
#include <tend/event.h>
#include <tend/svlisten.h>

#define USAGE "tend-overlay prep|fix-attrs|cont-init|services|cmd|cmdexec|stop|cont-finish|reap ..."
#define dieusage() strerr_dieusage(100, USAGE)

#define ROOT "/opt/tend"
#define EXECLINEB ROOT "/libexec/execline/execlineb"
#define INTERNAL_PATH ROOT "/libexec/execline:" ROOT "/bin"
#define COMPAT_PATH ROOT "/compat/bin"
#define PATH_EXTRA ":" INTERNAL_PATH ":" COMPAT_PATH
#define S6_RUNDIR "/var/run/s6"
#define FINISH_S6 "finish.orig"
#define STARTING ".tend-starting"
#define FINISH_RUNIT "finish.runit"
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define RUNTIME_DEFAULT "/run/tend"
#define RUNTIME_FALLBACK "/tmp/tend"
#define NPROC_MAX 8192

static unsigned int verbosity = 2 ;

static char const *rtdir (void)
{
  char const *s = getenv("TEND_RUNTIME_DIR") ;
  return s && s[0] ? s : RUNTIME_DEFAULT ;
}

 /* dst = a "/" b, or die */
static void pjoin (char *dst, char const *a, char const *b)
{
  size_t la = strlen(a), lb = strlen(b) ;
  if (la + lb + 2 > PATH_MAX) strerr_dief(100, "path too long: ", a, "/", b) ;
  memcpy(dst, a, la) ;
  dst[la] = '/' ;
  memcpy(dst + la + 1, b, lb + 1) ;
}

static void verbosity_init (void)
{
  char const *s = getenv("TEND_VERBOSITY") ;
  unsigned int v ;
  if (s && uint0_scan(s, &v)) verbosity = v ;
}

/* A command to the scanner, if it listens: once it has gone to stage 3,
   nobody does, and a late command (a CMD that exits during the
   shutdown) must not wait for it. */
static void control (char const *cmd)
{
  char fifo[PATH_MAX] ;
  pjoin(fifo, rtdir(), "service/.s6-svscan/control") ;
  if (tend_control_write(fifo, cmd, 1) == -1 && verbosity)
    strerr_warnwu2sys("write to ", fifo) ;
}

 /* Stage 2, before it talks to the scanner. Stage 1 made the control fifo
    before forking stage 2, so a blocking open for writing returns once
    the scanner has opened it for reading: no command is lost to a
    scanner still starting, and the scanner scans after it opened the
    fifo, so it sees every link made before. */
static void scanner_wait (void)
{
  char fifo[PATH_MAX] ;
  int fd ;
  pjoin(fifo, rtdir(), "service/.s6-svscan/control") ;
  do fd = open(fifo, O_WRONLY | O_CLOEXEC) ;
  while (fd == -1 && errno == EINTR) ;
  if (fd == -1) strerr_diefusys(111, "open ", fifo) ;
  fd_close(fd) ;
}

 /* The container's exit code: the first one recorded wins (an essential
    service's death, then the CMD that was stopped because of it). */
static void record (unsigned int code)
{
  char file[PATH_MAX] ;
  char fmt[UINT_FMT] ;
  size_t n = uint_fmt(fmt, code) ;
  pjoin(file, rtdir(), "exitcode") ;
  if (tend_file_writenew(file, fmt, n) == -1) strerr_warnwu2sys("write ", file) ;
}

static unsigned int wcode (int wstat)
{
  return WIFSIGNALED(wstat) ? 128 + WTERMSIG(wstat) : WEXITSTATUS(wstat) ;
}

static int msleft (struct timespec const *deadline)
{
  struct timespec now ;
  long long ms ;
  clock_gettime(CLOCK_MONOTONIC, &now) ;
  ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000 ;
  return ms < 0 ? 0 : ms > 86400000 ? 86400000 : (int)ms ;
}

static void deadline_in (struct timespec *d, unsigned int ms)
{
  clock_gettime(CLOCK_MONOTONIC, d) ;
  d->tv_sec += ms / 1000 ;
  d->tv_nsec += (long)(ms % 1000) * 1000000 ;
  if (d->tv_nsec >= 1000000000) { d->tv_sec++ ; d->tv_nsec -= 1000000000 ; }
}

 /* Waits for SIGCHLD (blocked by the caller) at most ms milliseconds. */
static void chld_wait (int ms)
{
  sigset_t set ;
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 } ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGCHLD) ;
  sigtimedwait(&set, 0, &ts) ;
}

static void chld_block (void)
{
  sigset_t set ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGCHLD) ;
  sigprocmask(SIG_BLOCK, &set, 0) ;
}

static void sigs_unblock_all (void)
{
  sigset_t set ;
  sigemptyset(&set) ;
  sigprocmask(SIG_SETMASK, &set, 0) ;
}


 /* prep: stage 1's preparation, then exec argv with the environment the
    supervision tree gets. */

typedef struct setting_s setting_t ;
struct setting_s
{
  char const *name ;
  char const *s6name ;
  char const *def ;
  char type ;  /* u: ms, b: 0/1, 2: 0..2, 5: 0..5, s: any, p: absolute path, f: format, r: reparent */
  char const *dname ;  /* tozd's dinit's name, read when the other two are unset */
  char dtype ;  /* its values: 0 as ours, l: log level, s: seconds, j: 0/1 for JSON */
} ;

static setting_t const settings[] =
{
  { "TEND_KEEP_ENV", "S6_KEEP_ENV", "0", 'b', 0, 0 },
  { "TEND_LOGGING", "S6_LOGGING", "0", '2', 0, 0 },
  { "TEND_LOGGING_SCRIPT", "S6_LOGGING_SCRIPT", "n20 s1000000 T", 's', 0, 0 },
  { "TEND_LOG_FORMAT", 0, "plain", 'f', "DINIT_JSON_STDOUT", 'j' },
  { "TEND_BEHAVIOUR_IF_STAGE2_FAILS", "S6_BEHAVIOUR_IF_STAGE2_FAILS", "2", '2', 0, 0 },
  { "TEND_KILL_FINISH_MAXTIME", "S6_KILL_FINISH_MAXTIME", "5000", 'u', 0, 0 },
  { "TEND_SERVICES_GRACETIME", "S6_SERVICES_GRACETIME", "3000", 'u', 0, 0 },
  { "TEND_KILL_GRACETIME", "S6_KILL_GRACETIME", "3000", 'u', 0, 0 },
  { "TEND_CMD_WAIT_FOR_SERVICES", "S6_CMD_WAIT_FOR_SERVICES", "0", 'b', 0, 0 },
  { "TEND_CMD_WAIT_FOR_SERVICES_MAXTIME", "S6_CMD_WAIT_FOR_SERVICES_MAXTIME", "5000", 'u', 0, 0 },
  { "TEND_CMD_ARG0", "S6_CMD_ARG0", "", 's', 0, 0 },
  { "TEND_FIX_ATTRS_HIDDEN", "S6_FIX_ATTRS_HIDDEN", "0", 'b', 0, 0 },
  { "TEND_READ_ONLY_ROOT", "S6_READ_ONLY_ROOT", "0", 'b', 0, 0 },
  { "TEND_SYNC_DISKS", "S6_SYNC_DISKS", "0", 'b', 0, 0 },
  { "TEND_VERBOSITY", "S6_VERBOSITY", "2", '5', "DINIT_LOG_LEVEL", 'l' },
  { "TEND_REPARENT_POLICY", 0, "ignore", 'r', "DINIT_REPARENTING_POLICY", 0 },
  { "TEND_REPARENT_KILL_TIMEOUT", 0, "30000", 'u', "DINIT_KILL_TIMEOUT", 's' },
  { "TEND_RUNTIME_DIR", 0, RUNTIME_DEFAULT, 'p', 0, 0 },
} ;
#define NSETTINGS (sizeof(settings) / sizeof(setting_t))

 /* A dinit value in our terms, or death. */
static char const *dinit_value (setting_t const *p, char const *s)
{
  static char const *const levels[] = { "none", "error", "warn", "info", "debug", 0 } ;
  static char const *const digits[] = { "0", "1", "2", "3", "4" } ;
  static char ms[UINT_FMT + 3] ;
  unsigned int u, i ;
  switch (p->dtype)
  {
    case 'l' :
      for (i = 0 ; levels[i] ; i++) if (!strcmp(s, levels[i])) return digits[i] ;
      strerr_dief(100, "invalid $", p->dname, ": ", s, " (want none, error, warn, info or debug)") ;
    case 's' :
      if (uint0_scan(s, &u) && u <= 4000000)
      {
        ms[uint_fmt(ms, u * 1000)] = 0 ;
        return ms ;
      }
      strerr_dief(100, "invalid $", p->dname, ": ", s, " (want a number of seconds)") ;
    case 'j' :
      if (!strcmp(s, "0")) return "prefix" ;
      if (!strcmp(s, "1")) return "json" ;
      strerr_dief(100, "invalid $", p->dname, ": ", s, " (want 0 or 1)") ;
    default : return s ;
  }
}

static char const *setting_check (setting_t const *p, char const **used)
{
  char const *s = getenv(p->name) ;
  unsigned int u ;
  *used = p->name ;
  if (!s && p->s6name) { s = getenv(p->s6name) ; *used = p->s6name ; }
  if (!s && p->dname)
  {
    s = getenv(p->dname) ;
    *used = p->dname ;
    if (s && s[0]) s = dinit_value(p, s) ;
  }
  if (!s || !s[0]) return p->def ;
  switch (p->type)
  {
    case 'u' :
      if (uint0_scan(s, &u)) return s ;
      strerr_dief(100, "invalid $", *used, ": ", s, " (want a number of milliseconds)") ;
    case 'b' :
      if (!strcmp(s, "0") || !strcmp(s, "1")) return s ;
      strerr_dief(100, "invalid $", *used, ": ", s, " (want 0 or 1)") ;
    case '2' :
      if (s[0] >= '0' && s[0] <= '2' && !s[1]) return s ;
      strerr_dief(100, "invalid $", *used, ": ", s, " (want 0, 1 or 2)") ;
    case '5' :
      if (s[0] >= '0' && s[0] <= '5' && !s[1]) return s ;
      strerr_dief(100, "invalid $", *used, ": ", s, " (want 0 to 5)") ;
    case 'p' :
      if (s[0] == '/') return s ;
      strerr_dief(100, "invalid $", *used, ": ", s, " (want an absolute path)") ;
    case 'f' :
      if (!strcmp(s, "plain") || !strcmp(s, "prefix") || !strcmp(s, "json")) return s ;
      strerr_dief(100, "invalid $", *used, ": ", s, " (want plain, prefix or json)") ;
    case 'r' :
      if (!strcmp(s, "ignore") || !strcmp(s, "terminate") || !strcmp(s, "adopt")) return s ;
      strerr_dief(100, "invalid $", *used, ": ", s, " (want ignore, terminate or adopt)") ;
    default : return s ;
  }
}

static int mkdirp (char *path, mode_t mode)
{
  char *p = path + 1 ;
  for (;; p++)
  {
    if (*p == '/' || !*p)
    {
      char c = *p ;
      *p = 0 ;
      if (mkdir(path, mode) == -1 && errno != EEXIST) { *p = c ; return 0 ; }
      *p = c ;
      if (!c) break ;
    }
  }
  return 1 ;
}

static void die_rundir (char const *what, char const *dir) gccattr_noreturn ;
static void die_rundir (char const *what, char const *dir)
{
  int e = errno ;
  char const *hint = getenv("TEND_RUNTIME_DIR") ? "" : " or set TEND_RUNTIME_DIR to a writable directory" ;
  errno = e ;
  strerr_diefusys(111, what, dir, " - the runtime directory must be writable: mount a tmpfs on /run (docker run --tmpfs /run:exec)", hint) ;
}

static void dumpenv (char const *dir)
{
  char const *const *e = (char const *const *)environ ;
  char file[PATH_MAX] ;
  for (; *e ; e++)
  {
    char const *eq = strchr(*e, '=') ;
    size_t len = eq ? (size_t)(eq - *e) : 0 ;
    if (!len || len > NAME_MAX || (*e)[0] == '.' || memchr(*e, '/', len)) continue ;
    {
      char name[len + 1] ;
      memcpy(name, *e, len) ;
      name[len] = 0 ;
      pjoin(file, dir, name) ;
      if (!openwritenclose_unsafe(file, eq + 1, strlen(eq + 1)))
        strerr_diefusys(111, "write ", file) ;
    }
  }
}

static void s6link_warn (int ro, char const *file)
{
  if (verbosity >= (ro && errno == EROFS ? 3 : 2))
    strerr_warnwusys("create ", file, " (s6-overlay's paths under " S6_RUNDIR " are skipped)") ;
}

 /* s6-overlay v1/v2's paths, as links into the runtime directory, for
    the images that name them (doc/migration.html). Where they cannot be
    made (a read-only root, a non-root USER), they are skipped with a
    warning; a real file or directory in their place is left alone. */
static void s6links (char const *rt, int ro)
{
  static char const *const names[3] = { "services", "container_environment", "etc" } ;
  char svc[PATH_MAX], env[PATH_MAX], f[PATH_MAX] ;
  char const *targets[3] = { svc, env, "/etc" } ;
  char dir[] = S6_RUNDIR ;
  unsigned int i ;
  pjoin(svc, rt, "service") ;
  pjoin(env, rt, "container_environment") ;
  if (!mkdirp(dir, 0755)) { s6link_warn(ro, S6_RUNDIR) ; return ; }
  for (i = 0 ; i < 3 ; i++)
  {
    struct stat st ;
    pjoin(f, S6_RUNDIR, names[i]) ;
    if (lstat(f, &st) == 0)
    {
      if (!S_ISLNK(st.st_mode))
      {
        if (verbosity) strerr_warnw(f, " exists and is not a symbolic link: left alone") ;
        continue ;
      }
      if (unlink(f) == -1) { s6link_warn(ro, f) ; continue ; }
    }
    if (symlink(targets[i], f) == -1) s6link_warn(ro, f) ;
  }
}

static void do_prep (char const *const *argv)
{
  char const *vals[NSETTINGS] ;
  char const *used ;
  char const *rt ;
  char const *cpath = getenv("PATH") ;
  char buf[PATH_MAX] ;
  stralloc sa = STRALLOC_ZERO ;
  unsigned int i ;
  int keep ;
  int fellback = 0 ;
  if (!argv[0]) dieusage() ;
  umask(022) ;
  for (i = 0 ; i < NSETTINGS ; i++) vals[i] = setting_check(settings + i, &used) ;
  keep = vals[0][0] == '1' ;
  rt = vals[NSETTINGS - 1] ;
  verbosity = vals[14][0] - '0' ;

  {
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC) ;
    if (fd == -1)
      strerr_diefusys(111, "open /dev/null - the container's /dev is empty or broken: give it the usual device nodes (a tmpfs or devtmpfs on /dev)") ;
    fd_close(fd) ;
  }
  if (access("/proc/self/stat", F_OK) == -1 && verbosity)
    strerr_warnw("no /proc: mount proc on /proc; processes left at shutdown cannot be found when not process 1") ;
  if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) == -1 && verbosity)
    strerr_warnwu1sys("become a child subreaper") ;

  if (strlen(rt) + 64 > PATH_MAX) strerr_dief(100, "$TEND_RUNTIME_DIR is too long") ;
  strcpy(buf, rt) ;
  if (!mkdirp(buf, 0755) || access(rt, W_OK) == -1)
  {
    int e = errno ;
    char const *s = getenv("TEND_RUNTIME_DIR") ;
   /* A non-root USER with a root-owned /run: the default falls back to
      /tmp, with a warning; a directory the user chose does not. */
    if ((!s || !s[0]) && (e == EACCES || e == EPERM || e == EROFS))
    {
      strcpy(buf, RUNTIME_FALLBACK) ;
      if (mkdirp(buf, 0755) && access(RUNTIME_FALLBACK, W_OK) == 0)
      {
        if (verbosity)
          strerr_warnw(rt, " cannot be created: using " RUNTIME_FALLBACK " as the runtime directory (mount a tmpfs on /run to avoid this)") ;
        rt = vals[NSETTINGS - 1] = RUNTIME_FALLBACK ;
        fellback = 1 ;
      }
    }
    if (!fellback) { errno = e ; die_rundir("create ", rt) ; }
  }
   /* A restarted container keeps its /run when it is no tmpfs: start clean. */
  {
    static char const *const old[] = { "service", "services", "container_environment", "exitcode", "cmd.pid", "stopping", 0 } ;
    char const *const *p ;
    for (p = old ; *p ; p++)
    {
      pjoin(buf, rt, *p) ;
      if (rm_rf(buf) == -1 && errno != ENOENT) die_rundir("remove ", buf) ;
    }
  }
  pjoin(buf, rt, "container_environment") ;
  if (mkdir(buf, 0755) == -1) die_rundir("create ", buf) ;
  dumpenv(buf) ;
  if (fellback)
  {
    char f[PATH_MAX] ;
    pjoin(f, buf, "TEND_RUNTIME_DIR") ;
    if (!openwritenclose_unsafe(f, rt, strlen(rt))) strerr_diefusys(111, "write ", f) ;
  }
  if (cpath && cpath[0])
  {
   /* Scripts under with-contenv still find execline and the s6 names,
      after the image's own programs; the CMD does not (cmdexec). */
    char f[PATH_MAX] ;
    pjoin(f, buf, "PATH") ;
    if (!stralloc_cats(&sa, cpath) || !stralloc_cats(&sa, PATH_EXTRA)
     || !openwritenclose_unsafe(f, sa.s, sa.len)) strerr_diefusys(111, "write ", f) ;
    sa.len = 0 ;
  }
  pjoin(buf, rt, "services") ;
  if (mkdir(buf, 0755) == -1) die_rundir("create ", buf) ;
  if (vals[1][0] != '0')
  {
    pjoin(buf, rt, "uncaught-logs") ;
    if (mkdir(buf, 0750) == -1 && errno != EEXIST) die_rundir("create ", buf) ;
  }
  pjoin(buf, rt, "service") ;
  if (mkdir(buf, 0755) == -1) die_rundir("create ", buf) ;
  pjoin(buf, rt, "service/.s6-svscan") ;
  if (mkdir(buf, 0700) == -1) die_rundir("create ", buf) ;
   /* until stage 2 has put the services under supervision, tend health
      says the container is starting (doc/tend.html) */
  pjoin(buf, rt, "service/" STARTING) ;
  if (!openwritenclose_unsafe(buf, "", 0)) die_rundir("create ", buf) ;
   /* made here, opened by the scanner: see scanner_wait() */
  pjoin(buf, rt, "service/.s6-svscan/control") ;
  if (mkfifo(buf, 0600) == -1) die_rundir("create ", buf) ;
  {
    static char const *const links[][2] =
    {
      { "service/.s6-svscan/finish", ROOT "/libexec/stage3" },
      { "service/.s6-svscan/SIGTERM", ROOT "/libexec/tend-overlay" },
      { "service/.s6-svscan/SIGINT", ROOT "/libexec/tend-overlay" },
    } ;
    for (i = 0 ; i < 3 ; i++)
    {
      pjoin(buf, rt, links[i][0]) ;
      if (symlink(links[i][1], buf) == -1) die_rundir("create ", buf) ;
    }
  }
  s6links(rt, vals[12][0] == '1') ;

   /* The tree's environment: ours (PATH, the settings, resolved) and,
      with the keep setting, the container's. */
  if (!cpath || !cpath[0]) cpath = DEFAULT_PATH ;
  if (!stralloc_cats(&sa, "PATH=" INTERNAL_PATH ":")
   || !stralloc_cats(&sa, cpath) || !stralloc_cats(&sa, ":" COMPAT_PATH) || !stralloc_0(&sa))
    strerr_diefusys(111, "build the environment") ;
  for (i = 0 ; i < NSETTINGS ; i++)
    if (!stralloc_cats(&sa, settings[i].name) || !stralloc_catb(&sa, "=", 1)
     || !stralloc_cats(&sa, vals[i]) || !stralloc_0(&sa))
      strerr_diefusys(111, "build the environment") ;
  {
    size_t n = 0, j = 0, k ;
    char const *const *e = (char const *const *)environ ;
    while (e[n]) n++ ;
    {
      char const *envp[NSETTINGS + 2 + (keep ? n : 0)] ;
      for (k = 0 ; k < sa.len ; k += strlen(sa.s + k) + 1) envp[j++] = sa.s + k ;
      if (keep)
        for (; *e ; e++)
        {
          size_t m ;
          int dup = 0 ;
          for (m = 0 ; m < NSETTINGS + 1 && !dup ; m++)
          {
            char const *s = envp[m] ;
            size_t l = strchr(s, '=') - s + 1 ;
            if (!strncmp(*e, s, l)) dup = 1 ;
          }
          if (!dup) envp[j++] = *e ;
        }
      envp[j] = 0 ;
      xexecvep(argv[0], argv, envp, envp[0] + 5) ;
    }
  }
}


 /* cmd: runs the CMD in the foreground, records its exit code, stops
    the container. */

 /* cmdexec cmd...: under with-contenv, execs the CMD with the image's
    PATH as it was: the saved one without the overlay's directories that
    prep put after it. */
static void do_cmdexec (char const *const *argv)
{
  char const *p = getenv("PATH") ;
  size_t n = p ? strlen(p) : 0 ;
  size_t k = sizeof(PATH_EXTRA) - 1 ;
  if (!argv[0]) dieusage() ;
  if (n >= k && !memcmp(p + n - k, PATH_EXTRA, k))
  {
    char path[n - k + 1] ;
    memcpy(path, p, n - k) ;
    path[n - k] = 0 ;
    if (setenv("PATH", path, 1) == -1) strerr_diefusys(111, "set PATH") ;
  }
  xexec(argv) ;
}

static void do_cmd (char const **argv)
{
  char const *arg0 = getenv("TEND_CMD_ARG0") ;
  char file[PATH_MAX] ;
  sigset_t set, old ;
  pid_t pid ;
  if (arg0 && arg0[0])
  {
    size_t n = 0, len = strlen(arg0), i ;
    char words[len + 1] ;
    char const *wv[len / 2 + 2] ;
   /* split on blanks, as execline's importas -s would */
    memcpy(words, arg0, len + 1) ;
    for (i = 0 ; i < len ;)
    {
      while (i < len && (words[i] == ' ' || words[i] == '\t' || words[i] == '\n')) words[i++] = 0 ;
      if (i < len) wv[n++] = words + i ;
      while (i < len && words[i] != ' ' && words[i] != '\t' && words[i] != '\n') i++ ;
    }
    if (n)
    {
      size_t m = 0 ;
      while (argv[m]) m++ ;
      {
        char const *all[n + m + 2] ;
        all[0] = "tend-overlay" ;
        memcpy(all + 1, wv, n * sizeof(char const *)) ;
        memcpy(all + 1 + n, argv, (m + 1) * sizeof(char const *)) ;
        unsetenv("TEND_CMD_ARG0") ;
        do_cmd(all + 1) ;
        return ;
      }
    }
  }
  if (!argv[0]) return ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGTERM) ;
  sigaddset(&set, SIGINT) ;
  sigaddset(&set, SIGHUP) ;
  sigaddset(&set, SIGQUIT) ;
  sigaddset(&set, SIGTTOU) ;
  sigaddset(&set, SIGTTIN) ;
  sigaddset(&set, SIGTSTP) ;
  sigprocmask(SIG_BLOCK, &set, &old) ;
  pid = fork() ;
  if (pid == -1) strerr_diefusys(111, "fork") ;
  if (!pid)
  {
    size_t n = 0 ;
    while (argv[n]) n++ ;
    if (isatty(0))
    {
      setpgid(0, 0) ;
      tcsetpgrp(0, getpid()) ;
    }
    sigs_unblock_all() ;
    {
      char const *v[n + 4] ;
      v[0] = ROOT "/bin/with-contenv" ;
      v[1] = ROOT "/libexec/tend-overlay" ;
      v[2] = "cmdexec" ;
      memcpy(v + 3, argv, (n + 1) * sizeof(char const *)) ;
      xexec(v) ;
    }
  }
  if (isatty(0)) setpgid(pid, pid) ;
  {
    char fmt[PID_FMT] ;
    char const *wargv[3] = { ROOT "/libexec/tend-cmdwait", fmt, 0 } ;
    size_t n = pid_fmt(fmt, pid) ;
    pjoin(file, rtdir(), "cmd.pid") ;
    if (!openwritenclose_unsafe(file, fmt, n)) strerr_warnwu2sys("write ", file) ;
    fmt[n] = 0 ;
   /* the waiting is done by a smaller program: see tend-cmdwait.c */
    xexec(wargv) ;
  }
}


 /* stop: what SIGTERM and SIGINT to process 1 do (the scanner runs its
    .s6-svscan/SIGTERM or SIGINT, a link to this program): TERM the CMD,
    tell the scanner to stop. Only the first one counts. */

static void do_stop (void)
{
  char file[PATH_MAX] ;
  char buf[PID_FMT + 1] ;
  ssize_t r ;
  int fd ;
  pjoin(file, rtdir(), "stopping") ;
  fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) ;
  if (fd == -1)
  {
    if (errno == EEXIST) return ;
  }
  else fd_close(fd) ;
  if (verbosity >= 2) strerr_warni("stop requested: stopping the CMD and the services") ;
  pjoin(file, rtdir(), "cmd.pid") ;
  r = openreadnclose(file, buf, PID_FMT) ;
  if (r > 0)
  {
    pid_t pid ;
    buf[r] = 0 ;
    if (pid0_scan(buf, &pid) && pid > 1) kill(pid, SIGTERM) ;
  }
  control("t") ;
}


 /* The files of a directory that stage 2 or 3 runs, in the C locale's
    order (as a shell glob sorts them), dot files left out: names in sa,
    a pointer to each in list, null-terminated. 0: no such directory. */

static int cmpstr (void const *a, void const *b)
{
  return strcmp(*(char const *const *)a, *(char const *const *)b) ;
}

static int dir_files (char const *dir, stralloc *sa, genalloc *list)
{
  size_t i, dirlen = strlen(dir) ;
  DIR *d = opendir(dir) ;
  if (!d)
  {
    if (errno != ENOENT && errno != ENOTDIR) strerr_warnwu2sys("open ", dir) ;
    return 0 ;
  }
  for (;;)
  {
    struct dirent *de ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (de->d_name[0] == '.') continue ;
    if (!stralloc_catb(sa, dir, dirlen) || !stralloc_catb(sa, "/", 1)
     || !stralloc_cats(sa, de->d_name) || !stralloc_0(sa))
      strerr_diefusys(111, "list ", dir) ;
  }
  if (errno) strerr_warnwu2sys("read ", dir) ;
  closedir(d) ;
  for (i = 0 ; i < sa->len ; i += strlen(sa->s + i) + 1)
  {
    char const *f = sa->s + i ;
    if (!genalloc_append(char const *, list, &f)) strerr_diefusys(111, "list ", dir) ;
  }
  qsort(genalloc_s(char const *, list), genalloc_len(char const *, list), sizeof(char const *), &cmpstr) ;
  {
    char const *z = 0 ;
    if (!genalloc_append(char const *, list, &z)) strerr_diefusys(111, "list ", dir) ;
  }
  return 1 ;
}

static unsigned int envms (char const *name, unsigned int def)
{
  char const *s = getenv(name) ;
  unsigned int ms = def ;
  if (s && s[0]) uint0_scan(s, &ms) ;
  return ms ;
}

 /* Runs with-contenv file for each file in order, each killed after ms
    (0: never); with stop, ends at the first failure. Returns the first
    failure's code, 0 if none. */

static unsigned int script1 (unsigned int ms, char const *file)
{
  struct timespec deadline ;
  pid_t pid ;
  int wstat ;
  char fmt[UINT_FMT] ;
  pid = fork() ;
  if (pid == -1) strerr_diefusys(111, "fork") ;
  if (!pid)
  {
    char const *cargv[3] = { "with-contenv", file, 0 } ;
    sigs_unblock_all() ;
    xexec(cargv) ;
  }
  if (ms) deadline_in(&deadline, ms) ;
  for (;;)
  {
    pid_t r = waitpid(pid, &wstat, WNOHANG) ;
    if (r == pid) break ;
    if (r == -1 && errno != EINTR) strerr_diefusys(111, "wait for ", file) ;
    if (!ms) { chld_wait(86400000) ; continue ; }
    if (!msleft(&deadline))
    {
      fmt[uint_fmt(fmt, ms)] = 0 ;
      strerr_warnw(file, " still running after ", fmt, " ms: killing it") ;
      kill(pid, SIGKILL) ;
      ms = 0 ;
      continue ;
    }
    chld_wait(msleft(&deadline)) ;
  }
  fmt[uint_fmt(fmt, wcode(wstat))] = 0 ;
  if (wstat && verbosity) strerr_warnw(file, " exited ", fmt) ;
  return wcode(wstat) ;
}

static unsigned int scripts (char const *const *files, unsigned int ms, int stop)
{
  unsigned int first = 0 ;
  sigset_t old ;
  sigprocmask(SIG_SETMASK, 0, &old) ;
  chld_block() ;
  for (; *files ; files++)
  {
    unsigned int c = script1(ms, *files) ;
    if (c && !first) first = c ;
    if (c && stop) break ;
  }
  sigprocmask(SIG_SETMASK, &old, 0) ;
  return first ;
}

 /* Stage 2's behaviour when a step failed: go on quietly (0), with a
    warning (1), or stop the container with the step's code (2). */

static void stage2_failed (char const *what, unsigned int code)
{
  char const *b = getenv("TEND_BEHAVIOUR_IF_STAGE2_FAILS") ;
  if (!code) return ;
  if (!b || b[0] == '2')
  {
    strerr_warnw(what, " failed: stopping the container") ;
    record(code) ;
    scanner_wait() ;
    control("t") ;
    _exit(1) ;
  }
  if (b[0] == '1') strerr_warnw(what, " failed: going on") ;
}

 /* fix-attrs dir prog...: tend-fixattrs over the files of dir. */

static void do_fixattrs (char const *const *argv)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc list = GENALLOC_ZERO ;
  if (!argv[0]) dieusage() ;
  if (dir_files(argv[0], &sa, &list) && genalloc_len(char const *, &list) > 1)
  {
    char const *h = getenv("TEND_FIX_ATTRS_HIDDEN") ;
    size_t n = genalloc_len(char const *, &list) ;
    char const *fargv[n + 2] ;
    char const **files = genalloc_s(char const *, &list) ;
    int wstat ;
    pid_t pid ;
    size_t i = 0 ;
    fargv[i++] = "tend-fixattrs" ;
    if (h && h[0] == '1') fargv[i++] = "-H" ;
    memcpy(fargv + i, files, n * sizeof(char const *)) ;
    pid = fork() ;
    if (pid == -1) strerr_diefusys(111, "fork") ;
    if (!pid) xexec(fargv) ;
    if (waitpid_nointr(pid, &wstat, 0) != pid) strerr_diefusys(111, "wait for tend-fixattrs") ;
    stage2_failed(argv[0], wcode(wstat)) ;
  }
  genalloc_free(char const *, &list) ;
  stralloc_free(&sa) ;
  if (argv[1]) xexec(argv + 1) ;
}

 /* cont-init dir prog...: each file of dir, in order, with the
    container's environment, killed after the services' max time; the
    first failure ends the stage's scripts. */

static void do_continit (char const *const *argv)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc list = GENALLOC_ZERO ;
  if (!argv[0]) dieusage() ;
  if (dir_files(argv[0], &sa, &list))
  {
    char const *rp = getenv("TEND_REPARENT_POLICY") ;
    unsigned int code = scripts(genalloc_s(char const *, &list), envms("TEND_CMD_WAIT_FOR_SERVICES_MAXTIME", 5000), 1) ;
   /* What the scripts left running is the scanner's now (our parent):
      with a reparenting policy, it looks for it when told of a death. */
    if (rp && strcmp(rp, "ignore") && getppid() > 0) kill(getppid(), SIGCHLD) ;
    stage2_failed(argv[0], code) ;
  }
  genalloc_free(char const *, &list) ;
  stralloc_free(&sa) ;
  if (argv[1]) xexec(argv + 1) ;
}

 /* cont-finish dir prog...: stage 3's scripts, each killed after the
    finish max time; all of them run. */

static void do_contfinish (char const *const *argv)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc list = GENALLOC_ZERO ;
  if (!argv[0]) dieusage() ;
  if (dir_files(argv[0], &sa, &list))
    scripts(genalloc_s(char const *, &list), envms("TEND_KILL_FINISH_MAXTIME", 5000), 0) ;
  genalloc_free(char const *, &list) ;
  stralloc_free(&sa) ;
  if (argv[1]) xexec(argv + 1) ;
}


 /* services dir...: copies each service directory into the runtime
    directory (its finish wrapped) and links it into the scan directory. */

static void copytree (char *src, char *dst, int top)
{
  DIR *d = opendir(src) ;
  size_t ls = strlen(src), ld = strlen(dst) ;
  if (!d) strerr_diefusys(111, "open ", src) ;
  for (;;)
  {
    struct dirent *de ;
    struct stat st ;
    size_t ln ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue ;
    if (top && (!strcmp(de->d_name, "supervise") || !strcmp(de->d_name, "event"))) continue ;
    ln = strlen(de->d_name) ;
    if (ls + ln + 2 > PATH_MAX || ld + ln + 2 > PATH_MAX) strerr_dief(100, "path too long in ", src) ;
    src[ls] = '/' ; memcpy(src + ls + 1, de->d_name, ln + 1) ;
    dst[ld] = '/' ; memcpy(dst + ld + 1, de->d_name, ln + 1) ;
    if (lstat(src, &st) == -1) strerr_diefusys(111, "stat ", src) ;
    if (S_ISDIR(st.st_mode))
    {
      if (mkdir(dst, st.st_mode & 07777) == -1) strerr_diefusys(111, "mkdir ", dst) ;
      copytree(src, dst, !strcmp(de->d_name, "log")) ;
    }
    else if (S_ISLNK(st.st_mode))
    {
      char l[PATH_MAX] ;
      ssize_t r = readlink(src, l, PATH_MAX - 1) ;
      if (r == -1) strerr_diefusys(111, "readlink ", src) ;
      l[r] = 0 ;
      if (symlink(l, dst) == -1) strerr_diefusys(111, "symlink ", dst) ;
    }
    else if (S_ISREG(st.st_mode))
    {
      if (!filecopy_unsafe(src, dst, st.st_mode & 07777)) strerr_diefusys(111, "copy ", src) ;
    }
    src[ls] = 0 ; dst[ld] = 0 ;
  }
  if (errno) strerr_diefusys(111, "read ", src) ;
  src[ls] = 0 ; dst[ld] = 0 ;
  closedir(d) ;
}

static int sa_catq (stralloc *sa, char const *s, size_t n)
{
  size_t i ;
  if (!stralloc_cats(sa, " \"")) return 0 ;
  for (i = 0 ; i < n ; i++)
  {
    if ((s[i] == '"' || s[i] == '\\') && !stralloc_catb(sa, "\\", 1)) return 0 ;
    if (!stralloc_catb(sa, s + i, 1)) return 0 ;
  }
  return stralloc_catb(sa, "\"", 1) ;
}

 /* The logger the settings give a service without its own log/:
    tend-log with the format's directive, 1 for stdout (logging 0 or 2),
    the logging script and uncaught-logs/name (logging 1 or 2). */
static void logger_add (char const *dst, char const *name)
{
  char const *fmt = getenv("TEND_LOG_FORMAT") ;
  char const *lg = getenv("TEND_LOGGING") ;
  char const *script = getenv("TEND_LOGGING_SCRIPT") ;
  char f[PATH_MAX] ;
  stralloc sa = STRALLOC_ZERO ;
  struct stat st ;
  int pj = fmt && (!strcmp(fmt, "prefix") || !strcmp(fmt, "json")) ;
  char l = lg && lg[0] ? lg[0] : '0' ;
  if (!pj && l == '0') return ;
  pjoin(f, dst, "log") ;
  if (lstat(f, &st) == 0) return ;
  if (!stralloc_cats(&sa, "#!" EXECLINEB " -P\n" ROOT "/bin/tend-log --")) goto err ;
  if (pj)
  {
    size_t n = strlen(name) ;
    char d[n + 3] ;
    d[0] = fmt[0] == 'p' ? 'p' : 'j' ;
    memcpy(d + 1, name, n) ;
    if (d[0] == 'p') d[++n] = ':' ;
    if (!sa_catq(&sa, d, n + 1)) goto err ;
  }
  if (l != '1' && !stralloc_cats(&sa, " 1")) goto err ;
  if (l != '0')
  {
    char const *s = script && script[0] ? script : "n20 s1000000 T" ;
    char d[PATH_MAX] ;
    while (*s)
    {
      size_t n = strcspn(s, " \t\n") ;
      if (n && !sa_catq(&sa, s, n)) goto err ;
      s += n ;
      while (*s == ' ' || *s == '\t' || *s == '\n') s++ ;
    }
    pjoin(d, rtdir(), "uncaught-logs") ;
    pjoin(d, d, name) ;
    if (mkdir(d, 0750) == -1 && errno != EEXIST) strerr_diefusys(111, "mkdir ", d) ;
    if (!sa_catq(&sa, d, strlen(d))) goto err ;
  }
  if (!stralloc_catb(&sa, "\n", 1)) goto err ;
  if (mkdir(f, 0755) == -1) strerr_diefusys(111, "mkdir ", f) ;
  pjoin(f, f, "run") ;
  if (!openwritenclose_unsafe(f, sa.s, sa.len) || chmod(f, 0755) == -1)
    strerr_diefusys(111, "write ", f) ;
  stralloc_free(&sa) ;
  return ;
 err:
  strerr_diefusys(111, "build the logger of ", name) ;
}

static unsigned int service_add (char const *srcdir, char const *name, int runit)
{
  char src[PATH_MAX], dst[PATH_MAX], link[PATH_MAX], f[PATH_MAX], g[PATH_MAX] ;
  char const *rt = rtdir() ;
  struct stat st ;
  pjoin(src, srcdir, name) ;
  if (stat(src, &st) == -1 || !S_ISDIR(st.st_mode)) return 0 ;
  pjoin(link, rt, "service") ;
  pjoin(link, link, name) ;
  if (lstat(link, &st) == 0)
  {
    strerr_warnw("service ", name, " from ", srcdir, " is already supervised: ignored") ;
    return 0 ;
  }
  pjoin(dst, rt, "services") ;
  pjoin(dst, dst, name) ;
  if (mkdir(dst, 0755) == -1) strerr_diefusys(111, "mkdir ", dst) ;
  copytree(src, dst, 1) ;
  logger_add(dst, name) ;
  pjoin(f, dst, "finish") ;
  pjoin(g, dst, runit ? FINISH_RUNIT : FINISH_S6) ;
  if (rename(f, g) == -1 && errno != ENOENT) strerr_diefusys(111, "rename ", f) ;
   /* the wrapper is this program, which knows itself by the name, and the
      layout by the name the service's own finish was given */
  if (symlink(ROOT "/libexec/tend-overlay", f) == -1) strerr_diefusys(111, "symlink ", f) ;
  pjoin(f, "../services", name) ;
  if (symlink(f, link) == -1) strerr_diefusys(111, "symlink ", link) ;
  if (verbosity >= 3) strerr_warni("supervising ", src) ;
  return 1 ;
}

#define WAIT_MAX 1000

 /* With the wait setting: the services added, subscribed to before the
    scanner is told to scan, so that no event is missed. */
static char const *waitdir[WAIT_MAX] ;
static tend_eventsub_t waitsub[WAIT_MAX] ;
static char waitpath[WAIT_MAX][PATH_MAX] ;
static unsigned int nwait = 0 ;

static void wait_add (char const *name)
{
  char ev[PATH_MAX] ;
  if (nwait >= WAIT_MAX) return ;
  pjoin(waitpath[nwait], rtdir(), "service") ;
  pjoin(waitpath[nwait], waitpath[nwait], name) ;
  pjoin(ev, waitpath[nwait], "down") ;
  if (access(ev, F_OK) == 0) return ;
  pjoin(ev, waitpath[nwait], "event") ;
  waitsub[nwait] = (tend_eventsub_t)TEND_EVENTSUB_ZERO ;
  if (!tend_event_subscribe(ev, &waitsub[nwait])) { strerr_warnwu2sys("subscribe to ", ev) ; return ; }
  waitdir[nwait] = waitpath[nwait] ;
  nwait++ ;
}

 /* 0: every service up, and ready when it has a notification-fd. */
static int wait_all (unsigned int ms)
{
  static tend_svlisten_t l[WAIT_MAX] ;
  tain deadline ;
  unsigned int i ;
  int r ;
  char fmt[UINT_FMT] ;
  fmt[uint_fmt(fmt, ms)] = 0 ;
  tain_now_set_stopwatch_g() ;
  if (ms) { tain t ; tain_from_millisecs(&t, ms) ; tain_add_g(&deadline, &t) ; }
  else tain_add_g(&deadline, &tain_infinite_relative) ;
  for (i = 0 ; i < nwait ; i++)
  {
    char ev[PATH_MAX] ;
    char c ;
    unsigned char want = TEND_SVLISTEN_UP ;
    l[i] = (tend_svlisten_t)TEND_SVLISTEN_ZERO ;
   /* the first event: the supervisor is there, its status written */
    if (tend_event_wait_g(waitsub[i].fd, &c, 1, &deadline) <= 0)
    {
      strerr_warnw("service ", waitdir[i], " has no supervisor after ", fmt, " ms") ;
      return 1 ;
    }
    pjoin(ev, waitdir[i], "notification-fd") ;
    if (access(ev, F_OK) == 0) want |= TEND_SVLISTEN_READY ;
    if (tend_svlisten_init(&l[i], waitdir[i], want) != 1)
    {
      strerr_warnwu2sys("read the status of ", waitdir[i]) ;
      return 1 ;
    }
    pjoin(ev, waitdir[i], "event") ;
    tend_event_unsubscribe(ev, &waitsub[i]) ;
  }
  r = tend_svlisten_wait_g(l, nwait, 0, &deadline) ;
  for (i = 0 ; i < nwait ; i++) tend_svlisten_end(&l[i]) ;
  if (r == -1)
  {
    if (errno == ETIMEDOUT) strerr_warnw("services not up after ", fmt, " ms") ;
    else strerr_warnwu1sys("wait for the services") ;
    return 1 ;
  }
  if (r) { strerr_warnw("services failed to start") ; return 1 ; }
  if (verbosity >= 3) strerr_warni("every service is up") ;
  return 0 ;
}

static void services_from (char const *dir, int wait, unsigned int *n)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc list = GENALLOC_ZERO ;
  size_t skip = strlen(dir) + 1 ;
  char const *base = strrchr(dir, '/') ;
  int runit = !strcmp(base ? base + 1 : dir, "service") ;
  if (dir_files(dir, &sa, &list))
  {
    char const *const *p = genalloc_s(char const *, &list) ;
    for (; *p ; p++)
      if (service_add(dir, *p + skip, runit))
      {
        (*n)++ ;
        if (wait) wait_add(*p + skip) ;
      }
  }
  genalloc_free(char const *, &list) ;
  stralloc_free(&sa) ;
}

 /* services dir[:dir...] prog...: every service directory of each dir
    under supervision; with the wait setting, waits until they are up
    (ready where they notify). The links are made first, while the
    scanner may still be starting: its first scan or the rescan asked
    here finds them. */

static void do_services (char const *const *argv)
{
  unsigned int n = 0 ;
  char const *w = getenv("TEND_CMD_WAIT_FOR_SERVICES") ;
  int wait = w && w[0] == '1' ;
  char const *p ;
  if (!argv[0]) dieusage() ;
  for (p = argv[0] ; *p ;)
  {
    size_t len = strcspn(p, ":") ;
    if (len)
    {
      char dir[len + 1] ;
      memcpy(dir, p, len) ;
      dir[len] = 0 ;
      services_from(dir, wait, &n) ;
    }
    p += len ;
    if (*p) p++ ;
  }
  scanner_wait() ;
  if (n) control("a") ;
  if (wait && nwait && wait_all(envms("TEND_CMD_WAIT_FOR_SERVICES_MAXTIME", 5000)))
    stage2_failed("starting the services", 1) ;
  {
    char f[PATH_MAX] ;
    pjoin(f, rtdir(), "service/" STARTING) ;
    unlink_void(f) ;
  }
  if (argv[1]) xexec(argv + 1) ;
}


 /* finish code sig name: the wrapper every copied service's finish is,
    run by the supervisor in the service directory. The service's own
    finish was renamed finish.orig, or finish.runit for a service from the
    runit layout: that one gets runsv's arguments, -1 and not 256 for a
    run that was killed. */

/* Runs the service's own finish, if any, and waits for it. */
static void run_own_finish (char const *own, char const *const *orig)
{
  int wstat ;
  pid_t pid ;
  if (access(own, X_OK) == -1) return ;
  pid = fork() ;
  if (pid == -1) strerr_diefusys(111, "fork") ;
  if (!pid) xexec(orig) ;
  waitpid(pid, &wstat, 0) ;
}

static void do_finish (char const *const *argv)
{
  unsigned int code = 0, sig = 0 ;
  tend_svstatus_t st = TEND_SVSTATUS_ZERO ;
  int runit = access(FINISH_RUNIT, F_OK) == 0 ;
  char const *own = runit ? FINISH_RUNIT : FINISH_S6 ;
  char const *name = argv[0] && argv[1] && argv[2] ? argv[2] : "." ;
  char const *orig[5] = { runit ? "./" FINISH_RUNIT : "./" FINISH_S6, argv[0], argv[0] ? argv[1] : 0, argv[0] && argv[1] ? argv[2] : 0, 0 } ;
  if (argv[0]) uint0_scan(argv[0], &code) ;
  if (argv[0] && argv[1]) uint0_scan(argv[1], &sig) ;
  if (runit && code == 256) orig[1] = "-1" ;
  if (code == 115 && !sig)
  {
    if (verbosity >= 2) strerr_warni("service ", name, " exited 115: disabled") ;
    run_own_finish(own, orig) ;
    _exit(125) ;
  }
  if (access("essential", F_OK) == 0
   && tend_svstatus_read(".", &st) == 1 && st.flags & TEND_SVSTATUS_WANTUP)
  {
    unsigned int c = code > 255 ? 128 + sig : code ;
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, c)] = 0 ;
    strerr_warnw("essential service ", name, " exited ", fmt, ": stopping the container") ;
    record(c) ;
    control("t") ;
   /* 125: not started again while the container stops (a restart would
      run the service once more, against services already stopping). */
    run_own_finish(own, orig) ;
    _exit(125) ;
  }
  if (access(own, F_OK) == 0) xexec(orig) ;
  _exit(0) ;
}


 /* reap ms: stage 3's end. TERM every process left, wait until they are
    all gone or ms have passed, KILL the rest, reap. */

static unsigned int kids (pid_t *list, unsigned int max)
{
  static pid_t pids[NPROC_MAX], ppids[NPROC_MAX] ;
  unsigned int n = 0, k = 0, i ;
  int changed = 1 ;
  pid_t self = getpid() ;
  DIR *d = opendir("/proc") ;
  if (!d) return 0 ;
  for (;;)
  {
    struct dirent *de = readdir(d) ;
    char file[64] ;
    char buf[512] ;
    ssize_t r ;
    char *p ;
    pid_t pid, ppid ;
    if (!de) break ;
    if (de->d_name[0] < '1' || de->d_name[0] > '9' || !pid0_scan(de->d_name, &pid)) continue ;
    if (strlen(de->d_name) > 20) continue ;
    memcpy(file, "/proc/", 6) ;
    strcpy(file + 6, de->d_name) ;
    strcat(file, "/stat") ;
    r = openreadnclose(file, buf, sizeof(buf) - 1) ;
    if (r <= 0) continue ;
    buf[r] = 0 ;
    p = strrchr(buf, ')') ;
    if (!p || strlen(p) < 5) continue ;
    p += 4 ;
    if (!pid0_scan(p, &ppid)) continue ;
    if (n < NPROC_MAX) { pids[n] = pid ; ppids[n++] = ppid ; }
  }
  closedir(d) ;
   /* descendants of self: mark by setting ppid to self until stable */
  while (changed)
  {
    changed = 0 ;
    for (i = 0 ; i < n ; i++)
    {
      unsigned int j ;
      if (ppids[i] == self || pids[i] == self) continue ;
      for (j = 0 ; j < n ; j++)
        if (pids[j] == ppids[i] && ppids[j] == self) { ppids[i] = self ; changed = 1 ; break ; }
    }
  }
  for (i = 0 ; i < n && k < max ; i++)
    if (ppids[i] == self && pids[i] != self) list[k++] = pids[i] ;
  return k ;
}

static void signal_all (int sig)
{
  if (getpid() == 1)
  {
    kill(-1, sig) ;
    if (sig != SIGKILL) kill(-1, SIGCONT) ;
  }
  else
  {
    static pid_t list[NPROC_MAX] ;
    unsigned int n = kids(list, NPROC_MAX), i ;
    for (i = 0 ; i < n ; i++)
    {
      kill(list[i], sig) ;
      if (sig != SIGKILL) kill(list[i], SIGCONT) ;
    }
  }
}

 /* 1: no children left. 0: the deadline came first. */
static int reap_until (struct timespec const *deadline)
{
  for (;;)
  {
    int wstat ;
    pid_t r = waitpid(-1, &wstat, WNOHANG) ;
    if (r > 0) continue ;
    if (r == -1)
    {
      if (errno == EINTR) continue ;
      return 1 ;
    }
    if (!msleft(deadline)) return 0 ;
    chld_wait(msleft(deadline)) ;
  }
}

static unsigned int recorded (void)
{
  char file[PATH_MAX] ;
  char buf[UINT_FMT + 1] ;
  unsigned int code = 0 ;
  ssize_t r ;
  pjoin(file, rtdir(), "exitcode") ;
  r = openreadnclose(file, buf, UINT_FMT) ;
  if (r > 0) { buf[r] = 0 ; uint0_scan(buf, &code) ; }
  return code ;
}

 /* reap: stage 3's end. TERM every process left, wait until they are
    all gone or the kill grace time has passed, KILL the rest, reap; sync
    if asked; exit with the recorded code. */

static void do_reap (void)
{
  unsigned int ms = envms("TEND_KILL_GRACETIME", 3000) ;
  struct timespec deadline ;
  char const *s = getenv("TEND_SYNC_DISKS") ;
  chld_block() ;
  signal(SIGTERM, SIG_IGN) ;
  signal(SIGINT, SIG_IGN) ;
  signal_all(SIGTERM) ;
  deadline_in(&deadline, ms ? ms : 86400000) ;
  if (!reap_until(&deadline))
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, ms)] = 0 ;
    if (verbosity) strerr_warnw("processes still running ", fmt, " ms after SIGTERM: sending SIGKILL") ;
    signal_all(SIGKILL) ;
    deadline_in(&deadline, 5000) ;
    if (!reap_until(&deadline) && verbosity) strerr_warnw("processes still running 5 s after SIGKILL") ;
  }
  if (s && s[0] == '1') sync() ;
  _exit(recorded()) ;
}


int main (int argc, char const *const *argv)
{
  char const *base = strrchr(argv[0], '/') ;
  PROG = "tend-overlay" ;
  verbosity_init() ;
  base = base ? base + 1 : argv[0] ;
   /* called by the name of the link the scanner or a supervisor runs */
  if (!strcmp(base, "finish")) { PROG = "tend-finish" ; do_finish(argv + 1) ; }
  if (!strcmp(base, "SIGTERM") || !strcmp(base, "SIGINT")) { PROG = "tend-init" ; do_stop() ; return 0 ; }
  if (argc < 2) dieusage() ;
  argv += 2 ;
  if (!strcmp(argv[-1], "prep")) { PROG = "tend-init" ; do_prep(argv) ; }
  else if (!strcmp(argv[-1], "fix-attrs")) { PROG = "tend-stage2" ; do_fixattrs(argv) ; }
  else if (!strcmp(argv[-1], "cont-init")) { PROG = "tend-stage2" ; do_continit(argv) ; }
  else if (!strcmp(argv[-1], "services")) { PROG = "tend-stage2" ; do_services(argv) ; }
  else if (!strcmp(argv[-1], "cmd")) { PROG = "tend-stage2" ; do_cmd((char const **)argv) ; }
  else if (!strcmp(argv[-1], "cmdexec")) { PROG = "tend-stage2" ; do_cmdexec(argv) ; }
  else if (!strcmp(argv[-1], "stop")) { PROG = "tend-init" ; do_stop() ; }
  else if (!strcmp(argv[-1], "cont-finish")) { PROG = "tend-stage3" ; do_contfinish(argv) ; }
  else if (!strcmp(argv[-1], "reap")) { PROG = "tend-stage3" ; do_reap() ; }
  else dieusage() ;
  return 0 ;
}
