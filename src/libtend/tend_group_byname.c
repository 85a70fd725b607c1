/* See COPYING for license terms. */

#include <string.h>

#include <tend/account.h>

struct grfind_s
{
  char const *name ;
  unsigned int gid ;
} ;

 /* name:password:gid[:members] */
static int grmatch (char **fields, unsigned int n, void *data)
{
  struct grfind_s *g = data ;
  char *colon = strchr(fields[2], ':') ;
  (void)n ;
  if (strcmp(fields[0], g->name)) return 0 ;
  if (colon) *colon = 0 ;
  return tend_account_id(fields[2], &g->gid) ;
}

int tend_group_byname (char const *file, char const *name, gid_t *gid)
{
  struct grfind_s g = { .name = name } ;
  int r = tend_account_scan(file, 3, &grmatch, &g) ;
  if (r == 1) *gid = g.gid ;
  return r ;
}
