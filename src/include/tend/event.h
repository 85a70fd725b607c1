/* See COPYING for license terms. */

#ifndef TEND_EVENT_H
#define TEND_EVENT_H

#include <stddef.h>
#include <sys/types.h>
#include <skalibs/tai.h>

 /* The event/ fifodir, wire-compatible with s6 2.11's ftrig
    (PROTOCOL-s6-2.11.md section 5). A listener owns a fifo named
    ftrig1:@<24 hex>:<6 chars> (39 bytes); a notifier writes the event bytes
    into every such fifo without ever blocking.

    Event bytes: s supervise started, u run spawned, U ready, d run died,
    D down (finish done), O permanent failure, x supervise exiting. */

#define TEND_EVENT_FIFOPREFIX "ftrig1:@"
#define TEND_EVENT_FIFONAMELEN 39

 /* Makes the fifodir if it is missing: mode 3730, group = our egid, as
    s6 does. An existing directory is left untouched.
    1: it exists now. 0: error, errno set. */
extern int tend_event_mkdir (char const *path) ;

 /* Writes s (n bytes, in one write) to every listener fifo of the fifodir
    open as dirfd. Stale fifos (no reader) are removed. Allocates nothing:
    made for daemons. Needs SIGPIPE ignored. Returns the number of
    listeners written to, or -1 if the directory could not be read. */
extern int tend_event_notify (int dirfd, char const *s, size_t n) ;

 /* A subscription: the fifo's name, its read end (non-blocking,
    close-on-exec) and a write end we hold so that the reader never sees
    EOF when a notifier closes. */
typedef struct tend_eventsub_s tend_eventsub_t, *tend_eventsub_t_ref ;
struct tend_eventsub_s
{
  int fd ;
  int wfd ;
  char name[TEND_EVENT_FIFONAMELEN + 1] ;
} ;
#define TEND_EVENTSUB_ZERO { .fd = -1, .wfd = -1, .name = "" }

 /* Subscribes to the fifodir at path, creating it (3730) if missing: makes
    a fifo under a hidden name, opens it, renames it visible.
    1: subscribed, read events from sub->fd. 0: error, errno set. */
extern int tend_event_subscribe (char const *path, tend_eventsub_t *sub) ;

 /* Removes the fifo and closes both ends. */
extern void tend_event_unsubscribe (char const *path, tend_eventsub_t *sub) ;

 /* Waits for events on fd until deadline (absolute, on the clock of
    tain_now_g: the caller sets it up). Reads at most n bytes into s.
    Returns the number of bytes read, 0 on timeout (errno ETIMEDOUT), -1 on
    error (EPIPE if the fifo was closed). */
extern ssize_t tend_event_wait_g (int fd, char *s, size_t n, tain const *deadline) ;

#endif
