#!/bin/sh
# tend-svscan: signals run .s6-svscan/SIG<NAME> when it exists, else the
# default action (HUP h, INT/TERM t, QUIT q, ABRT b, ALRM scan, others none).
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 15

mkdir -p "$S/.s6-svscan"
for s in USR1 TERM HUP PWR WINCH ; do
  printf '#!/bin/sh\necho "$# $0" >> %s/sig.%s\n' "$T" "$s" > "$S/.s6-svscan/SIG$s"
  chmod 755 "$S/.s6-svscan/SIG$s"
done
mksv a
start_svscan
ok 'up' wait_for 50 up a
a=$(svpid a)
kill -USR1 "$svscan"
ok 'SIGUSR1 runs .s6-svscan/SIGUSR1' wait_for 50 test -s "$T/sig.USR1"
is "$(cat "$T/sig.USR1")" '0 .s6-svscan/SIGUSR1' 'no arguments, cwd the scan directory'
kill -TERM "$svscan"
ok 'SIGTERM with a script: the script runs' wait_for 50 test -s "$T/sig.TERM"
kill -HUP "$svscan" ; kill -PWR "$svscan" ; kill -WINCH "$svscan"
ok 'SIGHUP, SIGPWR, SIGWINCH: their scripts' wait_for 50 test -s "$T/sig.HUP" -a -s "$T/sig.PWR" -a -s "$T/sig.WINCH"
kill -USR2 "$svscan"
ctl z ; sleep 0.3
ok 'SIGUSR2 without a script: nothing happens' test "$(svpid a)" = "$a"
ok 'and instead of the defaults nothing was stopped' alive "$svscan"

: > "$S/.s6-svscan/SIGINT"   # not executable: a warning, then the default
kill -INT "$svscan" ; svscan_exit
is "$rc" 0 'SIGINT with an unusable script: default t, exit 0'
ok 'with a warning' grep -q 'unable to spawn .s6-svscan/SIGINT' "$T/svscan.err"
ok 't brought the service down' down a

printf 'not a program\n' > "$S/.s6-svscan/SIGINT" ; chmod 755 "$S/.s6-svscan/SIGINT"
start_svscan ; wait_for 50 up a
kill -INT "$svscan" ; svscan_exit
is "$rc" 0 'SIGINT with a script that cannot be executed: default t, exit 0'
ok 'with the exec error' grep -q 'unable to spawn .s6-svscan/SIGINT: Exec format error' "$T/svscan.err"

rm "$S/.s6-svscan/SIGTERM"
start_svscan ; wait_for 50 up a
kill -TERM "$svscan" ; svscan_exit
is "$rc" 0 'SIGTERM without a script: t, exit 0'

start_svscan ; wait_for 50 up a
kill -QUIT "$svscan" ; svscan_exit
is "$rc" 0 'SIGQUIT: q, exit 0'

start_svscan ; wait_for 50 up a
sup=$(suppid a)
kill -ABRT "$svscan" ; svscan_exit
ok 'SIGABRT: b, svscan exits, the supervisor is left running' test "$rc" = 0 && alive "$sup"
kill -TERM "$sup" ; wait_for 50 gone "$sup"
finish
