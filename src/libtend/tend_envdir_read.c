/* See COPYING for license terms. */

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>

#include <skalibs/stralloc.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/direntry.h>

#include <tend/envdir.h>

 /* Reads fd into sa: up to TEND_ENVDIR_CLAMP bytes unless NOCLAMP, and
    without VERBATIM no further than the first newline. */
static int readvalue (int fd, unsigned int flags, stralloc *sa)
{
  size_t start = sa->len ;
  for (;;)
  {
    size_t want = 4096 ;
    ssize_t r ;
    if (!(flags & TEND_ENVDIR_NOCLAMP))
    {
      if (sa->len - start >= TEND_ENVDIR_CLAMP) break ;
      if (want > TEND_ENVDIR_CLAMP - (sa->len - start)) want = TEND_ENVDIR_CLAMP - (sa->len - start) ;
    }
    if (!stralloc_readyplus(sa, want)) return 0 ;
    r = fd_read(fd, sa->s + sa->len, want) ;
    if (r == -1) return 0 ;
    if (!r) break ;
    if (!(flags & TEND_ENVDIR_VERBATIM) && memchr(sa->s + sa->len, '\n', r))
    {
      sa->len += r ;
      break ;
    }
    sa->len += r ;
  }
  return 1 ;
}

 /* sa holds "name=" then the raw bytes from start on: applies the rules. */
static void cook (stralloc *sa, size_t start, unsigned int flags, char nullis)
{
  size_t i ;
  if (!(flags & TEND_ENVDIR_VERBATIM))
  {
    char *nl = memchr(sa->s + start, '\n', sa->len - start) ;
    if (nl) sa->len = nl - sa->s ;
    if (!(flags & TEND_ENVDIR_NOCHOMP))
      while (sa->len > start && (sa->s[sa->len - 1] == ' ' || sa->s[sa->len - 1] == '\t' || sa->s[sa->len - 1] == '\r'))
        sa->len-- ;
  }
  else if (!(flags & TEND_ENVDIR_NOCHOMP) && sa->len > start && sa->s[sa->len - 1] == '\n')
    sa->len-- ;
  for (i = start ; i < sa->len ; i++) if (!sa->s[i]) sa->s[i] = nullis ;
}

static int readentry (int dfd, char const *name, unsigned int flags, char nullis, stralloc *sa)
{
  size_t namelen = strlen(name) ;
  size_t base = sa->len ;
  int fd ;
 /* Nonblocking: a fifo with no writer reads as empty, never hangs. */
  fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC) ;
  if (fd == -1) return 0 ;
  if (!stralloc_catb(sa, name, namelen) || !stralloc_catb(sa, "=", 1)) goto err ;
  if (!readvalue(fd, flags, sa)) goto err ;
  fd_close(fd) ;
  if (sa->len == base + namelen + 1) sa->len-- ;  /* empty file: "name" unsets */
  else cook(sa, base + namelen + 1, flags, nullis) ;
  if (!stralloc_0(sa)) { sa->len = base ; return 0 ; }
  return 1 ;
 err:
  fd_close(fd) ;
  sa->len = base ;
  return 0 ;
}

int tend_envdir_read (char const *dir, unsigned int flags, char nullis, stralloc *sa, stralloc *errname)
{
  size_t base = sa->len ;
  int n = 0 ;
  DIR *d = opendir(dir) ;
  if (errname) errname->len = 0 ;
  if (!d) goto errdir ;
  for (;;)
  {
    direntry *de ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (de->d_name[0] == '.' || strchr(de->d_name, '=')) continue ;
    if (!readentry(dirfd(d), de->d_name, flags, nullis, sa))
    {
      int e = errno ;
      if (errname) stralloc_copyb(errname, de->d_name, strlen(de->d_name) + 1) ;
      dir_close(d) ;
      sa->len = base ;
      return (errno = e, -1) ;
    }
    n++ ;
  }
  if (errno)
  {
    int e = errno ;
    dir_close(d) ;
    errno = e ;
    goto errdir ;
  }
  dir_close(d) ;
  return n ;
 errdir:
  if (errname) stralloc_copyb(errname, "", 1) ;
  sa->len = base ;
  return -1 ;
}
