/* See COPYING for license terms. */

/* tend status and tend health. Interface: doc/tend.html */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <time.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/buffer.h>
#include <skalibs/sig.h>
#include <skalibs/tai.h>

#include <tend/svdir.h>
#include <tend/logfmt.h>
#include "tend.h"

#define STATUS_USAGE "tend status [ -j | --json ] [ name... ]"
#define HEALTH_USAGE "tend health [ name... ]"

enum col_e { C_NAME, C_STATE, C_PID, C_FOR, C_READY, C_LAST, C_WANT, C_NORMALLY, C_LOG, NCOLS } ;
static char const *const headers[NCOLS] =
{
  "NAME", "STATE", "PID", "FOR", "READY", "LAST", "WANT", "NORMALLY", "LOG"
} ;

#define GREEN "\033[32m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static void out (char const *s, size_t n)
{
  if (buffer_put(buffer_1, s, n) < 0) strerr_diefusys(111, "write to stdout") ;
}
static void outs (char const *s) { out(s, strlen(s)) ; }

 /* Colour only for a person: a terminal, and NO_COLOR unset or empty
    (no-color.org), and a terminal that is not "dumb". */
static int usecolour (void)
{
  char const *x = getenv("NO_COLOR") ;
  char const *t = getenv("TERM") ;
  if (x && *x) return 0 ;
  if (t && !strcmp(t, "dumb")) return 0 ;
  return isatty(1) ;
}

static char const *statestr (info_t const *x)
{
  return !x->supervised ? "unsupervised" : x->up ? "up" : x->finishing ? "finishing" : "down" ;
}

static char const *statecolour (info_t const *x)
{
  if (x->up) return x->notifies && !x->ready ? YELLOW : GREEN ;
  if (x->finishing) return YELLOW ;
  return x->st.flags & TEND_SVSTATUS_WANTUP || !x->supervised ? RED : "" ;
}

static void table (info_t const *xs, unsigned int n)
{
  char cells[n + 1][NCOLS][64] ;
  char const *cell[n + 1][NCOLS] ;
  char const *colour[n + 1][NCOLS] ;
  size_t width[NCOLS] ;
  int c = usecolour() ;
  for (unsigned int j = 0 ; j < NCOLS ; j++)
  {
    cell[0][j] = headers[j] ;
    colour[0][j] = BOLD ;
  }
  for (unsigned int i = 0 ; i < n ; i++)
  {
    info_t const *x = xs + i ;
    char const **r = cell[i + 1] ;
    char const **k = colour[i + 1] ;
    for (unsigned int j = 0 ; j < NCOLS ; j++) k[j] = "" ;
    r[C_NAME] = x->name ;
    r[C_STATE] = statestr(x) ;
    k[C_STATE] = statecolour(x) ;
    if (x->pid && x->supervised)
    {
      cells[i][C_PID][pid_fmt(cells[i][C_PID], x->pid)] = 0 ;
      r[C_PID] = cells[i][C_PID] ;
    }
    else r[C_PID] = "-" ;
    if (x->supervised)
    {
      fmt_duration(cells[i][C_FOR], x->secs) ;
      r[C_FOR] = cells[i][C_FOR] ;
    }
    else r[C_FOR] = "-" ;
    r[C_READY] = x->up && x->notifies ? x->ready ? "yes" : "no" : "-" ;
    if (x->up && x->notifies) k[C_READY] = x->ready ? GREEN : YELLOW ;
    r[C_LAST] = fmt_last(cells[i][C_LAST], x) ;
    if (r[C_LAST][0] == 'S' || (r[C_LAST][0] != '-' && strcmp(r[C_LAST], "0"))) k[C_LAST] = RED ;
    r[C_WANT] = !x->supervised ? "-" : x->st.flags & TEND_SVSTATUS_WANTUP ? "up" : "down" ;
    r[C_NORMALLY] = x->normallyup ? "up" : "down" ;
    r[C_LOG] = x->log ;
  }
  for (unsigned int j = 0 ; j < NCOLS ; j++)
  {
    width[j] = 0 ;
    for (unsigned int i = 0 ; i <= n ; i++)
    {
      size_t w = strlen(cell[i][j]) ;
      if (w > width[j]) width[j] = w ;
    }
  }
  for (unsigned int i = 0 ; i <= n ; i++)
  {
    for (unsigned int j = 0 ; j < NCOLS ; j++)
    {
      size_t w = strlen(cell[i][j]) ;
      int painted = c && colour[i][j][0] ;
      if (painted) outs(colour[i][j]) ;
      outs(cell[i][j]) ;
      if (painted) outs(RESET) ;
      if (j + 1 < NCOLS)
      {
       /* two spaces between columns; the last column is not padded */
        for (size_t p = w ; p < width[j] + 2 ; p++) out(" ", 1) ;
      }
    }
    out("\n", 1) ;
  }
}

static void jstr (char const *s)
{
  size_t n = strlen(s) ;
  char buf[TEND_JSON_ESCAPE_MAX(n) + 1] ;
  out("\"", 1) ;
  out(buf, tend_json_escape(buf, s, n)) ;
  out("\"", 1) ;
}
static void jbool (int b) { outs(b ? "true" : "false") ; }
static void jkey (char const *k, int first)
{
  if (!first) out(",", 1) ;
  jstr(k) ;
  out(":", 1) ;
}
static void juint (uint64_t u)
{
  char buf[UINT64_FMT] ;
  out(buf, uint64_fmt(buf, u)) ;
}

 /* One object per service, in an array; fields in doc/tend.html. */
static void json (info_t const *xs, unsigned int n)
{
  out("[", 1) ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    info_t const *x = xs + i ;
    char buf[32] ;
    if (i) out(",", 1) ;
    out("\n{", 2) ;
    jkey("name", 1) ; jstr(x->name) ;
    jkey("supervised", 0) ; jbool(x->supervised) ;
    jkey("state", 0) ; jstr(statestr(x)) ;
    jkey("pid", 0) ; if (x->supervised && x->pid) juint((uint64_t)x->pid) ; else outs("null") ;
    jkey("seconds", 0) ; if (x->supervised) juint(x->secs) ; else outs("null") ;
    jkey("since", 0) ;
    {
      struct timespec ts ;
      if (x->supervised && timespec_from_tain(&ts, &x->st.stamp))
      {
        char t[TEND_ISO8601_UTC_LEN + 1] ;
        t[tend_iso8601_utc(t, &ts)] = 0 ;
        jstr(t) ;
      }
      else outs("null") ;
    }
    jkey("ready", 0) ; if (x->up && x->notifies) jbool(x->ready) ; else outs("null") ;
    jkey("notifies", 0) ; jbool(x->notifies) ;
    jkey("exitcode", 0) ;
    if (x->supervised && !x->up && x->died && WIFEXITED(x->st.wstat)) juint(WEXITSTATUS(x->st.wstat)) ;
    else outs("null") ;
    jkey("signal", 0) ;
    if (x->supervised && !x->up && x->died && WIFSIGNALED(x->st.wstat)) jstr(fmt_last(buf, x)) ;
    else outs("null") ;
    jkey("wantedup", 0) ; jbool(x->supervised && x->st.flags & TEND_SVSTATUS_WANTUP) ;
    jkey("normallyup", 0) ; jbool(x->normallyup) ;
    jkey("paused", 0) ; jbool(x->supervised && x->st.flags & TEND_SVSTATUS_PAUSED) ;
    jkey("essential", 0) ; jbool(x->essential) ;
    jkey("log", 0) ; jstr(x->log) ;
    out("}", 1) ;
  }
  outs(n ? "\n]\n" : "]\n") ;
}

 /* The names asked for (checked), or all of them. */
static unsigned int pick (int argc, char const **argv, char const ***list)
{
  if (!argc) { *list = names ; return nnames ; }
  for (int i = 0 ; i < argc ; i++) name_check(argv[i]) ;
  *list = argv ;
  return (unsigned int)argc ;
}

int cmd_status (int argc, char const **argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  char const **list ;
  unsigned int n ;
  tain now ;
  int j = 0, opt ;
  while ((opt = subgetopt_r(argc, argv, "j", &l)) != -1) switch (opt)
  {
    case 'j' : j = 1 ; break ;
    default : strerr_dieusage(100, STATUS_USAGE) ;
  }
  argc -= l.ind ; argv += l.ind ;
  need_svscan() ;
  n = pick(argc, argv, &list) ;
  {
    info_t *xs = malloc((n ? n : 1) * sizeof(info_t)) ;
    if (!xs) strerr_diefusys(111, "allocate") ;
    tain_wallclock_read(&now) ;
    for (unsigned int i = 0 ; i < n ; i++) info_get(xs + i, list[i], &now) ;
    if (j) json(xs, n) ; else table(xs, n) ;
    free(xs) ;
  }
  if (!buffer_flush(buffer_1)) strerr_diefusys(111, "write to stdout") ;
  return 0 ;
}

 /* Healthy: every service that is wanted up is up, and ready if it
    notifies readiness. One line on stderr per reason it is not. */
int cmd_health (int argc, char const **argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  char const **list ;
  unsigned int n ;
  tain now ;
  int bad = 0, opt ;
  while ((opt = subgetopt_r(argc, argv, "", &l)) != -1) switch (opt)
  {
    default : strerr_dieusage(100, HEALTH_USAGE) ;
  }
  argc -= l.ind ; argv += l.ind ;
  need_svscan() ;
  {
   /* the overlay's stage 2 has not put the services under supervision yet */
    char fn[PATH_MAX] ;
    if (!tend_path_join(fn, sizeof(fn), sdir, ".tend-starting")) strerr_diefusys(111, "build a path for ", sdir) ;
    if (access(fn, F_OK) == 0)
    {
      strerr_warn(PROG, ": unhealthy: the container is starting: its services are not all supervised yet") ;
      return 1 ;
    }
  }
  n = pick(argc, argv, &list) ;
  tain_wallclock_read(&now) ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    info_t x ;
    char d[24] ;
    info_get(&x, list[i], &now) ;
    fmt_duration(d, x.secs) ;
    if (!x.supervised)
    {
      if (!x.normallyup) continue ;
      strerr_warn(PROG, ": unhealthy: ", x.name, ": not supervised") ;
      bad = 1 ;
    }
    else if (!(x.st.flags & TEND_SVSTATUS_WANTUP)) continue ;
    else if (!x.up)
    {
      char buf[32] ;
      strerr_warn(PROG, ": unhealthy: ", x.name, ": wanted up but ", x.finishing ? "finishing" : "down", " for ", d, " (last exit ", fmt_last(buf, &x), ")") ;
      bad = 1 ;
    }
    else if (x.notifies && !x.ready)
    {
      strerr_warn(PROG, ": unhealthy: ", x.name, ": up for ", d, " but not ready") ;
      bad = 1 ;
    }
  }
  return bad ;
}
