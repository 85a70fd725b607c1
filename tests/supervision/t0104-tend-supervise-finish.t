#!/bin/sh
# tend-supervise: ./finish, its arguments, its status while it runs,
# timeout-finish, and exit code 125 (permanent failure).
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 18

# run exits with the code in ./code (or sleeps when there is none).
mksv a 'echo $$ > pid ; test -f code && exit $(cat code) ; exec sleep 1000'
mkfinish a 'echo "$0 $*" > fargs ; echo $$ > fpid ; test -f fwait && exec sleep 1000 ; exit 0'
listen a
start a
wait_for 50 test -s "$T/a/pid"
evis a su

# Killed by SIGTERM (s6-svc -d): finish gets 256 and the signal.
touch "$T/a/fwait"
s6-svc -d "$T/a"
ok 'finish runs after the death' wait_for 50 test -s "$T/a/fpid"
is "$(cat "$T/a/fargs")" "./finish 256 15 $T/a" 'finish args: 256, signal 15, servicedir'
ok 'event d once finish is running' evis a sud
is "$(svpid a)" -1 'svstat: finishing counts as down'
is "$(od -An -tu8 -j24 -N8 --endian=big "$T/a/supervise/status" | tr -d ' ')" "$(cat "$T/a/fpid")" 'status pid is finish'"'"'s pid'
is "$(flags a)" 02 'flags: finishing, not ready, not wanted up'
fp=$(cat "$T/a/fpid")
is "$(ps -o sid= -p "$fp" | tr -d ' ')" "$fp" 'finish is a session leader too'
rm -f "$T/a/fwait"
kill "$fp"
ok 'event D when finish ends' evis a sudD
is "$(flags a)" 08 'flags: down and ready'

# u while finishing: want up now, started once finish is done.
touch "$T/a/fwait" ; rm -f "$T/a/fpid"
s6-svc -u "$T/a" ; wait_for 50 isup a
s6-svc -d "$T/a"
wait_for 50 test -s "$T/a/fpid"
s6-svc -u "$T/a"
wait_for 50 flagsare a 06
ok 'u while finishing: still finishing' evis a sudDud
rm -f "$T/a/fwait" ; kill "$(cat "$T/a/fpid")"
ok 'then started once finish is done' evis a sudDudDu
s6-svc -d "$T/a" ; evis a sudDudDudD
printf sudD > "$T/a.ev"

# Exit code: finish gets it and signal 0.
echo 7 > "$T/a/code"
rm -f "$T/a/fargs"
s6-svc -o "$T/a"
ok 'run exits 7, finish runs' wait_for 50 test -s "$T/a/fargs"
is "$(cat "$T/a/fargs")" "./finish 7 0 $T/a" 'finish args: 7 0 servicedir'
evis a sudDudD

# timeout-finish: finish is killed after that many ms.
echo 300 > "$T/a/timeout-finish"
touch "$T/a/fwait" ; rm -f "$T/a/fpid" "$T/a/fargs"
t0=$(date +%s%N)
s6-svc -o "$T/a"
wait_for 50 test -s "$T/a/fpid"
ok 'finish killed at timeout-finish' evis a sudDudDudD
t1=$(date +%s%N) ; ms=$(( (t1 - t0) / 1000000 ))
ok "after about 300 ms (${ms} ms)" test "$ms" -ge 250 -a "$ms" -lt 2000
cp "$T/a.err" "$T/err" ; said 'a warning says so' 'timeout-finish - sending it SIGKILL'

# Finish exit 125: O then D, wantup cleared, no restart.
rm -f "$T/a/fwait" "$T/a/timeout-finish" "$T/a/fpid"
mkfinish a 'echo $$ > fpid ; exit 125'
echo 1 > "$T/a/code"
s6-svc -u "$T/a"
ok 'finish 125: events O D' evis a sudDudDudDudOD
is "$(s6-svstat -o up,wantedup "$T/a")" 'false false' 'wantup cleared: not restarted'
finish
