/* See COPYING for license terms. */

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#include <skalibs/alloc.h>
#include <skalibs/djbunix.h>

#include <tend/svdir.h>
#include <tend/scandir.h>

#define RUNMAX 65536  /* a run script longer than this is read in part */

 /* A small lexer over a shell or execline run script, enough to find
    "s6-log ... /var/log/web": words with '...', "..." and backslash
    quoting; a newline, ';', '&' or '|' ends a command; '#' at the start of
    a word starts a comment. */
typedef struct lex_s lex_t ;
struct lex_s
{
  char const *s ;
  size_t len ;
  size_t pos ;
} ;

static int isend (char c) { return c == '\n' || c == ';' || c == '&' || c == '|' ; }
static int isblank_ (char c) { return c == ' ' || c == '\t' || c == '\r' ; }

 /* Skips blanks and backslash-newlines. */
static void skip (lex_t *x)
{
  while (x->pos < x->len)
  {
    if (isblank_(x->s[x->pos])) x->pos++ ;
    else if (x->s[x->pos] == '\\' && x->pos + 1 < x->len && x->s[x->pos + 1] == '\n') x->pos += 2 ;
    else break ;
  }
}

 /* Reads a word into tok (truncated to n-1 bytes, flagged in *trunc). */
static void word (lex_t *x, char *tok, size_t n, int *trunc)
{
  size_t k = 0 ;
  *trunc = 0 ;
#define PUT(c) do { if (k + 1 < n) tok[k++] = (c) ; else *trunc = 1 ; } while (0)
  while (x->pos < x->len)
  {
    char c = x->s[x->pos] ;
    if (isblank_(c) || isend(c)) break ;
    x->pos++ ;
    if (c == '\'')
    {
      while (x->pos < x->len && x->s[x->pos] != '\'') PUT(x->s[x->pos++]) ;
      if (x->pos < x->len) x->pos++ ;
    }
    else if (c == '"')
    {
      while (x->pos < x->len && x->s[x->pos] != '"')
      {
        if (x->s[x->pos] == '\\' && x->pos + 1 < x->len) x->pos++ ;
        PUT(x->s[x->pos++]) ;
      }
      if (x->pos < x->len) x->pos++ ;
    }
    else if (c == '\\' && x->pos < x->len)
    {
      if (x->s[x->pos] != '\n') PUT(x->s[x->pos]) ;
      x->pos++ ;
    }
    else PUT(c) ;
  }
#undef PUT
  tok[k] = 0 ;
}

static int islogger (char const *tok)
{
  char const *b = strrchr(tok, '/') ;
  b = b ? b + 1 : tok ;
  return !strcmp(b, "s6-log") || !strcmp(b, "tend-log")
      || !strcmp(b, "logutil-service") || !strcmp(b, "svlogd") ;
}

 /* The last argument of the last s6-log, tend-log, logutil-service
    (s6-overlay) or svlogd (runit) command: 1 found (a path, in out), 0
    not. */
static int fromrun (char const *s, size_t len, char *out, size_t n)
{
  lex_t x = { .s = s, .len = len, .pos = 0 } ;
  char tok[PATH_MAX] ;
  char last[PATH_MAX] ;
  int incmd = 0, found = 0, lasttrunc = 0 ;
  last[0] = 0 ;
  for (;;)
  {
    int trunc ;
    skip(&x) ;
    if (x.pos >= x.len || isend(s[x.pos]))
    {
      if (incmd)
      {
        found = !lasttrunc && (last[0] == '/' || last[0] == '.') ;
        if (found)
        {
          size_t l = strlen(last) ;
          if (l + 1 > n) found = 0 ;
          else memcpy(out, last, l + 1) ;
        }
        incmd = 0 ;
      }
      if (x.pos >= x.len) break ;
      x.pos++ ;
      continue ;
    }
    if (s[x.pos] == '#')
    {
      while (x.pos < x.len && s[x.pos] != '\n') x.pos++ ;
      continue ;
    }
    word(&x, tok, sizeof(tok), &trunc) ;
    if (!incmd)
    {
      if (islogger(tok)) { incmd = 1 ; last[0] = 0 ; lasttrunc = 0 ; }
    }
    else if (strcmp(tok, "{") && strcmp(tok, "}") && !strpbrk(tok, "<>"))
    {
      memcpy(last, tok, strlen(tok) + 1) ;
      lasttrunc = trunc ;
    }
  }
  return found ;
}

 /* A relative path is relative to logsv: buf = logsv/path. */
static int finish (char const *logsv, char const *path, char *buf, size_t n)
{
  if (path[0] == '/')
  {
    size_t l = strlen(path) ;
    if (l + 1 > n) return (errno = ENAMETOOLONG, -1) ;
    memcpy(buf, path, l + 1) ;
    return 1 ;
  }
  while (path[0] == '.' && path[1] == '/')
  {
    path += 2 ;
    while (*path == '/') path++ ;
  }
  return tend_path_join(buf, n, logsv, path[0] ? path : ".") ? 1 : -1 ;
}

int tend_svdir_logdir (char const *logsv, char *buf, size_t n)
{
  size_t len = strlen(logsv) ;
  char fn[len + sizeof("/logdir")] ;
  struct stat st ;
  memcpy(fn, logsv, len) ;
  memcpy(fn + len, "/logdir", sizeof("/logdir")) ;
  if (stat(fn, &st) == 0)
  {
    if (S_ISDIR(st.st_mode)) return finish(logsv, "logdir", buf, n) ;
    {
      char line[PATH_MAX + 1] ;
      ssize_t r = openreadnclose(fn, line, sizeof(line) - 1) ;
      size_t l ;
      if (r == -1) return -1 ;
      line[r] = 0 ;
      l = strcspn(line, "\n") ;
      line[l] = 0 ;
      if (!l) return 0 ;
      return finish(logsv, line, buf, n) ;
    }
  }
  if (errno != ENOENT && errno != ENOTDIR) return -1 ;
  memcpy(fn + len, "/run", sizeof("/run")) ;
  {
    char path[PATH_MAX] ;
    char *s = alloc(RUNMAX) ;
    ssize_t r ;
    int found ;
    if (!s) return -1 ;
    r = openreadnclose(fn, s, RUNMAX) ;
    if (r == -1)
    {
      int e = errno ;
      alloc_free(s) ;
      errno = e ;
      return e == ENOENT || e == ENOTDIR ? 0 : -1 ;
    }
    found = fromrun(s, (size_t)r, path, sizeof(path)) ;
    alloc_free(s) ;
    return found ? finish(logsv, path, buf, n) : 0 ;
  }
}
