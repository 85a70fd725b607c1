/* See COPYING for license terms. */

/* The event/ fifodir: mkdir, subscribe, notify, wait, unsubscribe, with
   the names and modes of s6 2.11 (PROTOCOL-s6-2.11.md section 5). */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <skalibs/tai.h>

#include <tend/event.h>

#include "tap.h"

static char top[] = "/tmp/tend-t0003.XXXXXX" ;

static char const *path (char const *name)
{
  static char buf[4][512] ;
  static unsigned int i = 0 ;
  char *s = buf[i++ & 3] ;
  snprintf(s, 512, "%s/%s", top, name) ;
  return s ;
}

static mode_t modeof (char const *fn)
{
  struct stat st ;
  return stat(fn, &st) == -1 ? (mode_t)-1 : st.st_mode ;
}

 /* Counts entries of dir whose name starts with prefix. */
static unsigned int countentries (char const *dir, char const *prefix)
{
  unsigned int n = 0 ;
  struct dirent *d ;
  DIR *p = opendir(dir) ;
  if (!p) return 0 ;
  while ((d = readdir(p))) if (!strncmp(d->d_name, prefix, strlen(prefix))) n++ ;
  closedir(p) ;
  return n ;
}

static int ishex (char const *s, size_t n)
{
  for (size_t i = 0 ; i < n ; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0 ;
  return 1 ;
}

static int isalnumstr (char const *s, size_t n)
{
  for (size_t i = 0 ; i < n ; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) return 0 ;
  return 1 ;
}

static void test_mkdir (void)
{
  struct stat st ;
  mode_t m ;
  char const *d = path("ev1") ;

  ok(tend_event_mkdir(d) == 1, "mkdir: creates a missing fifodir") ;
  stat(d, &st) ;
  ok(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 03730, "mode 3730 (setgid, sticky, group rwx)") ;
  ok(st.st_gid == getegid(), "group is our effective gid") ;

  m = umask(077) ;
  d = path("ev2") ;
  tend_event_mkdir(d) ;
  ok((modeof(d) & 07777) == 03730, "mode 3730 under umask 077 too") ;
  umask(m) ;

  d = path("ev3") ;
  mkdir(d, 0755) ;
  close(open(path("ev3/keep"), O_WRONLY | O_CREAT, 0644)) ;
  ok(tend_event_mkdir(d) == 1, "an existing directory is accepted") ;
  ok((modeof(d) & 07777) == 0755, "an existing directory keeps its mode") ;
  ok(access(path("ev3/keep"), F_OK) == 0, "an existing directory keeps its contents") ;

  errno = 0 ;
  ok(tend_event_mkdir(path("nonexistent/event")) == 0 && errno == ENOENT, "missing parent: 0, ENOENT") ;

  if (!geteuid())
  {
   /* A setgid parent with another group would impose that group. */
    d = path("sgid") ;
    mkdir(d, 0755) ;
    if (chown(d, (uid_t)-1, 4242) == -1 || chmod(d, 02755) == -1) ok(0, "setgid parent set up") ;
    d = path("sgid/event") ;
    tend_event_mkdir(d) ;
    stat(d, &st) ;
    ok(st.st_gid == getegid() && (st.st_mode & 07777) == 03730, "under a setgid parent: still our egid, mode 3730") ;
  }
  else printf("ok %d # SKIP setgid parent needs root\n", ++tap_n) ;
}

static void test_subscribe (void)
{
  tend_eventsub_t a = TEND_EVENTSUB_ZERO, b = TEND_EVENTSUB_ZERO ;
  char d[512] ;
  char fn[1024] ;
  tain now, label ;
  struct stat st ;
  mode_t m ;
  int good ;

  strcpy(d, path("sub")) ;
  m = umask(0277) ;  /* would make mkfifo 0600 into 0400 */
  ok(tend_event_subscribe(d, &a) == 1, "subscribe: creates the fifodir if missing") ;
  umask(m) ;
  ok((modeof(d) & 07777) == 03730, "the created fifodir has mode 3730") ;
  ok(strlen(a.name) == 39 && TEND_EVENT_FIFONAMELEN == 39, "the name is 39 bytes") ;
  ok(!strncmp(a.name, "ftrig1:@", 8) && ishex(a.name + 8, 24) && a.name[32] == ':' && isalnumstr(a.name + 33, 6),
     "the name is ftrig1:@<24 lowercase hex>:<6 alphanumerics>") ;
  tain_wallclock_read(&now) ;
  good = 0 ;
  {
    unsigned long long sec = 0 ;
    if (sscanf(a.name + 8, "%16llx", &sec) == 1)
    {
      label.sec.x = sec ;
      good = label.sec.x <= now.sec.x && now.sec.x - label.sec.x < 5 ;
    }
  }
  ok(good, "the hex label is a TAI64 stamp of now") ;
  snprintf(fn, sizeof(fn), "%s/%s", d, a.name) ;
  ok(stat(fn, &st) == 0 && S_ISFIFO(st.st_mode), "a fifo under that name exists in the fifodir") ;
  ok((st.st_mode & 0777) == 0600, "fifo mode 0600 whatever the umask") ;
  ok(countentries(d, ".") == 2, "no hidden leftovers (only . and ..)") ;
  ok(fcntl(a.fd, F_GETFL) & O_NONBLOCK, "read end is non-blocking") ;
  ok(fcntl(a.fd, F_GETFD) & FD_CLOEXEC, "read end is close-on-exec") ;
  ok(a.wfd >= 0 && (fcntl(a.wfd, F_GETFD) & FD_CLOEXEC), "we hold a close-on-exec write end") ;

  ok(tend_event_subscribe(d, &b) == 1 && strcmp(a.name, b.name), "a second subscriber gets another name") ;
  ok(countentries(d, "ftrig1:@") == 2, "two visible fifos") ;

  tend_event_unsubscribe(d, &a) ;
  ok(access(fn, F_OK) == -1 && errno == ENOENT, "unsubscribe removes the fifo") ;
  ok(a.fd == -1 && a.wfd == -1 && !a.name[0], "unsubscribe resets the subscription") ;
  tend_event_unsubscribe(d, &a) ;
  ok(countentries(d, "ftrig1:@") == 1, "a second unsubscribe is harmless") ;
  {
    int fd = b.fd ;
    tend_event_unsubscribe(d, &b) ;
    ok(fcntl(fd, F_GETFD) == -1 && errno == EBADF, "unsubscribe closes the fds") ;
  }
  errno = 0 ;
  ok(tend_event_subscribe(path("nonexistent/event"), &a) == 0 && errno == ENOENT, "subscribe under a missing parent: 0, ENOENT") ;
}

static void test_notify (void)
{
  tend_eventsub_t a = TEND_EVENTSUB_ZERO, b = TEND_EVENTSUB_ZERO ;
  char d[512] ;
  char buf[64] ;
  int dfd, otherfd, hiddenfd, r ;

  strcpy(d, path("note")) ;  /* path() reuses its buffers */
  tend_event_subscribe(d, &a) ;
  tend_event_subscribe(d, &b) ;
 /* Entries a notifier must leave alone, and a stale listener. */
  mkfifo(path("note/other"), 0600) ;
  otherfd = open(path("note/other"), O_RDONLY | O_NONBLOCK) ;
  mkfifo(path("note/.ftrig1:@400000006b02aa6012660af6:hidden"), 0600) ;
  hiddenfd = open(path("note/.ftrig1:@400000006b02aa6012660af6:hidden"), O_RDONLY | O_NONBLOCK) ;
  close(open(path("note/plainfile"), O_WRONLY | O_CREAT, 0600)) ;
  mkfifo(path("note/ftrig1:@400000006b02aa6012660af6:STALE0"), 0600) ;

  dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  r = tend_event_notify(dfd, "su", 2) ;
  ok(r == 2, "notify returns the number of listeners written to") ;
  ok(read(a.fd, buf, sizeof(buf)) == 2 && !memcmp(buf, "su", 2), "first listener got the bytes") ;
  ok(read(b.fd, buf, sizeof(buf)) == 2 && !memcmp(buf, "su", 2), "second listener got the bytes") ;
  ok(access(path("note/ftrig1:@400000006b02aa6012660af6:STALE0"), F_OK) == -1, "a stale fifo (no reader) is removed") ;
  ok(read(otherfd, buf, sizeof(buf)) <= 0, "a non-ftrig1 fifo is not written to") ;
  ok(read(hiddenfd, buf, sizeof(buf)) <= 0, "a hidden (not yet renamed) fifo is not written to") ;
  ok(access(path("note/other"), F_OK) == 0 && access(path("note/plainfile"), F_OK) == 0, "other entries are not removed") ;

  r = tend_event_notify(dfd, "d", 1) ;
  ok(r == 2 && read(a.fd, buf, sizeof(buf)) == 1 && buf[0] == 'd', "notify again (the dirfd is rewound)") ;
  read(b.fd, buf, sizeof(buf)) ;

 /* Many entries: more than one getdents buffer. */
  for (unsigned int i = 0 ; i < 300 ; i++)
  {
    char name[64] ;
    snprintf(name, sizeof(name), "note/padding-entry-with-a-long-name-%04u", i) ;
    close(open(path(name), O_WRONLY | O_CREAT, 0600)) ;
  }
  tend_event_unsubscribe(d, &b) ;
  tend_event_subscribe(d, &b) ;  /* likely at the end of the directory now */
  r = tend_event_notify(dfd, "U", 1) ;
  ok(r == 2, "a directory larger than one read buffer: every listener found") ;
  ok(read(b.fd, buf, sizeof(buf)) == 1 && buf[0] == 'U', "the listener after 300 entries got the byte") ;
  read(a.fd, buf, sizeof(buf)) ;

  tend_event_unsubscribe(d, &a) ;
  tend_event_unsubscribe(d, &b) ;
  ok(tend_event_notify(dfd, "x", 1) == 0, "no listener: 0") ;
  close(dfd) ;
  dfd = open(path("note/plainfile"), O_RDONLY) ;
  ok(tend_event_notify(dfd, "x", 1) == -1, "not a directory: -1") ;
  close(dfd) ;
  close(otherfd) ;
  close(hiddenfd) ;
}

static void test_wait (void)
{
  tend_eventsub_t a = TEND_EVENTSUB_ZERO ;
  char d[512] ;
  char buf[8] ;
  tain deadline, start, elapsed ;
  ssize_t r ;
  pid_t pid ;
  int p[2] ;

  strcpy(d, path("wait")) ;
  tain_now_set_stopwatch_g() ;
  tend_event_subscribe(d, &a) ;

  tain_copynow(&start) ;
  tain_addsec_g(&deadline, 0) ;
  {
    tain ms50 ;
    tain_from_millisecs(&ms50, 50) ;
    tain_add_g(&deadline, &ms50) ;
  }
  errno = 0 ;
  r = tend_event_wait_g(a.fd, buf, sizeof(buf), &deadline) ;
  tain_now_g() ;
  tain_sub(&elapsed, &STAMP, &start) ;
  ok(r == 0 && errno == ETIMEDOUT, "nothing before the deadline: 0, ETIMEDOUT") ;
  ok(tain_to_millisecs(&elapsed) >= 49 && tain_to_millisecs(&elapsed) < 2000, "returns at the deadline (50 ms), not before, not much after") ;

  tain_addsec_g(&deadline, 0) ;
  r = tend_event_wait_g(a.fd, buf, sizeof(buf), &deadline) ;
  ok(r == 0, "a deadline in the past: immediate timeout") ;

 /* A notifier in another process; it may run before or after we wait. */
  pid = fork() ;
  if (!pid)
  {
    int fd = open(d, O_RDONLY | O_DIRECTORY) ;
    _exit(tend_event_notify(fd, "uU", 2) == 1 ? 0 : 1) ;
  }
  tain_addsec_g(&deadline, 10) ;
  r = tend_event_wait_g(a.fd, buf, sizeof(buf), &deadline) ;
  if (r == 1)  /* the two bytes came in one write: they arrive together */
    r += tend_event_wait_g(a.fd, buf + 1, sizeof(buf) - 1, &deadline) ;
  ok(r == 2 && !memcmp(buf, "uU", 2), "wait returns the bytes another process notified") ;
  waitpid(pid, 0, 0) ;

  tend_event_notify(open(d, O_RDONLY | O_DIRECTORY), "abcdef", 6) ;
  r = tend_event_wait_g(a.fd, buf, 4, &deadline) ;
  ok(r == 4 && !memcmp(buf, "abcd", 4), "reads at most n bytes") ;
  r = tend_event_wait_g(a.fd, buf, 4, &deadline) ;
  ok(r == 2 && !memcmp(buf, "ef", 2), "the rest comes next time") ;

  if (pipe(p) == 0)
  {
    fcntl(p[0], F_SETFL, O_NONBLOCK) ;
    close(p[1]) ;
    errno = 0 ;
    ok(tend_event_wait_g(p[0], buf, sizeof(buf), &deadline) == -1 && errno == EPIPE, "writers gone: -1, EPIPE") ;
    close(p[0]) ;
  }
  errno = 0 ;
  ok(tend_event_wait_g(-1, buf, sizeof(buf), &deadline) == -1 && errno == EBADF, "bad fd: -1, EBADF") ;
  tend_event_unsubscribe(d, &a) ;
}

int main (void)
{
  char cmd[64] ;
  signal(SIGPIPE, SIG_IGN) ;
  if (!mkdtemp(top)) return 111 ;
  test_mkdir() ;
  test_subscribe() ;
  test_notify() ;
  test_wait() ;
  snprintf(cmd, sizeof(cmd), "rm -rf %s", top) ;
  if (system(cmd)) return 111 ;
  plan(tap_n) ;
  return done() ;
}
