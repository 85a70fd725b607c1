/* See COPYING for license terms. */

/* tend-applyuidgid: sets the supplementary groups, gid and uid given on the
   command line or in UID, GID, GIDLIST, then execs prog.
   Interface and exit codes: doc/tend-applyuidgid.html */

#include <skalibs/nonposix.h>  /* setgroups() */

#include <unistd.h>
#include <stdlib.h>
#include <limits.h>
#include <grp.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/env.h>
#include <skalibs/exec.h>

#define USAGE "tend-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog..."
#define dieusage() strerr_dieusage(100, USAGE)

static uint32_t tab[NGROUPS_MAX] ;
static gid_t gids[NGROUPS_MAX + 1] ;  /* room for the gid in front */

 /* A comma-separated gid list, as s6-applyuidgid reads it: scanning stops
    at the first thing that is not a list of numbers. */
static size_t scangids (char const *s)
{
  size_t n, i ;
  uint32_scanlist(tab, NGROUPS_MAX, s, &n) ;
  for (i = 0 ; i < n ; i++) gids[i + 1] = tab[i] ;
  return n ;
}

static unsigned int envid (char const *name)
{
  unsigned int u ;
  char const *s = getenv(name) ;
  if (!s) strerr_dief(100, name, " not set") ;
  if (!uint0_scan(s, &u)) strerr_dief(100, "invalid $", name) ;
  return u ;
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  unsigned int uid = 0, gid = 0 ;
  size_t ngids = 0 ;
  int hasuid = 0, hasgid = 0, hasgids = 0, unexport = 0, opt ;
  PROG = "tend-applyuidgid" ;

 /* In command-line order: -u, -g, -G after -U override the environment. */
  while ((opt = subgetopt_r(argc, argv, "zu:g:G:U", &l)) != -1) switch (opt)
  {
    case 'z' : unexport = 1 ; break ;
    case 'u' : if (!uint0_scan(l.arg, &uid)) dieusage() ; hasuid = 1 ; break ;
    case 'g' : if (!uint0_scan(l.arg, &gid)) dieusage() ; hasgid = 1 ; break ;
    case 'G' : ngids = scangids(l.arg) ; hasgids = 1 ; break ;
    case 'U' :
    {
      char const *s ;
      uid = envid("UID") ; hasuid = 1 ;
      gid = envid("GID") ; hasgid = 1 ;
      s = getenv("GIDLIST") ;
      if (!s) strerr_dief(100, "GIDLIST not set") ;
      ngids = scangids(s) ; hasgids = 1 ;
      break ;
    }
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (!argc) dieusage() ;

 /* Groups, then gid, then uid: once the uid is not 0 nothing else can
    change. The primary gid heads the supplementary list unless
    the list has it already, as s6-applyuidgid does. */
  if (hasgids)
  {
    gid_t const *tab = gids ;
    size_t i ;
    gids[0] = hasgid ? (gid_t)gid : getegid() ;
    for (i = 1 ; i <= ngids ; i++) if (gids[i] == gids[0]) break ;
    if (i <= ngids) tab++ ; else ngids++ ;
    if (setgroups(ngids, tab) == -1)
      strerr_diefusys(111, "set supplementary group list") ;
  }
  if (hasgid && setgid(gid) == -1) strerr_diefusys(111, "setgid") ;
  if (hasuid && setuid(uid) == -1) strerr_diefusys(111, "setuid") ;
  if (unexport) xmexec_m(argv, "UID\0GID\0GIDLIST", sizeof("UID\0GID\0GIDLIST")) ;
  xexec(argv) ;
}
