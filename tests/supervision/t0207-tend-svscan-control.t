#!/bin/sh
# tend-svscan: every control byte (z a b h i t q n N; others ignored).
# a, h, n, N: t0204, t0205. Here: z, unknown bytes, b, i, t, q.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 14

mksv a
mksv l ; mksv l/log 'exec 3<&0
trap '\''kill $! ; echo TERM > termed ; exit 0'\'' TERM
cat <&3 >> out & wait'
start_svscan
ok 'up' wait_for 50 up l/log
ctl 'z?x'
ok 'unknown bytes: one warning' wait_for 50 grep -q 'unknown control command' "$T/svscan.err"
is "$(grep -c 'unknown control command' "$T/svscan.err")" 1 'one warning for one write'
ctl z
ok 'z: svscan still running' alive "$svscan"
ok 'z: services untouched' up a

supa=$(suppid a) ; sups="$supa $(suppid l) $(suppid l/log)"
ctl b
svscan_exit
is "$rc" 0 'b: svscan exits at once (no finish script)'
ok 'b: the services are left running' up a
ok 'b: their supervisors too' alive "$supa"
# clean up what b left behind
for p in $sups ; do kill -TERM "$p" ; done
nosup () { for p in $sups ; do alive "$p" && return 1 ; done ; return 0 ; }
wait_for 50 nosup

rm -f "$S/l/log/termed"
start_svscan
ok 'up again' wait_for 50 up l/log
ctl t ; svscan_exit
is "$rc" 0 't: svscan exits'
ok "t: the logger was not sent SIGTERM (SIGHUP: ended on EOF)" test ! -e "$S/l/log/termed"

start_svscan
ok 'up again' wait_for 50 up l/log
ctl i ; svscan_exit
ok 'i: as t' test "$rc" = 0 -a ! -e "$S/l/log/termed"

# a logger that never reads: only a signal ends it, EOF cannot
mksv l/log 'trap '\''kill $! ; echo TERM > termed ; exit 0'\'' TERM
sleep 1000 & wait'
start_svscan -T 5000
wait_for 50 up l/log
ctl q ; svscan_exit
ok "q: svscan exits, the logger's supervisor got SIGTERM" test "$rc" = 0 -a -s "$S/l/log/termed"
finish
