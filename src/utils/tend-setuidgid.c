/* See COPYING for license terms. */

/* tend-setuidgid: becomes an account (supplementary groups, gid, uid),
   then execs prog. Interface and exit codes: doc/tend-setuidgid.html */

#include <sys/types.h>
#include <string.h>
#include <limits.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/exec.h>

#include <tend/account.h>

#define USAGE "tend-setuidgid [ -U ] account prog..."
#define dieusage() strerr_dieusage(100, USAGE)
#define diebad(s) strerr_dief(100, "invalid account: ", (s))

static gid_t groups[NGROUPS_MAX] ;

 /* An id is all digits; anything else is a name. */
static int isnumber (char const *s)
{
  return s[0] && s[strspn(s, "0123456789")] == 0 ;
}

static int getuser (char const *name, uid_t *uid, gid_t *gid)
{
  int r = tend_passwd_byname(TEND_ACCOUNT_PASSWD, name, uid, gid) ;
  if (r == -1) strerr_diefusys(111, "read ", TEND_ACCOUNT_PASSWD) ;
  return r ;
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  stralloc modifs = STRALLOC_ZERO ;
  char const *user, *group = 0 ;
  char const *step ;
  uid_t uid ;
  gid_t gid ;
  size_t n = 1, len ;
  int exportids = 0, opt ;
  PROG = "tend-setuidgid" ;

  while ((opt = subgetopt_r(argc, argv, "U", &l)) != -1) switch (opt)
  {
    case 'U' : exportids = 1 ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (argc < 2) dieusage() ;

  len = strcspn(argv[0], ":") ;
  {
    char ubuf[len + 1] ;
    memcpy(ubuf, argv[0], len) ;
    ubuf[len] = 0 ;
    user = ubuf ;
    if (argv[0][len])
    {
      group = argv[0] + len + 1 ;
      if (!len || !group[0] || strchr(group, ':')) diebad(argv[0]) ;
    }
    else if (!len) diebad(argv[0]) ;

    if (group && isnumber(user))
    {
      unsigned int u ;
      if (!tend_account_id(user, &u)) diebad(argv[0]) ;
      uid = u ;
      user = 0 ;
    }
    else if (!getuser(user, &uid, &gid)) strerr_dief(1, "unknown user: ", user) ;

    if (group)
    {
      if (isnumber(group))
      {
        unsigned int g ;
        if (!tend_account_id(group, &g)) diebad(argv[0]) ;
        gid = g ;
      }
      else
      {
        int r = tend_group_byname(TEND_ACCOUNT_GROUP, group, &gid) ;
        if (r == -1) strerr_diefusys(111, "read ", TEND_ACCOUNT_GROUP) ;
        if (!r) strerr_dief(1, "unknown group: ", group) ;
      }
    }

   /* The primary gid first, then every group that lists the user by name
      (none for a numeric uid), as s6-setuidgid does. */
    groups[0] = gid ;
    if (user)
    {
      ssize_t r = tend_group_memberof(TEND_ACCOUNT_GROUP, user, groups + 1, NGROUPS_MAX - 1) ;
      if (r == -1) strerr_diefusys(111, "get supplementary groups for ", user) ;
      n += r ;
    }
  }

  if (exportids)
  {
    char fmt[UINT_FMT] ;
    size_t i ;
    if (!stralloc_catb(&modifs, "UID=", 4)
     || !stralloc_catb(&modifs, fmt, uint_fmt(fmt, uid))
     || !stralloc_catb(&modifs, "\0GID=", 5)
     || !stralloc_catb(&modifs, fmt, uint_fmt(fmt, gid))
     || !stralloc_catb(&modifs, "\0GIDLIST=", 9)) strerr_diefusys(111, "build the environment") ;
    for (i = 1 ; i < n ; i++)
      if ((i > 1 && !stralloc_catb(&modifs, ",", 1))
       || !stralloc_catb(&modifs, fmt, uint_fmt(fmt, groups[i]))) strerr_diefusys(111, "build the environment") ;
    if (!stralloc_0(&modifs)) strerr_diefusys(111, "build the environment") ;
  }
  else if (!stralloc_catb(&modifs, "UID\0GID\0GIDLIST", sizeof("UID\0GID\0GIDLIST")))
    strerr_diefusys(111, "build the environment") ;

  {
   /* As s6: the primary gid goes in front only if no group lists it. */
    gid_t const *tab = groups ;
    size_t i ;
    for (i = 1 ; i < n ; i++) if (groups[i] == gid) break ;
    if (i < n) { tab++ ; n-- ; }
    if (tend_account_become(uid, gid, tab, n, &step) == -1)
      strerr_diefusys(111, step) ;
  }
  xmexec_m(argv + 1, modifs.s, modifs.len) ;
}
