/* See COPYING for license terms. */

/* tend-log: a logger speaking the s6-log 2.11 script language that never
   loses a line read from a pipe. Interface: doc/tend-log.html */

#include <skalibs/nonposix.h>  /* tee(), splice(), F_SETPIPE_SZ */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <regex.h>
#include <stdio.h>  /* rename() only */

#include <skalibs/gccattributes.h>
#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/djbtime.h>
#include <skalibs/tai.h>
#include <skalibs/sig.h>
#include <skalibs/selfpipe.h>

#include <tend/logfmt.h>
#include "tend-log.h"

#define USAGE "tend-log [ -d notif ] [ -q | -v ] [ -b ] [ -p ] [ -l linelimit ] [ -- ] logging_script"
#define dieusage() strerr_dieusage(100, USAGE)

#define INCAP (256 * 1024)      /* bytes looked at per round */
#define OUTCAP (512 * 1024)     /* per action: a round stops beyond this */
#define ALERTMAX 200
#define STATUSMAX 1001
#define LINEMAX_UNLIMITED (128 * 1024)

enum { SEL_PLUS, SEL_MINUS, SEL_F } ;
typedef struct sel_s { regex_t re ; unsigned char type ; } sel_t ;

enum { ACT_LOGDIR, ACT_STDOUT, ACT_ALERT, ACT_STATUS } ;
typedef struct obuf_s obuf_t ;
struct obuf_s                   /* one per destination, shared by its actions */
{
  char *buf ;                   /* formatted output of this round */
  size_t len, done, cap, worst ;
  unsigned char type ;
  logdir_t *ld ;
  char const *file ;
  int dead ;                    /* 1 after EPIPE on stdout */
} ;

typedef struct act_s act_t ;
struct act_s
{
  unsigned int sel0, sel1 ;     /* its selection directives: sels[sel0..sel1) */
  unsigned char type ;
  unsigned char stamps ;        /* 1: t, 2: T */
  char const *prefix ;          /* p, or 0 */
  size_t prefixlen ;
  char const *jhead ;           /* j: {"time":"…","service":"…","stream":"…", */
  size_t jheadlen ;
  obuf_t *o ;
} ;

unsigned int verbosity = 1 ;
static sel_t *sels ;
static act_t *acts ;
static logdir_t *lds ;
static obuf_t *obufs ;
static unsigned int nsels, nacts, nlds, nobufs ;
static obuf_t *ostdout = 0, *oalert = 0 ;
static size_t linelimit = 8192 ;
static int usestamp = 0 ;           /* 1: t somewhere, 2: T, 4: j */
static char taistamp[TIMESTAMP + 1] ;
static char isostamp[LOCALTMN_FMT + 2] ;
static size_t isolen ;
static unsigned int njtime ;
static char **jtimes ;
static int full = 0 ;               /* some action buffer is past OUTCAP */
static int cutround = 0 ;           /* a rotation is due: end the round */

 /* ---- script parsing ---- */

static int scan32 (char const *s, uint32_t *u)
{
  size_t n = uint32_scan(s, u) ;
  return n && !s[n] ;
}

static int scan64 (char const *s, uint64_t *u)
{
  size_t n = uint64_scan(s, u) ;
  return n && !s[n] ;
}

static void baddirective (char const *s) gccattr_noreturn ;
static void baddirective (char const *s)
{
  strerr_dief(100, "unrecognized directive: ", s) ;
}

static size_t jsonhead (char *dst, char const *svc, size_t svclen, char const *stream, size_t streamlen)
{
  size_t w = 0 ;
  memcpy(dst + w, "{\"time\":\"", 9) ; w += 9 ;
  memset(dst + w, '0', TEND_ISO8601_UTC_LEN) ; w += TEND_ISO8601_UTC_LEN ;
  memcpy(dst + w, "\",\"service\":\"", 13) ; w += 13 ;
  w += tend_json_escape(dst + w, svc, svclen) ;
  memcpy(dst + w, "\",\"stream\":\"", 12) ; w += 12 ;
  w += tend_json_escape(dst + w, stream, streamlen) ;
  memcpy(dst + w, "\",", 2) ; w += 2 ;
  return w ;
}

static void parse_script (unsigned int argc, char const *const *argv)
{
  uint32_t maxsize = 99999, nfiles = 10, tolerance = 2000, cooldown = 2000 ;
  uint64_t maxtotal = 0 ;
  char const *processor = 0, *prefix = 0, *jhead = 0 ;
  size_t jheadlen = 0 ;
  unsigned int stamps = 0, sel0 = 0, i ;
  int pending = 0 ;

  for (i = 0 ; i < argc ; i++)
    if (strchr("12=/.", argv[i][0]) && argv[i][0]) break ;
  if (i == argc) strerr_dief(100, "no action directive specified") ;
  sels = malloc(sizeof(sel_t) * (argc + 1)) ;
  acts = malloc(sizeof(act_t) * (argc + 1)) ;
  lds = malloc(sizeof(logdir_t) * (argc + 1)) ;
  jtimes = malloc(sizeof(char *) * (argc + 1)) ;
  obufs = malloc(sizeof(obuf_t) * (argc + 1)) ;
  if (!sels || !acts || !lds || !jtimes || !obufs) strerr_diefusys(111, "initialize script") ;

  for (i = 0 ; i < argc ; i++)
  {
    char const *s = argv[i] ;
    act_t *a ;
    switch (s[0])
    {
      case '+' :
      case '-' :
      {
        sel_t *x = sels + nsels ;
        x->type = s[0] == '+' ? SEL_PLUS : SEL_MINUS ;
        if (regcomp(&x->re, s + 1, REG_EXTENDED | REG_NOSUB | REG_NEWLINE)) baddirective(s) ;
        nsels++ ;
        pending = 1 ;
        continue ;
      }
      case 'f' :
        if (s[1]) baddirective(s) ;
        sels[nsels++].type = SEL_F ;
        pending = 1 ;
        continue ;
      case 'n' : if (!scan32(s + 1, &nfiles)) baddirective(s) ; continue ;
      case 's' :
        if (!scan32(s + 1, &maxsize)) baddirective(s) ;
        if (maxsize < 4096) maxsize = 4096 ;
        if (maxsize > 268435455) maxsize = 268435455 ;
        if (tolerance > maxsize / 2) tolerance = maxsize / 2 ;
        continue ;
      case 'S' : if (!scan64(s + 1, &maxtotal)) baddirective(s) ; continue ;
      case 'l' :
        if (!scan32(s + 1, &tolerance)) baddirective(s) ;
        if (tolerance > maxsize / 2)
          strerr_dief(100, "directive ", s, " conflicts with previous s directive") ;
        continue ;
      case 'r' : if (!scan32(s + 1, &cooldown)) baddirective(s) ; continue ;
      case '!' : processor = s[1] ? s + 1 : 0 ; continue ;
      case 't' : if (s[1]) baddirective(s) ; stamps |= 1 ; continue ;
      case 'T' : if (s[1]) baddirective(s) ; stamps |= 2 ; continue ;
      case 'p' : prefix = s[1] ? s + 1 : 0 ; continue ;
      case 'j' :
      {
        char const *svc = s + 1 ;
        char const *comma = strchr(svc, ',') ;
        char const *stream = comma ? comma + 1 : "stdout" ;
        size_t svclen = comma ? (size_t)(comma - svc) : strlen(svc) ;
        char *h ;
        if (!*svc) { jhead = 0 ; continue ; }
        h = malloc(64 + TEND_ISO8601_UTC_LEN + TEND_JSON_ESCAPE_MAX(strlen(svc))) ;
        if (!h) strerr_diefusys(111, "initialize script") ;
        jheadlen = jsonhead(h, svc, svclen, stream, strlen(stream)) ;
        jhead = h ;
        jtimes[njtime++] = h + 9 ;
        continue ;
      }
      case '1' : case '2' :
        if (s[1]) baddirective(s) ;
        a = acts + nacts ;
        a->type = s[0] == '1' ? ACT_STDOUT : ACT_ALERT ;
        {
          obuf_t **shared = s[0] == '1' ? &ostdout : &oalert ;
          if (!*shared)
          {
            *shared = obufs + nobufs++ ;
            memset(*shared, 0, sizeof(obuf_t)) ;
            (*shared)->type = a->type ;
          }
          a->o = *shared ;
        }
        break ;
      case '=' :
        if (!s[1]) baddirective(s) ;
        a = acts + nacts ;
        a->type = ACT_STATUS ;
        a->o = obufs + nobufs++ ;
        memset(a->o, 0, sizeof(obuf_t)) ;
        a->o->type = ACT_STATUS ;
        a->o->file = s + 1 ;
        break ;
      case '/' : case '.' :
      {
        logdir_t *ld = lds + nlds++ ;
        a = acts + nacts ;
        a->type = ACT_LOGDIR ;
        memset(ld, 0, sizeof(logdir_t)) ;
        ld->dir = s ;
        ld->maxsize = maxsize ; ld->tolerance = tolerance ; ld->nfiles = nfiles ;
        ld->maxtotal = maxtotal ; ld->cooldown = cooldown ; ld->processor = processor ;
        ld->fd = -1 ; ld->lockfd = -1 ;
        a->o = obufs + nobufs++ ;
        memset(a->o, 0, sizeof(obuf_t)) ;
        a->o->type = ACT_LOGDIR ;
        a->o->ld = ld ;
        break ;
      }
      default : baddirective(s) ;
    }
    a->sel0 = sel0 ; a->sel1 = nsels ; sel0 = nsels ;
    a->stamps = jhead ? 0 : stamps ;
    a->prefix = jhead ? 0 : prefix ;
    a->prefixlen = a->prefix ? strlen(a->prefix) : 0 ;
    a->jhead = jhead ; a->jheadlen = jheadlen ;
    usestamp |= a->stamps | (jhead ? 4 : 0) ;
    stamps = 0 ;
    pending = 0 ;
    nacts++ ;
  }
  if (!nacts) strerr_dief(100, "no action directive specified") ;
  if (pending && verbosity) strerr_warnw("ignoring extraneous non-action directives") ;
}

static void alloc_buffers (void)
{
  unsigned int i ;
  for (i = 0 ; i < nacts ; i++)
  {
    act_t *a = acts + i ;
    a->o->worst += (a->jhead ? a->jheadlen + 16 + TEND_JSON_ESCAPE_MAX(linelimit) : linelimit + 1)
      + TIMESTAMP + 1 + LOCALTMN_FMT + 2 + a->prefixlen + 1 + 32 ;
  }
  for (i = 0 ; i < nobufs ; i++)
  {
    obuf_t *o = obufs + i ;
    o->cap = o->type == ACT_STATUS ? STATUSMAX : OUTCAP + o->worst ;
    o->buf = malloc(o->cap) ;
    if (!o->buf) strerr_diefusys(111, "allocate buffers") ;
  }
}

 /* ---- formatting ---- */

static void stamp (void)
{
  tain now ;
  if (!usestamp) return ;
  tain_wallclock_read(&now) ;
  if (usestamp & 1)
  {
    timestamp_fmt(taistamp, &now) ;
    taistamp[TIMESTAMP] = ' ' ;
  }
  if (usestamp & 2)
  {
    localtmn l ;
    if (localtmn_from_tain(&l, &now, 1)) isolen = localtmn_fmt(isostamp, &l) ;
    else isolen = 0 ;
    isostamp[isolen++] = ' ' ; isostamp[isolen++] = ' ' ;
  }
  if (usestamp & 4)
  {
    struct timespec ts ;
    char buf[TEND_ISO8601_UTC_LEN] ;
    unsigned int i ;
    clock_gettime(CLOCK_REALTIME, &ts) ;
    tend_iso8601_utc(buf, &ts) ;
    for (i = 0 ; i < njtime ; i++) memcpy(jtimes[i], buf, TEND_ISO8601_UTC_LEN) ;
  }
}

 /* Is s[0..n) a JSON object? A structural check (strings, escapes,
    nesting, no raw control characters), enough to decide between merging
    and wrapping without allocating. */
static int isjsonobject (char const *s, size_t n)
{
  size_t i ;
  unsigned int depth = 0 ;
  int instr = 0 ;
  if (n < 2 || s[0] != '{' || s[n-1] != '}') return 0 ;
  for (i = 0 ; i < n ; i++)
  {
    unsigned char c = s[i] ;
    if (c < 0x20 && (instr || (c != ' ' && c != '\t' && c != '\r'))) return 0 ;
    if (instr)
    {
      if (c == '\\') { if (++i >= n) return 0 ; }
      else if (c == '"') instr = 0 ;
      continue ;
    }
    switch (c)
    {
      case '"' : instr = 1 ; break ;
      case '{' : case '[' : depth++ ; break ;
      case '}' : case ']' :
        if (!depth--) return 0 ;
        if (!depth && i != n - 1) return 0 ;
        break ;
      default : break ;
    }
  }
  return !depth && !instr ;
}

static size_t fmt_json (act_t const *a, char *w, char const *s, size_t n)
{
  char *w0 = w ;
  memcpy(w, a->jhead, a->jheadlen) ; w += a->jheadlen ;
  if (isjsonobject(s, n))
  {
    size_t i = 1 ;
    while (i < n - 1 && (s[i] == ' ' || s[i] == '\t')) i++ ;
    if (s[i] == '}') w-- ;  /* {} : drop the comma */
    memcpy(w, s + i, n - i) ; w += n - i ;
  }
  else
  {
    memcpy(w, "\"msg\":\"", 7) ; w += 7 ;
    w += tend_json_escape(w, s, n) ;
    *w++ = '"' ; *w++ = '}' ;
  }
  *w++ = '\n' ;
  return w - w0 ;
}

static size_t fmt_plain (act_t const *a, char *w, char const *s, size_t n, size_t max)
{
  char *w0 = w ;
  if (a->stamps & 1) { memcpy(w, taistamp, TIMESTAMP + 1) ; w += TIMESTAMP + 1 ; }
  if (a->stamps & 2) { memcpy(w, isostamp, isolen) ; w += isolen ; }
  if (a->prefixlen) { memcpy(w, a->prefix, a->prefixlen) ; w += a->prefixlen ; *w++ = ' ' ; }
  if (n > max) n = max ;
  memcpy(w, s, n) ; w += n ;
  return w - w0 ;
}

static void emit (act_t *a, char const *s, size_t n)
{
  obuf_t *o = a->o ;
  char *w = o->buf + o->len ;
  switch (a->type)
  {
    case ACT_LOGDIR :
    {
      size_t k = a->jhead ? fmt_json(a, w, s, n) : fmt_plain(a, w, s, n, n) ;
      logdir_t *ld = o->ld ;
      if (!a->jhead) { w[k++] = '\n' ; }
      o->len += k ;
      ld->cursize += k ;
      if (ld->cursize > ld->maxsize - ld->tolerance && !ld->rotate && !ld->process && !ld->pid)
      {
        ld->rotate = 1 ;
        cutround = 1 ;
      }
      break ;
    }
    case ACT_STDOUT :
      if (o->dead) return ;
      if (a->jhead) o->len += fmt_json(a, w, s, n) ;
      else { size_t k = fmt_plain(a, w, s, n, n) ; w[k++] = '\n' ; o->len += k ; }
      break ;
    case ACT_ALERT :
    {
      size_t k ;
      memcpy(w, PROG, strlen(PROG)) ; k = strlen(PROG) ;
      memcpy(w + k, ": alert: ", 9) ; k += 9 ;
      if (a->jhead) k += fmt_json(a, w + k, s, n) ;
      else
      {
        k += fmt_plain(a, w + k, s, n, ALERTMAX) ;
        if (n > ALERTMAX) { memcpy(w + k, "...", 3) ; k += 3 ; }
        w[k++] = '\n' ;
      }
      o->len += k ;
      break ;
    }
    case ACT_STATUS :
    {
      char tmp[TIMESTAMP + LOCALTMN_FMT + 4 + a->prefixlen + 1 + STATUSMAX] ;
      size_t k = fmt_plain(a, tmp, s, n, STATUSMAX) ;
      if (k > STATUSMAX) k = STATUSMAX ;
      memcpy(o->buf, tmp, k) ;
      if (k < STATUSMAX) { o->buf[k] = '\n' ; memset(o->buf + k + 1, '\n', STATUSMAX - k - 1) ; }
      o->len = STATUSMAX ; o->done = 0 ;
      return ;
    }
  }
  if (o->len > OUTCAP) full = 1 ;
}

#ifdef REG_STARTEND
static int match (regex_t const *re, char const *s, size_t n)
{
  regmatch_t m = { .rm_so = 0, .rm_eo = (regoff_t)n } ;
  return !regexec(re, s, 1, &m, REG_STARTEND) ;
}
#else
 /* No REG_STARTEND (musl): the line is matched as a NUL-terminated copy in
    a buffer sized at start, so a NUL inside a line ends the part that
    selection sees, as in s6-log. */
static char *matchbuf ;
static int match (regex_t const *re, char const *s, size_t n)
{
  memcpy(matchbuf, s, n) ;
  matchbuf[n] = 0 ;
  return !regexec(re, matchbuf, 0, 0, 0) ;
}
#endif

static void doline (char const *s, size_t n)
{
  unsigned int i ;
  int acted = 0 ;
  for (i = 0 ; i < nacts ; i++)
  {
    act_t *a = acts + i ;
    int sel = 1 ;
    unsigned int k ;
    for (k = a->sel0 ; k < a->sel1 ; k++)
    {
      sel_t const *x = sels + k ;
      switch (x->type)
      {
        case SEL_PLUS : if (!sel && match(&x->re, s, n)) sel = 1 ; break ;
        case SEL_MINUS : if (sel && match(&x->re, s, n)) sel = 0 ; break ;
        default : sel = !acted ; break ;
      }
    }
    if (sel) { emit(a, s, n) ; acted = 1 ; }
  }
}

 /* Formats the complete lines of buf[0..len); the last one may lack its
    newline if last is set. Stops early when a rotation is due or a buffer
    is full. Returns how many input bytes were used. */
static size_t process (char const *buf, size_t len, int last)
{
  size_t pos = 0 ;
  full = cutround = 0 ;
  while (pos < len && !full && !cutround)
  {
    size_t avail = len - pos ;
    size_t look = avail > linelimit ? linelimit + 1 : avail ;
    char const *nl = memchr(buf + pos, '\n', look) ;
    if (nl)
    {
      size_t n = nl - (buf + pos) ;
      doline(buf + pos, n) ;
      pos += n + 1 ;
    }
    else if (avail > linelimit)
    {  /* too long: cut as s6-log does, linelimit bytes per line */
      doline(buf + pos, linelimit) ;
      pos += linelimit ;
    }
    else if (last)
    {  /* a last line without newline: kept, with a newline added */
      doline(buf + pos, avail) ;
      pos = len ;
    }
    else break ;
  }
  return pos ;
}

 /* ---- output ---- */

static tain stalled_until ;
static int stalled = 0 ;

static int writeall (int fd, obuf_t *a)
{
  while (a->done < a->len)
  {
    ssize_t r = write(fd, a->buf + a->done, a->len - a->done) ;
    if (r == -1)
    {
      if (errno == EINTR) continue ;
      return 0 ;
    }
    a->done += r ;
  }
  return 1 ;
}

static int writestatus (obuf_t *a)
{
  size_t n = strlen(a->file) ;
  char tmp[n + 5] ;
  int fd ;
  memcpy(tmp, a->file, n) ; memcpy(tmp + n, ".new", 5) ;
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) ;
  if (fd == -1) return 0 ;
  a->done = 0 ;
  if (!writeall(fd, a)) { fd_close(fd) ; return 0 ; }
  fd_close(fd) ;
  if (rename(tmp, a->file) == -1) return 0 ;
  return 1 ;
}

 /* Writes every action's buffer. 1: all written. 0: something failed
    (warned); what was not written stays, to be retried. */
static int flush (void)
{
  unsigned int i ;
  int ok = 1 ;
  for (i = 0 ; i < nobufs ; i++)
  {
    obuf_t *a = obufs + i ;
    if (!a->len) continue ;
    switch (a->type)
    {
      case ACT_LOGDIR :
      {
        logdir_t *ld = a->ld ;
        size_t before = a->done ;
        if (ld->fd == -1 || !writeall(ld->fd, a))
        {
          int e = errno ;
          struct stat st ;
         /* never leave a cut line behind: take back what this failed
            write added, and write it all again later */
          if (ld->fd >= 0 && a->done > before && !fstat(ld->fd, &st)
           && !ftruncate(ld->fd, st.st_size - (off_t)(a->done - before)))
            a->done = before ;
          errno = e ;
          if (verbosity) strerr_warnwusys("write to ", ld->dir, "/current - will try again") ;
          ok = 0 ;
          continue ;
        }
        break ;
      }
      case ACT_STDOUT :
        if (!writeall(1, a))
        {
          if (errno == EPIPE || errno == EBADF)
          {
            if (verbosity) strerr_warnwusys("write to stdout, closing the stream - error was") ;
            a->dead = 1 ;
          }
          else
          {
            if (verbosity) strerr_warnwusys("write to stdout - will try again") ;
            ok = 0 ; continue ;
          }
        }
        break ;
      case ACT_ALERT :
        if (!writeall(2, a)) { if (errno != EPIPE && errno != EBADF) { ok = 0 ; continue ; } }
        break ;
      case ACT_STATUS :
        if (!writestatus(a))
        {
          if (verbosity) strerr_warnwusys("write status file ", a->file, " - will try again") ;
          ok = 0 ; continue ;
        }
        break ;
    }
    a->len = a->done = 0 ;
  }
  return ok ;
}

static uint32_t mincooldown (void)
{
  uint32_t m = 2000 ;
  unsigned int i ;
  if (nlds) m = lds[0].cooldown ;
  for (i = 1 ; i < nlds ; i++) if (lds[i].cooldown < m) m = lds[i].cooldown ;
  return m ;
}

static void stall (uint32_t ms)
{
  tain d ;
  tain_from_millisecs(&d, (int)ms) ;
  tain_now_g() ;
  tain_add_g(&stalled_until, &d) ;
  stalled = 1 ;
}

 /* Rotations due, processors to start. 0 if something must be retried. */
static int housekeeping (void)
{
  unsigned int i ;
  int ok = 1 ;
  for (i = 0 ; i < nlds ; i++)
  {
    logdir_t *ld = lds + i ;
    if (ld->rotate && !ld->process && !ld->pid)
    {
      if (!logdir_rotate(ld)) { ok = 0 ; continue ; }
    }
    if (ld->process && !ld->pid && !tain_future(&ld->retry))
    {
      if (!logdir_spawn(ld))
      {
        tain d ;
        tain_from_millisecs(&d, (int)ld->cooldown) ;
        tain_add_g(&ld->retry, &d) ;
      }
    }
  }
  return ok ;
}

 /* ---- input ---- */

static int peekmode = 0 ;     /* stdin is a pipe: tee, then consume */
static int priv[2] = { -1, -1 } ;
static int devnull = -1 ;
static char *inbuf ;
static size_t incap ;
static size_t inlen = 0 ;     /* read mode: bytes kept in inbuf */
static size_t toconsume = 0 ; /* peek mode: written, not yet taken out */
static int hup = 0, eof = 0 ;
static int regular = 0 ;      /* read mode: stdin cannot be waited for */
static int inready = 1 ;      /* read mode: a read will not block */

 /* Nothing more will come and nothing is left to write. */
static int ended (void)
{
  return eof && (peekmode || !inlen) ;
}

static void consume (void)
{
  while (toconsume)
  {
    ssize_t r = splice(0, 0, devnull, 0, toconsume, 0) ;
    if (r == -1 && errno == EINVAL)
      r = read(0, inbuf, toconsume < incap ? toconsume : incap) ;
    if (r == -1)
    {
      if (errno == EINTR) continue ;
      strerr_diefusys(111, "take written bytes out of stdin") ;
    }
    if (!r) strerr_dief(101, "internal error: stdin lost bytes it had shown") ;
    toconsume -= r ;
  }
}

 /* Peek mode: is what tee() just showed (n bytes) all that is left? Only
    then may a last line without a newline be written as such. tee() may
    show less than the pipe holds (it copies whole pipe buffers, as many as
    the private pipe takes), so the writer being gone is not enough: the
    pipe must hold exactly n bytes, and with no writer left it cannot grow. */
static int lastpeek (size_t n)
{
  int avail ;
  if (!hup) return 0 ;
  if (ioctl(0, FIONREAD, &avail) == -1) return n < incap ;
  return (size_t)avail <= n ;
}

 /* One round: look at the input, format, write, take out. Returns 1 if it
    made progress (more may be waiting), 0 otherwise. */
static int round1 (void)
{
  size_t n, used ;
  if (peekmode)
  {
    ssize_t r = tee(0, priv[1], incap, SPLICE_F_NONBLOCK) ;
    if (r == -1)
    {
      if (errno == EAGAIN) { if (hup) eof = 1 ; return 0 ; }
      if (errno == EINTR) return 1 ;
      strerr_diefusys(111, "tee from stdin") ;
    }
    if (!r) { eof = 1 ; return 0 ; }
    n = 0 ;
    while (n < (size_t)r)
    {
      ssize_t k = read(priv[0], inbuf + n, r - n) ;
      if (k <= 0)
      {
        if (k == -1 && errno == EINTR) continue ;
        strerr_diefusys(111, "read from the private pipe") ;
      }
      n += k ;
    }
    stamp() ;
    used = process(inbuf, n, lastpeek(n)) ;
    if (!used) return 0 ;
    toconsume = used ;
  }
  else
  {
    if (inready && !eof && inlen < incap)
    {
      ssize_t r = read(0, inbuf + inlen, incap - inlen) ;
      if (r == -1)
      {
        if (errno != EINTR && errno != EAGAIN) strerr_diefusys(111, "read from stdin") ;
        r = 0 ;
      }
      else if (!r) eof = 1 ;
      inlen += r ;
      inready = regular ;
    }
    stamp() ;
    used = process(inbuf, inlen, eof) ;
    memmove(inbuf, inbuf + used, inlen - used) ;
    inlen -= used ;
    if (!used) return inready && !eof ;
  }
  if (!flush()) { stall(mincooldown()) ; return 0 ; }
  consume() ;
  if (!housekeeping()) { stall(mincooldown()) ; return 0 ; }
  return 1 ;
}

 /* In read mode a round may stop early with lines left in inbuf. */
static int pending_lines (void)
{
  return !peekmode && inlen && (memchr(inbuf, '\n', inlen) || inlen > linelimit || eof) ;
}

static void setup_input (int epfd)
{
  struct stat st ;
  struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 1 } ;
  incap = INCAP ;
  if (fstat(0, &st) == -1) strerr_diefusys(111, "stat stdin") ;
  if (S_ISFIFO(st.st_mode))
  {
    int psz ;
    if (pipe2(priv, O_CLOEXEC | O_NONBLOCK) == -1) strerr_diefusys(111, "pipe") ;
    fcntl(0, F_SETPIPE_SZ, INCAP * 4) ;  /* more slack for the producer; may fail */
    psz = fcntl(priv[1], F_SETPIPE_SZ, INCAP) ;
    if (psz == -1) psz = fcntl(priv[1], F_GETPIPE_SZ) ;
    if (psz > 0 && (size_t)psz < incap) incap = psz ;
    devnull = open("/dev/null", O_WRONLY | O_CLOEXEC) ;
    if (devnull == -1) strerr_diefusys(111, "open /dev/null") ;
    peekmode = 1 ;
   /* edge-triggered: a pipe that only holds an unfinished line stays
      readable; we wake up again when the producer writes more */
    ev.events = EPOLLIN | EPOLLET ;
    {
      int insz = fcntl(0, F_GETPIPE_SZ) ;
      size_t room = (size_t)(insz > 0 && insz < psz ? insz : psz) ;
      if (linelimit >= room) linelimit = room - 1 ;
    }
  }
  if (linelimit >= incap) incap = linelimit + 1 ;
  inbuf = malloc(incap) ;
  if (!inbuf) strerr_diefusys(111, "allocate input buffer") ;
#ifndef REG_STARTEND
  matchbuf = malloc(linelimit + 1) ;
  if (!matchbuf) strerr_diefusys(111, "allocate the selection buffer") ;
#endif
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &ev) == -1)
  {
    if (errno != EPERM) strerr_diefusys(111, "epoll_ctl stdin") ;
    regular = 1 ;  /* a regular file: always readable, never waited for */
  }
}

 /* ---- signals ---- */

static int cont = 1 ;
static int protect = 0 ;

static void reap (void)
{
  for (;;)
  {
    int wstat ;
    unsigned int i ;
    pid_t pid = wait_nohang(&wstat) ;
    if (pid <= 0) return ;
    for (i = 0 ; i < nlds ; i++) if (lds[i].pid == pid)
    {
      if (!logdir_reaped(lds + i, wstat))
      {
        tain d ;
        tain_from_millisecs(&d, (int)lds[i].cooldown) ;
        tain_now_g() ;
        tain_add_g(&lds[i].retry, &d) ;
      }
      break ;
    }
  }
}

static void handle_signals (void)
{
  for (;;) switch (selfpipe_read())
  {
    case -1 : strerr_diefusys(111, "selfpipe_read") ;
    case 0 : return ;
    case SIGTERM : if (!protect) cont = 0 ; break ;
    case SIGHUP : cont = 0 ; break ;  /* as s6-log 2.11: exit, even with -p */
    case SIGALRM :
    {
      unsigned int i ;
      for (i = 0 ; i < nlds ; i++) if (lds[i].cursize && !lds[i].process && !lds[i].pid) lds[i].rotate = 1 ;
      break ;
    }
    case SIGCHLD : reap() ; break ;
    default : strerr_dief(101, "internal error: unexpected signal") ;
  }
}

static int timeout_ms (void)
{
  tain d = TAIN_INFINITE ;
  unsigned int i ;
  tain_now_g() ;
  if (stalled) d = stalled_until ;
  for (i = 0 ; i < nlds ; i++)
    if (lds[i].process && !lds[i].pid && tain_less(&lds[i].retry, &d)) d = lds[i].retry ;
  if (!tain_less(&d, &tain_infinite)) return -1 ;
  if (!tain_future(&d)) return 0 ;
  tain_sub(&d, &d, &STAMP) ;
  {
    int ms = tain_to_millisecs(&d) ;
    return ms < 0 ? 1 : ms + 1 ;
  }
}

static void finish (int epfd)
{
  unsigned int i ;
  while (!flush())
  {  /* never drop: wait for the disk, a cooldown at a time */
    struct epoll_event e ;
    if (epoll_wait(epfd, &e, 1, (int)mincooldown()) == 1) handle_signals() ;
  }
  consume() ;
  for (i = 0 ; i < nlds ; i++)
  {
    logdir_t *ld = lds + i ;
    if (ld->pid)
    {
      int wstat ;
      if (waitpid(ld->pid, &wstat, 0) == ld->pid) logdir_reaped(ld, wstat) ;
    }
    logdir_finalize(ld) ;
  }
}

int main (int argc, char const *const *argv)
{
  subgetopt l = SUBGETOPT_ZERO ;
  unsigned int notif = 0 ;
  int epfd, sfd, opt, nomoreread = 0 ;
  struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 0 } ;
  sigset_t set ;
  PROG = "tend-log" ;

  while ((opt = subgetopt_r(argc, argv, "qvbpl:d:", &l)) != -1) switch (opt)
  {
    case 'q' : verbosity = 0 ; break ;
    case 'v' : verbosity = 2 ; break ;
    case 'b' : break ;  /* always: tend-log never reads more than it has written */
    case 'p' : protect = 1 ; break ;
    case 'l' :
    {
      size_t n ;
      if (!size_scan(l.arg, &n)) dieusage() ;
      linelimit = !n ? LINEMAX_UNLIMITED : n < 48 ? 48 : n ;
      break ;
    }
    case 'd' : if (!uint0_scan(l.arg, &notif)) dieusage() ; if (notif < 3) strerr_dief(100, "notification fd must be 3 or more") ; break ;
    default : dieusage() ;
  }
  argc -= l.ind ; argv += l.ind ;
  if (!argc) dieusage() ;
  if (notif && fcntl(notif, F_GETFD) == -1) strerr_dief(100, "invalid notification fd") ;
  if (!fd_ensure_open(0, 0) || !fd_ensure_open(1, 1)) strerr_diefusys(111, "ensure stdin/stdout/stderr are open") ;

  parse_script((unsigned int)argc, argv) ;
  tain_now_set_stopwatch_g() ;

  epfd = epoll_create1(EPOLL_CLOEXEC) ;
  if (epfd == -1) strerr_diefusys(111, "epoll_create1") ;
  sfd = selfpipe_init() ;
  if (sfd == -1) strerr_diefusys(111, "init selfpipe") ;
  if (!sig_altignore(SIGPIPE)) strerr_diefusys(111, "ignore SIGPIPE") ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGTERM) ; sigaddset(&set, SIGHUP) ;
  sigaddset(&set, SIGALRM) ; sigaddset(&set, SIGCHLD) ;
  if (!selfpipe_trapset(&set)) strerr_diefusys(111, "trap signals") ;
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev) == -1) strerr_diefusys(111, "epoll_ctl") ;
  setup_input(epfd) ;
  alloc_buffers() ;
  {
    unsigned int i ;
    for (i = 0 ; i < nlds ; i++) logdir_init(lds + i) ;
  }
  if (notif)
  {
    fd_write((int)notif, "\n", 1) ;
    fd_close((int)notif) ;
  }

  {
    int ready = 1 ;  /* look at stdin at once: the pipe may hold data */
    while (cont && !ended())
    {
      struct epoll_event evs[4] ;
      int r, i, tmo ;
      if (stalled)
      {
        tain_now_g() ;
        if (!tain_future(&stalled_until))
        {
          stalled = 0 ;
          if (!flush()) stall(mincooldown()) ;
          else
          {
            consume() ;
            if (!housekeeping()) stall(mincooldown()) ;
            else ready = 1 ;
          }
        }
      }
      if (!stalled && !nomoreread && (ready || pending_lines()))
      {
        ready = round1() ;
        if (ended()) break ;
        if (ready)
        {  /* keep going, but let signals in between rounds */
          tmo = 0 ;
          goto pause ;
        }
      }
      housekeeping() ;
      tmo = timeout_ms() ;
     pause:
      r = epoll_wait(epfd, evs, 4, tmo) ;
      if (r == -1)
      {
        if (errno == EINTR) continue ;
        strerr_diefusys(111, "epoll_wait") ;
      }
      for (i = 0 ; i < r ; i++)
      {
        if (evs[i].data.u32 == 0) handle_signals() ;
        else
        {
          if (evs[i].events & (EPOLLHUP | EPOLLERR)) hup = 1 ;
          ready = inready = 1 ;
        }
      }
      {
        unsigned int k ;
        for (k = 0 ; k < nlds ; k++) if (lds[k].rotate) { if (!stalled && !housekeeping()) stall(mincooldown()) ; break ; }
      }
    }
  }
  finish(epfd) ;
  return 0 ;
}
