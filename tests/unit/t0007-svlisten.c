/* See COPYING for license terms. */

/* Race-free waits on services (s6-svwait's logic, PROTOCOL 7.4):
   tend_svlisten_init, _reached, _wait_g, _end. Events are injected with
   tend_event_notify, statuses with tend_svstatus_write. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>

#include <skalibs/tai.h>

#include <tend/svstatus.h>
#include <tend/event.h>
#include <tend/svlisten.h>

#include "tap.h"

static char top[] = "/tmp/tend-t0007.XXXXXX" ;

 /* A service directory NAME with a status: 'd' down, 'u' up, 'U' up and
    ready, 'f' finishing. Returns its path (static storage per name). */
static char const *mksvc (char const *name, char state)
{
  static char paths[8][256] ;
  static unsigned int i = 0 ;
  char *dir = paths[i++ & 7] ;
  char sub[300] ;
  tend_svstatus_t st = TEND_SVSTATUS_ZERO ;
  snprintf(dir, 256, "%s/%s", top, name) ;
  mkdir(dir, 0755) ;
  snprintf(sub, sizeof(sub), "%s/supervise", dir) ;
  mkdir(sub, 0700) ;
  switch (state)
  {
    case 'd' : st.flags = TEND_SVSTATUS_READY ; break ;
    case 'u' : st.pid = 4242 ; st.flags = TEND_SVSTATUS_WANTUP ; break ;
    case 'U' : st.pid = 4242 ; st.flags = TEND_SVSTATUS_WANTUP | TEND_SVSTATUS_READY ; break ;
    case 'f' : st.pid = 4343 ; st.flags = TEND_SVSTATUS_FINISHING ; break ;
  }
  if (!tend_svstatus_write(dir, &st)) ok(0, "write a status") ;
  return dir ;
}

static int notify (char const *dir, char const *s)
{
  char fn[300] ;
  int r, fd ;
  snprintf(fn, sizeof(fn), "%s/event", dir) ;
  fd = open(fn, O_RDONLY | O_DIRECTORY) ;
  r = tend_event_notify(fd, s, strlen(s)) ;
  close(fd) ;
  return r ;
}

static unsigned int listeners (char const *dir)
{
  char fn[300] ;
  unsigned int n = 0 ;
  struct dirent *d ;
  DIR *p ;
  snprintf(fn, sizeof(fn), "%s/event", dir) ;
  p = opendir(fn) ;
  if (!p) return 0 ;
  while ((d = readdir(p))) if (!strncmp(d->d_name, "ftrig1:", 7) || !strncmp(d->d_name, ".ftrig1:", 8)) n++ ;
  closedir(p) ;
  return n ;
}

static void soon (tain *deadline, int ms)
{
  tain t ;
  tain_now_g() ;
  tain_from_millisecs(&t, ms) ;
  tain_add_g(deadline, &t) ;
}

int main (void)
{
  tend_svlisten_t a = TEND_SVLISTEN_ZERO, b = TEND_SVLISTEN_ZERO ;
  tend_svlisten_t two[2] = { TEND_SVLISTEN_ZERO, TEND_SVLISTEN_ZERO } ;
  char const *d ;
  char fn[300] ;
  tain deadline ;
  struct stat st ;
  int r ;

  signal(SIGPIPE, SIG_IGN) ;
  if (!mkdtemp(top)) return 111 ;
  tain_now_set_stopwatch_g() ;

 /* init */
  snprintf(fn, sizeof(fn), "%s/nostatus", top) ;
  mkdir(fn, 0755) ;
  errno = 0 ;
  r = tend_svlisten_init(&a, fn, TEND_SVLISTEN_UP) ;
  ok(r == -1 && errno == ENOENT, "init: no status file: -1, ENOENT (as s6-svwait: an error)") ;
  ok(listeners(fn) == 0, "init: ... and no fifo left behind") ;
  snprintf(fn, sizeof(fn), "%s/nosuchdir", top) ;
  ok(tend_svlisten_init(&a, fn, TEND_SVLISTEN_UP) == 0, "init: missing directory: 0 (cannot subscribe)") ;

  d = mksvc("down", 'd') ;
  ok(tend_svlisten_init(&a, d, TEND_SVLISTEN_UP) == 1, "init: a down service") ;
  snprintf(fn, sizeof(fn), "%s/event", d) ;
  ok(stat(fn, &st) == 0 && (st.st_mode & 07777) == 03730, "init: made event/ 3730") ;
  ok(listeners(d) == 1, "init: subscribed (one fifo)") ;
  ok(!a.up && a.ready, "init: state from the status (down, ready bit)") ;
  ok(!tend_svlisten_reached(&a), "reached: waiting for up, is down: no") ;

 /* wait_g: events drive the state, the deadline bounds the wait */
  soon(&deadline, 50) ;
  errno = 0 ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == -1 && errno == ETIMEDOUT, "wait: nothing happens: -1, ETIMEDOUT") ;
  notify(d, "u") ;
  soon(&deadline, 5000) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 0 && a.up && !a.ready, "wait: u: up reached, 0 failures") ;
  tend_svlisten_end(&a) ;
  ok(listeners(d) == 0, "end: the fifo is removed") ;
  tend_svlisten_end(&a) ;
  ok(1, "end: a second end is harmless") ;

  tend_svlisten_init(&a, d, TEND_SVLISTEN_UP | TEND_SVLISTEN_READY) ;
  notify(d, "u") ;
  soon(&deadline, 50) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == -1 && a.up && !a.ready, "wait -U: u alone is not enough") ;
  notify(d, "U") ;
  soon(&deadline, 5000) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 0 && a.ready, "wait -U: U: reached") ;
  tend_svlisten_end(&a) ;

 /* the status as read */
  d = mksvc("upready", 'U') ;
  tend_svlisten_init(&a, d, TEND_SVLISTEN_UP | TEND_SVLISTEN_READY) ;
  ok(tend_svlisten_reached(&a), "reached: up and ready from the status alone") ;
  soon(&deadline, 5000) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 0, "wait: already there: returns at once") ;
  tend_svlisten_end(&a) ;
  d = mksvc("finishing", 'f') ;
  tend_svlisten_init(&a, d, 0) ;
  ok(!a.up && tend_svlisten_reached(&a), "finishing counts as down (pid is finish's)") ;
  tend_svlisten_end(&a) ;
  tend_svlisten_init(&a, d, TEND_SVLISTEN_READY) ;
  ok(!tend_svlisten_reached(&a), "finishing is not down-and-ready (-D waits for D)") ;
  notify(d, "D") ;
  soon(&deadline, 5000) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 0, "-D: D reached") ;
  tend_svlisten_end(&a) ;

 /* restart: first down, then up */
  d = mksvc("restart", 'U') ;
  tend_svlisten_init(&a, d, TEND_SVLISTEN_UP | TEND_SVLISTEN_RESTART) ;
  ok(!tend_svlisten_reached(&a), "restart: up now is not the restart") ;
  notify(d, "U") ;
  soon(&deadline, 50) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == -1, "restart: U without a down first: still waiting") ;
  notify(d, "dDu") ;
  soon(&deadline, 5000) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 0 && a.up, "restart: dDu in one write: the down is seen, then up") ;
  tend_svlisten_end(&a) ;
  d = mksvc("restartdown", 'd') ;
  tend_svlisten_init(&a, d, TEND_SVLISTEN_UP | TEND_SVLISTEN_RESTART) ;
  notify(d, "u") ;
  soon(&deadline, 5000) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 0, "restart of a down service: up is enough") ;
  tend_svlisten_end(&a) ;

 /* failures: x, O */
  d = mksvc("x", 'd') ;
  tend_svlisten_init(&a, d, TEND_SVLISTEN_UP) ;
  notify(d, "x") ;
  soon(&deadline, 5000) ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 1 && a.failed, "x while waiting for up: 1 failure, wait over") ;
  ok(tend_svlisten_reached(&a), "a failed service counts as reached") ;
  tend_svlisten_end(&a) ;
  tend_svlisten_init(&a, d, 0) ;
  notify(d, "x") ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 0 && !a.failed, "x when already down (waiting for down): no failure") ;
  tend_svlisten_end(&a) ;
  d = mksvc("O", 'd') ;
  tend_svlisten_init(&a, d, TEND_SVLISTEN_UP) ;
  notify(d, "OD") ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 1, "O while waiting for up: 1 failure") ;
  tend_svlisten_end(&a) ;
  d = mksvc("Od", 'u') ;
  tend_svlisten_init(&a, d, TEND_SVLISTEN_READY) ;
  notify(d, "dOD") ;
  ok(tend_svlisten_wait_g(&a, 1, 0, &deadline) == 0, "O while waiting for down: not a failure") ;
  tend_svlisten_end(&a) ;

 /* several services: all (and) or any (or) */
  tend_svlisten_init(two, mksvc("s1", 'd'), TEND_SVLISTEN_UP) ;
  tend_svlisten_init(two + 1, mksvc("s2", 'd'), TEND_SVLISTEN_UP) ;
  notify(two[0].dir, "u") ;
  soon(&deadline, 50) ;
  ok(tend_svlisten_wait_g(two, 2, 0, &deadline) == -1, "all: one up of two: still waiting") ;
  soon(&deadline, 5000) ;
  ok(tend_svlisten_wait_g(two, 2, 1, &deadline) == 0, "any: one up of two: done") ;
  notify(two[1].dir, "x") ;
  ok(tend_svlisten_wait_g(two, 2, 0, &deadline) == 1, "all: the other's supervisor exits: done, 1 failure") ;
  tend_svlisten_end(two) ;
  tend_svlisten_end(two + 1) ;
  ok(listeners(two[0].dir) + listeners(two[1].dir) == 0, "no fifo left in either") ;
  soon(&deadline, 50) ;
  ok(tend_svlisten_wait_g(&b, 0, 0, &deadline) == 0, "no service at all: done at once") ;

  snprintf(fn, sizeof(fn), "rm -rf %s", top) ;
  if (system(fn)) return 111 ;
  plan(tap_n) ;
  return done() ;
}
