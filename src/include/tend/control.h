/* See COPYING for license terms. */

#ifndef TEND_CONTROL_H
#define TEND_CONTROL_H

#include <stddef.h>

 /* Writes n command bytes to a control fifo (supervise/control or
    .s6-svscan/control) in one write, as s6-svc and s6-svscanctl do.
    1: sent. 0: nobody is listening (no reader: ENXIO, or the fifo is
    missing: errno ENOENT/ENOTDIR). -1: other error, errno set. */
extern int tend_control_write (char const *fifo, char const *cmds, size_t n) ;

 /* Writes n command bytes to dir/sub/control (sub: "supervise" or
    ".s6-svscan"), telling apart what s6-svc tells apart. 1: sent (n may
    be 0: then only checks that someone listens). 0: nobody is listening
    (no reader, or no dir/sub at all). -2: dir/sub is broken (not a
    directory, or no usable fifo in it), errno says how. -1: other error,
    dir itself unusable included, errno set. */
extern int tend_control_send (char const *dir, char const *sub, char const *cmds, size_t n) ;

#endif
