#!/bin/sh
# tend-svscan: an error it cannot recover from once running makes it exec
# .s6-svscan/crash (exit 111 if there is none). The error is provoked from
# outside: with its open-files limit lowered to 1, poll() on its 2 fds
# fails (EINVAL). The crash program is a static C program (it cannot open
# anything under that limit either).
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 5
cat > "$T/crash.c" <<'EOT'
#include <stdio.h>
#include <unistd.h>
int main (void)
{
  char s[64] ;
  int n = snprintf(s, sizeof s, "crash ran as pid %d\n", (int)getpid()) ;
  if (write(2, s, n) != n) return 1 ;
  return 5 ;
}
EOT
if ! command -v prlimit >/dev/null || ! ${CC:-cc} -static -o "$T/crash" "$T/crash.c" 2>/dev/null ; then
  for i in 1 2 3 4 5 ; do skip 'needs prlimit and a static C build' ; done
  finish
fi

mksv a
start_svscan
ok 'up' wait_for 50 up a
prlimit --pid "$svscan" --nofile=1: ; ctl z
svscan_exit
is "$rc" 111 'no crash program: exit 111'
ok 'it says why' grep -q 'unable to iopause.*crash' "$T/svscan.err"

mkdir -p "$S/.s6-svscan" ; cp "$T/crash" "$S/.s6-svscan/crash"
rm -f "$S/.s6-svscan/lock"
start_svscan
prlimit --pid "$svscan" --nofile=1: ; ctl z
svscan_exit
is "$rc" 5 'the crash program is exec'"'"'ed: its exit code'
ok 'as the same pid' grep -q "crash ran as pid $svscan\$" "$T/svscan.err"
# what the crashes left behind
for p in $(cat /proc/*/task/*/children 2>/dev/null | tr ' ' '\n' | sort -u) ; do
  test "$(tr '\0' ' ' 2>/dev/null < /proc/"$p"/cmdline)" = 'tend-supervise a ' &&
    test "$(readlink /proc/"$p"/cwd 2>/dev/null)" = "$(cd "$S/a" && pwd -P)" && kill -TERM "$p"
done
finish
