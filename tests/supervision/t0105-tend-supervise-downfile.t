#!/bin/sh
# tend-supervise: the ./down file and the commands that touch it (D U Q),
# and O (want down, nothing else).
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 17

mksv a 'echo $$ > pid ; exec sleep 1000'
: > "$T/a/down"
listen a
start a
ok 'with ./down: event s only' evis a s
ok 'not started' test ! -e "$T/a/pid"
is "$(s6-svstat -o up,wantedup,normallyup "$T/a")" 'false false false' 'svstat: down, want down, normally down'
is "$(flags a)" 08 'flags: ready only'

s6-svc -U "$T/a"
ok 'U starts it' wait_for 50 test -s "$T/a/pid"
ok 'U removes ./down' test ! -e "$T/a/down"
ok 'event u' evis a su
is "$(s6-svstat -o wantedup,normallyup "$T/a")" 'true true' 'want up, normally up'

s6-svc -Q "$T/a"
wait_for 50 flagsare a 00
ok 'Q creates ./down' test -e "$T/a/down"
is "$(s6-svstat -o up,wantedup "$T/a")" 'true false' 'Q: still up, want down'
rm -f "$T/a/down"

p=$(cat "$T/a/pid")
s6-svc -D "$T/a"
ok 'D stops it' wait_for 50 gone "$p"
ok 'D creates ./down' test -e "$T/a/down"
ok 'events d D' evis a sudD

rm -f "$T/a/down" "$T/a/pid"
s6-svc -u "$T/a"
wait_for 50 test -s "$T/a/pid"
s6-svc -O "$T/a"
wait_for 50 flagsare a 00
is "$(s6-svstat -o up,wantedup "$T/a")" 'true false' 'O: still up, want down'
ok 'O leaves ./down alone' test ! -e "$T/a/down"
p=$(cat "$T/a/pid")
kill "$p"
ok 'after O, a death is not followed by a restart' evis a sudDudD
is "$(s6-svstat -o up "$T/a")" false 'and it stays down'
finish
