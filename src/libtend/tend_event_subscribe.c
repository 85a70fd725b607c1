/* See COPYING for license terms. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <skalibs/tai.h>
#include <skalibs/random.h>
#include <skalibs/djbunix.h>

#include <tend/event.h>

 /* The name is what real s6-supervise writes to: ftrig1:@<tain label>:<6
    random chars>, 39 bytes. Created hidden, opened, then renamed, so a
    notifier never finds a fifo that nobody reads yet. */
int tend_event_subscribe (char const *path, tend_eventsub_t *sub)
{
  static char const alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" ;
  size_t plen = strlen(path) ;
  char hidden[plen + TEND_EVENT_FIFONAMELEN + 3] ;
  char visible[plen + TEND_EVENT_FIFONAMELEN + 2] ;
  char rnd[6] ;
  char *name = sub->name ;
  tain now ;
  int fd, wfd ;
  mode_t m ;

  if (!tend_event_mkdir(path)) return 0 ;
  tain_wallclock_read(&now) ;
  memcpy(name, TEND_EVENT_FIFOPREFIX, 7) ;
  timestamp_fmt(name + 7, &now) ;  /* '@' + 24 hex digits */
  name[32] = ':' ;
  random_buf(rnd, 6) ;
  for (unsigned int i = 0 ; i < 6 ; i++) name[33 + i] = alphabet[(unsigned char)rnd[i] % (sizeof(alphabet) - 1)] ;
  name[TEND_EVENT_FIFONAMELEN] = 0 ;

  memcpy(hidden, path, plen) ;
  hidden[plen] = '/' ; hidden[plen + 1] = '.' ;
  memcpy(hidden + plen + 2, name, TEND_EVENT_FIFONAMELEN + 1) ;
  memcpy(visible, path, plen) ;
  visible[plen] = '/' ;
  memcpy(visible + plen + 1, name, TEND_EVENT_FIFONAMELEN + 1) ;

  m = umask(0) ;
  if (mkfifo(hidden, 0600) == -1) { umask(m) ; return 0 ; }
  umask(m) ;
  fd = open2(hidden, O_RDONLY | O_NONBLOCK | O_CLOEXEC) ;
  if (fd == -1) goto errunlink ;
  wfd = open2(hidden, O_WRONLY | O_NONBLOCK | O_CLOEXEC) ;
  if (wfd == -1) goto errclose ;
  if (rename(hidden, visible) == -1) goto errclosew ;
  sub->fd = fd ;
  sub->wfd = wfd ;
  return 1 ;

 errclosew:
  fd_close(wfd) ;
 errclose:
  fd_close(fd) ;
 errunlink:
  {
    int e = errno ;
    unlink(hidden) ;
    errno = e ;
  }
  return 0 ;
}
