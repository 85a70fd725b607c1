/* See COPYING for license terms. */

/* supervise/death_tally records: 12 bytes of TAI64N, exit code (128+n when
   killed by signal n), signal number; as s6 2.11 (PROTOCOL section 4). */

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <skalibs/tai.h>

#include <tend/svstatus.h>

#include "tap.h"

 /* A real wait status: a child that exits with code, or is killed by sig. */
static int realwstat (int code, int sig)
{
  int wstat = 0 ;
  pid_t pid = fork() ;
  if (pid == -1) return -1 ;
  if (!pid)
  {
    if (sig) { signal(sig, SIG_DFL) ; kill(getpid(), sig) ; }
    _exit(code) ;
  }
  waitpid(pid, &wstat, 0) ;
  return wstat ;
}

int main (void)
{
  char buf[TEND_DEATHTALLY_RECSIZE + 1] ;
  static char const want1[14] = { 0x40, 0, 0, 0, 0x6b, 0x02, (char)0xa7, 0x35, 0x08, 0x19, 0x3d, 0x63, (char)0x8f, 0x0f } ;
  static char const want2[14] = { 0x40, 0, 0, 0, 0x6b, 0x02, (char)0xaa, 0x57, 0x04, (char)0x88, (char)0xc9, 0x6e, 0x07, 0x00 } ;
  tain stamp = TAIN_ZERO ;
  tain back ;

  ok(TEND_DEATHTALLY_RECSIZE == 14, "a record is 14 bytes") ;

 /* The two records of PROTOCOL section 4, from real s6-supervise. */
  stamp.sec.x = 0x400000006b02a735ULL ; stamp.nano = 0x08193d63 ;
  buf[14] = 0x5a ;
  tend_deathtally_pack(buf, &stamp, realwstat(0, SIGTERM)) ;
  ok(!memcmp(buf, want1, 14), "killed by SIGTERM: same bytes as s6 (8f 0f)") ;
  ok(buf[14] == 0x5a, "exactly 14 bytes written") ;
  stamp.sec.x = 0x400000006b02aa57ULL ; stamp.nano = 0x0488c96e ;
  tend_deathtally_pack(buf, &stamp, realwstat(7, 0)) ;
  ok(!memcmp(buf, want2, 14), "exit 7: same bytes as s6 (07 00)") ;

  tend_deathtally_pack(buf, &stamp, realwstat(0, SIGKILL)) ;
  ok((unsigned char)buf[12] == 128 + 9 && buf[13] == 9, "SIGKILL: 137, 9") ;
  tend_deathtally_pack(buf, &stamp, realwstat(0, 0)) ;
  ok(buf[12] == 0 && buf[13] == 0, "exit 0: 0, 0") ;
  tend_deathtally_pack(buf, &stamp, realwstat(255, 0)) ;
  ok((unsigned char)buf[12] == 255 && buf[13] == 0, "exit 255: 255, 0 (not mistaken for a signal)") ;
  tend_deathtally_pack(buf, &stamp, realwstat(0, SIGUSR2)) ;
  ok((unsigned char)buf[12] == 128 + SIGUSR2 && buf[13] == SIGUSR2, "SIGUSR2: 128+n, n") ;

  tain_unpack(buf, &back) ;
  ok(back.sec.x == stamp.sec.x && back.nano == stamp.nano, "the stamp is TAI64N, as in the status file") ;

  plan(tap_n) ;
  return done() ;
}
