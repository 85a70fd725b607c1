#!/bin/sh
# tend-svscan: rescans add new services: on a, h, SIGALRM, every -t ms;
# never by itself without -t.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 7

mksv first
start_svscan
ok 'initial scan' wait_for 50 up first
mksv second
# A negative check needs some time: z makes svscan work (reap) without a
# scan, then we give it half a second.
ctl z ; sleep 0.5
ok 'no -t: a new service is not picked up by itself' test ! -e "$S/second/pid"
ctl a
ok 'a: scan, the new service starts' wait_for 50 up second
mksv third ; kill -ALRM "$svscan"
ok 'SIGALRM: scan' wait_for 50 up third
mksv fourth ; ctl h
ok 'h: scan' wait_for 50 up fourth
ctl q ; svscan_exit

mksv fifth
start_svscan -t 300
mksv sixth
ok '-t 300: a new service appears without being asked' wait_for 50 up sixth
ok 'and the old ones are still the same processes' up fifth
kill -TERM "$svscan" ; svscan_exit
finish
