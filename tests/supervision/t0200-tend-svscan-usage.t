#!/bin/sh
# tend-svscan: options, exit codes, the .s6-svscan control directory, -d.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 20

exits 100 'unknown option: 100' tend-svscan -Z "$S"
exits 100 '-c not a number: 100' tend-svscan -c x "$S"
exits 100 '-t not a number: 100' tend-svscan -t 1s "$S"
exits 100 '-T not a number: 100' tend-svscan -T -1 "$S"
exits 100 '-d 1: 100' tend-svscan -d 1 "$S"
cp "$T/err" "$T/said"
ok 'it says why' grep -q 'notification fd must be 3 or more' "$T/said"
exits 100 '-d on a closed fd: 100' tend-svscan -d 9 "$S"
exits 100 '-X 2: 100' tend-svscan -X 2 "$S"
ok 'nothing created on a usage error' test ! -e "$S/.s6-svscan"
exits 111 'missing scan directory: 111' tend-svscan "$T/nonexistent"

mkdir -m 755 "$S/.s6-svscan"
echo keep > "$S/.s6-svscan/mine"
start_svscan
ok '-d: a newline once the control fifo is ready' test "$(od -An -c "$T/notif" | tr -d ' ')" = '\n'
ok 'control is a fifo, mode 0600' test "$(stat -c %F:%a "$S/.s6-svscan/control")" = 'fifo:600'
ok 'lock is a file, mode 0600' test "$(stat -c %F:%a "$S/.s6-svscan/lock")" = 'regular empty file:600'
ok 'an existing .s6-svscan is kept (mode, content)' test "$(stat -c %a "$S/.s6-svscan"):$(cat "$S/.s6-svscan/mine")" = '755:keep'
exits 100 'second instance on the same directory: 100' tend-svscan "$S"
cp "$T/err" "$T/said"
ok 'it says why' grep -q 'another instance' "$T/said"
ok 'tend-svscanctl/s6-svscanctl see a listener' s6-svscanctl -a "$S"
ctl q ; svscan_exit
is "$rc" 0 'q without a finish script: exit 0'

rm -rf "$S/.s6-svscan"
start_svscan
ok 'a missing .s6-svscan is created 0700' test "$(stat -c %a "$S/.s6-svscan")" = 700
kill -TERM "$svscan" ; svscan_exit
is "$rc" 0 'SIGTERM without a finish script: exit 0'
finish
