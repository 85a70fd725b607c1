#!/bin/sh
# tend-svscan: the pipe between a service and its logger is created once
# and held by svscan: restarts of the service, the logger and both
# supervisors lose no line.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 11

mksv p 'seq 100 | sed "s/^/line /"
exec sleep 1000'
mksv p/log 'exec cat >> out'
lines () { test "$(wc -l < "$S/p/log/out" 2>/dev/null | tr -d ' ')" = "$1" ; }
comm_is () { test "$(cat /proc/"$1"/comm 2>/dev/null)" = "$2" ; }
# written: the producer pid $1 is past its 100 lines (it exec'ed sleep)
written () { comm_is "$1" sleep ; }
start_svscan

ok 'the logger gets the first 100 lines' wait_for 50 lines 100
# Spawning a logged pair moves pipe ends through a scratch descriptor:
# that must never cost svscan its lock (closing a copy of the lock file's
# descriptor would drop the fcntl lock).
exits 100 'svscan still holds .s6-svscan/lock: a second one is refused' timeout 5 tend-svscan "$S"
ok 'so does the tend front end' tend -s "$S" status p
s6-svc -d "$S/p/log"
ok 'logger down' wait_for 50 down p/log

old=$(svpid p) ; s6-svc -t "$S/p"
newp () { p=$(svpid p) && test "$p" != "$old" && written "$p" ; }
ok 'service restarted, wrote 100 more lines into the pipe' wait_for 50 newp

old=$(svpid p) ; sup=$(suppid p)
kill -9 "$sup" ; kill -9 "$old"
newsup () { s=$(suppid p) && test "$s" != "$sup" ; }
ok "the service's supervisor, killed, is back" wait_for 50 newsup
ok 'its run wrote 100 more lines' wait_for 50 newp

sup=$(suppid p/log) ; kill -9 "$sup"
newlog () { s=$(suppid p/log) && test "$s" != "$sup" ; }
ok "the logger's supervisor, killed, is back" wait_for 50 newlog
ok 'the new logger drains the pipe: 300 lines' wait_for 50 lines 300
ok 'each line exactly three times' test -z "$(sort "$S/p/log/out" | uniq -c | awk '$1 != 3')"
kill -TERM "$svscan" ; svscan_exit
is "$rc" 0 'SIGTERM: svscan exits 0'
finish
