/* See COPYING for license terms. */

/* tend-cmdwait pid: the end of stage 2. `tend-overlay cmd` forks the
   CMD and execs this, which waits for it (a child survives its parent's
   exec), records its exit code as the container's and tells the scanner
   to stop. It stays up as long as the container does, so it is a program
   of its own, as small as can be: the process waiting for the CMD costs
   a third of what tend-overlay's whole text would. SIGTERM and the other
   signals tend-overlay blocked stay blocked across the exec.
   Interface: doc/overlay.html */

#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include <skalibs/posixplz.h>

#include <tend/svdir.h>
#include <tend/control.h>

#define USAGE "tend-cmdwait pid"

static void rtfile (char *buf, size_t n, char const *name)
{
  char const *rt = getenv("TEND_RUNTIME_DIR") ;
  if (!tend_path_join(buf, n, rt && rt[0] ? rt : "/run/tend", name))
    strerr_diefusys(111, "build the path of ", name) ;
}

int main (int argc, char const *const *argv)
{
  char const *v = getenv("TEND_VERBOSITY") ;
  char file[4096] ;
  char fmt[UINT_FMT] ;
  pid_t pid ;
  int wstat ;
  unsigned int code ;
  PROG = "tend-stage2" ;
  if (argc != 2 || !pid0_scan(argv[1], &pid) || pid <= 1) strerr_dieusage(100, USAGE) ;
  while (waitpid(pid, &wstat, 0) != pid)
    if (errno != EINTR) strerr_diefusys(111, "wait for the CMD") ;
  code = WIFSIGNALED(wstat) ? 128 + WTERMSIG(wstat) : WEXITSTATUS(wstat) ;
  fmt[uint_fmt(fmt, code)] = 0 ;
  if (v && v[0] >= '3') strerr_warni("the CMD exited ", fmt, ": stopping the container") ;
  rtfile(file, sizeof(file), "cmd.pid") ;
  unlink_void(file) ;
  rtfile(file, sizeof(file), "exitcode") ;
  if (tend_file_writenew(file, fmt, strlen(fmt)) == -1) strerr_warnwu2sys("write ", file) ;
  rtfile(file, sizeof(file), "service/.s6-svscan/control") ;
  if (tend_control_write(file, "t", 1) == -1) strerr_warnwu2sys("write to ", file) ;
  return code ;
}
