#!/bin/sh
# tend-svscan: waiting is event-driven only: idle, it never wakes up
# (counted as voluntary context switches); with -t it wakes to rescan.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 4

mksv a ; mksv a/log 'exec cat > /dev/null'
switches () { sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' /proc/"$svscan"/status ; }
start_svscan
ok 'up' wait_for 50 up a/log
ctl z ; sleep 0.2
n0=$(switches) ; sleep 1.5 ; n1=$(switches)
is "$n1" "$n0" 'no -t: no wakeup in 1.5 s of idleness'
kill -TERM "$svscan" ; svscan_exit

start_svscan -t 100
ok 'up' wait_for 50 up a/log
n0=$(switches) ; sleep 1 ; n1=$(switches)
ok '-t 100: it wakes up to rescan' test "$n1" -ge $((n0 + 5))
finish
