#!/bin/sh
# tend-svscan: a supervisor that dies while its service is present is
# restarted one second later (a deadline, not a sleep).
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 4

mksv a ; mksv b
start_svscan
ok 'up' wait_for 50 up a
sup=$(suppid a) ; run=$(svpid a) ; other=$(suppid b)
t0=$(date +%s%N)
kill -9 "$sup" ; kill -9 "$run"
newsup () { s=$(suppid a) && test "$s" != "$sup" ; }
ok 'the killed supervisor is back' wait_for 50 newsup
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
diag "restarted after $ms ms"
ok 'after about 1 s (0.9 to 4 s: loaded machines)' test "$ms" -ge 900 -a "$ms" -le 4000
ok 'the other supervisor was not touched' test "$(suppid b)" = "$other"
finish
