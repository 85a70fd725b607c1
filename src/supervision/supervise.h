/* See COPYING for license terms. */

#ifndef TEND_SUPERVISION_SUPERVISE_H
#define TEND_SUPERVISION_SUPERVISE_H

 /* Supervises the service directory dir (relative to the current
    directory, not empty) until told to exit; returns the exit code. It
    takes the process over: signals, descriptors 0 to 2, the current
    directory. PROG must point to a name for messages before the call. */
extern int supervise_main (char const *dir) ;

#endif
