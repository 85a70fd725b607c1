/* See COPYING for license terms. */

/* with-contenv: runs prog with the environment the container was started
   with, saved as an envdir by /init, unless the keep-environment setting
   says to keep the current one. Interface and exit codes:
   doc/with-contenv.html */

#include <string.h>
#include <stdlib.h>

#include <skalibs/config.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/env.h>
#include <skalibs/exec.h>

#include <tend/envdir.h>

#define USAGE "with-contenv prog..."
#define dieusage() strerr_dieusage(100, USAGE)

#define TEND_RUNTIME_DIR_DEFAULT "/run/tend"
#define TEND_CONTENV_NAME "/container_environment"
#define TEND_CONTENV_FLAGS (TEND_ENVDIR_VERBATIM | TEND_ENVDIR_NOCHOMP | TEND_ENVDIR_NOCLAMP)

 /* TEND_KEEP_ENV, or S6_KEEP_ENV when TEND_KEEP_ENV is unset: "1" keeps
    the environment; unset, empty or "0" loads the saved one; anything
    else is refused rather than guessed. */
static int keepenv (void)
{
  char const *name = "TEND_KEEP_ENV" ;
  char const *s = getenv(name) ;
  if (!s) { name = "S6_KEEP_ENV" ; s = getenv(name) ; }
  if (!s || !s[0] || !strcmp(s, "0")) return 0 ;
  if (!strcmp(s, "1")) return 1 ;
  strerr_dief(100, "invalid $", name, ": ", s, " (want 0 or 1)") ;
}

int main (int argc, char const *const *argv)
{
  stralloc sa = STRALLOC_ZERO ;
  stralloc errname = STRALLOC_ZERO ;
  char const *rundir ;
  char const *path ;
  int n ;
  PROG = "with-contenv" ;
  if (argc < 2) dieusage() ;
  argv++ ;
  if (keepenv()) xexec(argv) ;

  rundir = getenv("TEND_RUNTIME_DIR") ;
  if (!rundir || !rundir[0]) rundir = TEND_RUNTIME_DIR_DEFAULT ;
  {
    size_t len = strlen(rundir) ;
    char dir[len + sizeof(TEND_CONTENV_NAME)] ;
    memcpy(dir, rundir, len) ;
    memcpy(dir + len, TEND_CONTENV_NAME, sizeof(TEND_CONTENV_NAME)) ;
    n = tend_envdir_read(dir, TEND_CONTENV_FLAGS, '\n', &sa, &errname) ;
    if (n == -1)
    {
      if (errname.len > 1) strerr_diefusys(111, "read ", dir, "/", errname.s) ;
      strerr_diefusys(111, "read the container environment ", dir) ;
    }
  }
  {
    char const *envp[n + 1] ;
    size_t m = env_merge(envp, n + 1, 0, 0, sa.s, sa.len) ;
    if (!m) strerr_diefusys(111, "build the environment") ;
   /* prog is found with the container's PATH, then ours, then the default. */
    path = 0 ;
    {
      size_t i ;
      for (i = 0 ; i + 1 < m ; i++)
        if (!strncmp(envp[i], "PATH=", 5)) { path = envp[i] + 5 ; break ; }
    }
    if (!path) path = getenv("PATH") ;
    if (!path) path = SKALIBS_DEFAULTPATH ;
    xexecvep(argv[0], argv, envp, path) ;
  }
}
