#!/bin/sh
# tend health: 0 when every service wanted up is up (and ready where it
# notifies), 1 with the reasons on stderr otherwise.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 24

mkfifo "$T/go1" "$T/go2"
mksv web
mksv app1 "read x < $T/go1 ; echo >&3 ; exec sleep 1000" ; echo 3 > "$S/app1/notification-fd"
mksv app2 "read x < $T/go2 ; echo >&3 ; exec sleep 1000" ; echo 3 > "$S/app2/notification-fd"
mksv off ; touch "$S/off/down"
start_svscan
ok 'the tree is up' wait_for 50 supervised web app1 app2 off
wait_for 50 isup web app1 app2

xits 1 'two services not ready yet: 1' tend health
ok 'stderr names each, and why' sh -c "grep -q 'unhealthy: app1: up for [0-9]*s but not ready' '$T/e' && grep -q 'unhealthy: app2: up for [0-9]*s but not ready' '$T/e'"
ok 'and not the healthy ones' sh -c "! grep -q -e web -e off '$T/e'"
ok 'nothing on stdout' test ! -s "$T/o"
xits 0 'health of the healthy ones only: 0' tend health web off
echo > "$T/go1"
ok 'app1 ready: app1 alone is healthy' wait_for 50 tend health app1
xits 1 'the whole still is not' tend health
ok 'because of app2 only' sh -c "! grep -q app1 '$T/e' && grep -q app2 '$T/e'"
echo > "$T/go2"
ok 'every service ready: health turns 0' wait_for 50 tend health
xits 0 'and stays 0' tend health
ok 'quietly' test ! -s "$T/o" -a ! -s "$T/e"

tend stop web >/dev/null
xits 0 'a service stopped on purpose is not wanted up: still healthy' tend health
# a service wanted up that died: its finish script holds it down as long
# as the test needs (timeout-finish bounds it)
mkfifo "$T/fin"
mksv crash 'exit 7'
printf '#!/bin/sh
read x < %s
' "$T/fin" > "$S/crash/finish" ; chmod 755 "$S/crash/finish"
echo 4000 > "$S/crash/timeout-finish"
printf 'a' > "$S/.s6-svscan/control"
ok 'a service that died: unhealthy' wait_for 50 sh -c "tend health crash 2>&1 | grep -q 'last exit 7'"
xits 1 'crash: 1' tend health crash
ok 'wanted up but finishing, with its last exit' grep -q 'unhealthy: crash: wanted up but finishing for [0-9]*s (last exit 7)' "$T/e"
echo > "$T/fin"
xits 1 'health of an unknown name: 1, with the known names' tend health nope

# A supervisor that has locked its directory but not written its status
# yet (a container's first moments): it will want the service up unless
# there is a down file, so the service is not healthy yet.
S2=$T/s2
mkdir -p "$S2/.s6-svscan" "$S2/fresh/supervise" "$S2/off/supervise"
touch "$S2/off/down"
mkfifo "$T/held"
bg python3 -c '
import fcntl, signal, sys
fs = [open(p, "a") for p in sys.argv[2:]]
for f in fs: fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
open(sys.argv[1], "w").write("locked\n")
signal.pause()' "$T/held" "$S2/.s6-svscan/lock" "$S2/fresh/supervise/lock" "$S2/off/supervise/lock"
read -r x < "$T/held"
xits 1 'supervised, no status yet: unhealthy' tend -s "$S2" health fresh
ok 'wanted up but down' grep -q 'unhealthy: fresh: wanted up but down' "$T/e"
xits 0 'with a down file: healthy' tend -s "$S2" health off
tend -s "$S2" status fresh off > "$T/o" 2>&1
ok 'tend status: WANT up, and down for the one with a down file' sh -c "grep -Eq '^fresh +down .* up +up ' '$T/o' && grep -Eq '^off +down .* down +down ' '$T/o'"

# The overlay's marker: stage 2 has not put its services under supervision
# yet, so even a healthy-looking tree is not healthy.
touch "$S2/.tend-starting"
xits 1 'the container is starting: unhealthy' tend -s "$S2" health off
ok 'and says so' grep -q 'unhealthy: the container is starting' "$T/e"
rm "$S2/.tend-starting"
xits 0 'marker gone: healthy again' tend -s "$S2" health off
finish
