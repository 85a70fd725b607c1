/* See COPYING for license terms. */

/* How tend-svscan's forked children become supervisors without an exec:
   see inimage.h, and doc/tend-svscan.html for why. */

#include <skalibs/nonposix.h>  /* syscall() */

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <skalibs/types.h>
#include <skalibs/djbunix.h>

#include <tend/dirent64.h>

#include "inimage.h"

#if defined(PR_SET_MM_MAP) && defined(SYS_close_range) && defined(SYS_getdents64)

#define KEEP_MAX 64

static struct prctl_mm_map mm ;  /* our memory map as /proc/self/stat gives it */
static unsigned int keep[KEEP_MAX] ;  /* inherited descriptors, ascending */
static unsigned int nkeep = 0 ;

 /* Fields 26-28 and 45-51 of /proc/self/stat: the layout the kernel
    wants back, less the break, which the child reads when it renames. */
static int mm_read (void)
{
  char buf[1024] ;
  uint64_t v[52] = { 0 } ;
  unsigned int field = 3 ;
  char *s ;
  ssize_t r = openreadnclose("/proc/self/stat", buf, sizeof(buf) - 1) ;
  if (r <= 0) return 0 ;
  buf[r] = 0 ;
  s = strrchr(buf, ')') ;  /* the comm may hold spaces and parentheses */
  if (!s || s[1] != ' ') return 0 ;
  s += 2 ;
  while (*s && field < 52)
  {
    if (*s >= '0' && *s <= '9') { size_t n = uint64_scan(s, &v[field]) ; s += n ; }
    else while (*s && *s != ' ') s++ ;
    if (*s == ' ') s++ ;
    field++ ;
  }
  if (field < 52 || !v[48] || !v[50]) return 0 ;
  mm.start_code = v[26] ; mm.end_code = v[27] ; mm.start_stack = v[28] ;
  mm.start_data = v[45] ; mm.end_data = v[46] ; mm.start_brk = v[47] ;
  mm.arg_start = v[48] ; mm.arg_end = v[49] ; mm.env_start = v[50] ; mm.env_end = v[51] ;
  mm.auxv = 0 ; mm.auxv_size = 0 ; mm.exe_fd = (uint32_t)-1 ;
  return 1 ;
}

static int keep_add (unsigned int fd)
{
  unsigned int i = nkeep ;
  if (nkeep >= KEEP_MAX) return 0 ;
  for (; i && keep[i-1] > fd ; i--) keep[i] = keep[i-1] ;
  keep[i] = fd ;
  nkeep++ ;
  return 1 ;
}

 /* The descriptors from 3 up that an exec would keep: open and not
    close-on-exec now, before we open any of our own. */
static int keep_read (void)
{
  union { char buf[1024] ; uint64_t align ; } d ;
  int dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (dfd == -1) return 0 ;
  for (;;)
  {
    long r = syscall(SYS_getdents64, dfd, d.buf, sizeof(d.buf)) ;
    long j = 0 ;
    if (r <= 0) { fd_close(dfd) ; return !r ; }
    while (j < r)
    {
      tend_dirent64_t const *e = (tend_dirent64_t const *)(d.buf + j) ;
      unsigned int fd ;
      j += e->d_reclen ;
      if (!uint0_scan(e->d_name, &fd) || fd < 3 || (int)fd == dfd) continue ;
      {
        int flags = fcntl((int)fd, F_GETFD) ;
        if (flags == -1 || flags & FD_CLOEXEC) continue ;
      }
      if (!keep_add(fd)) { fd_close(dfd) ; return 0 ; }
    }
  }
}

int inimage_init (void)
{
  unsigned int size = 0 ;
  if (prctl(PR_SET_MM, PR_SET_MM_MAP_SIZE, (unsigned long)&size, 0, 0) == -1
   || size != sizeof(struct prctl_mm_map)) return 0 ;
  if (syscall(SYS_close_range, UINT_MAX, UINT_MAX, 0) == -1) return 0 ;
  return mm_read() && keep_read() ;
}

 /* The title lives in the caller's frame, which outlives us: the kernel
    reads /proc/PID/cmdline only from anonymous memory, as the stack is. */
int inimage_become (char *title, size_t len)
{
  struct prctl_mm_map m = mm ;
  unsigned int lo = 3 ;
  m.brk = (uint64_t)syscall(SYS_brk, 0) ;
  m.arg_start = (uint64_t)(uintptr_t)title ;
  m.arg_end = m.arg_start + len ;
  if (prctl(PR_SET_MM, PR_SET_MM_MAP, (unsigned long)&m, sizeof(m), 0) == -1) return 0 ;
  if (prctl(PR_SET_NAME, (unsigned long)title, 0, 0, 0) == -1) return 0 ;
  for (unsigned int i = 0 ; i < nkeep ; lo = keep[i++] + 1)
    if (keep[i] > lo && syscall(SYS_close_range, lo, keep[i] - 1, 0) == -1) return 0 ;
  return syscall(SYS_close_range, lo, UINT_MAX, 0) == 0 ;
}

#else

int inimage_init (void)
{
  return 0 ;
}

int inimage_become (char *title, size_t len)
{
  (void)title ; (void)len ;
  return (errno = ENOSYS, 0) ;
}

#endif
