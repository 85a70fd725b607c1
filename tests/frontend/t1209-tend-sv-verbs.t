#!/bin/sh
# runit's sv verbs: up, down, and the signal verbs (hup, 1, 2, term,
# interrupt, quit, alarm, pause, cont) mean tend start, stop and signal.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 17

catcher='exec python3 -c "
import signal
def h(n, f):
    open(\"sigs\", \"a\").write(signal.Signals(n).name + \"\\n\")
for s in (signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM):
    signal.signal(s, h)
open(\"armed\", \"w\").close()
while True:
    signal.pause()
"'
mksv web "$catcher"
mksv idle ; touch "$S/idle/down"
start_svscan
ok 'the tree is up' wait_for 50 supervised web idle
ok 'web catches signals' wait_for 100 test -e "$S/web/armed"

xits 0 'tend up: start' tend up idle
ok 'it says up' grep -qx "idle: up (pid $(field idle 3))" "$T/o"
xits 0 'tend down: stop' tend down idle
ok 'it says down' grep -qx 'idle: down (SIGTERM)' "$T/o"

for v in hup:HUP 1:USR1 2:USR2 alarm:ALRM ; do
  xits 0 "tend ${v%:*}: signal ${v#*:}" tend "${v%:*}" web
  ok "the service got SIG${v#*:}" wait_for 50 grep -qx "SIG${v#*:}" "$S/web/sigs"
done
old=$(field web 3)
xits 0 'tend term: signal TERM' tend term web
ok 'it says so' grep -qx "web: sent SIGTERM to pid $old" "$T/o"
ok 'the service was restarted' wait_for 50 sh -c "test \"\$(tend status web | awk 'NR == 2 { print \$3 }')\" != '$old'"
finish
