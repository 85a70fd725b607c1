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
  rmdir(dir) ;
  plan(tap_n) ;
  return done() ;
}
