/* See COPYING for license terms. */

/* tend-svstat: prints the state of a supervised service, as s6-svstat 2.11.
   Interface and exit codes: doc/tend-svstat.html */

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/tai.h>
#include <skalibs/sig.h>

#include <tend/svdir.h>
#include <tend/svstatus.h>

#define USAGE "tend-svstat [ -uwNrpest | -o up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor ] [ -n ] servicedir"
#define dieusage() strerr_dieusage(100, USAGE)
#define MAXFIELDS 16

 /* What every field is computed from. pid is s6's: the 64-bit field
    narrowed to a pid_t. up and ready need a pid: a down service's ready bit
    only means "may be restarted". */
typedef struct state_s state_t ;
struct state_s
{
  tend_svstatus_t st ;
  pid_t pid ;
  int up ;
  int normallyup ;
  uint64_t updownfor ;
  uint64_t readyfor ;
} ;

typedef size_t fmt_func (char *, state_t const *) ;

static size_t put (char *s, char const *t)
{
  size_t n = strlen(t) ;
  memcpy(s, t, n) ;
  return n ;
}
static size_t putbool (char *s, int b) { return put(s, b ? "true" : "false") ; }
static size_t putint (char *s, int i) { return int_fmt(s, i) ; }
static size_t putsig (char *s, int sig)
{
  size_t n = put(s, "SIG") ;
  return n + put(s + n, sig_name(sig)) ;
}

static size_t f_up (char *s, state_t const *x) { return putbool(s, x->up) ; }
static size_t f_wantedup (char *s, state_t const *x) { return putbool(s, x->st.flags & TEND_SVSTATUS_WANTUP) ; }
static size_t f_normallyup (char *s, state_t const *x) { return putbool(s, x->normallyup) ; }
static size_t f_ready (char *s, state_t const *x) { return putbool(s, x->pid && x->st.flags & TEND_SVSTATUS_READY) ; }
static size_t f_paused (char *s, state_t const *x) { return putbool(s, x->st.flags & TEND_SVSTATUS_PAUSED) ; }
static size_t f_pid (char *s, state_t const *x) { return putint(s, x->up ? (int)x->pid : -1) ; }
static size_t f_exitcode (char *s, state_t const *x)
{
  return putint(s, !x->up && WIFEXITED(x->st.wstat) ? WEXITSTATUS(x->st.wstat) : -1) ;
}
static size_t f_signal (char *s, state_t const *x)
{
  return !x->up && WIFSIGNALED(x->st.wstat) ? putsig(s, WTERMSIG(x->st.wstat)) : put(s, "NA") ;
}
static size_t f_signum (char *s, state_t const *x)
{
  return putint(s, !x->up && WIFSIGNALED(x->st.wstat) ? WTERMSIG(x->st.wstat) : -1) ;
}
static size_t f_updownsince (char *s, state_t const *x) { return timestamp_fmt(s, &x->st.stamp) ; }
static size_t f_readysince (char *s, state_t const *x) { return timestamp_fmt(s, &x->st.readystamp) ; }
static size_t f_updownfor (char *s, state_t const *x) { return uint64_fmt(s, x->updownfor) ; }
static size_t f_readyfor (char *s, state_t const *x) { return uint64_fmt(s, x->readyfor) ; }

 /* A word selects the first field it is a prefix of: order matters. */
static char const *const names[] =
{
  "up", "wantedup", "normallyup", "ready", "paused", "pid", "exitcode",
  "signal", "signum", "updownsince", "readysince", "updownfor", "readyfor", 0
} ;
static fmt_func *const funcs[] =
{
  &f_up, &f_wantedup, &f_normallyup, &f_ready, &f_paused, &f_pid, &f_exitcode,
  &f_signal, &f_signum, &f_updownsince, &f_readysince, &f_updownfor, &f_readyfor
} ;

static fmt_func *fields[MAXFIELDS] ;
static unsigned int nfields = 0 ;

static void addfield (fmt_func *f)
{
  if (nfields >= MAXFIELDS) strerr_dief(100, "too many option fields") ;
  fields[nfields++] = f ;
}

static void parse_fields (char const *s)
{
  while (*s)
  {
    size_t len = strcspn(s, ",") ;
    unsigned int i = 0 ;
    if (!len) strerr_dief(100, "invalid null option field") ;
    while (names[i] && strncmp(s, names[i], len)) i++ ;
    if (!names[i])
    {
      char word[len + 1] ;
      memcpy(word, s, len) ;
      word[len] = 0 ;
      strerr_dief(100, "invalid option field: ", word) ;
    }
    addfield(funcs[i]) ;
    s += len ;
    if (*s) s++ ;
  }
}

 /* Whole seconds from then to now, as an unsigned 64-bit count: a stamp in
    the future wraps around, as s6-svstat's does. */
static uint64_t since (tain const *now, tain const *then)
{
  return tai_sec(tain_secp(now)) - tai_sec(tain_secp(then)) - (now->nano < then->nano) ;
}

static size_t human (char *s, state_t const *x, int numeric)
{
  size_t n = 0 ;
  if (x->up)
  {
    n += put(s + n, "up (pid ") ;
    n += putint(s + n, (int)x->pid) ;
  }
  else if (WIFSIGNALED(x->st.wstat))
  {
    n += put(s + n, "down (signal ") ;
    n += numeric ? putint(s + n, WTERMSIG(x->st.wstat)) : putsig(s + n, WTERMSIG(x->st.wstat)) ;
  }
  else
  {
    n += put(s + n, "down (exitcode ") ;
    n += putint(s + n, WEXITSTATUS(x->st.wstat)) ;
  }
  n += put(s + n, ") ") ;
  n += uint64_fmt(s + n, x->updownfor) ;
  n += put(s + n, " seconds") ;
  if (x->up && !x->normallyup) n += put(s + n, ", normally down") ;
  if (!x->up && x->normallyup) n += put(s + n, ", normally up") ;
  if (x->up && x->st.flags & TEND_SVSTATUS_PAUSED) n += put(s + n, ", paused") ;
  if (!x->up && x->st.flags & TEND_SVSTATUS_WANTUP) n += put(s + n, ", want up") ;
  if (x->up && !(x->st.flags & TEND_SVSTATUS_WANTUP)) n += put(s + n, ", want down") ;
  if (x->st.flags & TEND_SVSTATUS_READY)
  {
    n += put(s + n, ", ready ") ;
    n += uint64_fmt(s + n, x->readyfor) ;
    n += put(s + n, " seconds") ;
  }
  return n ;
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  state_t x ;
  tain now ;
  char out[MAXFIELDS * (UINT64_FMT + 1) + 256] ;
  size_t n = 0 ;
  int numeric = 0, opt, r ;
  PROG = "tend-svstat" ;

  while ((opt = subgetopt_r(argc, argv, "no:uwNrpest", &l)) != -1) switch (opt)
  {
    case 'n' : numeric = 1 ; break ;
    case 'o' : parse_fields(l.arg) ; break ;
    case 'u' : addfield(&f_up) ; break ;
    case 'w' : addfield(&f_wantedup) ; break ;
    case 'N' : addfield(&f_normallyup) ; break ;
    case 'r' : addfield(&f_ready) ; break ;
    case 'p' : addfield(&f_pid) ; break ;
    case 'e' : addfield(&f_exitcode) ; break ;
    case 's' : addfield(&f_signal) ; break ;
    case 't' : addfield(&f_updownfor) ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (!argc) dieusage() ;

  r = tend_svdir_supervised(argv[0]) ;
  if (r == -1) strerr_diefusys(111, "check ", argv[0]) ;
  if (!r) strerr_diefu(1, "read status for ", argv[0], ": supervisor not running") ;
  r = tend_svstatus_read(argv[0], &x.st) ;
  if (r < 1) strerr_diefusys(111, "read status for ", argv[0]) ;
  tain_wallclock_read(&now) ;
  {
    size_t len = strlen(argv[0]) ;
    char fn[len + sizeof("/down")] ;
    memcpy(fn, argv[0], len) ;
    memcpy(fn + len, "/down", sizeof("/down")) ;
    if (access(fn, F_OK) == 0) x.normallyup = 0 ;
    else if (errno == ENOENT) x.normallyup = 1 ;
    else strerr_diefusys(111, "check ", fn) ;
  }

 /* A stamp from the future (clock set back) reads as now; readystamp is
    left alone, as s6-svstat leaves it. */
  if (tain_less(&now, &x.st.stamp)) x.st.stamp = now ;
  x.pid = (pid_t)x.st.pid ;
  x.up = x.pid && !(x.st.flags & TEND_SVSTATUS_FINISHING) ;
  x.updownfor = since(&now, &x.st.stamp) ;
  x.readyfor = since(&now, &x.st.readystamp) ;

  if (nfields)
    for (unsigned int i = 0 ; i < nfields ; i++)
    {
      if (i) out[n++] = ' ' ;
      n += (*fields[i])(out + n, &x) ;
    }
  else n = human(out, &x, numeric) ;
  out[n++] = '\n' ;
  if (allwrite(1, out, n) < n) strerr_diefusys(111, "write to stdout") ;
  return 0 ;
}
