/* See COPYING for license terms. */

/* tend: the front end for people at a shell and for health probes; sees
   and steers the services of a scan directory by name.
   Interface and exit codes: doc/tend.html */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/direntry.h>
#include <skalibs/buffer.h>
#include <skalibs/djbunix.h>
#include <skalibs/types.h>
#include <skalibs/sig.h>

#include <tend/svdir.h>
#include <tend/scandir.h>
#include "tend.h"

#define USAGE "tend [ -s scandir ] status|start|stop|restart|once|reload|signal|kill|logs|health|tree|list [ options ] [ name... ]"
#define dieusage() strerr_dieusage(100, USAGE)

char const *sdir = TEND_DEFAULT_SCANDIR ;
char const **names = 0 ;
unsigned int nnames = 0 ;

void svpath (char *buf, char const *name, char const *sub)
{
  size_t n = tend_path_join(buf, PATH_MAX, sdir, name) ;
  if (n && sub) n = tend_path_join(buf, PATH_MAX, buf, sub) ;
  if (!n) strerr_diefusys(111, "build a path for ", name) ;
}

int svhas (char const *name, char const *file)
{
  char fn[PATH_MAX] ;
  svpath(fn, name, file) ;
  if (access(fn, F_OK) == 0) return 1 ;
  if (errno != ENOENT && errno != ENOTDIR) strerr_diefusys(111, "check ", fn) ;
  return 0 ;
}

static int isdir (char const *path)
{
  struct stat st ;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ;
}

static int cmp (void const *a, void const *b)
{
  return strcmp(*(char const *const *)a, *(char const *const *)b) ;
}

 /* Names are read once into one stralloc; the array points into it. */
void names_load (void)
{
  static stralloc sa = STRALLOC_ZERO ;
  size_t n = 0, pos = 0 ;
  DIR *dir = opendir(sdir) ;
  if (!dir)
  {
    if (errno == ENOENT) strerr_dief(1, "no scan directory ", sdir, " (use -s or TEND_SCANDIR)") ;
    strerr_diefusys(111, "open scan directory ", sdir) ;
  }
  for (;;)
  {
    direntry *d ;
    char fn[PATH_MAX] ;
    errno = 0 ;
    d = readdir(dir) ;
    if (!d) break ;
    if (d->d_name[0] == '.') continue ;
    svpath(fn, d->d_name, 0) ;
    if (!isdir(fn)) continue ;
    if (!stralloc_catb(&sa, d->d_name, strlen(d->d_name) + 1)) strerr_diefusys(111, "allocate") ;
    n++ ;
    svpath(fn, d->d_name, "log") ;
    if (isdir(fn))
    {
      if (!stralloc_cats(&sa, d->d_name) || !stralloc_catb(&sa, "/log", 5)) strerr_diefusys(111, "allocate") ;
      n++ ;
    }
  }
  if (errno) strerr_diefusys(111, "read scan directory ", sdir) ;
  dir_close(dir) ;
  names = malloc((n ? n : 1) * sizeof(char const *)) ;
  if (!names) strerr_diefusys(111, "allocate") ;
  for (nnames = 0 ; nnames < n ; nnames++)
  {
    names[nnames] = sa.s + pos ;
    pos += strlen(sa.s + pos) + 1 ;
  }
  qsort(names, nnames, sizeof(char const *), &cmp) ;
}

void name_check (char const *name)
{
  stralloc sa = STRALLOC_ZERO ;
  for (unsigned int i = 0 ; i < nnames ; i++) if (!strcmp(names[i], name)) return ;
  for (unsigned int i = 0 ; i < nnames ; i++)
    if (!stralloc_cats(&sa, i ? " " : "") || !stralloc_cats(&sa, names[i])) strerr_diefusys(111, "allocate") ;
  if (!stralloc_0(&sa)) strerr_diefusys(111, "allocate") ;
  if (!nnames) strerr_dief(1, "unknown service: ", name, " (", sdir, " holds no services)") ;
  strerr_dief(1, "unknown service: ", name, " (known: ", sa.s, ")") ;
}

void need_svscan (void)
{
  char fn[PATH_MAX] ;
  int r ;
  if (!tend_path_join(fn, sizeof(fn), sdir, TEND_SVSCAN_LOCK)) strerr_diefusys(111, "build a path for ", sdir) ;
  r = tend_svdir_locked(fn) ;
  if (r == -1) strerr_diefusys(111, "check ", fn) ;
  if (!r) strerr_dief(1, "no svscan is running on ", sdir) ;
}

static size_t putlen (char *buf, char const *s)
{
  size_t n = strlen(s) ;
  memcpy(buf, s, n + 1) ;
  return n ;
}

int logtarget (char const *name, char *buf)
{
  char fn[PATH_MAX] ;
  size_t len = strlen(name) ;
  int r ;
  if (len >= 4 && !strcmp(name + len - 4, "/log")) svpath(fn, name, 0) ;
  else
  {
    svpath(fn, name, "log") ;
    if (!isdir(fn)) return (putlen(buf, "stdout"), 0) ;
  }
  r = tend_svdir_logdir(fn, buf, PATH_MAX) ;
  if (r == -1) strerr_diefusys(111, "find the logdir of ", fn) ;
  if (r) return 1 ;
  if (len >= 4 && !strcmp(name + len - 4, "/log")) putlen(buf, "stdout") ;
  else if (len + 5 > PATH_MAX) putlen(buf, "log") ;
  else
  {
    memcpy(buf, name, len) ;
    memcpy(buf + len, "/log", 5) ;
  }
  return 0 ;
}

static uint64_t since (tain const *now, tain const *then)
{
  if (!tain_less(then, now)) return 0 ;
  return tai_sec(tain_secp(now)) - tai_sec(tain_secp(then)) - (now->nano < then->nano) ;
}

void info_get (info_t *x, char const *name, tain const *now)
{
  char fn[PATH_MAX] ;
  int r ;
  memset(x, 0, sizeof(*x)) ;
  x->name = name ;
  svpath(fn, name, 0) ;
  r = tend_svdir_supervised(fn) ;
  if (r == -1) strerr_diefusys(111, "check ", fn) ;
  x->supervised = r ;
  x->notifies = svhas(name, "notification-fd") ;
  x->normallyup = !svhas(name, "down") ;
  x->essential = svhas(name, "essential") ;
  logtarget(name, x->log) ;
  if (!r) return ;
  r = tend_svstatus_read(fn, &x->st) ;
  if (r < 1)
  {
   /* a supervisor that has not written its status yet: down, and wanted
      up unless there is a down file, as it is about to write */
    if (r == -1 && errno == ENOENT)
    {
      if (x->normallyup) x->st.flags |= TEND_SVSTATUS_WANTUP ;
      return ;
    }
    strerr_diefusys(111, "read status for ", fn) ;
  }
  {
    struct stat dt ;
    svpath(fn, name, TEND_SUPERVISE_DEATHTALLY) ;
    x->died = stat(fn, &dt) == 0 && dt.st_size > 0 ;
  }
  x->up = tend_svstatus_isup(&x->st) ;
  x->finishing = x->st.pid && x->st.flags & TEND_SVSTATUS_FINISHING ;
  x->pid = (pid_t)x->st.pid ;
  x->secs = since(now, &x->st.stamp) ;
  x->ready = x->up && x->notifies && x->st.flags & TEND_SVSTATUS_READY ;
}

size_t fmt_duration (char *s, uint64_t secs)
{
  static char const digits[] = "0123456789" ;
  uint64_t a, b ;
  char const *ua, *ub ;
  size_t n ;
  if (secs < 60) { n = uint64_fmt(s, secs) ; s[n++] = 's' ; s[n] = 0 ; return n ; }
  if (secs < 3600) { a = secs / 60 ; b = secs % 60 ; ua = "m" ; ub = "s" ; }
  else if (secs < 86400) { a = secs / 3600 ; b = secs % 3600 / 60 ; ua = "h" ; ub = "m" ; }
  else { a = secs / 86400 ; b = secs % 86400 / 3600 ; ua = "d" ; ub = "h" ; }
  if (a > 99999999) a = 99999999 ;
  n = uint64_fmt(s, a) ;
  s[n++] = ua[0] ;
  s[n++] = digits[b / 10] ;
  s[n++] = digits[b % 10] ;
  s[n++] = ub[0] ;
  s[n] = 0 ;
  return n ;
}

char const *fmt_last (char *buf, info_t const *x)
{
  if (!x->supervised || x->up || !x->died) return "-" ;
  if (WIFSIGNALED(x->st.wstat))
  {
    size_t n = 3 ;
    memcpy(buf, "SIG", 3) ;
    n += strlen(sig_name(WTERMSIG(x->st.wstat))) ;
    memcpy(buf + 3, sig_name(WTERMSIG(x->st.wstat)), n - 3) ;
    buf[n] = 0 ;
    return buf ;
  }
  buf[uint_fmt(buf, WEXITSTATUS(x->st.wstat))] = 0 ;
  return buf ;
}

static int cmd_list (int argc, char const **argv)
{
  (void)argv ;
  if (argc > 1) strerr_dieusage(100, "tend list") ;
  for (unsigned int i = 0 ; i < nnames ; i++)
    if (buffer_puts(buffer_1, names[i]) < 0 || buffer_put(buffer_1, "\n", 1) < 0)
      strerr_diefusys(111, "write to stdout") ;
  if (!buffer_flush(buffer_1)) strerr_diefusys(111, "write to stdout") ;
  return 0 ;
}

typedef int cmd_func (int, char const **) ;
struct cmd_s
{
  char const *name ;
  cmd_func *f ;
} ;

static struct cmd_s const cmds[] =
{
  { "status", &cmd_status },
  { "start", &cmd_control },
  { "stop", &cmd_control },
  { "restart", &cmd_control },
  { "once", &cmd_control },
  { "reload", &cmd_control },
  { "signal", &cmd_control },
  { "kill", &cmd_control },
  { "logs", &cmd_logs },
  { "health", &cmd_health },
  { "tree", &cmd_tree },
  { "list", &cmd_list },
  { 0, 0 }
} ;

 /* runit's sv verbs, as the subcommand (and signal) they mean here. */
static struct { char const *sv ; char const *cmd ; char const *sig ; } const svverbs[] =
{
  { "up", "start", 0 }, { "down", "stop", 0 }, { "pause", "signal", "STOP" },
  { "cont", "signal", "CONT" }, { "hup", "signal", "HUP" }, { "alarm", "signal", "ALRM" },
  { "interrupt", "signal", "INT" }, { "quit", "signal", "QUIT" }, { "1", "signal", "USR1" },
  { "2", "signal", "USR2" }, { "term", "signal", "TERM" }, { 0, 0, 0 }
} ;

 /* The long options people type, turned into the short ones they mean. */
static char const *longopt (char const *s)
{
  static char const *const map[][2] =
  {
    { "--json", "-j" }, { "--follow", "-f" }, { "--no-wait", "-n" },
    { "--lines", "-n" }, { "--timeout", "-t" }, { "--help", "-h" }, { 0, 0 }
  } ;
  for (unsigned int i = 0 ; map[i][0] ; i++) if (!strcmp(s, map[i][0])) return map[i][1] ;
  return s ;
}

/* Without -s or TEND_SCANDIR: the overlay's scan directory, in
   $TEND_RUNTIME_DIR when set, else /run/tend, else /tmp/tend where
   /init fell back to it (a non-root container). */
static void default_sdir (char *buf)
{
  char const *r = getenv("TEND_RUNTIME_DIR") ;
  if (r && *r)
  {
    if (!tend_path_join(buf, PATH_MAX, r, "service")) strerr_diefusys(111, "build a path for ", r) ;
    sdir = buf ;
  }
  else if (!isdir(TEND_DEFAULT_SCANDIR) && isdir(TEND_FALLBACK_SCANDIR)) sdir = TEND_FALLBACK_SCANDIR ;
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  char const *x = getenv("TEND_SCANDIR") ;
  char rtsdir[PATH_MAX] ;
  int opt ;
  PROG = "tend" ;
  if (x && *x) sdir = x ; else default_sdir(rtsdir) ;
  while ((opt = subgetopt_r(argc, argv, "s:h", &l)) != -1) switch (opt)
  {
    case 's' : sdir = l.arg ; break ;
    case 'h' :
      if (buffer_putsflush(buffer_1, "usage: " USAGE "\n") < 0) strerr_diefusys(111, "write to stdout") ;
      return 0 ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (!argc) dieusage() ;
  {
    char const *w[argc + 2] ;
    unsigned int k = 0 ;
    while (svverbs[k].sv && strcmp(argv[0], svverbs[k].sv)) k++ ;
    memcpy(w, argv, (argc + 1) * sizeof(char const *)) ;
    if (svverbs[k].sv)
    {
      w[0] = svverbs[k].cmd ;
      if (svverbs[k].sig)
      {
        memcpy(w + 2, argv + 1, argc * sizeof(char const *)) ;
        w[1] = svverbs[k].sig ;
        argc++ ;
      }
    }
    for (unsigned int i = 0 ; cmds[i].name ; i++)
      if (!strcmp(w[0], cmds[i].name))
      {
        char const *v[argc + 1] ;
        int nolong = 0 ;
        for (int j = 0 ; j < argc ; j++)
        {
          v[j] = nolong || !j ? w[j] : longopt(w[j]) ;
          if (!strcmp(w[j], "--")) nolong = 1 ;
        }
        v[argc] = 0 ;
        names_load() ;
        return (*cmds[i].f)(argc, v) ;
      }
    strerr_dief(100, "unknown subcommand: ", w[0], " (usage: ", USAGE, ")") ;
  }
}
