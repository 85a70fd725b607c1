/* See COPYING for license terms. */

/* tend_svdir_logdir: the logdir of a logger service directory, by the
   conventions of doc/tend.html; tend_svdir_lockpid: a lock's owner. */

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <tend/scandir.h>

#include "tap.h"

static char dir[] = "/tmp/tend-t1207.XXXXXX" ;

static void put (char const *name, char const *content)
{
  char fn[512] ;
  FILE *f ;
  snprintf(fn, sizeof(fn), "%s/%s", dir, name) ;
  f = fopen(fn, "w") ;
  if (!f || fputs(content, f) == EOF || fclose(f) == EOF) { perror(fn) ; exit(2) ; }
}

 /* logdir for a run script: "" when none, else the path with dir/ cut */
static char const *fromrun (char const *run)
{
  static char buf[PATH_MAX] ;
  int r ;
  put("run", run) ;
  r = tend_svdir_logdir(dir, buf, sizeof(buf)) ;
  if (r < 0) return "ERROR" ;
  if (!r) return "" ;
  if (!strncmp(buf, dir, strlen(dir)) && buf[strlen(dir)] == '/') return buf + strlen(dir) + 1 ;
  return buf ;
}

int main (void)
{
  char buf[PATH_MAX] ;
  char fn[512] ;
  plan(24) ;
  if (!mkdtemp(dir)) { perror("mkdtemp") ; return 2 ; }

  ok(tend_svdir_logdir(dir, buf, sizeof(buf)) == 0, "no run, no logdir: 0") ;
  ok(!strcmp(fromrun("#!/bin/sh\nexec s6-log n20 s1000000 T /var/log/web\n"), "/var/log/web"), "sh: exec s6-log ... /abs") ;
  ok(!strcmp(fromrun("#!/bin/execlineb -P\ns6-setuidgid log\ns6-log -b n3 T /var/log/x\n"), "/var/log/x"), "execline: the s6-log line") ;
  ok(!strcmp(fromrun("exec tend-setuidgid nobody tend-log t ./main\n"), "main"), "tend-log after a chain, ./main: relative to the logger's directory") ;
  ok(!strcmp(fromrun("exec /usr/bin/s6-log t ../logs\n"), "../logs"), "a path to s6-log; ../ kept") ;
  ok(!strcmp(fromrun("exec s6-log n3 \\\n  s100000 \\\n  /var/log/cont\n"), "/var/log/cont"), "backslash-newline continues the command") ;
  ok(!strcmp(fromrun("exec s6-log t '/var/log/with space'\n"), "/var/log/with space"), "single quotes") ;
  ok(!strcmp(fromrun("exec s6-log t \"/var/log/d\\\"q\"\n"), "/var/log/d\"q"), "double quotes, an escaped quote") ;
  ok(!strcmp(fromrun("exec s6-log t /var/log/a # not /var/log/b\n"), "/var/log/a"), "a comment is not an argument") ;
  ok(!strcmp(fromrun("# exec s6-log /var/log/commented\nexec cat\n"), ""), "s6-log in a comment: no logdir") ;
  ok(!strcmp(fromrun("exec s6-log t /var/log/r 2>&1\n"), "/var/log/r"), "a redirection is skipped") ;
  ok(!strcmp(fromrun("s6-log /var/log/one ; exec s6-log /var/log/two\n"), "/var/log/two"), "the last s6-log command wins") ;
  ok(!strcmp(fromrun("exec s6-log t /var/log/one\necho s6-log-ish\n"), "/var/log/one"), "a word that only starts with s6-log is not s6-log") ;
  ok(!strcmp(fromrun("exec s6-log n3 t\n"), ""), "last argument not a path (logs to stdout): no logdir") ;
  ok(!strcmp(fromrun("exec cat > /dev/null\n"), ""), "no logger program: no logdir") ;
  ok(!strcmp(fromrun("foreground { s6-log /var/log/braced }\n"), "/var/log/braced"), "execline braces are skipped") ;
  ok(!strcmp(fromrun("#!/bin/sh\nexec logutil-service -f /var/run/myfifo /var/log/myapp\n"), "/var/log/myapp"), "s6-overlay's logutil-service") ;
  ok(!strcmp(fromrun("#!/bin/sh\nexec chpst -ulog svlogd -tt /var/log/runit\n"), "/var/log/runit"), "runit's svlogd") ;

  put("logdir", "/var/log/fromfile\nignored\n") ;
  ok(!strcmp(fromrun("exec s6-log t /var/log/fromrun\n"), "/var/log/fromfile"), "a logdir file wins, first line") ;
  unlink(strcat(strcpy(fn, dir), "/logdir")) ;
  mkdir(fn, 0755) ;
  ok(!strcmp(fromrun("exec s6-log t /var/log/fromrun\n"), "logdir"), "a logdir directory is the logdir") ;
  rmdir(fn) ;
  ok(tend_svdir_logdir(dir, buf, 8) == -1, "a buffer too small: -1") ;

  {
    pid_t pid ;
    int p[2], st ;
    char c ;
    int fd ;
    pid_t owner = 0 ;
    strcat(strcpy(fn, dir), "/lock") ;
    ok(tend_svdir_lockpid(fn, &owner) == 0, "no lock file: 0") ;
    fd = open(fn, O_WRONLY | O_CREAT, 0600) ;
    close(fd) ;
    if (pipe(p) == -1) { perror("pipe") ; return 2 ; }
    pid = fork() ;
    if (!pid)
    {
      struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET } ;
      fd = open(fn, O_WRONLY) ;
      if (fd == -1 || fcntl(fd, F_SETLK, &fl) == -1) _exit(1) ;
      write(p[1], "x", 1) ;
      pause() ;
      _exit(0) ;
    }
    close(p[1]) ;
    if (read(p[0], &c, 1) != 1) { perror("lock child") ; return 2 ; }
    ok(tend_svdir_lockpid(fn, &owner) == 1 && owner == pid, "held: 1, and the holder's pid") ;
    kill(pid, SIGKILL) ;
    waitpid(pid, &st, 0) ;
    ok(tend_svdir_lockpid(fn, &owner) == 0, "released: 0") ;
  }
  {
    char cmd[600] ;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir) ;
    if (system(cmd)) return 2 ;
  }
  return done() ;
}
