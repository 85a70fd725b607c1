#!/bin/sh
# tend-supervise: every command byte of supervise/control (s6-svc 2.11's
# -abqhkti12pcyroduDUxOQ), several per write, unknown bytes ignored.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 27

# run logs every signal it catches and goes on.
body='echo $$ > pid'
for s in ALRM ABRT QUIT HUP TERM INT USR1 USR2 WINCH ; do
  body="$body ; trap 'echo $s >> sigs ; test -e die && exit 0' $s"
done
mksv a "$body ; while : ; do sleep 0.05 ; done"
listen a
start a
wait_for 50 test -s "$T/a/pid"
p=$(cat "$T/a/pid")
lastsig () { test "$(tail -n 1 "$T/a/sigs" 2>/dev/null)" = "$1" ; }
for c in a:ALRM b:ABRT q:QUIT h:HUP t:TERM i:INT 1:USR1 2:USR2 y:WINCH ; do
  s6-svc "-${c%%:*}" "$T/a"
  ok "-${c%%:*} sends SIG${c#*:} to run" wait_for 50 lastsig "${c#*:}"
done
is "$(cat "$T/a/pid")" "$p" 'run survived them all (same pid)'
ok 'no event for signal commands' evis a su

s6-svc -p "$T/a"
ok 'p: run stopped' wait_for 50 stopped "$p"
is "$(flags a)" 05 'p: paused flag set'
s6-svc -c "$T/a"
ok 'c: run continues' wait_for 50 running "$p"
is "$(flags a)" 04 'c: paused flag cleared'

# Unknown bytes (and NULs) change nothing.
cp "$T/a/supervise/status" "$T/status.before"
printf 'zZw?\n\000\377sS-+' > "$T/a/supervise/control"
s6-svc -a "$T/a"   # a known byte after them, to know they were read
wait_for 50 lastsig ALRM
ok 'unknown bytes ignored: status unchanged' cmp "$T/status.before" "$T/a/supervise/status"
ok 'unknown bytes ignored: no event' evis a su

# Several commands in one write, executed in order. From now on run
# exits on its signals.
touch "$T/a/die"
printf du > "$T/a/supervise/control"
ok '"du" in one write: down then up again' evis a sudDu
is "$(s6-svstat -o wantedup "$T/a")" true 'want up'
wait_for 50 newpid a "$p"

s6-svc -o "$T/a"
wait_for 50 flagsare a 00
is "$(s6-svstat -o up,wantedup "$T/a")" 'true false' 'o while up: keeps running, want down'
s6-svc -k "$T/a"
ok 'k: SIGKILL, then down (o: not restarted)' evis a sudDudD
is "$(s6-svstat -o signal "$T/a")" SIGKILL 'died of SIGKILL'
s6-svc -k "$T/a" ; s6-svc -t "$T/a" ; s6-svc -p "$T/a"
ok 'signal commands while down: nothing happens' evis a sudDudD

s6-svc -o "$T/a"
ok 'o while down: runs once' evis a sudDudDu
is "$(s6-svstat -o wantedup "$T/a")" false 'o: want down'

# x then d in one write (s6-svc -xd): down, then exit.
printf xd > "$T/a/supervise/control"
ok '"xd": down, then exit' evis a sudDudDudDx
wait "$s_sup" ; is "$?" 0 'exit code 0'
finish
