#!/bin/sh
# tend-supervise: down-signal (used by d and r) and timeout-kill (SIGKILL
# after d when the service ignores its down signal).
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 11

# run logs the signals it gets and ignores TERM; its pid file says the
# traps are set.
mksv a 'trap "echo HUP >> sigs ; exit 0" HUP ; trap "" TERM ; echo $$ > pid ; while : ; do sleep 0.05 ; done'
echo SIGHUP > "$T/a/down-signal"
listen a
start a
wait_for 50 test -s "$T/a/pid"
p=$(cat "$T/a/pid")
s6-svc -d "$T/a"
ok 'd sends the down-signal (HUP)' wait_for 50 test -s "$T/a/sigs"
ok 'run exits' evis a sudD
is "$(s6-svstat -o exitcode "$T/a")" 0 'it exited by itself (code 0)'

rm -f "$T/a/sigs" "$T/a/pid"
echo HUP > "$T/a/down-signal"
s6-svc -u "$T/a"
wait_for 50 test -s "$T/a/pid"
s6-svc -r "$T/a"
ok 'r sends the down-signal too (name without SIG)' wait_for 50 test -s "$T/a/sigs"
ok 'and r restarts it (want up kept)' evis a sudDudDu

# A numeric down-signal; an invalid one falls back to SIGTERM.
echo 1 > "$T/a/down-signal"
rm -f "$T/a/sigs" "$T/a/pid"
s6-svc -r "$T/a"
ok 'down-signal 1 (SIGHUP)' wait_for 50 test -s "$T/a/sigs"

# timeout-kill: TERM is ignored, SIGKILL comes after 300 ms.
echo TERM > "$T/a/down-signal"
echo 300 > "$T/a/timeout-kill"
wait_for 50 test -s "$T/a/pid"
t0=$(date +%s%N)
s6-svc -d "$T/a"
ok 'ignored TERM: killed by timeout-kill' s6-svwait -d -t 5000 "$T/a"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
ok "after about 300 ms (${ms} ms)" test "$ms" -ge 250 -a "$ms" -lt 2000
is "$(s6-svstat -o signal "$T/a")" SIGKILL 'died of SIGKILL'

# Without timeout-kill it is never killed.
rm -f "$T/a/timeout-kill" "$T/a/pid"
s6-svc -u "$T/a"
wait_for 50 test -s "$T/a/pid"
s6-svc -d "$T/a"
exits 99 'no timeout-kill: still up 1 s after d' s6-svwait -d -t 1000 "$T/a"
echo bogus > "$T/a/down-signal"
s6-svc -r "$T/a"
s6-svc -k "$T/a"
ok 'invalid down-signal: a warning' wait_for 50 grep -q 'invalid down-signal' "$T/a.err"
finish
