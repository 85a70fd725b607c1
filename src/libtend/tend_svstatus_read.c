/* See COPYING for license terms. */

#include <string.h>

#include <skalibs/djbunix.h>

#include <tend/svdir.h>
#include <tend/svstatus.h>

int tend_svstatus_read (char const *dir, tend_svstatus_t *st)
{
  size_t len = strlen(dir) ;
  char fn[len + sizeof("/" TEND_SUPERVISE_STATUS)] ;
  char buf[TEND_SVSTATUS_SIZE + 1] ;  /* one more, to see an over-long file */
  ssize_t r ;
  memcpy(fn, dir, len) ;
  memcpy(fn + len, "/" TEND_SUPERVISE_STATUS, sizeof("/" TEND_SUPERVISE_STATUS)) ;
  r = openreadnclose(fn, buf, sizeof(buf)) ;
  if (r == -1) return -1 ;
  return tend_svstatus_unpack(buf, (size_t)r, st) ;
}
