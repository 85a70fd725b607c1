#!/bin/sh
# tend-supervise: the signals it obeys (TERM HUP QUIT INT), in each state.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 31

# TERM while up: down, then exit.
mksv a 'echo $$ > pid ; exec sleep 1000'
listen a
start a
wait_for 50 test -s "$T/a/pid"
p=$(cat "$T/a/pid")
kill -TERM "$s_sup"
ok 'TERM while up: events d D x' evis a sudDx
ok 'run was stopped' gone "$p"
wait "$s_sup" ; is "$?" 0 'exit code 0'
is "$(flags a)" 08 'status: down, want down'

# TERM while down: exit at once.
: > "$T/a/down" ; : > "$T/a.ev"
start a
evis a s
kill -TERM "$s_sup"
ok 'TERM while down: event x' evis a sx
wait "$s_sup" ; is "$?" 0 'exit code 0'
rm -f "$T/a/down"

# TERM while finishing: exit once finish is done; want up kept.
mksv b 'echo $$ > pid ; exec sleep 1000'
mkfinish b 'echo $$ > fpid ; while ! test -e go ; do sleep 0.05 ; done'
listen b
start b
wait_for 50 test -s "$T/b/pid"
kill "$(cat "$T/b/pid")"
wait_for 50 test -s "$T/b/fpid"
evis b sud
kill -TERM "$s_sup"
ok 'TERM while finishing: still running' alive "$s_sup"
touch "$T/b/go"
ok 'events D x once finish is done' evis b sudDx
wait "$s_sup" ; is "$?" 0 'exit code 0'
is "$(flags b)" 0c 'want up kept (as s6)'

# HUP while up: exit once the service goes down by itself, and stdin/stdout
# become /dev/null.
mksv c 'echo $$ > pid ; exec sleep 1000'
listen c
start c
wait_for 50 test -s "$T/c/pid"
p=$(cat "$T/c/pid")
kill -HUP "$s_sup"
ok 'HUP: stdin becomes /dev/null' wait_for 50 test "/proc/$s_sup/fd/0" -ef /dev/null
ok 'HUP: stdout becomes /dev/null' wait_for 50 test "/proc/$s_sup/fd/1" -ef /dev/null
ok 'HUP: the service keeps running' alive "$p"
ok 'and so does tend-supervise' alive "$s_sup"
kill "$p"
ok 'the service dies: D then x' evis c sudDx
wait "$s_sup" ; is "$?" 0 'exit code 0'

# The x command does the same as HUP.
: > "$T/c.ev"
start c
wait_for 50 isup c
p=$(svpid c)
s6-svc -x "$T/c"
ok 'x: stdin becomes /dev/null' wait_for 50 test "/proc/$s_sup/fd/0" -ef /dev/null
ok 'x: the service keeps running' alive "$p"
kill "$p"
ok 'x: exit once it dies' evis c sudDx
wait "$s_sup" ; is "$?" 0 'exit code 0'

# QUIT: exit now, leave the service running, status as is.
mksv d 'echo $$ > pid ; exec sleep 1000'
listen d
start d
wait_for 50 test -s "$T/d/pid"
p=$(cat "$T/d/pid")
kill -QUIT "$s_sup"
ok 'QUIT: event x' evis d sux
wait "$s_sup" ; is "$?" 0 'exit code 0'
ok 'QUIT: the service is left running' alive "$p"
is "$(od -An -tu8 --endian=big -j24 -N8 "$T/d/supervise/status" | tr -d ' ')" "$p" 'status keeps its pid'
kill "$p"

# INT: SIGINT to the service's process group, then exit.
mksv e 'echo $$ > pid ; sh -c "echo \$\$ > child ; exec sleep 1000"'
listen e
start e
wait_for 50 test -s "$T/e/child"
p=$(cat "$T/e/pid") c=$(cat "$T/e/child")
kill -INT "$s_sup"
ok 'INT: event x' evis e sux
ok 'INT: run got SIGINT' wait_for 50 gone "$p"
ok 'INT: and the rest of its process group too' wait_for 50 gone "$c"

# INT while down: exit, signal nobody (no pid: nothing to signal).
mksv g
: > "$T/g/down"
listen g
start g
evis g s
kill -INT "$s_sup"
ok 'INT while down: event x' evis g sx
wait "$s_sup" ; is "$?" 0 'exit code 0, and this shell (same process group) still alive'

# INT with nosetsid: run shares our process group; only run gets SIGINT
# (signalling the group would also hit tend-supervise's parent: this test).
mksv f 'echo $$ > pid ; exec sleep 1000'
: > "$T/f/nosetsid"
start f
wait_for 50 test -s "$T/f/pid"
p=$(cat "$T/f/pid")
kill -INT "$s_sup"
ok 'INT, nosetsid: run got SIGINT' wait_for 50 gone "$p"
wait "$s_sup" ; is "$?" 0 'and tend-supervise exited 0, this shell still alive'
finish
