/* See COPYING for license terms. */

/* tend-fixattrs: applies s6-overlay v1 fix-attrs files (lines of
   "path recurse account fmode dmode") to the filesystem. Run by stage 2
   on /etc/fix-attrs.d. Interface: doc/tend-fixattrs.html */

#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/sgetopt.h>

#include <tend/account.h>

#define USAGE "tend-fixattrs [ -H ] [ file... ]"
#define dieusage() strerr_dieusage(100, USAGE)

static int hidden = 0 ;
static unsigned int errors = 0 ;

 /* One side of an account: a name looked up in file, or a number. */
static int resolve_user (char const *s, uid_t *uid, gid_t *gid)
{
  unsigned int id ;
  if (tend_account_id(s, &id)) { *uid = id ; return 1 ; }
  return tend_passwd_byname(TEND_ACCOUNT_PASSWD, s, uid, gid) == 1 ;
}

static int resolve_group (char const *s, gid_t *gid)
{
  unsigned int id ;
  if (tend_account_id(s, &id)) { *gid = id ; return 1 ; }
  return tend_group_byname(TEND_ACCOUNT_GROUP, s, gid) == 1 ;
}

 /* account: user[:group][,uid:gid]. The user's own group unless a group
    is named; each side that cannot be resolved takes the fallback's.
    0: unusable. */
static int account (char *s, uid_t *uid, gid_t *gid)
{
  char *fb = strchr(s, ',') ;
  char *grp ;
  unsigned int fu = 0, fg = 0 ;
  int hasfb = 0, u, g = 0 ;
  gid_t ugid = 0 ;
  if (fb)
  {
    char *c ;
    *fb++ = 0 ;
    c = strchr(fb, ':') ;
    if (!c) return 0 ;
    *c++ = 0 ;
    if (!tend_account_id(fb, &fu) || !tend_account_id(c, &fg)) return 0 ;
    hasfb = 1 ;
  }
  grp = strchr(s, ':') ;
  if (grp) *grp++ = 0 ;
  if (!s[0]) return 0 ;
  u = resolve_user(s, uid, &ugid) ;
  if (grp && grp[0]) g = resolve_group(grp, gid) ;
  else if (u) { *gid = ugid ; g = 1 ; }
  if (!u) { if (!hasfb) return 0 ; *uid = fu ; }
  if (!g) { if (!hasfb) return 0 ; *gid = fg ; }
  return 1 ;
}

static void apply (char const *path, uid_t uid, gid_t gid, unsigned int fmode, unsigned int dmode)
{
  struct stat st ;
  if (lstat(path, &st) == -1) { strerr_warnwu2sys("stat ", path) ; errors++ ; return ; }
  if (S_ISLNK(st.st_mode)) return ;
  if (chown(path, uid, gid) == -1) { strerr_warnwu2sys("chown ", path) ; errors++ ; }
  if (chmod(path, S_ISDIR(st.st_mode) ? dmode : fmode) == -1) { strerr_warnwu2sys("chmod ", path) ; errors++ ; }
}

static void walk (char *path, uid_t uid, gid_t gid, unsigned int fmode, unsigned int dmode)
{
  size_t len = strlen(path) ;
  struct stat st ;
  DIR *d ;
  apply(path, uid, gid, fmode, dmode) ;
  if (lstat(path, &st) == -1 || !S_ISDIR(st.st_mode)) return ;
  d = opendir(path) ;
  if (!d) { strerr_warnwu2sys("open ", path) ; errors++ ; return ; }
  for (;;)
  {
    struct dirent *de ;
    size_t n ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue ;
    if (de->d_name[0] == '.' && !hidden) continue ;
    n = strlen(de->d_name) ;
    if (len + n + 2 > PATH_MAX) { strerr_warnw("path too long in ", path) ; errors++ ; continue ; }
    path[len] = '/' ;
    memcpy(path + len + 1, de->d_name, n + 1) ;
    walk(path, uid, gid, fmode, dmode) ;
    path[len] = 0 ;
  }
  if (errno) { strerr_warnwu2sys("read ", path) ; errors++ ; }
  closedir(d) ;
}

static int mode (char const *s, unsigned int *m)
{
  size_t n = uint_oscan(s, m) ;
  return n && !s[n] && *m <= 07777 ;
}

static void line (char const *file, unsigned int lineno, char *s)
{
  char *w[6] ;
  unsigned int n = 0 ;
  unsigned int fmode, dmode ;
  uid_t uid = 0 ;
  gid_t gid = 0 ;
  char fmt[UINT_FMT] ;
  char path[PATH_MAX] ;
  while (n < 6)
  {
    while (*s == ' ' || *s == '\t') s++ ;
    if (!*s || *s == '#') break ;
    w[n++] = s ;
    while (*s && *s != ' ' && *s != '\t') s++ ;
    if (*s) *s++ = 0 ;
  }
  if (!n) return ;
  fmt[uint_fmt(fmt, lineno)] = 0 ;
  if (n != 5 || w[0][0] != '/' || (strcmp(w[1], "true") && strcmp(w[1], "false"))
   || !mode(w[3], &fmode) || !mode(w[4], &dmode) || strlen(w[0]) >= PATH_MAX)
  {
    strerr_warnw(file, ":", fmt, ": malformed line (want: path true|false account fmode dmode): ignored") ;
    errors++ ;
    return ;
  }
  if (!account(w[2], &uid, &gid))
  {
    strerr_warnw(file, ":", fmt, ": unknown account with no uid:gid fallback: ignored") ;
    errors++ ;
    return ;
  }
  strcpy(path, w[0]) ;
  if (w[1][0] == 't') walk(path, uid, gid, fmode, dmode) ;
  else apply(path, uid, gid, fmode, dmode) ;
}

int main (int argc, char const *const *argv)
{
  stralloc sa = STRALLOC_ZERO ;
  PROG = "tend-fixattrs" ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "H", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'H' : hidden = 1 ; break ;
        default : dieusage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (argc && geteuid())
  {
    strerr_warnw("not running as root: fix-attrs skipped") ;
    return 0 ;
  }
  for (; *argv ; argv++)
  {
    size_t i, start = 0 ;
    unsigned int lineno = 0 ;
    sa.len = 0 ;
    if (!openslurpclose(&sa, *argv) || !stralloc_0(&sa))
    {
      strerr_warnwu2sys("read ", *argv) ;
      errors++ ;
      continue ;
    }
    for (i = 0 ; i < sa.len ; i++)
      if (sa.s[i] == '\n' || !sa.s[i])
      {
        sa.s[i] = 0 ;
        line(*argv, ++lineno, sa.s + start) ;
        start = i + 1 ;
      }
  }
  stralloc_free(&sa) ;
  return errors ? 1 : 0 ;
}
