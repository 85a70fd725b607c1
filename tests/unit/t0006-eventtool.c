/* See COPYING for license terms. */

/* Without arguments: a TAP test of a notify/listen round trip through the
   command-line tool below. With arguments: the tool that
   tests/supervision/t0410-event-interop.t drives against real s6:
     t0006-eventtool.t notify FIFODIR BYTES       prints how many listeners got BYTES
     t0006-eventtool.t listen FIFODIR N MS        prints the first N bytes received
                                                  (exit 99 if MS ms pass first)
     t0006-eventtool.t status SVDIR up|down|ready writes SVDIR/supervise/status */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <skalibs/tai.h>

#include <tend/svstatus.h>
#include <tend/event.h>

#include "tap.h"

static int do_notify (char const *dir, char const *s)
{
  int r, fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (fd == -1) { perror(dir) ; return 111 ; }
  r = tend_event_notify(fd, s, strlen(s)) ;
  if (r == -1) { perror("tend_event_notify") ; return 111 ; }
  printf("%d\n", r) ;
  return 0 ;
}

static int do_listen (char const *dir, size_t n, int ms)
{
  tend_eventsub_t sub = TEND_EVENTSUB_ZERO ;
  char buf[256] ;
  size_t got = 0 ;
  tain deadline ;
  if (n > sizeof(buf)) n = sizeof(buf) ;
  if (!tend_event_subscribe(dir, &sub)) { perror("tend_event_subscribe") ; return 111 ; }
  tain_now_set_stopwatch_g() ;
  tain_from_millisecs(&deadline, ms) ;
  tain_add_g(&deadline, &deadline) ;
  while (got < n)
  {
    ssize_t r = tend_event_wait_g(sub.fd, buf + got, n - got, &deadline) ;
    if (r <= 0) break ;
    got += (size_t)r ;
  }
  tend_event_unsubscribe(dir, &sub) ;
  fwrite(buf, 1, got, stdout) ;
  putchar('\n') ;
  return got < n ? 99 : 0 ;
}

static int do_status (char const *dir, char const *what)
{
  tend_svstatus_t st = TEND_SVSTATUS_ZERO ;
  tain_wallclock_read(&st.stamp) ;
  st.readystamp = st.stamp ;
  if (!strcmp(what, "down")) st.flags = TEND_SVSTATUS_READY ;
  else
  {
    st.pid = (uint64_t)getpid() ;
    st.flags = TEND_SVSTATUS_WANTUP | (!strcmp(what, "ready") ? TEND_SVSTATUS_READY : 0) ;
  }
  if (!tend_svstatus_write(dir, &st)) { perror("tend_svstatus_write") ; return 111 ; }
  return 0 ;
}

static int selftest (char const *self)
{
  char dir[] = "/tmp/tend-t0006.XXXXXX" ;
  char cmd[512], out[64] ;
  FILE *p ;
  size_t r ;
  if (!mkdtemp(dir)) return 111 ;
  snprintf(cmd, sizeof(cmd), "%s listen %s/event 2 5000 & n=0 ; until ls %s/event 2>/dev/null | grep -q ftrig1 || test $n -ge 500 ; do sleep 0.01 ; n=$((n + 1)) ; done ; %s notify %s/event Ux >/dev/null ; wait", self, dir, dir, self, dir) ;
  p = popen(cmd, "r") ;
  r = p ? fread(out, 1, sizeof(out) - 1, p) : 0 ;
  out[r] = 0 ;
  if (p) pclose(p) ;
  ok(!strcmp(out, "Ux\n"), "the tool: a listener gets what the notifier sends") ;
  snprintf(cmd, sizeof(cmd), "%s/supervise", dir) ;
  mkdir(cmd, 0700) ;
  ok(do_status(dir, "down") == 0, "the tool writes a status") ;
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir) ;
  if (system(cmd)) return 111 ;
  plan(tap_n) ;
  return done() ;
}

int main (int argc, char const *const *argv)
{
  signal(SIGPIPE, SIG_IGN) ;
  if (argc < 2) return selftest(argv[0]) ;
  if (!strcmp(argv[1], "notify") && argc == 4) return do_notify(argv[2], argv[3]) ;
  if (!strcmp(argv[1], "listen") && argc == 5) return do_listen(argv[2], (size_t)atoi(argv[3]), atoi(argv[4])) ;
  if (!strcmp(argv[1], "status") && argc == 4) return do_status(argv[2], argv[3]) ;
  fprintf(stderr, "usage: %s notify fifodir bytes | listen fifodir n ms | status svdir up|down|ready\n", argv[0]) ;
  return 100 ;
}
