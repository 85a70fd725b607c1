/* See COPYING for license terms. */

#ifndef TEND_DIRENT64_H
#define TEND_DIRENT64_H

 /* A record of getdents64(2), the kernel's struct linux_dirent64. tend's
    daemons read directories with the system call into a buffer of their
    own, because opendir() allocates and a daemon allocates nothing per
    event. Buffers must be 8-byte aligned. */
typedef struct tend_dirent64_s tend_dirent64_t ;
struct tend_dirent64_s
{
  unsigned long long d_ino ;
  long long d_off ;
  unsigned short d_reclen ;
  unsigned char d_type ;
  char d_name[] ;
} ;

#endif
