/* See COPYING for license terms. */

#ifndef TEND_SVSTATUS_H
#define TEND_SVSTATUS_H

#include <stddef.h>
#include <stdint.h>
#include <skalibs/tai.h>

 /* supervise/status: 35 bytes, big-endian, the layout of s6 2.11
    (PROTOCOL-s6-2.11.md section 3):
      0  stamp (TAI64N, 12 bytes)      12 readystamp (TAI64N, 12 bytes)
      24 pid (8 bytes, 0 = none)       32 wstat (2 bytes, raw wait status)
      34 flags: 1 paused, 2 finishing, 4 want up, 8 ready */

#define TEND_SVSTATUS_SIZE 35

#define TEND_SVSTATUS_PAUSED 0x01
#define TEND_SVSTATUS_FINISHING 0x02
#define TEND_SVSTATUS_WANTUP 0x04
#define TEND_SVSTATUS_READY 0x08

typedef struct tend_svstatus_s tend_svstatus_t, *tend_svstatus_t_ref ;
struct tend_svstatus_s
{
  tain stamp ;       /* when the service last went up or down */
  tain readystamp ;  /* when it last became ready (or finish ended) */
  uint64_t pid ;     /* run's pid when up, finish's when finishing, else 0 */
  uint16_t wstat ;   /* wait status of run's last death */
  unsigned int flags ;
} ;
#define TEND_SVSTATUS_ZERO { .stamp = TAIN_ZERO, .readystamp = TAIN_ZERO, .pid = 0, .wstat = 0, .flags = 0 }

 /* "up", as every s6 client computes it: a pid, and not finish's. */
#define tend_svstatus_isup(st) ((st)->pid && !((st)->flags & TEND_SVSTATUS_FINISHING))

extern void tend_svstatus_pack (char *buf, tend_svstatus_t const *st) ;

 /* 1: unpacked. 0: malformed (wrong length, nanoseconds out of range);
    errno is set to EPROTO. */
extern int tend_svstatus_unpack (char const *buf, size_t len, tend_svstatus_t *st) ;

 /* Reads dir/supervise/status. 1: read. 0: malformed (errno EPROTO).
    -1: could not be read (errno set; ENOENT when there is none). */
extern int tend_svstatus_read (char const *dir, tend_svstatus_t *st) ;

 /* Writes dir/supervise/status atomically: status.new, then rename.
    Not fsynced on purpose: the file describes a live supervisor and is
    rewritten at its next start, so it has nothing to keep across a crash
    of the machine. 1: written. 0: error, errno set. */
extern int tend_svstatus_write (char const *dir, tend_svstatus_t const *st) ;

 /* The death_tally record of s6 2.11 (PROTOCOL section 4): 12 bytes of
    TAI64N, the exit code (128+n for signal n), the signal number. */
#define TEND_DEATHTALLY_RECSIZE 14
extern void tend_deathtally_pack (char *buf, tain const *stamp, int wstat) ;

#endif
