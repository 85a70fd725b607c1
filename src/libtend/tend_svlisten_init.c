/* See COPYING for license terms. */

#include <errno.h>
#include <string.h>

#include <tend/svdir.h>
#include <tend/svstatus.h>
#include <tend/svlisten.h>

 /* Subscribe first, read the status second: whatever happens in between
    is in the fifo, so no change can be missed. */
int tend_svlisten_init (tend_svlisten_t *l, char const *dir, unsigned char want)
{
  size_t len = strlen(dir) ;
  char fn[len + sizeof("/" TEND_EVENT_DIR)] ;
  tend_svstatus_t st ;
  memcpy(fn, dir, len) ;
  memcpy(fn + len, "/" TEND_EVENT_DIR, sizeof("/" TEND_EVENT_DIR)) ;
  l->dir = dir ;
  l->want = want ;
  l->failed = 0 ;
  l->phase = !(want & TEND_SVLISTEN_RESTART) ;
  l->sub.fd = l->sub.wfd = -1 ;
  l->sub.name[0] = 0 ;
  if (!tend_event_subscribe(fn, &l->sub)) return 0 ;
  if (tend_svstatus_read(dir, &st) < 1)
  {
    int e = errno ;
    tend_svlisten_end(l) ;
    errno = e ;
    return -1 ;
  }
  l->up = !!tend_svstatus_isup(&st) ;
  l->ready = !!(st.flags & TEND_SVSTATUS_READY) ;
  if (!l->up) l->phase = 1 ;
  return 1 ;
}
