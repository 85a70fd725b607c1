#!/bin/sh
# tend over Debian's s6 2.11 (s6-svscan, s6-supervise, s6-log): the same
# files, so the same answers; loggers included.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 10

if ! command -v s6-svscan >/dev/null || ! command -v s6-log >/dev/null ; then
  for i in 1 2 3 4 5 6 7 8 9 10 ; do skip 's6 is not installed' ; done ; finish
fi
mkfifo "$T/go"
# the first instance is ready when the test says so, the next ones at once
mksv web "echo hello from web ; test -e ran || { touch ran ; read x < $T/go ; } ; echo >&3 ; exec sleep 1000" ; echo 3 > "$S/web/notification-fd"
mksv web/log 'exec s6-log t ./main'
mksv db ; touch "$S/db/down"
bg s6-svscan "$S" 2>"$T/svscan.err" ; svscan=$!
ok 's6-svscan runs the tree' wait_for 50 supervised web web/log db
ok 'tend sees s6-svscan' wait_for 50 tend status
is "$(tend status | awk 'NR > 1 { print $1, $2, $5, $7, $9 }' | tr '\n' ' ')" "db down - down stdout web up no up $S/web/log/main web/log up - up $S/web/log/main " 'status: states, readiness, log targets'
xits 1 'health: web is not ready' tend health
echo > "$T/go"
ok 'health turns 0 once it notifies (s6-supervise)' wait_for 50 tend health
ok 'logs: the line went through s6-log' wait_for 50 sh -c "tend logs web | grep -q 'hello from web\$'"
xits 0 'restart waits for readiness' tend restart web
ok 'restart under s6-supervise: up and ready' sh -c "grep -q '^web: up (pid [0-9]*), ready\$' '$T/o'"
tend tree > "$T/tree"
ok 'tree: s6-svscan, then s6-supervise for the logger' sh -c "head -n 1 '$T/tree' | grep -q '^$svscan s6-svscan ' && grep -Eq '^[|\`]-- [0-9]+ s6-supervise web/log\$' '$T/tree'"
xits 0 'stop under s6-supervise' tend stop db
finish
