/* See COPYING for license terms. */

#include <string.h>

#include <tend/account.h>

struct pwfind_s
{
  char const *name ;
  unsigned int uid ;
  unsigned int gid ;
} ;

 /* name:password:uid:gid:rest */
static int pwmatch (char **fields, unsigned int n, void *data)
{
  struct pwfind_s *p = data ;
  (void)n ;
  if (strcmp(fields[0], p->name)) return 0 ;
  if (!tend_account_id(fields[2], &p->uid)) return 0 ;
  {
    char *colon = strchr(fields[3], ':') ;
    if (colon) *colon = 0 ;
  }
  return tend_account_id(fields[3], &p->gid) ;
}

int tend_passwd_byname (char const *file, char const *name, uid_t *uid, gid_t *gid)
{
  struct pwfind_s p = { .name = name } ;
  int r = tend_account_scan(file, 4, &pwmatch, &p) ;
  if (r == 1) { *uid = p.uid ; *gid = p.gid ; }
  return r ;
}
