#!/bin/sh
# The main job: tools/overlay/demo.sh builds the overlay tarball and boots
# examples/demo as a container (runc). Where this machine cannot run
# containers (not root, no runc), the supervision demo below: build tend,
# run a small supervision tree under tend-svscan, show it with tend-svstat,
# crash a service and watch it come back, then stop the tree and wait for it.
set -eu
cd "$(dirname "$0")/.."
rc=0 ; ./tools/overlay/demo.sh || rc=$?
test "$rc" -eq 100 || exit "$rc"
echo "demo: no containers on this machine: the supervision demo instead" 1>&2
./tools/deps.sh build
test -f config.mak || ./configure >/dev/null
make -j2 >/dev/null
bin=$(pwd)
PATH=$bin:$PATH

scan=$(mktemp -d /tmp/tend-demo.XXXXXX)
svscan=
cleanup () {
  test -n "$svscan" && kill -9 "$svscan" 2>/dev/null
  rm -rf "$scan"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

step () { printf '\n\033[1m== %s\033[0m\n' "$*" ; }

# clock: a plain long-running service.
mkdir -p "$scan/clock"
cat > "$scan/clock/run" <<'EOR'
#!/bin/sh
exec 2>&1
while : ; do date '+clock: %T' ; sleep 2 ; done
EOR
# web: busybox-free stand-in for a daemon that says when it is ready
# (notification-fd), and takes a moment to shut down cleanly.
mkdir -p "$scan/web"
echo 3 > "$scan/web/notification-fd"
cat > "$scan/web/run" <<'EOR'
#!/bin/sh
exec 2>&1
trap 'echo "web: SIGTERM, closing connections" ; sleep 0.5 ; echo "web: bye" ; exit 0' TERM
echo "web: starting (pid $$)"
sleep 0.3
echo "web: ready" ; echo >&3 ; exec 3>&-
while : ; do sleep 1 & wait $! ; done
EOR
# web/log: its logger reads web's stdout through the pipe tend-svscan holds.
mkdir -p "$scan/web/log"
cat > "$scan/web/log/run" <<'EOR'
#!/bin/sh
exec sed -u 's/^/[web log] /'
EOR
# flaky: dies after a second; restarted by its supervisor.
mkdir -p "$scan/flaky"
cat > "$scan/flaky/run" <<'EOR'
#!/bin/sh
echo "flaky: up, will crash in 1 s" 1>&2
sleep 1
exit 3
EOR
cat > "$scan/flaky/finish" <<'EOR'
#!/bin/sh
echo "flaky: finish called with exit code $1, signal $2" 1>&2
EOR
# tend-svscan execs .s6-svscan/finish once every service is down.
mkdir -p "$scan/.s6-svscan"
cat > "$scan/.s6-svscan/finish" <<'EOR'
#!/bin/sh
echo "finish: every service is down; tend-svscan became .s6-svscan/finish (pid $$)"
EOR
chmod 755 "$scan"/*/run "$scan"/*/finish "$scan"/web/log/run "$scan/.s6-svscan/finish"
touch "$scan/flaky/down"   # normally down: we start it by hand

step "tend-svscan $scan"
tend-svscan "$scan" &
svscan=$!
echo "tend-svscan: pid $svscan"
# The supervisors appear as tend-svscan spawns them: a bounded wait.
for s in clock web web/log flaky ; do
  n=50 ; until tend-svok "$scan/$s" ; do n=$((n - 1)) ; test $n -gt 0 || exit 1 ; sleep 0.1 ; done
done
tend-svwait -t 5000 -u "$scan/clock" "$scan/web/log"
tend-svwait -t 5000 -U "$scan/web"
for s in clock web web/log flaky ; do
  printf '%-8s %s\n' "$s" "$(tend-svstat "$scan/$s")"
done

step "tend-svc -o flaky   (run once; it crashes, finish reports it)"
tend-svc -wu -T 5000 -o "$scan/flaky"
printf '%-8s %s\n' flaky "$(tend-svstat "$scan/flaky")"
tend-svwait -t 5000 -D "$scan/flaky"
printf '%-8s %s\n' flaky "$(tend-svstat "$scan/flaky")"

step "kill -9 the web service; its supervisor restarts it"
pid=$(tend-svstat -o pid "$scan/web")
kill -9 "$pid"
tend-svwait -t 5000 -r "$scan/web"
printf '%-8s %s   (was pid %s)\n' web "$(tend-svstat "$scan/web")" "$pid"

step "tend-svscanctl -t: every service brought down and waited for"
tend-svscanctl -t "$scan"
rc=0 ; wait "$svscan" || rc=$?
svscan=
echo "tend-svscan exited $rc"
