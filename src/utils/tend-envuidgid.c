/* See COPYING for license terms. */

/* tend-envuidgid: puts an account's UID, GID and GIDLIST in the
   environment, without changing identity, then execs prog.
   Interface and exit codes: doc/tend-envuidgid.html */

#include <sys/types.h>
#include <string.h>
#include <limits.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/exec.h>

#include <tend/account.h>

#define USAGE "tend-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog..."
#define dieusage() strerr_dieusage(100, USAGE)
#define dienomem() strerr_diefusys(111, "build the environment")

static gid_t gids[NGROUPS_MAX] ;
static uint32_t dgids[NGROUPS_MAX] ;
static stralloc modifs = STRALLOC_ZERO ;

static void setvar (char const *name, unsigned int u)
{
  char fmt[UINT_FMT] ;
  if (!stralloc_cats(&modifs, name)
   || !stralloc_catb(&modifs, "=", 1)
   || !stralloc_catb(&modifs, fmt, uint_fmt(fmt, u))
   || !stralloc_0(&modifs)) dienomem() ;
}

static void setlist (uint32_t const *tab, size_t n)
{
  size_t i ;
  if (!stralloc_cats(&modifs, "GIDLIST=")) dienomem() ;
  for (i = 0 ; i < n ; i++)
  {
    char fmt[UINT32_FMT] ;
    if (i && !stralloc_catb(&modifs, ",", 1)) dienomem() ;
    if (!stralloc_catb(&modifs, fmt, uint32_fmt(fmt, tab[i]))) dienomem() ;
  }
  if (!stralloc_0(&modifs)) dienomem() ;
}

 /* 1: found, *uid (and *gid) set. 0: not found. Dies on a read error. */
static int getuser (char const *name, uid_t *uid, gid_t *gid)
{
  int r = tend_passwd_byname(TEND_ACCOUNT_PASSWD, name, uid, gid) ;
  if (r == -1) strerr_diefusys(111, "read ", TEND_ACCOUNT_PASSWD) ;
  return r ;
}

static int getgroup (char const *name, gid_t *gid)
{
  int r = tend_group_byname(TEND_ACCOUNT_GROUP, name, gid) ;
  if (r == -1) strerr_diefusys(111, "read ", TEND_ACCOUNT_GROUP) ;
  return r ;
}

 /* -n: a name that is not in the database but starts with digits. */
static int numeric (int yes, char const *s, unsigned int *u)
{
  return yes && uint_scan(s, u) ;
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  unsigned int duid = 0, dgid = 0, u ;
  size_t ndgids = 0 ;
  int hasdefault = 0, numfallback = 0, opt ;
  char mode = 0 ;
  PROG = "tend-envuidgid" ;

  while ((opt = subgetopt_r(argc, argv, "ugBniD:", &l)) != -1) switch (opt)
  {
    case 'u' :
    case 'g' :
    case 'B' : mode = opt ; break ;
    case 'n' : numfallback = 1 ; break ;
    case 'i' : hasdefault = 0 ; break ;
    case 'D' :
    {
      char const *s = l.arg ;
      size_t pos ;
      duid = 0 ; dgid = 0 ; ndgids = 0 ;
      pos = uint_scan(s, &duid) ;
      if (s[pos] && s[pos] != ':') dieusage() ;
      if (s[pos])
      {
        s += pos + 1 ;
        pos = uint_scan(s, &dgid) ;
        if (s[pos] && s[pos] != ':') dieusage() ;
        if (s[pos]) uint32_scanlist(dgids, NGROUPS_MAX, s + pos + 1, &ndgids) ;
      }
      hasdefault = 1 ;
      break ;
    }
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (argc < 2) dieusage() ;

  switch (mode)
  {
    case 0 :
    {
      uid_t uid ;
      gid_t gid ;
      if (getuser(argv[0], &uid, &gid))
      {
        ssize_t n = tend_group_memberof(TEND_ACCOUNT_GROUP, argv[0], gids, NGROUPS_MAX) ;
        if (n == -1) strerr_diefusys(111, "get supplementary groups for ", argv[0]) ;
        setvar("UID", uid) ;
        setvar("GID", gid) ;
        setlist(gids, n) ;
      }
      else if (numeric(numfallback, argv[0], &u))
      {
        setvar("UID", u) ;
        setvar("GID", dgid) ;
      }
      else if (hasdefault)
      {
        setvar("UID", duid) ;
        setvar("GID", dgid) ;
        setlist(dgids, ndgids) ;
      }
      else strerr_dief(1, "unknown user: ", argv[0]) ;
      break ;
    }
    case 'u' :
    {
      uid_t uid ;
      gid_t gid ;
      if (getuser(argv[0], &uid, &gid)) setvar("UID", uid) ;
      else if (numeric(numfallback, argv[0], &u)) setvar("UID", u) ;
      else if (hasdefault) setvar("UID", duid) ;
      else strerr_dief(1, "unknown user: ", argv[0]) ;
      break ;
    }
    case 'g' :
    {
      gid_t gid ;
      if (getgroup(argv[0], &gid)) setvar("GID", gid) ;
      else if (numeric(numfallback, argv[0], &u)) setvar("GID", u) ;
      else if (hasdefault) setvar("GID", dgid) ;
      else strerr_dief(1, "unknown group: ", argv[0]) ;
      break ;
    }
    case 'B' :
    {
      size_t len = strcspn(argv[0], ":") ;
      char user[len + 1] ;
      char const *group = argv[0][len] ? argv[0] + len + 1 : "" ;
      uid_t uid ;
      gid_t gid ;
      memcpy(user, argv[0], len) ;
      user[len] = 0 ;
      if (!len) setvar("UID", duid) ;
      else if (getuser(user, &uid, &gid)) setvar("UID", uid) ;
      else if (numeric(numfallback, user, &u)) setvar("UID", u) ;
      else if (hasdefault) setvar("UID", duid) ;
      else strerr_dief(1, "unknown user: ", user) ;
      if (!group[0]) setvar("GID", dgid) ;
      else if (getgroup(group, &gid)) setvar("GID", gid) ;
      else if (numeric(numfallback, group, &u)) setvar("GID", u) ;
      else if (hasdefault) setvar("GID", dgid) ;
      else strerr_dief(1, "unknown group: ", group) ;
      break ;
    }
  }
  xmexec_m(argv + 1, modifs.s, modifs.len) ;
}
