#!/bin/sh
# tend tree: svscan, its supervisors, their services and loggers, with pids.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 11

mksv web
mksv db ; touch "$S/db/down"
xits 1 'no svscan: 1' tend tree
ok 'it says so' grep -q "no svscan is running on $S" "$T/e"
start_svscan
ok 'the tree is up' wait_for 50 supervised web db
wait_for 50 test -s "$S/web/pid"

# suppid NAME: the supervisor's pid, a child of svscan
suppid () {
  for c in $(cat /proc/"$svscan"/task/*/children 2>/dev/null) ; do
    test "$(tr '\0' ' ' < /proc/"$c"/cmdline 2>/dev/null)" = "tend-supervise $1 " && { echo "$c" ; return 0 ; }
  done
  return 1
}
mksv late  # not scanned: no supervisor
xits 0 'tree: 0' tend tree
is "$(head -n 1 "$T/o")" "$svscan tend-svscan -d 3 $S" 'first line: svscan, its pid and command line'
# Lines: "|-- PID cmd", or "`-- PID cmd" for the last child; below a
# child, "|   " or "    " first. node FILE ERE: a child of svscan.
# under FILE PARENT CHILD: CHILD is the first child of PARENT.
B='`'
node () { grep -Eqx "[|$B]-- $2" "$1" ; }
under () { grep -A1 -Ex "[|$B]-- $2" "$1" | tail -n 1 | grep -Eqx "[| ]   $B-- $3" ; }
both () { node "$T/o" "$(suppid db) tend-supervise db" && node "$T/o" "$(suppid web) tend-supervise web" ; }
ok 'each supervisor under svscan, with its pid' both
ok 'the service under its supervisor, with its pid' under "$T/o" "[0-9]+ tend-supervise web" "$(svpid web) sleep 1000"
ok 'a service that is down: a supervisor alone' sh -c "! grep -A1 -E 'tend-supervise db\$' '$T/o' | tail -n 1 | grep -q '^[| ]   '"
ok 'a directory with no supervisor is listed apart' grep -qx '(not supervised: late)' "$T/o"

# a logged service: the logger's supervisor and the logger
mksv app
mksv app/log 'exec cat > /dev/null'
printf 'a' > "$S/.s6-svscan/control"
wait_for 50 supervised app app/log
wait_for 50 test -s "$S/app/log/pid"
tend tree > "$T/tree" 2>&1
ok 'the logger and its supervisor' under "$T/tree" "$(suppid app/log) tend-supervise app/log" "$(svpid app/log) cat"
xits 100 'tree takes no names' tend tree web
finish
