/* See COPYING for license terms. */

#include <string.h>

#include <tend/svdir.h>
#include <tend/svlisten.h>

void tend_svlisten_end (tend_svlisten_t *l)
{
  if (l->sub.fd >= 0 || l->sub.name[0])
  {
    size_t len = strlen(l->dir) ;
    char fn[len + sizeof("/" TEND_EVENT_DIR)] ;
    memcpy(fn, l->dir, len) ;
    memcpy(fn + len, "/" TEND_EVENT_DIR, sizeof("/" TEND_EVENT_DIR)) ;
    tend_event_unsubscribe(fn, &l->sub) ;
  }
}
