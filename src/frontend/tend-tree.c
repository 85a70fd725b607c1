/* See COPYING for license terms. */

/* tend tree: the processes under svscan (supervisors, services, loggers
   and anything else it runs), from /proc. Interface: doc/tend.html */

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/buffer.h>
#include <skalibs/stralloc.h>
#include <skalibs/direntry.h>
#include <skalibs/djbunix.h>

#include <tend/svdir.h>
#include <tend/scandir.h>
#include "tend.h"

#define TREE_USAGE "tend tree"
#define CMDMAX 200  /* a command line is shown up to this many bytes */

typedef struct proc_s proc_t ;
struct proc_s
{
  pid_t pid ;
  pid_t ppid ;
  size_t cmd ;  /* offset in the strings */
} ;

static proc_t *procs = 0 ;
static size_t nprocs = 0 ;
static stralloc strings = STRALLOC_ZERO ;

static void out (char const *s, size_t n)
{
  if (buffer_put(buffer_1, s, n) < 0) strerr_diefusys(111, "write to stdout") ;
}
static void outs (char const *s) { out(s, strlen(s)) ; }

 /* pid, parent and command line of one process; 0 if it is gone. */
static int readproc (pid_t pid, proc_t *p)
{
  char fn[32 + PID_FMT] ;
  char buf[CMDMAX + 1] ;
  size_t n ;
  ssize_t r ;
  char *q ;
  unsigned int ppid ;
  memcpy(fn, "/proc/", 6) ;
  n = 6 + pid_fmt(fn + 6, pid) ;
  memcpy(fn + n, "/stat", 6) ;
  r = openreadnclose(fn, buf, CMDMAX) ;
  if (r <= 0) return 0 ;
  buf[r] = 0 ;
  q = strrchr(buf, ')') ;
  /* "pid (comm) S ppid ...": comm may hold anything, ')' included */
  if (!q || q[1] != ' ' || !q[2] || q[3] != ' ' || !uint_scan(q + 4, &ppid)) return 0 ;
  p->pid = pid ;
  p->ppid = (pid_t)ppid ;
  p->cmd = strings.len ;
  memcpy(fn + n, "/cmdline", 9) ;
  r = openreadnclose(fn, buf, CMDMAX) ;
  if (r > 0)
  {
    while (r && !buf[r - 1]) r-- ;
    for (ssize_t i = 0 ; i < r ; i++) if (!buf[i] || buf[i] == '\n') buf[i] = ' ' ;
    if (!stralloc_catb(&strings, buf, (size_t)r) || !stralloc_0(&strings)) strerr_diefusys(111, "allocate") ;
  }
  else
  {
   /* a zombie or a kernel thread: its name from stat, in brackets */
    char *c ;
    fn[n] = 0 ;
    memcpy(fn + n, "/stat", 6) ;
    r = openreadnclose(fn, buf, CMDMAX) ;
    if (r <= 0) return 0 ;
    buf[r] = 0 ;
    c = strchr(buf, '(') ;
    q = strrchr(buf, ')') ;
    if (!c || !q || q < c) return 0 ;
    *c = '[' ; *q = ']' ;
    if (!stralloc_catb(&strings, c, (size_t)(q - c + 1)) || !stralloc_0(&strings)) strerr_diefusys(111, "allocate") ;
  }
  return 1 ;
}

static void readprocs (void)
{
  size_t cap = 0 ;
  DIR *dir = opendir("/proc") ;
  if (!dir) strerr_diefusys(111, "open /proc") ;
  for (;;)
  {
    direntry *d ;
    unsigned int pid ;
    errno = 0 ;
    d = readdir(dir) ;
    if (!d) break ;
    if (!uint0_scan(d->d_name, &pid) || !pid) continue ;
    if (nprocs == cap)
    {
      proc_t *np ;
      cap = cap ? 2 * cap : 256 ;
      np = realloc(procs, cap * sizeof(proc_t)) ;
      if (!np) strerr_diefusys(111, "allocate") ;
      procs = np ;
    }
    if (readproc((pid_t)pid, procs + nprocs)) nprocs++ ;
  }
  if (errno) strerr_diefusys(111, "read /proc") ;
  dir_close(dir) ;
}

 /* svscan's pid: the owner of its lock; failing that (an OFD lock does
    not name its owner), the process whose working directory is the scan
    directory and whose command mentions svscan. */
static pid_t svscanpid (void)
{
  char fn[PATH_MAX] ;
  char real[PATH_MAX] ;
  pid_t pid = 0 ;
  int r ;
  if (!tend_path_join(fn, sizeof(fn), sdir, TEND_SVSCAN_LOCK)) strerr_diefusys(111, "build a path for ", sdir) ;
  r = tend_svdir_lockpid(fn, &pid) ;
  if (r == -1) strerr_diefusys(111, "check ", fn) ;
  if (!r) strerr_dief(1, "no svscan is running on ", sdir) ;
  if (pid > 0) return pid ;
  if (!realpath(sdir, real)) strerr_diefusys(111, "resolve ", sdir) ;
  for (size_t i = 0 ; i < nprocs ; i++)
  {
    char link[32 + PID_FMT] ;
    char cwd[PATH_MAX] ;
    size_t n ;
    ssize_t l ;
    memcpy(link, "/proc/", 6) ;
    n = 6 + pid_fmt(link + 6, procs[i].pid) ;
    memcpy(link + n, "/cwd", 5) ;
    l = readlink(link, cwd, sizeof(cwd) - 1) ;
    if (l <= 0) continue ;
    cwd[l] = 0 ;
    if (!strcmp(cwd, real) && strstr(strings.s + procs[i].cmd, "svscan")) return procs[i].pid ;
  }
  strerr_dief(111, "svscan holds the lock of ", sdir, " but could not be found in /proc") ;
}

 /* Children in pid order, each with its subtree; prefix draws the lines. */
static void show (pid_t pid, stralloc *prefix, int depth)
{
  size_t last = nprocs ;
  if (depth > 64) return ;  /* a cycle can only come from pid reuse: stop */
  for (size_t i = 0 ; i < nprocs ; i++) if (procs[i].ppid == pid) last = i ;
  for (size_t i = 0 ; i < nprocs ; i++)
  {
    char buf[PID_FMT] ;
    size_t len = prefix->len ;
    int islast = i == last ;
    if (procs[i].ppid != pid) continue ;
    out(prefix->s, prefix->len) ;
    outs(islast ? "`-- " : "|-- ") ;
    out(buf, pid_fmt(buf, procs[i].pid)) ;
    out(" ", 1) ;
    outs(strings.s + procs[i].cmd) ;
    out("\n", 1) ;
    if (!stralloc_cats(prefix, islast ? "    " : "|   ")) strerr_diefusys(111, "allocate") ;
    show(procs[i].pid, prefix, depth + 1) ;
    prefix->len = len ;
  }
}

static int bypid (void const *a, void const *b)
{
  pid_t x = ((proc_t const *)a)->pid, y = ((proc_t const *)b)->pid ;
  return x < y ? -1 : x > y ;
}

int cmd_tree (int argc, char const **argv)
{
  stralloc prefix = STRALLOC_ZERO ;
  char buf[PID_FMT] ;
  pid_t root ;
  size_t i ;
  (void)argv ;
  if (argc > 1) strerr_dieusage(100, TREE_USAGE) ;
  need_svscan() ;
  readprocs() ;
  qsort(procs, nprocs, sizeof(proc_t), &bypid) ;
  root = svscanpid() ;
  for (i = 0 ; i < nprocs ; i++) if (procs[i].pid == root) break ;
  buf[pid_fmt(buf, root)] = 0 ;
  if (i == nprocs) strerr_dief(111, "svscan (pid ", buf, ") could not be read in /proc") ;
  outs(buf) ;
  out(" ", 1) ;
  outs(strings.s + procs[i].cmd) ;
  out("\n", 1) ;
  if (!stralloc_0(&prefix)) strerr_diefusys(111, "allocate") ;
  prefix.len = 0 ;
  show(root, &prefix, 0) ;
  for (unsigned int j = 0 ; j < nnames ; j++)
  {
    char fn[PATH_MAX] ;
    int r ;
    svpath(fn, names[j], 0) ;
    r = tend_svdir_supervised(fn) ;
    if (r == -1) strerr_diefusys(111, "check ", fn) ;
    if (!r) { outs("(not supervised: ") ; outs(names[j]) ; outs(")\n") ; }
  }
  if (!buffer_flush(buffer_1)) strerr_diefusys(111, "write to stdout") ;
  stralloc_free(&prefix) ;
  return 0 ;
}
