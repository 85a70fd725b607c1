/* See COPYING for license terms. */

/* Control fifo writes, as s6-svc and s6-svscanctl do them: non-blocking
   open (ENXIO: nobody listening), then one blocking write. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <tend/control.h>

#include "tap.h"

static int open2_nb (char const *sv)
{
  char fn[200] ;
  snprintf(fn, sizeof(fn), "%s/.s6-svscan/control", sv) ;
  return open(fn, O_RDONLY | O_NONBLOCK) ;
}

static unsigned int nfds (void)
{
  unsigned int n = 0 ;
  DIR *d = opendir("/proc/self/fd") ;
  if (!d) return 0 ;
  while (readdir(d)) n++ ;
  closedir(d) ;
  return n ;
}

 /* Is pid asleep in a pipe write? Bounded wait, about 5 s. */
static int blocked_in_write (pid_t pid)
{
  char fn[64], buf[64] ;
  snprintf(fn, sizeof(fn), "/proc/%d/wchan", (int)pid) ;
  for (unsigned int i = 0 ; i < 500 ; i++)
  {
    FILE *f = fopen(fn, "r") ;
    size_t r = 0 ;
    if (f) { r = fread(buf, 1, sizeof(buf) - 1, f) ; fclose(f) ; }
    buf[r] = 0 ;
    if (strstr(buf, "pipe_write") || strstr(buf, "pipe_wait")) return 1 ;
    usleep(10000) ;
  }
  return 0 ;
}

static void mk (char const *dir, char const *name, int kind)
{
  char fn[256] ;
  snprintf(fn, sizeof(fn), "%s/%s", dir, name) ;
  if (kind == 'd') mkdir(fn, 0700) ;
  else if (kind == 'p') mkfifo(fn, 0600) ;
  else close(open(fn, O_WRONLY | O_CREAT, 0600)) ;
}

 /* tend_control_send: dir/sub/control, with s6-svc's diagnosis of what
    is missing (PROTOCOL 2.2). */
static void test_send (char const *top)
{
  char sv[128], fifo[160], buf[16] ;
  int rfd ;
  snprintf(sv, sizeof(sv), "%s/sv", top) ;
  snprintf(fifo, sizeof(fifo), "%s/supervise/control", sv) ;

  errno = 0 ;
  ok(tend_control_send(sv, "supervise", "u", 1) == -1 && errno == ENOENT, "send: no service directory: -1, ENOENT") ;
  mk(top, "sv", 'f') ;
  ok(tend_control_send(sv, "supervise", "u", 1) == -1 && errno == ENOTDIR, "send: service directory is a file: -1, ENOTDIR") ;
  unlink(sv) ;
  mk(top, "sv", 'd') ;
  ok(tend_control_send(sv, "supervise", "u", 1) == 0, "send: no supervise/: 0 (nobody ever listened)") ;
  mk(sv, "supervise", 'f') ;
  ok(tend_control_send(sv, "supervise", "u", 1) == -2 && errno == ENOTDIR, "send: supervise is a file: -2 (broken), ENOTDIR") ;
  {
    char fn[160] ;
    snprintf(fn, sizeof(fn), "%s/supervise", sv) ;
    unlink(fn) ;
  }
  mk(sv, "supervise", 'd') ;
  ok(tend_control_send(sv, "supervise", "u", 1) == -2 && errno == ENOENT, "send: supervise/ without control: -2, ENOENT") ;
  mk(sv, "supervise/control", 'd') ;
  ok(tend_control_send(sv, "supervise", "u", 1) == -2 && errno == EISDIR, "send: control is a directory: -2, EISDIR") ;
  rmdir(fifo) ;
  mk(sv, "supervise/control", 'p') ;
  ok(tend_control_send(sv, "supervise", "u", 1) == 0 && errno == ENXIO, "send: control fifo, no reader: 0, ENXIO") ;
  rfd = open(fifo, O_RDONLY | O_NONBLOCK) ;
  ok(tend_control_send(sv, "supervise", "dx", 2) == 1, "send: a listener: 1") ;
  ok(read(rfd, buf, sizeof(buf)) == 2 && !memcmp(buf, "dx", 2), "send: the bytes arrive") ;
  ok(tend_control_send(sv, "supervise", "", 0) == 1 && read(rfd, buf, sizeof(buf)) <= 0, "send: 0 bytes: 1, nothing written (a listener check)") ;
  close(rfd) ;
  mk(sv, ".s6-svscan", 'd') ;
  mk(sv, ".s6-svscan/control", 'p') ;
  rfd = open2_nb(sv) ;
  ok(rfd >= 0 && tend_control_send(sv, ".s6-svscan", "a", 1) == 1 && read(rfd, buf, sizeof(buf)) == 1 && buf[0] == 'a', "send: .s6-svscan/control too") ;
  close(rfd) ;
  {
    char cmd[200] ;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", sv) ;
    if (system(cmd)) ok(0, "clean up") ;
  }
}

int main (void)
{
  char dir[] = "/tmp/tend-t0004.XXXXXX" ;
  char fifo[64], buf[70000] ;
  char cmds[62] ;
  unsigned int before ;
  int rfd, wfd ;

  signal(SIGPIPE, SIG_IGN) ;
  if (!mkdtemp(dir)) return 111 ;
  snprintf(fifo, sizeof(fifo), "%s/control", dir) ;
  memset(cmds, 'u', sizeof(cmds)) ;

  errno = 0 ;
  ok(tend_control_write(fifo, "u", 1) == 0, "missing fifo: 0 (nobody listening)") ;
  snprintf(buf, sizeof(buf), "%s/control/more", dir) ;
  close(open(fifo, O_WRONLY | O_CREAT, 0600)) ;
  ok(tend_control_write(buf, "u", 1) == 0, "a path through a file (ENOTDIR): 0") ;
  unlink(fifo) ;

  mkfifo(fifo, 0600) ;
  errno = 0 ;
  before = nfds() ;
  ok(tend_control_write(fifo, "u", 1) == 0, "fifo with no reader (ENXIO): 0, without blocking") ;
  ok(nfds() == before, "no fd left open") ;

  rfd = open(fifo, O_RDONLY | O_NONBLOCK) ;
  ok(tend_control_write(fifo, "xd", 2) == 1, "fifo with a reader: 1") ;
  ok(read(rfd, buf, sizeof(buf)) == 2 && !memcmp(buf, "xd", 2), "the reader gets the bytes, in order") ;
  ok(tend_control_write(fifo, cmds, sizeof(cmds)) == 1 && read(rfd, buf, sizeof(buf)) == 62, "62 command bytes in one go") ;
  ok(nfds() == before + 1, "no fd left open after a write") ;

 /* Blocking after the open: a nearly full fifo makes the writer wait
    instead of failing with EAGAIN or writing half a command. */
  wfd = open(fifo, O_WRONLY | O_NONBLOCK) ;
  {
    ssize_t filled = 0, w ;
    memset(buf, 'f', sizeof(buf)) ;
    while ((w = write(wfd, buf, 1)) == 1) filled++ ;
    if (read(rfd, buf, 10) != 10) ok(0, "drain 10 bytes") ;
    pid_t pid = fork() ;
    if (!pid) _exit(tend_control_write(fifo, cmds, sizeof(cmds)) == 1 ? 0 : 1) ;
    ok(blocked_in_write(pid), "the write blocks on a full fifo instead of failing") ;
    {
      ssize_t total = 0, got ;
      int wstat = 0 ;
      fcntl(rfd, F_SETFL, 0) ;
      while (total < filled - 10 + 62 && (got = read(rfd, buf, sizeof(buf))) > 0) total += got ;
      waitpid(pid, &wstat, 0) ;
      ok(WIFEXITED(wstat) && !WEXITSTATUS(wstat), "and succeeds once the reader drains it") ;
      ok(total == filled - 10 + 62, "every byte arrived") ;
      fcntl(rfd, F_SETFL, O_NONBLOCK) ;
    }
    close(wfd) ;
  }

  close(rfd) ;
  ok(tend_control_write(fifo, "u", 1) == 0, "the reader went away: 0 again") ;
  unlink(fifo) ;
  mkdir(fifo, 0700) ;
  errno = 0 ;
  ok(tend_control_write(fifo, "u", 1) == -1 && errno == EISDIR, "a directory: -1, EISDIR") ;
  rmdir(fifo) ;
  test_send(dir) ;
  rmdir(dir) ;
  plan(tap_n) ;
  return done() ;
}
