/* See COPYING for license terms. */

#ifndef TEND_SVDIR_H
#define TEND_SVDIR_H

#include <stddef.h>

/* Names inside a service directory and a scan directory, as s6 2.11 uses
   them (PROTOCOL-s6-2.11.md sections 1, 2 and 9). Relative to the service
   directory, which tend-supervise makes its working directory. */

#define TEND_SUPERVISE_DIR "supervise"
#define TEND_SUPERVISE_LOCK "supervise/lock"
#define TEND_SUPERVISE_CONTROL "supervise/control"
#define TEND_SUPERVISE_STATUS "supervise/status"
#define TEND_SUPERVISE_DEATHTALLY "supervise/death_tally"
#define TEND_SUPERVISE_SERVICELOCK "supervise/service-lock"
#define TEND_EVENT_DIR "event"

#define TEND_SVSCAN_CTLDIR ".s6-svscan"
#define TEND_SVSCAN_LOCK ".s6-svscan/lock"
#define TEND_SVSCAN_CONTROL ".s6-svscan/control"

 /* Is the fcntl record lock on lockfile held by a process? A missing file
    (or directory) counts as not held, as s6-svok does.
    1: held. 0: not held. -1: error, errno set. */
extern int tend_svdir_locked (char const *lockfile) ;

 /* Is a supervisor running on service directory dir (dir/supervise/lock
    held)? As s6-svok: 1 yes, 0 no (lock file or dir missing), -1 error
    (errno set; ENOTDIR when a path component is a file). */
extern int tend_svdir_supervised (char const *dir) ;

 /* Reads a small unsigned decimal number from file (first line, at most
    10 digits), as s6-supervise reads notification-fd, timeout-kill...
    1: *u set. 0: no such file. -1: unreadable or not a number (errno set:
    EINVAL for a bad number). */
extern int tend_svdir_readuint (char const *file, unsigned int *u) ;

 /* Reads a signal from file: a name with or without "SIG" (HUP, SIGHUP) or
    a number from 1 to NSIG-1, first line. Same return values as
    tend_svdir_readuint; *sig is only set on success. */
extern int tend_svdir_readsig (char const *file, int *sig) ;

 /* Builds dir/name into buf (NUL-terminated); returns the length, or 0
    (errno ENAMETOOLONG) when it does not fit in n bytes. */
extern size_t tend_path_join (char *buf, size_t n, char const *dir, char const *name) ;

 /* Creates file with s (n bytes) in it, unless it exists: the first
    writer wins (the container's exit code). 1: written, 0: it existed,
    -1: error (errno set). Not atomic against readers: for files read
    once their writer is gone. */
extern int tend_file_writenew (char const *file, char const *s, size_t n) ;

#endif
