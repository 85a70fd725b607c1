/* See COPYING for license terms. */

#ifndef TEND_CONTROL_H
#define TEND_CONTROL_H

#include <stddef.h>

 /* Writes n command bytes to a control fifo (supervise/control or
    .s6-svscan/control) in one write, as s6-svc and s6-svscanctl do.
    1: sent. 0: nobody is listening (no reader: ENXIO, or the fifo is
    missing: errno ENOENT/ENOTDIR). -1: other error, errno set. */
extern int tend_control_write (char const *fifo, char const *cmds, size_t n) ;

#endif
