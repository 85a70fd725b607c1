/* See COPYING for license terms. */

#ifndef TEND_SVLISTEN_H
#define TEND_SVLISTEN_H

#include <skalibs/tai.h>

#include <tend/event.h>

 /* Waiting for services to reach a state, race-free, as s6-svwait and
    s6-svlisten1 do (PROTOCOL-s6-2.11.md 7.4): subscribe to event/ first,
    then read the status, then (the caller) send any command, then follow
    the event bytes: d (down), D (down, finish done), u (up), U (up and
    ready); x (the supervisor exited) and O (permanent failure, while
    waiting for up) end the wait for that service and count as failures. */

#define TEND_SVLISTEN_UP 0x01       /* wait for up (else down) */
#define TEND_SVLISTEN_READY 0x02    /* ... and ready (U; for down: D) */
#define TEND_SVLISTEN_RESTART 0x04  /* first for down, then for the rest */

typedef struct tend_svlisten_s tend_svlisten_t, *tend_svlisten_t_ref ;
struct tend_svlisten_s
{
  char const *dir ;
  tend_eventsub_t sub ;
  unsigned char want ;    /* TEND_SVLISTEN_* */
  unsigned char up ;      /* what the status and the events say */
  unsigned char ready ;
  unsigned char phase ;   /* 0: still waiting for down (restart), 1: target */
  unsigned char failed ;  /* x or O ended the wait for it */
} ;
#define TEND_SVLISTEN_ZERO { .dir = 0, .sub = TEND_EVENTSUB_ZERO, .want = 0, .up = 0, .ready = 0, .phase = 1, .failed = 0 }

 /* Subscribes to dir/event (made 3730 if missing), then reads
    dir/supervise/status. dir is kept, not copied. 1: done. 0: could not
    subscribe. -1: could not read the status (unsubscribed again). errno
    set. */
extern int tend_svlisten_init (tend_svlisten_t *l, char const *dir, unsigned char want) ;

 /* Unsubscribes (idempotent). */
extern void tend_svlisten_end (tend_svlisten_t *l) ;

 /* Is this service where it is wanted (or given up on)? */
extern int tend_svlisten_reached (tend_svlisten_t const *l) ;

 /* Waits until all n services (any one of them, if or) have reached their
    target, or until deadline (absolute, clock of tain_now_g). Returns the
    number of failures (x, O), or -1: error or timeout (errno ETIMEDOUT). */
extern int tend_svlisten_wait_g (tend_svlisten_t *l, unsigned int n, int or, tain const *deadline) ;

#endif
