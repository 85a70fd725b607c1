#!/bin/sh
# tend-svscan driving Debian's real s6-supervise (a copy of tend-svscan
# next to a tend-supervise symlink to it), driven by s6-svscanctl.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 7
if ! test -x /usr/bin/s6-supervise ; then
  for i in 1 2 3 4 5 6 7 ; do skip 'needs s6' ; done
  finish
fi
mkdir "$T/bin"
cp "$(command -v tend-svscan)" "$T/bin/tend-svscan"
ln -s /usr/bin/s6-supervise "$T/bin/tend-supervise"
mksv p 'echo hello
trap '\''kill $! ; echo bye ; exit 0'\'' TERM
sleep 1000 & wait'
mksv p/log 'exec cat >> out'
rm -f "$T/notif"
bg "$T/bin/tend-svscan" -d 3 "$S" 2>"$T/svscan.err" 3>"$T/notif"
svscan=$!
wait_for 50 test -s "$T/notif"
ok 's6-supervise runs the service' wait_for 50 up p
ok 's6-svstat: up' wait_for 50 sh -c "s6-svstat '$S/p' | grep -q '^up '"
ok 'the logger gets its output' wait_for 50 grep -qx hello "$S/p/log/out"
ok 's6-svscanctl -a is accepted' s6-svscanctl -a "$S"
ok 's6-svscanctl -t' s6-svscanctl -t "$S"
svscan_exit
is "$rc" 0 'svscan exits 0 once everything is down'
ok 'the last line reached the logger' grep -qx bye "$S/p/log/out"
finish
