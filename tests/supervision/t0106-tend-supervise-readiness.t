#!/bin/sh
# tend-supervise: readiness through notification-fd.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 12

# run signals readiness when ./go appears.
mksv a 'echo $$ > pid ; while ! test -e go ; do sleep 0.05 ; done ; echo >&5 ; exec sleep 1000'
echo 5 > "$T/a/notification-fd"
listen a
start a
wait_for 50 test -s "$T/a/pid"
ok 'spawned: event u' evis a su
is "$(flags a)" 04 'not ready before the newline'
is "$(s6-svstat -o ready "$T/a")" false 'svstat: not ready'
s6-svwait -U -t 5000 "$T/a" & w=$! ; t_pids="$t_pids $w"
touch "$T/a/go"
ok 'newline on fd 5: event U' evis a suU
is "$(flags a)" 0c 'flags: want up + ready'
wait "$w" ; is "$?" 0 's6-svwait -U returns'
st=$(od -An -tx1 -N12 "$T/a/supervise/status" | tr -d ' \n')
rst=$(od -An -tx1 -j12 -N12 "$T/a/supervise/status" | tr -d ' \n')
ok 'readystamp is set, after stamp' test "$rst" \> "$st"

# EOF without a newline: never ready.
mksv b 'echo $$ > pid ; exec 5>&- ; exec sleep 1000'
echo 5 > "$T/b/notification-fd"
listen b
start b
wait_for 50 test -s "$T/b/pid"
evis b su
exits 99 'closed without newline: not ready' s6-svwait -U -t 300 "$T/b"
is "$(flags b)" 04 'flags: not ready'

# Partial writes: the newline may come in a later write.
mksv c 'echo $$ > pid ; printf ready >&5 ; sleep 0.2 ; printf "\n" >&5 ; exec sleep 1000'
echo 5 > "$T/c/notification-fd"
listen c
start c
ok 'newline in a second write: ready' evis c suU

# A bad notification-fd is ignored with a warning: started, never ready.
mksv d 'echo $$ > pid ; exec sleep 1000'
echo nope > "$T/d/notification-fd"
start d
ok 'invalid notification-fd: still started' wait_for 50 test -s "$T/d/pid"
cp "$T/d.err" "$T/err"
said 'with a warning' 'invalid notification-fd'
finish
