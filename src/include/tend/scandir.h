/* See COPYING for license terms. */

#ifndef TEND_SCANDIR_H
#define TEND_SCANDIR_H

#include <stddef.h>
#include <sys/types.h>

/* Questions a front end asks about a scan directory and the services in
   it, answered from the filesystem only (doc/tend.html). */

 /* Who holds the fcntl record lock on lockfile (.s6-svscan/lock,
    supervise/lock)? 1: held, *pid set to the holder, or to -1 when the
    kernel does not say (an open file description lock). 0: not held, or
    no such file. -1: error, errno set. */
extern int tend_svdir_lockpid (char const *lockfile, pid_t *pid) ;

 /* The logdir of the logger service directory logsv (normally
    servicedir/log), by these conventions, first match wins:
    1. logsv/logdir is a directory (or a symlink to one): that;
       a regular file: its first line, a path;
    2. logsv/run runs s6-log or tend-log: the last argument of the last
       such command, if it is a path (starts with '/' or '.'); shell and
       execline quoting ('...', "...") and backslash-newline are
       understood, redirections and braces are skipped.
    A relative path is taken relative to logsv (the logger's working
    directory) and returned as logsv/path. 1: found, written to buf
    (NUL-terminated, n bytes at most). 0: no logdir (no such files, or the
    logger writes no logdir). -1: error, errno set (ENAMETOOLONG: does not
    fit in buf). */
extern int tend_svdir_logdir (char const *logsv, char *buf, size_t n) ;

#endif
