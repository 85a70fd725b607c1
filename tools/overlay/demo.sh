#!/bin/sh
# The container demo: builds the overlay tarball, boots examples/demo (a
# syslog daemon restarted when it dies, a web server whose death stops the
# container) over a busybox-static root with tools/container (runc), shows
# the process tree and the logs, then stops it with SIGTERM; a second run
# shows the essential service stopping the container.
# Exit 100 when this machine cannot run it (not root, no runc); the
# caller then falls back to the plain supervision demo.
set -eu
cd "$(dirname "$0")/../.."
TOP=$(pwd)
test "$(id -u)" = 0 || { echo "demo: the container demo needs root" 1>&2 ; exit 100 ; }
if ! command -v runc >/dev/null ; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends runc >/dev/null 2>&1 \
    || { echo "demo: runc is missing and cannot be installed" 1>&2 ; exit 100 ; }
fi

step () { printf '\n\033[1m== %s\033[0m\n' "$*" ; }
W=$TOP/build/demo
mkdir -p "$W"
export CONTAINER_ROOT="$W/containers"
ct () { "$TOP/tools/container" "$@" ; }
cleanup () { ct prune >/dev/null 2>&1 || true ; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

step "make overlay"
make -s overlay
tarball=$TOP/dist/tend-overlay-x86_64.tar.xz
ls -l "$tarball"

step "a busybox-static root, the demo's /etc on top (examples/demo)"
./tools/mkrootfs "$W/rootfs" >/dev/null 2>&1
tar -C examples/demo -cf "$W/demo.tar" etc
(cd examples/demo && find etc -type f | sort)

step "container start ... /init   (no CMD: it runs until stopped)"
id=$(ct start --add "$tarball" --add "$W/demo.tar" -e GREETING=hello "$W/rootfs" -- /init)
echo "container $id"
ct wait-log --timeout 10 "$id" 'serving' >/dev/null
ct exec "$id" sh -c 'for i in $(seq 50) ; do tend-svwait -u -t 100 /run/tend/service/syslogd /run/tend/service/web 2>/dev/null && exit 0 ; done ; exit 1'

step "the process tree: tend-svscan is process 1"
ct exec "$id" ps -o pid,ppid,args
ct exec "$id" sh -c 'cd /run/tend/service && for s in * ; do printf "%-8s %s\n" "$s" "$(tend-svstat "$s")" ; done'

step "wget http://127.0.0.1:8080/ and logger, inside the container"
ct exec "$id" wget -qO- http://127.0.0.1:8080/
ct exec "$id" logger -t demo "a message for syslogd"
ct wait-log --timeout 5 "$id" 'a message for syslogd' >/dev/null

step "kill -9 syslogd: its supervisor restarts it"
pid=$(ct exec "$id" tend-svstat -o pid /run/tend/service/syslogd)
ct exec "$id" kill -9 "$pid"
ct exec "$id" sh -c 'cd /run/tend/service && for i in $(seq 50) ; do test "$(tend-svstat -o up,pid syslogd)" != "true '"$pid"'" && test "$(tend-svstat -o up syslogd)" = true && exit 0 ; sleep 0.1 ; done ; exit 1'
echo "syslogd: was pid $pid, now $(ct exec "$id" tend-svstat /run/tend/service/syslogd)"

step "the container's output so far (each service's logger prefixes its lines)"
ct logs "$id" 2>&1

step "docker stop: SIGTERM to process 1"
s=$(date +%s%3N)
ct stop -t 10 "$id" >/dev/null
echo "stopped in $(( $(date +%s%3N) - s )) ms, exit code $(ct wait "$id")"
ct logs "$id" 2>&1 | tail -n 4

step "again, with a CMD; then the essential web server dies (kill -9)"
id=$(ct start --add "$tarball" --add "$W/demo.tar" "$W/rootfs" -- /init sh -c 'echo "CMD: sleeping" ; exec sleep 1000')
ct wait-log --timeout 10 "$id" 'serving' >/dev/null
ct exec "$id" sh -c 'for i in $(seq 50) ; do tend-svwait -u -t 100 /run/tend/service/web 2>/dev/null && exit 0 ; done ; exit 1'
ct exec "$id" kill -9 "$(ct exec "$id" tend-svstat -o pid /run/tend/service/web)"
echo "container exit code: $(ct wait "$id")   (128 + 9: the web server's death)"
ct logs "$id" 2>&1 | grep -v '^\[syslogd\]' | tail -n 5
