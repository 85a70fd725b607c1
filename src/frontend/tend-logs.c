/* See COPYING for license terms. */

/* tend logs: the last lines of a service's logdir's current, then with -f
   what is appended, across rotations (inotify on the logdir: a rename or
   removal of current, a new current). Interface: doc/tend.html */

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/direntry.h>

#include "tend.h"

#define LOGS_USAGE "tend logs [ -f ] [ -n lines ] name"
#define dieusage() strerr_dieusage(100, LOGS_USAGE)
#define DEFAULT_LINES 10

 /* Copies fd from where it is to its end onto stdout. */
static void drain (int fd)
{
  char buf[8192] ;
  for (;;)
  {
    ssize_t r = fd_read(fd, buf, sizeof(buf)) ;
    if (r == -1) strerr_diefusys(111, "read current") ;
    if (!r) return ;
    if (allwrite(1, buf, (size_t)r) < (size_t)r) strerr_diefusys(111, "write to stdout") ;
  }
}

 /* Puts fd where its last n lines start (a final line without a newline
    counts as a line), reading backwards a block at a time. */
static void seeklines (int fd, unsigned int n)
{
  char buf[8192] ;
  struct stat st ;
  off_t pos, start = 0 ;
  unsigned int seen = 0 ;
  int first = 1 ;
  if (fstat(fd, &st) == -1) strerr_diefusys(111, "stat current") ;
  pos = st.st_size ;
  if (!n) start = pos ;
  else while (pos > 0)
  {
    size_t len = pos > (off_t)sizeof(buf) ? sizeof(buf) : (size_t)pos ;
    ssize_t r ;
    size_t i ;
    pos -= (off_t)len ;
    r = pread(fd, buf, len, pos) ;
    if (r < (ssize_t)len) strerr_diefusys(111, "read current") ;
    i = len ;
   /* the newline that ends the last line separates nothing */
    if (first && buf[len - 1] == '\n') i-- ;
    first = 0 ;
    while (i--)
      if (buf[i] == '\n' && ++seen == n) { start = pos + (off_t)i + 1 ; goto found ; }
  }
 found:
  if (lseek(fd, start, SEEK_SET) == -1) strerr_diefusys(111, "seek in current") ;
}

static int opencurrent (char const *fn)
{
  int fd = open2(fn, O_RDONLY | O_CLOEXEC) ;
  if (fd == -1 && errno != ENOENT) strerr_diefusys(111, "open ", fn) ;
  return fd ;
}

typedef struct rotated_s rotated_t ;
struct rotated_s
{
  ino_t ino ;
  char name[NAME_MAX + 1] ;
} ;

static int byname (void const *a, void const *b)
{
  return strcmp(((rotated_t const *)a)->name, ((rotated_t const *)b)->name) ;
}

 /* The logdir rotated more than once since we last read: the files
    between old (read to its end) and cur (to be read next) are archived
    under names that sort in rotation order (@<TAI64N>.s or .u, then
    previous). Reads, in that order, those after old's name and before
    cur's. Nothing if old is no longer there (deleted, or replaced by a
    processor's output): then there is no telling which are newer. */
static void catchup (char const *dir, struct stat const *old, struct stat const *cur)
{
  rotated_t *t = 0 ;
  size_t n = 0, cap = 0, i ;
  int dfd ;
  DIR *d = opendir(dir) ;
  if (!d) strerr_diefusys(111, "open ", dir) ;
  dfd = dirfd(d) ;
  for (;;)
  {
    direntry *e ;
    errno = 0 ;
    e = readdir(d) ;
    if (!e) break ;
    if (e->d_name[0] != '@' && strcmp(e->d_name, "previous")) continue ;
    if (n == cap)
    {
      rotated_t *nt ;
      cap = cap ? 2 * cap : 32 ;
      nt = realloc(t, cap * sizeof(rotated_t)) ;
      if (!nt) strerr_diefusys(111, "allocate") ;
      t = nt ;
    }
    t[n].ino = e->d_ino ;
    memcpy(t[n].name, e->d_name, strlen(e->d_name) + 1) ;
    n++ ;
  }
  if (errno) strerr_diefusys(111, "read ", dir) ;
  qsort(t, n, sizeof(rotated_t), &byname) ;
  for (i = 0 ; i < n ; i++) if (t[i].ino == old->st_ino) break ;
  for (ino_t last = old->st_ino ; ++i < n ; )
  {
    int fd ;
    if (t[i].ino == cur->st_ino) break ;
    if (t[i].ino == last) continue ;  /* previous and its @ link, both */
    fd = openat(dfd, t[i].name, O_RDONLY | O_CLOEXEC) ;
    if (fd == -1)
    {
      if (errno == ENOENT) continue ;
      strerr_diefusys(111, "open ", dir, "/", t[i].name) ;
    }
    drain(fd) ;
    fd_close(fd) ;
    last = t[i].ino ;
  }
  dir_close(d) ;
  free(t) ;
}

 /* Is current (the name) still the file fd reads? If not, reads fd to
    its end, then what was rotated since, then moves on to the new
    current, read from its start; same when fd is -1. Returns the fd to
    read from now (-1: no current). */
static int recheck (char const *dir, char const *fn, int fd)
{
  struct stat a, b ;
  int nfd = opencurrent(fn) ;
  if (nfd == -1) return fd ;
  if (fstat(nfd, &b) == -1) strerr_diefusys(111, "stat ", fn) ;
  if (fd >= 0)
  {
    if (fstat(fd, &a) == -1) strerr_diefusys(111, "stat ", fn) ;
    if (a.st_ino == b.st_ino && a.st_dev == b.st_dev)
    {
      fd_close(nfd) ;
      drain(fd) ;
      return fd ;
    }
    drain(fd) ;
    fd_close(fd) ;
    catchup(dir, &a, &b) ;
  }
  drain(nfd) ;
  return nfd ;
}

 /* One watch on the logdir, filtered on the name "current": writes to it
    (IN_MODIFY) are read; when it is renamed or removed, the file we read
    is kept, since its writer may not be done; when a current appears
    (created, renamed in), we read the old file to its end, then the new
    one from its start. Files are told apart by inode, so an event
    processed late (the logdir rotated again meanwhile) never makes us
    read a file twice; a file that was rotated away before we could open
    it is read from where it was archived (catchup). No polling: the read on the inotify fd
    blocks. */
static void follow (char const *dir, char const *fn, int fd)
{
  char buf[sizeof(struct inotify_event) + NAME_MAX + 1] __attribute__ ((aligned(__alignof__(struct inotify_event)))) ;
  int ifd = inotify_init1(IN_CLOEXEC) ;
  if (ifd == -1) strerr_diefusys(111, "inotify_init1") ;
  if (inotify_add_watch(ifd, dir, IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF) == -1)
    strerr_diefusys(111, "watch ", dir) ;
 /* the watch is in place: what happened before it is caught up on now */
  fd = recheck(dir, fn, fd) ;
  for (;;)
  {
    ssize_t r = read(ifd, buf, sizeof(buf)) ;
    if (r == -1)
    {
      if (errno == EINTR) continue ;
      strerr_diefusys(111, "read inotify events") ;
    }
    for (char *p = buf ; p < buf + r ; )
    {
      struct inotify_event const *ev = (struct inotify_event const *)p ;
      p += sizeof(struct inotify_event) + ev->len ;
      if (ev->mask & IN_Q_OVERFLOW) { fd = recheck(dir, fn, fd) ; continue ; }
      if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF))
      {
        if (fd >= 0) drain(fd) ;
        strerr_dief(1, dir, " was removed or renamed") ;
      }
      if (!ev->len || strcmp(ev->name, "current")) continue ;
      if (ev->mask & (IN_CREATE | IN_MOVED_TO)) fd = recheck(dir, fn, fd) ;
      else if (fd >= 0) drain(fd) ;
    }
  }
}

int cmd_logs (int argc, char const **argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  unsigned int lines = DEFAULT_LINES ;
  char dir[PATH_MAX] ;
  char fn[PATH_MAX + 8] ;
  int f = 0, opt, fd ;
  while ((opt = subgetopt_r(argc, argv, "fn:", &l)) != -1) switch (opt)
  {
    case 'f' : f = 1 ; break ;
    case 'n' : if (!uint0_scan(l.arg, &lines)) dieusage() ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (argc != 1) dieusage() ;
  name_check(argv[0]) ;
  if (!logtarget(argv[0], dir))
    strerr_dief(1, argv[0], " has no logdir: its output goes to ", !strcmp(dir, "stdout") ? "svscan's standard output" : dir) ;
  memcpy(fn, dir, strlen(dir)) ;
  memcpy(fn + strlen(dir), "/current", sizeof("/current")) ;
  fd = opencurrent(fn) ;
  if (fd == -1 && !f) strerr_dief(1, "no ", fn, " yet") ;
  if (fd >= 0)
  {
    seeklines(fd, lines) ;
    drain(fd) ;
  }
  if (f) follow(dir, fn, fd) ;
  return 0 ;
}
