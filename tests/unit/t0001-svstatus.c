/* See COPYING for license terms. */

/* supervise/status: pack, unpack, read, write, against the bytes real
   s6 2.11 writes (PROTOCOL-s6-2.11.md section 3.3). */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <skalibs/tai.h>

#include <tend/svstatus.h>

#include "tap.h"

static char const *hex = "0123456789abcdef" ;

static void unhex (char *out, char const *s)
{
  size_t n = 0 ;
  for (; *s ; s++)
  {
    char const *p = strchr(hex, *s) ;
    if (!p) continue ;  /* spaces and bars in the protocol's dumps */
    if (n & 1) out[n >> 1] |= (char)(p - hex) ;
    else out[n >> 1] = (char)((p - hex) << 4) ;
    n++ ;
  }
}

static int writefile (char const *fn, char const *s, size_t n)
{
  int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0644) ;
  if (fd == -1) return 0 ;
  if (write(fd, s, n) != (ssize_t)n) { close(fd) ; return 0 ; }
  return !close(fd) ;
}

static char const *const dumps[] =
{
  /* up, pid 22115, just started, wantup */
  "40000000 6b02a72d 07818dd3 | 40000000 6b02a72d 077a8469 | 0000000000005663 | 0000 | 04",
  /* after s6-svc -d: killed by SIGTERM, down + ready */
  "40000000 6b02a735 08193d63 | 40000000 6b02a735 08250c50 | 0000000000000000 | 000f | 08",
  /* paused */
  "40000000 6b02a735 385713f8 | 40000000 6b02a735 08250c50 | 0000000000006117 | 000f | 05",
  /* finishing: finish's pid, run killed by SIGTERM */
  "40000000 6b02aca5 103ed603 | 40000000 6b02aca4 33b11240 | 000000000000337d | 000f | 02",
  /* run exited 7 */
  "40000000 6b02aca6 2fb59631 | 40000000 6b02aca7 30516460 | 0000000000000000 | 0700 | 08",
  /* up and ready */
  "40000000 6b02a766 1ba127af | 40000000 6b02a766 3992b6f5 | 000000000000705b | 0000 | 0c",
} ;

static void test_real_dumps (void)
{
  char buf[TEND_SVSTATUS_SIZE] ;
  char out[TEND_SVSTATUS_SIZE] ;
  tend_svstatus_t st = TEND_SVSTATUS_ZERO ;
  int allround = 1 ;

  unhex(buf, dumps[0]) ;
  ok(tend_svstatus_unpack(buf, sizeof(buf), &st) == 1, "real s6 status (up) unpacks") ;
  ok(st.stamp.sec.x == 0x400000006b02a72dULL && st.stamp.nano == 0x07818dd3, "stamp: TAI64 seconds and nanoseconds, big-endian") ;
  ok(st.readystamp.sec.x == 0x400000006b02a72dULL && st.readystamp.nano == 0x077a8469, "readystamp at offset 12") ;
  ok(st.pid == 22115, "pid at offset 24, 8 bytes") ;
  ok(st.wstat == 0 && st.flags == TEND_SVSTATUS_WANTUP, "wstat 0, flags want up") ;
  ok(tend_svstatus_isup(&st), "up: a pid and not finishing") ;

  unhex(buf, dumps[1]) ;
  ok(tend_svstatus_unpack(buf, sizeof(buf), &st) == 1, "real s6 status (down) unpacks") ;
  ok(st.pid == 0 && !tend_svstatus_isup(&st), "down: no pid") ;
  ok(WIFSIGNALED(st.wstat) && WTERMSIG(st.wstat) == SIGTERM, "wstat at offset 32 is the raw wait status (SIGTERM)") ;
  ok(st.flags == TEND_SVSTATUS_READY, "down and ready") ;

  unhex(buf, dumps[2]) ;
  tend_svstatus_unpack(buf, sizeof(buf), &st) ;
  ok(st.flags == (TEND_SVSTATUS_PAUSED | TEND_SVSTATUS_WANTUP) && st.pid == 0x6117, "paused is bit 0") ;

  unhex(buf, dumps[3]) ;
  tend_svstatus_unpack(buf, sizeof(buf), &st) ;
  ok(st.flags == TEND_SVSTATUS_FINISHING && st.pid == 0x337d, "finishing is bit 1, pid is finish's") ;
  ok(!tend_svstatus_isup(&st), "finishing is not up") ;

  unhex(buf, dumps[4]) ;
  tend_svstatus_unpack(buf, sizeof(buf), &st) ;
  ok(WIFEXITED(st.wstat) && WEXITSTATUS(st.wstat) == 7, "exit code 7 in wstat") ;

  unhex(buf, dumps[5]) ;
  tend_svstatus_unpack(buf, sizeof(buf), &st) ;
  ok(st.flags == (TEND_SVSTATUS_WANTUP | TEND_SVSTATUS_READY) && tend_svstatus_isup(&st), "up and ready: flags 0c") ;

  for (unsigned int i = 0 ; i < sizeof(dumps) / sizeof(*dumps) ; i++)
  {
    unhex(buf, dumps[i]) ;
    if (tend_svstatus_unpack(buf, sizeof(buf), &st) != 1) allround = 0 ;
    memset(out, 0xaa, sizeof(out)) ;
    tend_svstatus_pack(out, &st) ;
    if (memcmp(out, buf, sizeof(buf))) allround = 0 ;
  }
  ok(allround, "every real s6 status packs back to the same 35 bytes") ;
}

static void test_pack (void)
{
  char buf[TEND_SVSTATUS_SIZE + 1] ;
  char want[TEND_SVSTATUS_SIZE] ;
  tend_svstatus_t st = TEND_SVSTATUS_ZERO, back = TEND_SVSTATUS_ZERO ;
  tain now ;
  uint64_t off ;

  st.stamp.sec.x = 0x4000000012345678ULL ; st.stamp.nano = 999999999 ;
  st.readystamp.sec.x = 0x4000000087654321ULL ; st.readystamp.nano = 1 ;
  st.pid = 0x0102030405060708ULL ;
  st.wstat = 0xbeef ;
  st.flags = 0xff ;  /* only the four low bits go to the file */
  buf[TEND_SVSTATUS_SIZE] = 0x5a ;
  tend_svstatus_pack(buf, &st) ;
  unhex(want, "40000000 12345678 3b9ac9ff | 40000000 87654321 00000001 | 0102030405060708 | beef | 0f") ;
  ok(!memcmp(buf, want, TEND_SVSTATUS_SIZE), "pack: byte layout, big-endian, flags masked to 4 bits") ;
  ok(buf[TEND_SVSTATUS_SIZE] == 0x5a, "pack writes exactly 35 bytes") ;
  ok(tend_svstatus_unpack(buf, TEND_SVSTATUS_SIZE, &back) == 1, "round trip: unpack") ;
  ok(back.stamp.sec.x == st.stamp.sec.x && back.stamp.nano == st.stamp.nano
     && back.readystamp.sec.x == st.readystamp.sec.x && back.readystamp.nano == st.readystamp.nano
     && back.pid == st.pid && back.wstat == st.wstat && back.flags == 0x0f, "round trip: same fields") ;

 /* The clock: 2^62 + unix time + 37 leap seconds, as real s6 writes it.
    time() may lag behind the precise clock: read that one, around. */
  {
    struct timespec t1, t2 ;
    clock_gettime(CLOCK_REALTIME, &t1) ;
    tain_wallclock_read(&now) ;
    clock_gettime(CLOCK_REALTIME, &t2) ;
    st.stamp = now ;
    tend_svstatus_pack(buf, &st) ;
    tend_svstatus_unpack(buf, TEND_SVSTATUS_SIZE, &back) ;
    off = back.stamp.sec.x - 0x4000000000000000ULL - 37 ;
    ok(off >= (uint64_t)t1.tv_sec && off <= (uint64_t)t2.tv_sec, "wall clock stamps are TAI: unix time + 37 (leap seconds)") ;
  }
}

static void test_malformed (void)
{
  char buf[64] ;
  tend_svstatus_t st = TEND_SVSTATUS_ZERO, orig ;
  unhex(buf, dumps[0]) ;
  buf[35] = 0 ;
  st.pid = 42 ; orig = st ;

  errno = 0 ;
  ok(tend_svstatus_unpack(buf, 0, &st) == 0 && errno == EPROTO, "0 bytes: malformed, EPROTO") ;
  errno = 0 ;
  ok(tend_svstatus_unpack(buf, 34, &st) == 0 && errno == EPROTO, "34 bytes (truncated): malformed, EPROTO") ;
  errno = 0 ;
  ok(tend_svstatus_unpack(buf, 36, &st) == 0 && errno == EPROTO, "36 bytes (too long): malformed, EPROTO") ;
  ok(st.pid == orig.pid, "a refused status leaves the output untouched") ;

  unhex(buf, dumps[0]) ;
  unhex(buf + 8, "3b9aca00") ;  /* 1000000000 ns */
  errno = 0 ;
  ok(tend_svstatus_unpack(buf, 35, &st) == 0 && errno == EPROTO, "stamp nanoseconds = 1e9: malformed") ;
  unhex(buf, dumps[0]) ;
  unhex(buf + 20, "ffffffff") ;
  ok(tend_svstatus_unpack(buf, 35, &st) == 0, "readystamp nanoseconds >= 1e9: malformed") ;
  unhex(buf, dumps[0]) ;
  unhex(buf + 8, "3b9ac9ff") ;
  ok(tend_svstatus_unpack(buf, 35, &st) == 1 && st.stamp.nano == 999999999, "nanoseconds 999999999 accepted") ;

  unhex(buf, dumps[5]) ;
  buf[34] = (char)0xfc ;  /* unused bits 4-7 set */
  ok(tend_svstatus_unpack(buf, 35, &st) == 1, "unused flag bits do not make a status malformed") ;
  ok(st.flags == (TEND_SVSTATUS_WANTUP | TEND_SVSTATUS_READY), "unused flag bits are ignored") ;
}

static void test_files (char const *dir)
{
  char fn[256], tmp[256], sub[256], buf[64], got[64] ;
  tend_svstatus_t st = TEND_SVSTATUS_ZERO, back = TEND_SVSTATUS_ZERO ;
  struct stat sa, sb ;
  int fd ;
  ssize_t r ;
  mode_t m ;

  strcpy(sub, dir) ; strcat(sub, "/supervise") ;
  strcpy(fn, sub) ; strcat(fn, "/status") ;
  strcpy(tmp, fn) ; strcat(tmp, ".new") ;

  errno = 0 ;
  ok(tend_svstatus_read(dir, &st) == -1 && errno == ENOENT, "read: no supervise/ -> -1, ENOENT") ;
  errno = 0 ;
  ok(tend_svstatus_write(dir, &st) == 0 && errno == ENOENT, "write: no supervise/ -> 0, ENOENT") ;
  mkdir(sub, 0700) ;
  errno = 0 ;
  ok(tend_svstatus_read(dir, &st) == -1 && errno == ENOENT, "read: no status file -> -1, ENOENT") ;

  unhex(buf, dumps[0]) ;
  tend_svstatus_unpack(buf, 35, &st) ;
  m = umask(022) ;
  ok(tend_svstatus_write(dir, &st) == 1, "write") ;
  fd = open(fn, O_RDONLY) ;
  r = read(fd, got, sizeof(got)) ;
  ok(r == 35 && !memcmp(buf, got, 35), "the file holds exactly the 35 bytes of s6's layout") ;
  ok(access(tmp, F_OK) == -1 && errno == ENOENT, "no status.new left behind") ;
  fstat(fd, &sa) ;
  ok((sa.st_mode & 07777) == 0644, "mode 0666 & ~umask: 0644 under umask 022") ;

 /* A reader that opened the old file keeps reading the old file: the
    new one was renamed over it, never rewritten in place. */
  st.pid = 777 ;
  ok(tend_svstatus_write(dir, &st) == 1, "write again") ;
  stat(fn, &sb) ;
  ok(sa.st_ino != sb.st_ino, "atomic: a new inode renamed over the old one") ;
  r = pread(fd, got, sizeof(got), 0) ;
  ok(r == 35 && !memcmp(buf, got, 35), "atomic: an open reader still sees a whole old status") ;
  close(fd) ;
  ok(tend_svstatus_read(dir, &back) == 1 && back.pid == 777, "read gets the new status") ;

  umask(077) ;
  tend_svstatus_write(dir, &st) ;
  stat(fn, &sb) ;
  ok((sb.st_mode & 07777) == 0600, "mode 0600 under umask 077, as s6") ;
  umask(m) ;

 /* A stale status.new from a crash is simply replaced. */
  writefile(tmp, "garbage", 7) ;
  ok(tend_svstatus_write(dir, &st) == 1 && access(tmp, F_OK) == -1, "a stale status.new is replaced and renamed") ;

  for (unsigned int i = 0 ; i < 3 ; i++)
  {
    static size_t const sizes[3] = { 0, 34, 36 } ;
    static char const *const names[3] = { "read: empty status -> 0, EPROTO", "read: 34-byte status -> 0, EPROTO", "read: 36-byte status -> 0, EPROTO" } ;
    char big[36] ;
    memset(big, 0, sizeof(big)) ;
    writefile(fn, big, sizes[i]) ;
    errno = 0 ;
    ok(tend_svstatus_read(dir, &back) == 0 && errno == EPROTO, names[i]) ;
  }
  {
    char big[4096] ;
    memset(big, 0, sizeof(big)) ;
    writefile(fn, big, sizeof(big)) ;
    ok(tend_svstatus_read(dir, &back) == 0, "read: a 4096-byte status is malformed") ;
  }
  unlink(fn) ;
  mkdir(fn, 0700) ;
  ok(tend_svstatus_read(dir, &back) == -1, "read: status is a directory -> -1") ;
  ok(tend_svstatus_write(dir, &st) == 0, "write: status is a directory -> 0") ;
  ok(access(tmp, F_OK) == -1, "failed rename leaves no status.new") ;
  rmdir(fn) ;
  rmdir(sub) ;
}

int main (void)
{
  char dir[] = "/tmp/tend-t0001.XXXXXX" ;
  if (!mkdtemp(dir)) return 111 ;
  test_real_dumps() ;
  test_pack() ;
  test_malformed() ;
  test_files(dir) ;
  rmdir(dir) ;
  plan(tap_n) ;
  return done() ;
}
