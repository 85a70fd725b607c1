/* See COPYING for license terms. */

#ifndef TEND_SUPERVISION_INIMAGE_H
#define TEND_SUPERVISION_INIMAGE_H

#include <stddef.h>

 /* A forked child of tend-svscan made to look as if it had exec'd a new
    program: no descriptor of ours, only those an exec would have kept,
    and a new name. inimage_init, once at start-up, while every descriptor
    of our own is close-on-exec, returns 1 if children can do it here, 0
    if they must exec. inimage_become, in the child: title holds the new
    argv, its strings one after the other, each with its nul, len bytes
    in all, argv[0] also becoming the comm; it must live in the caller's
    stack frame as long as the process. It names the process, then closes
    every descriptor from 3 up but the inherited ones; it returns 0 (errno
    set) if the kernel refuses, and the child must then exec. */

extern int inimage_init (void) ;
extern int inimage_become (char *title, size_t len) ;

#endif
