/* See COPYING for license terms. */

#include <string.h>
#include <unistd.h>

#include <skalibs/djbunix.h>

#include <tend/event.h>

void tend_event_unsubscribe (char const *path, tend_eventsub_t *sub)
{
  size_t plen = strlen(path) ;
  char fn[plen + TEND_EVENT_FIFONAMELEN + 2] ;
  if (sub->name[0])
  {
    memcpy(fn, path, plen) ;
    fn[plen] = '/' ;
    memcpy(fn + plen + 1, sub->name, TEND_EVENT_FIFONAMELEN + 1) ;
    unlink(fn) ;
    sub->name[0] = 0 ;
  }
  if (sub->fd >= 0) fd_close(sub->fd) ;
  if (sub->wfd >= 0) fd_close(sub->wfd) ;
  sub->fd = sub->wfd = -1 ;
}
