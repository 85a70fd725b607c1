/* See COPYING for license terms. */

#include <skalibs/nonposix.h>

#include <errno.h>
#include <string.h>

#include <skalibs/sig.h>
#include <skalibs/nsig.h>
#include <skalibs/djbunix.h>

#include <tend/svdir.h>

 /* sig0_scan() takes any number, 0 and 99 included; neither can be sent
    (s6 2.11 then fails the kill silently and the service never stops), so
    such a file is refused like any other garbage. */
int tend_svdir_readsig (char const *file, int *sig)
{
  char buf[32] ;
  size_t len ;
  int s ;
  ssize_t r = openreadnclose(file, buf, sizeof(buf) - 1) ;
  if (r == -1) return errno == ENOENT ? 0 : -1 ;
  buf[r] = 0 ;
  len = strcspn(buf, "\n") ;
  buf[len] = 0 ;
  if (!len || sig0_scan(buf, &s) != len || s <= 0 || s >= SKALIBS_NSIG)
    return (errno = EINVAL, -1) ;
  *sig = s ;
  return 1 ;
}
