/* See COPYING for license terms. */

#ifndef TEND_ACCOUNT_H
#define TEND_ACCOUNT_H

#include <sys/types.h>
#include <stddef.h>

/* The account database, read from the files themselves (normally
   TEND_ACCOUNT_PASSWD and TEND_ACCOUNT_GROUP), never through getpwnam() and
   NSS: a static binary resolves the names of the image it runs in, with or
   without nsswitch.conf. Opening the absolute paths honours the process's
   root, so a chrooted program reads the chroot's files. A missing file is
   an empty database. A line that does not parse (too few fields, a number
   that is not a plain decimal below 2^32 - 1) is skipped, as libc does. */

#define TEND_ACCOUNT_PASSWD "/etc/passwd"
#define TEND_ACCOUNT_GROUP "/etc/group"

 /* Calls f(fields, n, data) for each line of file that has at least n
    ':'-separated fields (fields[n-1] is the rest of the line). f returns 1
    to stop (found), 0 to go on, -1 to fail. Returns what stopped the scan:
    1 stopped by f, 0 end of file (or no file), -1 error (errno set). */
extern int tend_account_scan (char const *file, unsigned int n, int (*f) (char **, unsigned int, void *), void *data) ;

 /* A whole field that is a decimal id below 2^32 - 1 (the -1 id is never a
    real account). 1: *id set. 0: not a number. */
extern int tend_account_id (char const *s, unsigned int *id) ;

 /* Looks user name up in passwd file. 1: found, *uid and *gid set.
    0: no such user. -1: error, errno set. */
extern int tend_passwd_byname (char const *file, char const *name, uid_t *uid, gid_t *gid) ;

 /* Looks group name up in group file. 1: found, *gid set. 0: no such
    group. -1: error, errno set. */
extern int tend_group_byname (char const *file, char const *name, gid_t *gid) ;

 /* The gids of the groups that list user as a member in group file, in
    file order (duplicates kept, as s6-envuidgid lists them). Stores at most
    max in tab. Returns the count, or -1: error, errno set (E2BIG: more than
    max groups). */
extern ssize_t tend_group_memberof (char const *file, char const *user, gid_t *tab, size_t max) ;

 /* Becomes an account: setgroups(n, tab), then setgid(gid), then
    setuid(uid), each checked, in this order because once the uid is no
    longer 0 the groups can no longer change. Returns 0, or -1 with errno
    set and *step naming the call that failed. After it fails the process
    may be half changed: the caller must not exec anything. */
extern int tend_account_become (uid_t uid, gid_t gid, gid_t const *tab, size_t n, char const **step) ;

#endif
