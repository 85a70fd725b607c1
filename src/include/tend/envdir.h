/* See COPYING for license terms. */

#ifndef TEND_ENVDIR_H
#define TEND_ENVDIR_H

#include <skalibs/stralloc.h>

/* Environment directories, read by s6-envdir's rules: one variable per file
   whose name does not start with '.' and holds no '='; an empty file unsets
   the variable; otherwise the value is the first line (-f: the whole
   file), trailing spaces, tabs and CRs removed (-f: one final newline
   removed), unless NOCHOMP; NUL bytes become the nullis character. */

#define TEND_ENVDIR_VERBATIM 0x01  /* -f: the whole file, not its first line */
#define TEND_ENVDIR_NOCHOMP 0x02   /* -n: keep trailing blanks (-f: the final newline) */
#define TEND_ENVDIR_NOCLAMP 0x04   /* -L: no TEND_ENVDIR_CLAMP limit */
#define TEND_ENVDIR_CLAMP 4095     /* bytes read from each file without -L, as s6-envdir */

 /* Appends to sa one entry per variable of directory dir, in the format
    skalibs' env_merge() and mexec take: "name=value\0" sets, "name\0"
    unsets. Returns the number of entries, or -1: error, errno set (the
    directory cannot be opened or read, or an entry is a directory or
    cannot be opened or read); then if errname is not null it holds the
    name of the entry that failed, NUL-terminated, or "" when the directory
    itself failed. sa keeps its length on error. */
extern int tend_envdir_read (char const *dir, unsigned int flags, char nullis, stralloc *sa, stralloc *errname) ;

#endif
