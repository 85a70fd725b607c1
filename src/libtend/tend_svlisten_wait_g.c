/* See COPYING for license terms. */

#include <errno.h>

#include <skalibs/allreadwrite.h>
#include <skalibs/iopause.h>

#include <tend/svlisten.h>

 /* Bytes are applied one at a time, so that a restart seen in a single
    read ("dDu") still counts as the down it went through. */
static unsigned int update (tend_svlisten_t *l, char const *s, size_t n)
{
  unsigned int failures = 0 ;
  for (size_t i = 0 ; i < n ; i++)
  {
    switch (s[i])
    {
      case 'd' : l->up = 0 ; l->ready = 0 ; break ;
      case 'D' : l->up = 0 ; l->ready = 1 ; break ;
      case 'u' : l->up = 1 ; l->ready = 0 ; break ;
      case 'U' : l->up = 1 ; l->ready = 1 ; break ;
      case 'x' :  /* the supervisor is gone: nothing more will come */
        if (!tend_svlisten_reached(l)) { l->failed = 1 ; failures++ ; }
        break ;
      case 'O' :  /* permanent failure: it will not come up */
        if (l->want & TEND_SVLISTEN_UP && !l->failed) { l->failed = 1 ; failures++ ; }
        break ;
      default : break ;
    }
    if (!l->phase && !l->up) l->phase = 1 ;
  }
  return failures ;
}

static int done (tend_svlisten_t const *l, unsigned int n, int or)
{
  for (unsigned int i = 0 ; i < n ; i++)
    if (tend_svlisten_reached(l + i) == or) return or ;
  return !or ;
}

int tend_svlisten_wait_g (tend_svlisten_t *l, unsigned int n, int or, tain const *deadline)
{
  iopause_fd x[n ? n : 1] ;
  unsigned int failures = 0 ;
  while (!done(l, n, or))
  {
    int r ;
    for (unsigned int i = 0 ; i < n ; i++)
    {
      x[i].fd = l[i].sub.fd ;
      x[i].events = l[i].failed ? 0 : IOPAUSE_READ ;
      x[i].revents = 0 ;
    }
    r = iopause_g(x, n, deadline) ;
    if (r == -1) return -1 ;
    if (!r) return (errno = ETIMEDOUT, -1) ;
    for (unsigned int i = 0 ; i < n ; i++)
    {
      char buf[64] ;
      ssize_t len ;
      if (!(x[i].revents & IOPAUSE_READ)) continue ;
      len = fd_read(l[i].sub.fd, buf, sizeof(buf)) ;
      if (len == -1)
      {
        if (errno == EAGAIN) continue ;
        return -1 ;
      }
      if (!len) return (errno = EPIPE, -1) ;
      failures += update(l + i, buf, (size_t)len) ;
    }
  }
  return (int)failures ;
}
