/* See COPYING for license terms. */

/* tend logs: the last lines of a service's logdir's current, then with -f
   what is appended, across rotations (inotify on the logdir: a rename or
   removal of current, a new current). Interface: doc/tend.html */

#include <errno.h>
#include <limits.h>
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

 /* One watch on the logdir, filtered on the name "current": writes to it
    (IN_MODIFY), its rename or removal (the old file is drained, then
    closed), a new one (read from its start). No polling: the read on the
    inotify fd blocks. */
static void follow (char const *dir, char const *fn, int fd)
{
  char buf[sizeof(struct inotify_event) + NAME_MAX + 1] __attribute__ ((aligned(__alignof__(struct inotify_event)))) ;
  int ifd = inotify_init1(IN_CLOEXEC) ;
  if (ifd == -1) strerr_diefusys(111, "inotify_init1") ;
  if (inotify_add_watch(ifd, dir, IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF) == -1)
    strerr_diefusys(111, "watch ", dir) ;
 /* the watch is in place: whatever was written before it is read now */
  if (fd == -1)
  {
    fd = opencurrent(fn) ;
    if (fd >= 0) drain(fd) ;
  }
  else drain(fd) ;
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
      if (ev->mask & IN_Q_OVERFLOW)
      {
       /* events were lost: drain, and switch if current is another file */
        struct stat a, b ;
        if (fd >= 0) drain(fd) ;
        if (stat(fn, &b) == 0 && (fd == -1 || (fstat(fd, &a) == 0 && (a.st_ino != b.st_ino || a.st_dev != b.st_dev))))
        {
          if (fd >= 0) fd_close(fd) ;
          fd = opencurrent(fn) ;
          if (fd >= 0) drain(fd) ;
        }
        continue ;
      }
      if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF))
      {
        if (fd >= 0) drain(fd) ;
        strerr_dief(1, dir, " was removed or renamed") ;
      }
      if (!ev->len || strcmp(ev->name, "current")) continue ;
      if (ev->mask & IN_MODIFY)
      {
        if (fd >= 0) drain(fd) ;
      }
      else if (ev->mask & (IN_MOVED_FROM | IN_DELETE))
      {
        if (fd >= 0) { drain(fd) ; fd_close(fd) ; fd = -1 ; }
      }
      else if (ev->mask & (IN_CREATE | IN_MOVED_TO))
      {
        if (fd >= 0) { drain(fd) ; fd_close(fd) ; }
        fd = opencurrent(fn) ;
        if (fd >= 0) drain(fd) ;
      }
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
