/* See COPYING for license terms. */

/* tend-log: logdirs. Every step of a rotation leaves the logdir in a state
   that logdir_init() can finish, whenever tend-log is killed; see
   doc/tend-log.html, "Rotation". */

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <dirent.h>
#include <stdio.h>  /* rename() only */

#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include <skalibs/tai.h>
#include <skalibs/exec.h>

#include "tend-log.h"

#define EXECLINEB "/usr/lib/execline/bin/execlineb"

 /* dir/name into buf, which has room for strlen(dir) + 33 bytes */
static char *mkpath (char *buf, char const *dir, char const *name)
{
  size_t n = strlen(dir), m = strlen(name) ;
  memcpy(buf, dir, n) ;
  buf[n] = '/' ;
  memcpy(buf + n + 1, name, m + 1) ;
  return buf ;
}

#define PATHBUF1(ld) char p1[strlen((ld)->dir) + 34]
#define PATHBUF(ld) PATHBUF1(ld) ; char p2[strlen((ld)->dir) + 34]

static int syncdir (char const *dir)
{
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  int r ;
  if (fd == -1) return 0 ;
  r = fsync(fd) ;
  fd_close(fd) ;
  return r != -1 || errno == EINVAL ;
}

 /* @<tai64n>.<suffix> that does not exist yet in dir. The time is now, or
    when (a file's mtime) if not null: a processed archive is named after
    the last write to its previous, so that names keep the order of the
    lines even when processing ends after a newer .u was made. */
static void archivename (char *p, logdir_t const *ld, char suffix, struct timespec const *when)
{
  tain now ;
  char name[TIMESTAMP + 3] ;
  struct stat st ;
  if (!when || !tain_from_timespec_sysclock(&now, when)) tain_wallclock_read(&now) ;
  if (!when)
  {  /* after the name a pending previous will get */
    tain floor ;
    if (stat(mkpath(p, ld->dir, "previous"), &st) == 0
     && tain_from_timespec_sysclock(&floor, &st.st_mtim))
    {
      tain_add(&floor, &floor, &tain_nano500) ;
      tain_add(&floor, &floor, &tain_nano500) ;
      if (tain_less(&now, &floor)) now = floor ;
    }
  }
  for (;;)
  {
    timestamp_fmt(name, &now) ;
    name[TIMESTAMP] = '.' ; name[TIMESTAMP + 1] = suffix ; name[TIMESTAMP + 2] = 0 ;
    mkpath(p, ld->dir, name) ;
    if (stat(p, &st) == -1) break ;
    tain_add(&now, &now, &tain_nano500) ;  /* never reuse a name */
  }
}

 /* Deletes the oldest archives while there are more than n, or more than
    S bytes of them. No allocation: one directory scan per deletion. */
static void prune (logdir_t const *ld)
{
  PATHBUF1(ld) ;
  for (;;)
  {
    char oldest[TIMESTAMP + 3] = "" ;
    uint64_t total = 0 ;
    uint32_t count = 0 ;
    struct dirent *d ;
    DIR *dir = opendir(ld->dir) ;
    if (!dir) { strerr_warnwusys("opendir ", ld->dir) ; return ; }
    for (;;)
    {
      struct stat st ;
      size_t len ;
      errno = 0 ;
      d = readdir(dir) ;
      if (!d) break ;
      len = strlen(d->d_name) ;
      if (d->d_name[0] != '@' || len != TIMESTAMP + 2 || d->d_name[TIMESTAMP] != '.'
       || (d->d_name[TIMESTAMP + 1] != 's' && d->d_name[TIMESTAMP + 1] != 'u')) continue ;
      if (stat(mkpath(p1, ld->dir, d->d_name), &st) == -1) continue ;
      count++ ; total += (uint64_t)st.st_size ;
      if (!oldest[0] || memcmp(d->d_name + 1, oldest + 1, TIMESTAMP - 1) < 0)
        memcpy(oldest, d->d_name, TIMESTAMP + 3) ;
    }
    closedir(dir) ;
    if (!count || (count <= ld->nfiles && (!ld->maxtotal || total <= ld->maxtotal))) return ;
    if (unlink(mkpath(p1, ld->dir, oldest)) == -1)
    {
      strerr_warnwusys("unlink ", p1) ;
      return ;
    }
  }
}

static int opencurrent (logdir_t *ld)
{
  PATHBUF1(ld) ;
  struct stat st ;
  int fd = open(mkpath(p1, ld->dir, "current"), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) ;
  if (fd == -1) { strerr_warnwusys("open ", p1) ; return 0 ; }
  if (fstat(fd, &st) == -1 || fchmod(fd, 0644) == -1)
  {
    strerr_warnwusys("stat ", p1) ; fd_close(fd) ; return 0 ;
  }
  ld->fd = fd ;
  ld->cursize = (uint64_t)st.st_size ;
  if (!syncdir(ld->dir)) { strerr_warnwusys("fsync ", ld->dir) ; return 0 ; }
  return 1 ;
}

 /* Turns current (finished or not) into the archive name with suffix:
    previous when there is a processor. fsync before rename. */
static int closecurrent (logdir_t *ld)
{
  if (ld->fd == -1) return 1 ;
  if (fsync(ld->fd) == -1 && errno != EINVAL)
  {
    strerr_warnwusys("fsync ", ld->dir, "/current") ; return 0 ;
  }
  if (fchmod(ld->fd, 0744) == -1)
  {
    strerr_warnwusys("chmod ", ld->dir, "/current") ; return 0 ;
  }
  fd_close(ld->fd) ;
  ld->fd = -1 ;
  return 1 ;
}

static int finish_processed (logdir_t *ld)
{
  PATHBUF(ld) ;
  struct stat st ;
  struct timespec when ;
  int fd ;
  if (stat(mkpath(p1, ld->dir, "previous"), &st) == 0
   || stat(mkpath(p1, ld->dir, "processed"), &st) == 0) when = st.st_mtim ;
  else clock_gettime(CLOCK_REALTIME, &when) ;
 /* processed and newstate were written by the processor: make them
    durable, then publish: state first, previous gone, archive last.
    Each crash point is recognized by logdir_init(). */
  fd = open(mkpath(p1, ld->dir, "processed"), O_RDONLY | O_CLOEXEC) ;
  if (fd == -1 || fsync(fd) == -1 || fchmod(fd, 0744) == -1)
  {
    strerr_warnwusys("sync ", p1) ; if (fd != -1) fd_close(fd) ; return 0 ;
  }
  fd_close(fd) ;
  fd = open(mkpath(p1, ld->dir, "newstate"), O_RDONLY | O_CLOEXEC) ;
  if (fd >= 0)
  {
    if (fsync(fd) == -1) { strerr_warnwusys("fsync ", p1) ; fd_close(fd) ; return 0 ; }
    fd_close(fd) ;
    if (rename(p1, mkpath(p2, ld->dir, "state")) == -1)
    {
      strerr_warnwusys("rename ", p1) ; return 0 ;
    }
  }
  if (unlink(mkpath(p1, ld->dir, "previous")) == -1 && errno != ENOENT)
  {
    strerr_warnwusys("unlink ", p1) ; return 0 ;
  }
  archivename(p2, ld, 's', &when) ;
  if (rename(mkpath(p1, ld->dir, "processed"), p2) == -1)
  {
    strerr_warnwusys("rename ", p1, " to ", p2) ; return 0 ;
  }
  if (!syncdir(ld->dir)) { strerr_warnwusys("fsync ", ld->dir) ; return 0 ; }
  prune(ld) ;
  return 1 ;
}

int logdir_spawn (logdir_t *ld)
{
  PATHBUF(ld) ;
  pid_t pid ;
  int fdin, fdout, fdstate, fdnew ;
  fdin = open(mkpath(p1, ld->dir, "previous"), O_RDONLY | O_CLOEXEC) ;
  if (fdin == -1) { strerr_warnwusys("open ", p1) ; return 0 ; }
  fdstate = open(mkpath(p1, ld->dir, "state"), O_RDONLY | O_CREAT | O_CLOEXEC, 0644) ;
 /* newstate before processed: processed without newstate means success */
  fdnew = open(mkpath(p2, ld->dir, "newstate"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) ;
  if (fdstate == -1 || fdnew == -1)
  {
    strerr_warnwusys("open ", fdstate == -1 ? p1 : p2) ;
    if (fdstate != -1) fd_close(fdstate) ;
    if (fdnew != -1) fd_close(fdnew) ;
    fd_close(fdin) ; return 0 ;
  }
  if (!syncdir(ld->dir)) { strerr_warnwusys("fsync ", ld->dir) ; fd_close(fdin) ; fd_close(fdstate) ; fd_close(fdnew) ; return 0 ; }
  fdout = open(mkpath(p1, ld->dir, "processed"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) ;
  if (fdout == -1) { strerr_warnwusys("open ", p1) ; fd_close(fdin) ; fd_close(fdstate) ; fd_close(fdnew) ; return 0 ; }
  pid = fork() ;
  if (pid == -1)
  {
    strerr_warnwusys("fork processor for ", ld->dir) ;
    fd_close(fdin) ; fd_close(fdout) ; fd_close(fdstate) ; fd_close(fdnew) ;
    return 0 ;
  }
  if (!pid)
  {
    char const *argv[4] = { EXECLINEB, "-Pc", ld->processor, 0 } ;
    sigset_t set ;
    PROG = "tend-log (processor child)" ;
    sigemptyset(&set) ;
    sigprocmask(SIG_SETMASK, &set, 0) ;
    signal(SIGPIPE, SIG_DFL) ;
    if (fd_move(4, fdstate) == -1 || fd_move(5, fdnew) == -1
     || fd_move(0, fdin) == -1 || fd_move(1, fdout) == -1)
      strerr_diefusys(111, "move fds") ;
    if (chdir(ld->dir) == -1) strerr_diefusys(111, "chdir to ", ld->dir) ;
    execv(argv[0], (char *const *)argv) ;
    argv[0] = "execlineb" ;
    xexec(argv) ;
  }
  fd_close(fdin) ; fd_close(fdout) ; fd_close(fdstate) ; fd_close(fdnew) ;
  ld->pid = pid ;
  return 1 ;
}

int logdir_reaped (logdir_t *ld, int wstat)
{
  ld->pid = 0 ;
  if (WIFEXITED(wstat) && !WEXITSTATUS(wstat))
  {
    if (!finish_processed(ld)) return 0 ;
    ld->process = 0 ;
    return 1 ;
  }
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, WIFEXITED(wstat) ? WEXITSTATUS(wstat) : WTERMSIG(wstat))] = 0 ;
    strerr_warnw(WIFEXITED(wstat) ? "processor failed (exit " : "processor crashed (signal ",
      fmt, ") in ", ld->dir, " - will try again") ;
  }
  return 0 ;
}

int logdir_rotate (logdir_t *ld)
{
  PATHBUF(ld) ;
  if (ld->fd >= 0 && !closecurrent(ld)) return 0 ;
  if (ld->processor)
  {
    struct stat st ;
    if (stat(mkpath(p2, ld->dir, "current"), &st) == 0
     && rename(p2, mkpath(p1, ld->dir, "previous")) == -1)
    {
      strerr_warnwusys("rename ", p2, " to ", p1) ; return 0 ;
    }
    ld->process = 1 ;
  }
  else
  {
    archivename(p1, ld, 's', 0) ;
    if (rename(mkpath(p2, ld->dir, "current"), p1) == -1 && errno != ENOENT)
    {
      strerr_warnwusys("rename ", p2, " to ", p1) ; return 0 ;
    }
  }
  if (!opencurrent(ld)) return 0 ;
  ld->rotate = 0 ;
  if (!ld->processor) prune(ld) ;
  return 1 ;
}

int logdir_finalize (logdir_t *ld)
{
  if (ld->fd == -1) return 1 ;
  return closecurrent(ld) ;
}

/* A killed write may have left part of a line at the end of file: cut it
   off. Its line is still in the input pipe and will be written again. */
static int cutpartial (char const *file, off_t size)
{
  char buf[4096] ;
  off_t end = size ;
  int fd = open(file, O_RDWR | O_CLOEXEC) ;
  if (fd == -1) return 0 ;
  while (end > 0)
  {
    size_t n = end > (off_t)sizeof(buf) ? sizeof(buf) : (size_t)end ;
    off_t start = end - (off_t)n ;
    if (pread(fd, buf, n, start) != (ssize_t)n) { fd_close(fd) ; return 0 ; }
    while (n && buf[n-1] != '\n') n-- ;
    end = start + (off_t)n ;
    if (n) break ;
  }
  if (end != size && (ftruncate(fd, end) == -1 || fsync(fd) == -1)) { fd_close(fd) ; return 0 ; }
  fd_close(fd) ;
  return 1 ;
}

void logdir_init (logdir_t *ld)
{
  PATHBUF(ld) ;
  struct stat st ;
  int fd ;
  if (mkdir(ld->dir, 0700) == -1 && errno != EEXIST)
    strerr_diefusys(111, "mkdir ", ld->dir) ;
  ld->lockfd = open(mkpath(p1, ld->dir, "lock"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644) ;
  if (ld->lockfd == -1) strerr_diefusys(111, "open ", p1) ;
  if (fd_lock(ld->lockfd, 1, 1) < 1) strerr_diefusys(111, "lock ", p1) ;
  fd = open(mkpath(p1, ld->dir, "state"), O_RDONLY | O_CREAT | O_CLOEXEC, 0644) ;
  if (fd == -1) strerr_diefusys(111, "open ", p1) ;
  fd_close(fd) ;

 /* Recovery, in the reverse order of the rotation steps. */
  if (stat(mkpath(p1, ld->dir, "processed"), &st) == 0)
  {
    int hasprev = stat(mkpath(p2, ld->dir, "previous"), &st) == 0 ;
    int hasnew = stat(mkpath(p2, ld->dir, "newstate"), &st) == 0 ;
    if (!hasprev || !hasnew)
    {  /* the processor had succeeded: finish publishing */
      if (!finish_processed(ld)) strerr_diefu(111, "finish processed archive in ", ld->dir) ;
    }
    else if (unlink(p1) == -1) strerr_diefusys(111, "unlink ", p1) ;
  }
  unlink_void(mkpath(p1, ld->dir, "newstate")) ;
  if (stat(mkpath(p1, ld->dir, "previous"), &st) == 0)
  {
    if (ld->processor) ld->process = 1 ;
    else
    {
      archivename(p2, ld, 's', &st.st_mtim) ;
      if (rename(p1, p2) == -1) strerr_diefusys(111, "rename ", p1, " to ", p2) ;
    }
  }
  if (stat(mkpath(p1, ld->dir, "current"), &st) == 0 && !(st.st_mode & S_IXUSR) && st.st_size)
  {  /* not finalized: a predecessor died while writing it */
    if (!cutpartial(p1, st.st_size)) strerr_diefusys(111, "repair ", p1) ;
    archivename(p2, ld, 'u', 0) ;
    if (rename(p1, p2) == -1) strerr_diefusys(111, "rename ", p1, " to ", p2) ;
  }
  if (!opencurrent(ld)) strerr_diefu(111, "open current in ", ld->dir) ;
  if (ld->process && ld->processor && !logdir_spawn(ld))
    tain_addsec_g(&ld->retry, 1) ;
  prune(ld) ;
}
