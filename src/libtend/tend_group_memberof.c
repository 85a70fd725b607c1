/* See COPYING for license terms. */

#include <errno.h>
#include <string.h>

#include <tend/account.h>

struct grmem_s
{
  char const *user ;
  size_t userlen ;
  gid_t *tab ;
  size_t max ;
  size_t n ;
} ;

static int listed (char const *members, char const *user, size_t userlen)
{
  while (*members)
  {
    size_t len = strcspn(members, ",") ;
    if (len == userlen && !memcmp(members, user, len)) return 1 ;
    members += len ;
    if (*members) members++ ;
  }
  return 0 ;
}

 /* name:password:gid:member,member... */
static int grmember (char **fields, unsigned int n, void *data)
{
  struct grmem_s *m = data ;
  unsigned int gid ;
  (void)n ;
  if (strchr(fields[3], ':')) return 0 ;
  if (!listed(fields[3], m->user, m->userlen)) return 0 ;
  if (!tend_account_id(fields[2], &gid)) return 0 ;
  if (m->n >= m->max) return (errno = E2BIG, -1) ;
  m->tab[m->n++] = gid ;
  return 0 ;
}

ssize_t tend_group_memberof (char const *file, char const *user, gid_t *tab, size_t max)
{
  struct grmem_s m = { .user = user, .userlen = strlen(user), .tab = tab, .max = max, .n = 0 } ;
  if (!m.userlen) return 0 ;
  if (tend_account_scan(file, 4, &grmember, &m) == -1) return -1 ;
  return m.n ;
}
