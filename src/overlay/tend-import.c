/* See COPYING for license terms. */

/* tend-import: execline's old import command, removed from execline
   before 2.9, for the s6-overlay v1 scripts that still run it:
   "import options var prog..." is "importas options var var prog...".
   Installed in the overlay as /opt/tend/compat/bin/import.
   Interface: doc/migration.html */

#include <string.h>

#include <skalibs/strerr.h>
#include <skalibs/exec.h>

#define USAGE "import [ -i | -D default ] [ -u ] [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] var prog..."
#define dieusage() strerr_dieusage(100, USAGE)

int main (int argc, char const *const *argv)
{
  int i = 1 ;
  PROG = "import" ;
 /* the options are importas's: skip them, -D and -d with their value */
  while (i < argc && argv[i][0] == '-' && argv[i][1])
  {
    char const *o = argv[i++] ;
    if (!strcmp(o, "--")) break ;
    for (o++ ; *o ; o++)
    {
      if (!strchr("iDuNnsCcd", *o)) dieusage() ;
      if (*o == 'D' || *o == 'd')
      {
        if (!o[1] && i++ >= argc) dieusage() ;
        break ;
      }
    }
  }
  if (argc - i < 2) dieusage() ;
  {
    char const *v[argc + 2] ;
    v[0] = "importas" ;
    memcpy(v + 1, argv + 1, (i - 1) * sizeof(char const *)) ;
    v[i] = argv[i] ;
    memcpy(v + i + 1, argv + i, (argc - i + 1) * sizeof(char const *)) ;
    xexec(v) ;
  }
}
