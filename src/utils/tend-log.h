/* See COPYING for license terms. */

/* Shared between the files of tend-log: the compiled script. */

#ifndef TEND_LOG_H
#define TEND_LOG_H

#include <sys/types.h>
#include <stdint.h>
#include <regex.h>

#include <skalibs/tai.h>

typedef struct logdir_s logdir_t ;
struct logdir_s
{
  char const *dir ;
  uint64_t cursize ;
  uint64_t maxtotal ;        /* S: 0 = no limit */
  uint32_t maxsize ;         /* s */
  uint32_t tolerance ;       /* l */
  uint32_t nfiles ;          /* n */
  uint32_t cooldown ;        /* r, in ms */
  char const *processor ;    /* ! : 0 = none */
  int fd ;                   /* current, or -1 */
  int lockfd ;
  pid_t pid ;                /* running processor, or 0 */
  int rotate ;               /* a rotation is wanted */
  int process ;              /* previous is waiting for the processor */
  tain retry ;               /* when to try again after a failure */
} ;

extern unsigned int verbosity ;

 /* tend-log-logdir.c. All return 1 on success, 0 on failure (warned about,
    errno set); the caller retries after ld->cooldown. */
extern void logdir_init (logdir_t *) ;            /* dies on failure */
extern int logdir_rotate (logdir_t *) ;           /* current -> archive */
extern int logdir_spawn (logdir_t *) ;            /* start the processor on previous */
extern int logdir_reaped (logdir_t *, int wstat) ; /* the processor died */
extern int logdir_finalize (logdir_t *) ;         /* at exit */

#endif
