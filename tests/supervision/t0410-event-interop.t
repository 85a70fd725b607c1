#!/bin/sh
# event/ fifodir interop with Debian's s6 2.11, both ways: real s6-svwait
# (through s6-ftrigrd) hears what libtend's notifier sends, and libtend's
# subscriber hears what real s6-supervise sends.
. "${0%/*}/../lib.sh"

TOOL=${TEST_BINDIR:-$TOP}/tests/unit/t0006-eventtool.t
for p in s6-svwait s6-supervise s6-svc s6-svok ; do
  if ! command -v "$p" >/dev/null ; then plan 1 ; skip "needs s6 ($p)" ; finish ; fi
done
if ! test -x "$TOOL" ; then plan 1 ; skip "needs $TOOL (make check-build)" ; finish ; fi
plan 19

has_listener () { ls "$1" 2>/dev/null | grep -q '^ftrig1:' ; }
listener_name () { ls "$1" | grep '^ftrig1:' | head -n 1 ; }
# svwait ARGS...: s6-svwait in the background; its exit code lands in $T/rc.
svwait () {
  rm -f "$T/rc"
  ( s6-svwait "$@" 2>>"$T/svwait.err" ; echo $? > "$T/rc" ) &
}
rc_is () { test "$(cat "$T/rc" 2>/dev/null)" = "$1" ; }

# 1. Our notifier, a real listener. s6-svwait reads supervise/status after
# subscribing; a status written by libtend says "down".
mkdir -p "$T/fake/supervise"
ok 'libtend writes a status s6 reads' "$TOOL" status "$T/fake" down
svwait -u -t 5000 "$T/fake"
ok 's6-svwait -u subscribed (created event/)' wait_for 50 has_listener "$T/fake/event"
is "$(stat -c %a "$T/fake/event")" 3730 's6-svwait made event/ 3730, as libtend does'
name=$(listener_name "$T/fake/event")
is "${#name}" 39 "s6's listener name is 39 bytes, like ours ($name)"
is "$("$TOOL" notify "$T/fake/event" u)" 1 'our notifier found the s6 listener'
ok 's6-svwait -u returns 0 on our u' wait_for 50 rc_is 0
ok 's6-svwait removed its fifo' wait_for 50 eval '! has_listener "$T/fake/event"'

svwait -U -t 5000 "$T/fake"
wait_for 50 has_listener "$T/fake/event"
"$TOOL" notify "$T/fake/event" u > /dev/null
"$TOOL" notify "$T/fake/event" U > /dev/null
ok 's6-svwait -U returns 0 on our u then U' wait_for 50 rc_is 0

"$TOOL" status "$T/fake" up
svwait -d -t 5000 "$T/fake"
wait_for 50 has_listener "$T/fake/event"
"$TOOL" notify "$T/fake/event" dD > /dev/null
ok 's6-svwait -d returns 0 on our dD' wait_for 50 rc_is 0

"$TOOL" status "$T/fake" down
svwait -u -t 5000 "$T/fake"
wait_for 50 has_listener "$T/fake/event"
"$TOOL" notify "$T/fake/event" x > /dev/null
ok 's6-svwait -u counts our x as a failure (exit 1)' wait_for 50 rc_is 1

svwait -u -t 300 "$T/fake"
wait_for 50 has_listener "$T/fake/event"
"$TOOL" notify "$T/fake/event" d > /dev/null
ok 's6-svwait -u ignores our d and times out (99)' wait_for 50 rc_is 99

# A stale s6 fifo (its listener killed) is cleaned by our notifier. The
# s6-ftrigrd of an s6-svwait that has returned removes its own fifo a
# moment later: wait for those first.
wait_for 50 eval '! has_listener "$T/fake/event"'
s6-svwait -u -t 10000 "$T/fake" & w=$!
wait_for 50 has_listener "$T/fake/event"
stale=$(listener_name "$T/fake/event")
kids=$(cat /proc/$w/task/*/children 2>/dev/null)
for k in $kids ; do kill -9 "$k" ; done
kill -9 "$w" ; wait "$w" 2>/dev/null
for k in $kids ; do wait_for 50 gone "$k" ; done  # s6-ftrigrd held the fifo
if test -p "$T/fake/event/$stale" ; then
  is "$("$TOOL" notify "$T/fake/event" u)" 0 'a dead s6 listener: nobody written to'
  ok '... and its stale fifo is removed' eval '! test -e "$T/fake/event/$stale"'
else
  skip 's6-ftrigrd removed its fifo itself' ; skip 's6-ftrigrd removed its fifo itself'
fi

# 2. A real notifier, our listener: s6-supervise's events.
mkdir -p "$T/sv"
printf '#!/bin/sh\nexec sleep 1000\n' > "$T/sv/run"
chmod 755 "$T/sv/run"
"$TOOL" listen "$T/sv/event" 5 10000 > "$T/got" & l=$!
ok 'our listener subscribed first (made event/)' wait_for 50 has_listener "$T/sv/event"
is "$(stat -c %a "$T/sv/event")" 3730 'libtend made event/ 3730'
bg s6-supervise "$T/sv" 2>>"$T/sup.err"
wait_for 50 s6-svok "$T/sv"
s6-svwait -u -t 5000 "$T/sv"   # run spawned (u) before it is told to stop
s6-svc -wd -T 5000 -d "$T/sv"
s6-svc -x "$T/sv"
wait "$l" ; lrc=$?
is "$lrc" 0 'our listener got 5 bytes from s6-supervise'
is "$(cat "$T/got")" sudDx "s6-supervise's s u d D x reached our listener, in order"
is "$(stat -c %a "$T/sv/event")" 3730 's6-supervise kept our event/ as it was'
ok 'every fifo removed (ours, and s6-svc -wd'"'"'s)' wait_for 50 eval '! has_listener "$T/sv/event"'
finish
