#!/bin/sh
# tend-supervise: nosetsid (run stays in the supervisor's process group)
# and lock-fd (run holds a lock on supervise/service-lock; a new instance
# waits until every process of the old one has let it go).
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 12

ids () { set -- $(ps -o sid= -o pgid= -p "$1") ; echo "$1 $2" ; }

mksv a 'echo $$ > pid ; exec sleep 1000'
: > "$T/a/nosetsid"
start a
wait_for 50 test -s "$T/a/pid"
is "$(ids "$(cat "$T/a/pid")")" "$(ids "$s_sup")" 'nosetsid: run shares the session and group of tend-supervise'
rm "$T/a/nosetsid"
s6-svc -r "$T/a"
wait_for 50 sh -c "test \"\$(cat '$T/a/pid')\" != '$(cat "$T/a/pid")'"
p=$(cat "$T/a/pid")
is "$(ids "$p")" "$p $p" 'without nosetsid: its own session and group'
kill "$s_sup" ; wait_for 50 gone "$s_sup"

# lock-fd
mksv b 'echo $$ > pid ; readlink /proc/$$/fd/7 > lockfd ; exec sleep 1000'
echo 7 > "$T/b/lock-fd"
start b
ok 'lock-fd: run started' wait_for 50 test -s "$T/b/lockfd"
is "$(cat "$T/b/lockfd")" "$T/b/supervise/service-lock" 'fd 7 is supervise/service-lock'
is "$(mode "$T/b/supervise/service-lock")" '-rw-r--r--' 'service-lock created, 0644'
locked () { python3 -c 'import fcntl,sys
f=open(sys.argv[1],"r+")
try:
  fcntl.lockf(f, fcntl.LOCK_EX|fcntl.LOCK_NB)
except OSError:
  sys.exit(0)
sys.exit(1)' "$1" ; }
if command -v python3 >/dev/null 2>&1 ; then
  ok 'and it is write-locked' locked "$T/b/supervise/service-lock"
else
  skip 'no python3 to test the lock'
fi

# A straggler of the previous instance holds the lock for 1.5 s: the next
# start waits for it, with a warning, instead of running beside it.
mksv c 'echo $(( $(date +%s%N) / 1000000 )) >> starts ; test -e once && exec sleep 1000 ; touch once ; sleep 1.5 & exit 1'
echo 7 > "$T/c/lock-fd"
start c
lines () { test "$(wc -l < "$1")" -ge "$2" ; }
ok 'restarted once the straggler is gone' wait_for 60 lines "$T/c/starts" 2
g=$(awk 'NR == 2 { print $1 - p } { p = $1 }' "$T/c/starts")
ok "not before (${g} ms after the first start)" test "$g" -ge 1450
cp "$T/c.err" "$T/err"
said 'with a warning' 'still holds supervise/service-lock'

# notification-fd equal to lock-fd: not started, warning.
mksv d 'echo $$ > pid ; exec sleep 1000'
echo 5 > "$T/d/lock-fd" ; echo 5 > "$T/d/notification-fd"
start d
ok 'notification-fd = lock-fd: a warning' wait_for 50 grep -q 'notification-fd and lock-fd are the same' "$T/d.err"
ok 'and no start' test ! -e "$T/d/pid"
rm "$T/d/notification-fd"
s6-svc -u "$T/d"
ok 'fixed, u starts it at once' wait_for 10 test -s "$T/d/pid"
finish
