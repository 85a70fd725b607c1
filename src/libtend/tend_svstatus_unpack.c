/* See COPYING for license terms. */

#include <errno.h>

#include <skalibs/uint16.h>
#include <skalibs/uint64.h>
#include <skalibs/tai.h>

#include <tend/svstatus.h>

 /* Only what s6 never writes is refused: a wrong size or a nanosecond
    field out of range. Unused flag bits are ignored, as s6 ignores them. */
int tend_svstatus_unpack (char const *buf, size_t len, tend_svstatus_t *st)
{
  tend_svstatus_t s ;
  if (len != TEND_SVSTATUS_SIZE) return (errno = EPROTO, 0) ;
  tain_unpack(buf, &s.stamp) ;
  tain_unpack(buf + 12, &s.readystamp) ;
  if (s.stamp.nano >= 1000000000 || s.readystamp.nano >= 1000000000)
    return (errno = EPROTO, 0) ;
  uint64_unpack_big(buf + 24, &s.pid) ;
  uint16_unpack_big(buf + 32, &s.wstat) ;
  s.flags = (unsigned char)buf[34] & 0x0f ;
  *st = s ;
  return 1 ;
}
