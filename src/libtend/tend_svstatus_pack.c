/* See COPYING for license terms. */

#include <skalibs/uint16.h>
#include <skalibs/uint64.h>
#include <skalibs/tai.h>

#include <tend/svstatus.h>

void tend_svstatus_pack (char *buf, tend_svstatus_t const *st)
{
  tain_pack(buf, &st->stamp) ;
  tain_pack(buf + 12, &st->readystamp) ;
  uint64_pack_big(buf + 24, st->pid) ;
  uint16_pack_big(buf + 32, st->wstat) ;
  buf[34] = (char)(st->flags & 0x0f) ;
}
