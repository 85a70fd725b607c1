/* See COPYING for license terms. */

/* Service directory helpers: the supervise lock test (fcntl, as s6-svok),
   the small-file readers, path joining. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <tend/svdir.h>

#include "tap.h"

static char dir[] = "/tmp/tend-t0005.XXXXXX" ;

static char const *path (char const *name)
{
  static char buf[512] ;
  snprintf(buf, sizeof(buf), "%s/%s", dir, name) ;
  return buf ;
}

static void put (char const *name, char const *s)
{
  int fd = open(path(name), O_WRONLY | O_CREAT | O_TRUNC, 0644) ;
  if (fd == -1 || write(fd, s, strlen(s)) != (ssize_t)strlen(s)) ok(0, "write a test file") ;
  close(fd) ;
}

enum lockhow_e { FCNTL_WRITE, FCNTL_READ, OFD_WRITE, FLOCK } ;

 /* A child takes a lock on the file, tells us, then waits until we close
    its pipe. No sleeping: each step waits for the other side. */
static pid_t holder (char const *fn, enum lockhow_e how, int *release)
{
  int ready[2], go[2] ;
  char c ;
  pid_t pid ;
  if (pipe(ready) == -1 || pipe(go) == -1) return -1 ;
  pid = fork() ;
  if (pid == -1) return -1 ;
  if (!pid)
  {
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
    int fd = open(fn, (how == FCNTL_READ ? O_RDONLY : O_WRONLY) | O_CREAT, 0644) ;
    int r = -1 ;
    close(ready[0]) ; close(go[1]) ;
    switch (how)
    {
      case FCNTL_WRITE : r = fcntl(fd, F_SETLK, &fl) ; break ;
      case FCNTL_READ : fl.l_type = F_RDLCK ; r = fcntl(fd, F_SETLK, &fl) ; break ;
      case OFD_WRITE : r = fcntl(fd, F_OFD_SETLK, &fl) ; break ;
      case FLOCK : r = flock(fd, LOCK_EX) ; break ;
    }
    if (r == -1) _exit(111) ;
    if (write(ready[1], "", 1) != 1) _exit(111) ;
    if (read(go[0], &c, 1) == -1) _exit(111) ;
    _exit(0) ;
  }
  close(ready[1]) ; close(go[0]) ;
  if (read(ready[0], &c, 1) != 1) { close(ready[0]) ; close(go[1]) ; return -1 ; }
  close(ready[0]) ;
  *release = go[1] ;
  return pid ;
}

static void release (pid_t pid, int fd)
{
  close(fd) ;
  waitpid(pid, 0, 0) ;
}

static void test_locked (void)
{
  char lock[512] ;
  pid_t pid ;
  int rel ;

  strcpy(lock, path("supervise/lock")) ;
  ok(tend_svdir_locked(lock) == 0, "missing directory: not held (0)") ;
  mkdir(path("supervise"), 0700) ;
  ok(tend_svdir_locked(lock) == 0, "missing lock file: not held (0)") ;
  close(open(lock, O_WRONLY | O_CREAT, 0644)) ;
  ok(tend_svdir_locked(lock) == 0, "free lock file: 0") ;

  pid = holder(lock, FCNTL_WRITE, &rel) ;
  ok(pid > 0 && tend_svdir_locked(lock) == 1, "fcntl write lock held by another process (as s6-supervise): 1") ;
  release(pid, rel) ;
  ok(tend_svdir_locked(lock) == 0, "holder gone: 0 again") ;

  pid = holder(lock, OFD_WRITE, &rel) ;
  ok(pid > 0 && tend_svdir_locked(lock) == 1, "an OFD write lock is seen too: 1") ;
  release(pid, rel) ;

  pid = holder(lock, FCNTL_READ, &rel) ;
  ok(pid > 0 && tend_svdir_locked(lock) == 0, "a read lock does not count (asks about a read lock, as s6-svok): 0") ;
  release(pid, rel) ;

  pid = holder(lock, FLOCK, &rel) ;
  ok(pid > 0 && tend_svdir_locked(lock) == 0, "an flock() lock is invisible to fcntl: 0 (why supervisors must use fcntl)") ;
  release(pid, rel) ;

  put("file", "x") ;
  ok(tend_svdir_locked(path("file/lock")) == 0, "a path through a file (ENOTDIR): 0") ;
  unlink(path("file")) ;
  chmod(lock, 0) ;
  if (geteuid()) ok(tend_svdir_locked(lock) == -1 && errno == EACCES, "unreadable lock file: -1, EACCES") ;
  else printf("ok %d # SKIP unreadable file needs non-root\n", ++tap_n) ;
  unlink(lock) ;
  rmdir(path("supervise")) ;
}

static void test_supervised (void)
{
  char sv[512] ;
  pid_t pid ;
  int rel ;
  strcpy(sv, path("sv")) ;
  errno = 0 ;
  ok(tend_svdir_supervised(sv) == 0, "supervised: missing directory: 0") ;
  mkdir(sv, 0755) ;
  ok(tend_svdir_supervised(sv) == 0, "supervised: no supervise/: 0") ;
  mkdir(path("sv/supervise"), 0700) ;
  ok(tend_svdir_supervised(sv) == 0, "supervised: no lock file: 0") ;
  close(open(path("sv/supervise/lock"), O_WRONLY | O_CREAT, 0644)) ;
  ok(tend_svdir_supervised(sv) == 0 && errno == 0, "supervised: free lock: 0, errno 0") ;
  pid = holder(path("sv/supervise/lock"), FCNTL_WRITE, &rel) ;
  ok(pid > 0 && tend_svdir_supervised(sv) == 1, "supervised: lock held: 1") ;
  release(pid, rel) ;
  unlink(path("sv/supervise/lock")) ;
  rmdir(path("sv/supervise")) ;
  put("sv/supervise", "x") ;
  errno = 0 ;
  ok(tend_svdir_supervised(sv) == -1 && errno == ENOTDIR, "supervised: supervise is a file: -1, ENOTDIR (unlike tend_svdir_locked)") ;
  unlink(path("sv/supervise")) ;
  rmdir(sv) ;
  put("sv", "x") ;
  ok(tend_svdir_supervised(sv) == -1 && errno == ENOTDIR, "supervised: the service directory is a file: -1, ENOTDIR") ;
  unlink(sv) ;
}

static void test_readuint (void)
{
  unsigned int u = 12345 ;
  static struct { char const *content ; int r ; unsigned int u ; char const *desc ; } const cases[] =
  {
    { "3\n", 1, 3, "readuint: 3 with a newline" },
    { "3", 1, 3, "readuint: 3 without a newline" },
    { "007\n", 1, 7, "readuint: leading zeros" },
    { "5000\nsecond line\n", 1, 5000, "readuint: only the first line counts" },
    { "4294967295\n", 1, 4294967295U, "readuint: UINT_MAX" },
    { "4294967296\n", -1, 0, "readuint: overflow is garbage" },
    { "", -1, 0, "readuint: empty file is garbage" },
    { "\n", -1, 0, "readuint: empty line is garbage" },
    { " 3\n", -1, 0, "readuint: leading space is garbage" },
    { "3 \n", -1, 0, "readuint: trailing space is garbage" },
    { "3x\n", -1, 0, "readuint: trailing letters are garbage" },
    { "-1\n", -1, 0, "readuint: negative is garbage" },
    { "0x10\n", -1, 0, "readuint: hex is garbage" },
  } ;
  for (unsigned int i = 0 ; i < sizeof(cases) / sizeof(*cases) ; i++)
  {
    int r ;
    put("num", cases[i].content) ;
    u = 12345 ;
    errno = 0 ;
    r = tend_svdir_readuint(path("num"), &u) ;
    if (cases[i].r == 1) ok(r == 1 && u == cases[i].u, cases[i].desc) ;
    else ok(r == -1 && errno == EINVAL && u == 12345, cases[i].desc) ;
  }
  unlink(path("num")) ;
  ok(tend_svdir_readuint(path("num"), &u) == 0 && u == 12345, "readuint: missing file: 0, value untouched") ;
  mkdir(path("num"), 0700) ;
  ok(tend_svdir_readuint(path("num"), &u) == -1 && errno != EINVAL, "readuint: a directory: -1, a system errno") ;
  rmdir(path("num")) ;
}

static void test_readsig (void)
{
  int sig = -7 ;
  static struct { char const *content ; int r ; int sig ; char const *desc ; } const cases[] =
  {
    { "SIGHUP\n", 1, SIGHUP, "readsig: SIGHUP with a newline" },
    { "HUP\n", 1, SIGHUP, "readsig: HUP (without SIG)" },
    { "SIGUSR1", 1, SIGUSR1, "readsig: SIGUSR1 without a newline" },
    { "TERM\nKILL\n", 1, SIGTERM, "readsig: only the first line counts" },
    { "15\n", 1, 15, "readsig: a number" },
    { "9", 1, 9, "readsig: a number without a newline" },
    { "SIGFOO\n", -1, 0, "readsig: unknown name is garbage" },
    { "SIG\n", -1, 0, "readsig: SIG alone is garbage" },
    { "", -1, 0, "readsig: empty file is garbage" },
    { "\n", -1, 0, "readsig: empty line is garbage" },
    { "HUP \n", -1, 0, "readsig: trailing space is garbage" },
    { "15x\n", -1, 0, "readsig: number with letters is garbage" },
    { "0\n", -1, 0, "readsig: 0 is not a signal" },
    { "99\n", -1, 0, "readsig: 99 is not a signal" },
  } ;
  for (unsigned int i = 0 ; i < sizeof(cases) / sizeof(*cases) ; i++)
  {
    int r ;
    put("sig", cases[i].content) ;
    sig = -7 ;
    errno = 0 ;
    r = tend_svdir_readsig(path("sig"), &sig) ;
    if (cases[i].r == 1) ok(r == 1 && sig == cases[i].sig, cases[i].desc) ;
    else ok(r == -1 && errno == EINVAL && sig == -7, cases[i].desc) ;
  }
  unlink(path("sig")) ;
  ok(tend_svdir_readsig(path("sig"), &sig) == 0 && sig == -7, "readsig: missing file: 0") ;
}

static void test_path_join (void)
{
  char buf[16] ;
  size_t n ;
  n = tend_path_join(buf, sizeof(buf), "svc", "run") ;
  ok(n == 7 && !strcmp(buf, "svc/run"), "path_join: dir/name, returns the length") ;
  n = tend_path_join(buf, 12, "abcde", "fghij") ;  /* 11 chars + NUL */
  ok(n == 11 && !strcmp(buf, "abcde/fghij"), "path_join: exactly fits") ;
  errno = 0 ;
  memset(buf, 'z', sizeof(buf)) ;
  n = tend_path_join(buf, 11, "abcde", "fghij") ;
  ok(n == 0 && errno == ENAMETOOLONG, "path_join: one byte short: 0, ENAMETOOLONG") ;
  ok(buf[0] == 'z', "path_join: nothing written when too long") ;
  ok(tend_path_join(buf, 0, "", "") == 0, "path_join: zero-size buffer") ;
  n = tend_path_join(buf, 2, "", "") ;
  ok(n == 1 && !strcmp(buf, "/"), "path_join: empty parts") ;
}

int main (void)
{
  if (!mkdtemp(dir)) return 111 ;
  test_locked() ;
  test_supervised() ;
  test_readuint() ;
  test_readsig() ;
  test_path_join() ;
  rmdir(dir) ;
  plan(tap_n) ;
  return done() ;
}
