/* See COPYING for license terms. */

#include <tend/svlisten.h>

int tend_svlisten_reached (tend_svlisten_t const *l)
{
  if (l->failed) return 1 ;
  if (!l->phase) return 0 ;
  if (l->up != !!(l->want & TEND_SVLISTEN_UP)) return 0 ;
  return !(l->want & TEND_SVLISTEN_READY) || l->ready ;
}
