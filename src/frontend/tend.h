/* See COPYING for license terms. */

/* What the parts of the tend program share: the scan directory, the
   service names in it, a service's state as the front end shows it.
   Interface and exit codes: doc/tend.html */

#ifndef TEND_FRONTEND_H
#define TEND_FRONTEND_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <skalibs/tai.h>

#include <tend/svstatus.h>

#define TEND_DEFAULT_SCANDIR "/run/tend/service"
#define TEND_FALLBACK_SCANDIR "/tmp/tend/service"

 /* The scan directory (-s, TEND_SCANDIR, or the default). */
extern char const *sdir ;

 /* The known names, sorted: the scan directory's entries that are
    directories and do not start with '.', each followed by NAME/log when
    that is a directory too. Loaded by names_load(). */
extern char const **names ;
extern unsigned int nnames ;
extern void names_load (void) ;

 /* Dies (1) with the known names when name is not one of them. */
extern void name_check (char const *name) ;

 /* Dies (1) when no svscan holds the scan directory's lock. */
extern void need_svscan (void) ;

 /* sdir/name/sub (sub may be 0) into buf (PATH_MAX); dies if too long. */
extern void svpath (char *buf, char const *name, char const *sub) ;

 /* Is sdir/name/file there? Dies (111) on errors other than ENOENT. */
extern int svhas (char const *name, char const *file) ;

 /* Where a service's output goes: the logger's logdir, "NAME/log" (a
    logger that keeps no logdir), or "stdout" (svscan's, the container's).
    For a logger (NAME/log) itself: its logdir or "stdout". Into buf
    (PATH_MAX). Returns 1 when buf is a logdir, 0 otherwise. */
extern int logtarget (char const *name, char *buf) ;

 /* A service as status and health see it. */
typedef struct info_s info_t ;
struct info_s
{
  char const *name ;
  int supervised ;      /* a supervisor holds supervise/lock */
  tend_svstatus_t st ;
  int up ;
  int finishing ;
  pid_t pid ;           /* run's (up) or finish's (finishing), else 0 */
  uint64_t secs ;       /* since the last up or down */
  int notifies ;        /* has notification-fd */
  int ready ;           /* up, notifies and notified */
  int normallyup ;      /* no down file */
  int essential ;
  int died ;            /* supervise/death_tally is not empty */
  char log[PATH_MAX] ;
} ;

 /* Fills x for name; now is the wall clock (tain_wallclock_read). */
extern void info_get (info_t *x, char const *name, tain const *now) ;

 /* The last exit of a down service: "0", "SIGTERM"; "-" when up or not
    supervised. buf: 32 bytes. */
extern char const *fmt_last (char *buf, info_t const *x) ;

 /* "12s", "5m03s", "2h05m", "3d04h": at most 16 bytes, NUL-terminated. */
extern size_t fmt_duration (char *s, uint64_t secs) ;

 /* The subcommands; argv[0] is the subcommand's name. */
extern int cmd_status (int argc, char const **argv) ;
extern int cmd_health (int argc, char const **argv) ;
extern int cmd_control (int argc, char const **argv) ;
extern int cmd_logs (int argc, char const **argv) ;
extern int cmd_tree (int argc, char const **argv) ;

#endif
