/* See COPYING for license terms. */

/* printcontenv: s6-overlay's helper: prints the value of one variable of
   the saved container environment, then a newline. Installed in the
   overlay as /opt/tend/compat/bin/printcontenv. Interface:
   doc/migration.html */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/allreadwrite.h>

#define USAGE "printcontenv var"
#define dieusage() strerr_dieusage(100, USAGE)

#define RUNTIME_DEFAULT "/run/tend"
#define CONTENV "/container_environment/"

int main (int argc, char const *const *argv)
{
  stralloc sa = STRALLOC_ZERO ;
  char const *rt = getenv("TEND_RUNTIME_DIR") ;
  PROG = "printcontenv" ;
  if (argc != 2 || !argv[1][0] || argv[1][0] == '.' || strchr(argv[1], '/')) dieusage() ;
  if (!rt || !rt[0]) rt = RUNTIME_DEFAULT ;
  {
    size_t lr = strlen(rt), lv = strlen(argv[1]) ;
    char file[lr + sizeof(CONTENV) + lv] ;
    memcpy(file, rt, lr) ;
    memcpy(file + lr, CONTENV, sizeof(CONTENV) - 1) ;
    memcpy(file + lr + sizeof(CONTENV) - 1, argv[1], lv + 1) ;
    if (!openslurpclose(&sa, file))
    {
      if (errno == ENOENT) return 1 ;
      strerr_diefusys(111, "read ", file) ;
    }
  }
  if (!stralloc_catb(&sa, "\n", 1)) strerr_diefusys(111, "read the value") ;
  if (allwrite(1, sa.s, sa.len) < sa.len) strerr_diefusys(111, "write to stdout") ;
  stralloc_free(&sa) ;
  return 0 ;
}
