/* See COPYING for license terms. */

/* logutil-service: s6-overlay v1/v2's logger helper, for the log/run
   scripts of images made for it. Runs tend-log on a logdir with the
   logging script setting, as the logging user, with an empty
   environment. Interface and exit codes: doc/logutil-service.html */

#include <sys/types.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <skalibs/config.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/exec.h>

#include <tend/account.h>

#define USAGE "logutil-service [ -f fifo ] logdir"
#define dieusage() strerr_dieusage(100, USAGE)

#define SCRIPT_DEFAULT "n20 s1000000 T"
#define USER "nobody"
#define UID_DEFAULT 32768  /* s6-overlay v2's, when there is no nobody */
#define WORDS_MAX 256

static gid_t groups[NGROUPS_MAX] ;

static char const *setting (void)
{
  char const *s = getenv("TEND_LOGGING_SCRIPT") ;
  if (!s || !s[0]) s = getenv("S6_LOGGING_SCRIPT") ;
  return s && s[0] ? s : SCRIPT_DEFAULT ;
}

 /* As s6-overlay: the nobody account, or 32768:32768 when the image has
    none. Only root can change; anyone else logs as themselves. */
static void become (void)
{
  uid_t uid = UID_DEFAULT ;
  gid_t gid = UID_DEFAULT ;
  size_t n = 0 ;
  char const *step ;
  int r ;
  if (getuid()) return ;
  r = tend_passwd_byname(TEND_ACCOUNT_PASSWD, USER, &uid, &gid) ;
  if (r == -1) strerr_diefusys(111, "read ", TEND_ACCOUNT_PASSWD) ;
  if (r)
  {
    ssize_t m = tend_group_memberof(TEND_ACCOUNT_GROUP, USER, groups, NGROUPS_MAX) ;
    if (m == -1) strerr_diefusys(111, "get supplementary groups for " USER) ;
    n = m ;
  }
  if (!n) groups[n++] = gid ;
  if (tend_account_become(uid, gid, groups, n, &step) == -1)
    strerr_diefusys(111, step) ;
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  stralloc sa = STRALLOC_ZERO ;
  char const *fifo = 0 ;
  char const *path = getenv("PATH") ;
  char const *words[WORDS_MAX + 6] ;
  char const *const envp[1] = { 0 } ;
  size_t i, n = 0 ;
  int opt ;
  PROG = "logutil-service" ;

  while ((opt = subgetopt_r(argc, argv, "f:", &l)) != -1) switch (opt)
  {
    case 'f' : fifo = l.arg ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (argc != 1 || !argv[0][0]) dieusage() ;

  if (fifo)
  {
   /* nonblocking, so that opening does not wait for a writer; then
      blocking reads, as tend-log expects */
    int fd = open_read(fifo) ;
    if (fd == -1) strerr_diefusys(111, "open ", fifo) ;
    if (ndelay_off(fd) == -1 || fd_move(0, fd) == -1) strerr_diefusys(111, "read from ", fifo) ;
  }

  {
    char const *s = setting() ;
    if (!stralloc_cats(&sa, s) || !stralloc_0(&sa)) strerr_diefusys(111, "read the logging script") ;
  }
  words[n++] = "tend-log" ;
  words[n++] = "-bp" ;
  words[n++] = "--" ;
  for (i = 0 ; i < sa.len - 1 ; )
  {
    size_t k = strcspn(sa.s + i, " \t\n") ;
    if (k)
    {
      if (n >= WORDS_MAX) strerr_dief(100, "too many words in the logging script") ;
      sa.s[i + k] = 0 ;
      words[n++] = sa.s + i ;
    }
    i += k + 1 ;
  }
  words[n++] = argv[0] ;
  words[n] = 0 ;

  become() ;
  xexecvep(words[0], words, envp, path ? path : SKALIBS_DEFAULTPATH) ;
}
