# shellcheck shell=bash
# Baseline: helpers/floor.c, the least a supervision tree can do (lifecycle
# test only). This driver: "layout", one minimal static supervisor per
# service that makes the files s6 2.11 makes (the floor of an s6-compatible
# tree); floor-sup.sh: the same without the files; floor-direct.sh: no
# supervisors, the scanner forks and execs the services itself.
IMPL_FLOOR_MODE=${FLOOR_MODE:-layout}
IMPL_NAME="floor ($IMPL_FLOOR_MODE)"
IMPL_CAPS="scan"
IMPL_SCANNER_COMMS="floor"
IMPL_SUPERVISOR_COMMS="floor"
impl_version() { echo "bench helper"; }
floorbin() { echo "$BENCH_TMP/floor"; }
# static with musl when musl-gcc is there, as tend's release build
impl_available() {
    local cc=gcc
    command -v musl-gcc >/dev/null && cc=musl-gcc
    [ -x "$(floorbin)" ] || "$cc" -O2 -static -Wall -o "$(floorbin)" "$BENCH_ROOT/helpers/floor.c"
}
make_service() { mkdir -p "$1/$2" && bench_write_run "$1/$2/run" "$3"; }
start_scan() { "$(floorbin)" "${IMPLV[$CUR_IMPL.FLOOR_MODE]}" "$1" </dev/null & }
stop_scan() { kill -TERM "$2"; wait "$2"; }
binaries() { floorbin; }
