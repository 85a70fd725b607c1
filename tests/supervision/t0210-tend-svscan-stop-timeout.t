#!/bin/sh
# tend-svscan: the wait at shutdown is bounded by -T ms (default 10000);
# then the supervisors left, and the processes (and process groups) their
# status files name, get SIGKILL, and svscan goes on. -T 0: no bound.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 10

mksv stubborn 'trap "" TERM
sleep 1000 & echo $! > child
exec sleep 1000'
mksv fine
start_svscan -T 1000
ok 'up' wait_for 50 up stubborn
run=$(svpid stubborn) ; child=$(cat "$S/stubborn/child") ; sup=$(suppid stubborn)
t0=$(date +%s%N)
ctl t ; svscan_exit 50
ms=$(( ($(date +%s%N) - t0) / 1000000 )) ; diag "exited after $ms ms"
is "$rc" 0 '-T 1000: svscan exits 0 although a service ignores SIGTERM'
ok 'after the bound, not long after (1 to 4 s)' test "$ms" -ge 950 -a "$ms" -le 4000
ok 'it said so' grep -q 'stop timeout expired' "$T/svscan.err"
ok 'the supervisor got SIGKILL' wait_for 20 gone "$sup"
ok 'the service too' wait_for 20 gone "$run"
ok 'and its process group' wait_for 20 gone "$child"
ok 'the other service was stopped cleanly before' down fine

start_svscan -T 0
wait_for 50 up stubborn
run=$(svpid stubborn) ; child=$(cat "$S/stubborn/child")
ctl t ; sleep 2
ok '-T 0: still waiting after 2 s' alive "$svscan"
kill -9 "$run" "$child"
svscan_exit
is "$rc" 0 '-T 0: exits once the service is gone'
finish
