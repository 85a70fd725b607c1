#!/bin/sh
# tend-log signals: TERM and HUP flush and exit 0, -p ignores TERM, EOF.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 7
mkfifo "$T/f" ; exec 3<>"$T/f"
bgin tend-log "$T/d" ; p=$!
echo one >&3 ; ok 'line written' wait_for 50 grep -q one "$T/d/current"
kill -TERM $p ; wait $p ; is $? 0 'SIGTERM: exit 0'
is "$(stat -c %a "$T/d/current")" 744 'current finalized'
bgin tend-log -p "$T/d" ; p=$!
echo two >&3 ; wait_for 50 grep -q two "$T/d/current"
kill -TERM $p ; sleep 0.3 ; ok '-p: SIGTERM ignored' alive $p
kill -HUP $p ; wait $p ; is $? 0 'SIGHUP: exit 0 even with -p (as s6-log 2.11)'
echo three >&3 ; exec 3>&-
printf 'four\n' | tend-log "$T/d" ; is $? 0 'EOF: exit 0'
is "$(cat "$T/d/current")" "$(printf 'one\ntwo\nfour\n')" 'every line once; the unread line stays for the next reader'
finish
