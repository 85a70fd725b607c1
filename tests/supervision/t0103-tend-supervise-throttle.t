#!/bin/sh
# tend-supervise: restart throttle. A crash-looping run starts at most once
# per second; a run that had been up for over a second is restarted at
# once; an explicit u starts at once.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 8

now_ms () { echo $(( $(date +%s%N) / 1000000 )) ; }
# gaps FILE: the differences between consecutive lines (ms), one per line.
gaps () { awk 'NR > 1 { print $1 - p } { p = $1 }' "$1" ; }
# tain_ms FILE OFFSET: the TAI64N stamp at OFFSET of FILE, in ms.
tain_ms () {
  s=$(od -An -tu8 --endian=big -j "$2" -N8 "$1" | tr -d ' ')
  n=$(od -An -tu4 --endian=big -j $(($2 + 8)) -N4 "$1" | tr -d ' ')
  echo $(( (s - 4611686018427387904) * 1000 + n / 1000000 ))
}
lines () { test "$(wc -l < "$1")" -ge "$2" ; }

# 1. Crash loop: run exits at once, no finish.
mksv loop 'echo $(( $(date +%s%N) / 1000000 )) >> starts ; exit 1'
start loop
wait_for 60 lines "$T/loop/starts" 4
kill "$s_sup"
n=$(wc -l < "$T/loop/starts")
min=$(gaps "$T/loop/starts" | sort -n | head -n 1)
ok "crash loop: starts are at least ~1 s apart (min gap ${min} ms)" test "$min" -ge 950
ok "crash loop: but not much more (min gap ${min} ms)" test "$min" -le 1300
ok "crash loop: no spin ($n starts)" test "$n" -le 6

# 2. A long-running service that dies is restarted at once.
mksv long 'echo $(( $(date +%s%N) / 1000000 )) >> starts ; echo $$ > pid ; exec sleep 1000'
listen long
start long
wait_for 50 test -s "$T/long/pid"
evis long su
sleep 1.2  # the service must have run for over a second: that is the point
p=$(cat "$T/long/pid")
kill -9 "$p"
wait_for 50 lines "$T/long/starts" 2
# Measured by the supervisor's own stamps: death (death_tally) to spawn
# (status), so the shell's start-up time does not count.
lat=$(( $(tain_ms "$T/long/supervise/status" 0) - $(tain_ms "$T/long/supervise/death_tally" 0) ))
ok "ran over 1 s, killed: restarted within 300 ms (${lat} ms; s6 takes 1000)" test "$lat" -lt 300
ok 'events: d D u' evis long sudDu

# 3. It now crashes at once (ran less than a second): throttled again.

wait_for 50 newpid long "$p"
kill -9 "$(cat "$T/long/pid")"
wait_for 50 lines "$T/long/starts" 3
g=$(gaps "$T/long/starts" | tail -n 1)
ok "ran under 1 s, killed: restarted 1 s after its start (${g} ms)" test "$g" -ge 950

# 4. An explicit u while down starts at once, throttle or not.
mksv once 'echo $(( $(date +%s%N) / 1000000 )) >> starts ; exit 3'
listen once
start once
evis once sudD
s6-svc -u "$T/once"
wait_for 50 lines "$T/once/starts" 2
g=$(gaps "$T/once/starts" | head -n 1)
ok "u right after a crash starts at once (${g} ms after the previous start)" test "$g" -lt 500
s6-svc -d "$T/once"

# The same u cannot make the supervisor spin: o (run once) after a crash.
s6-svc -o "$T/once"
ok 'o runs it once more, at once' wait_for 10 lines "$T/once/starts" 3
finish
