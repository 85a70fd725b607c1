# shellcheck shell=bash
# Driver: runit (runsvdir / runsv / sv / svlogd / chpst).
# Binaries from $RUNIT_BINDIR if set, else PATH.
IMPL_NAME="runit"
IMPL_CAPS="scan log pid1 setuidgid"
IMPL_SCANNER_COMMS="runsvdir"
IMPL_SUPERVISOR_COMMS="runsv"
IMPL_LOGGER_COMMS="svlogd"

rb() { if [ -n "${RUNIT_BINDIR:-}" ]; then echo "$RUNIT_BINDIR/$1"; else command -v "$1"; fi; }

impl_available() { [ -x "$(rb runsvdir)" ]; }
impl_version() { echo "runit $(dpkg-query -W -f='${Version}' runit 2>/dev/null)"; }

make_service() { mkdir -p "$1/$2" && bench_write_run "$1/$2/run" "$3"; }
add_logger() { mkdir -p "$1/$2/log" && bench_write_sh "$1/$2/log/run" "exec $(log_cmd "$3")"; }
log_variants() { echo "tt"; }
# svlogd reads size/count from LOGDIR/config
log_cmd() { printf 's1000000\nn%s\n' "${3:-20}" >"$1/config"; echo "$(rb svlogd) -${2:-tt} $1"; }

# runsv must be in runsvdir's PATH
start_scan() { PATH="$(dirname "$(rb runsv)"):$PATH" $BENCH_WRAP "$(rb runsvdir)" -P "$1" </dev/null & }
wait_up() {
    local i
    for ((i = 0; i < 1000; i++)); do "$(rb sv)" -w 10 check "$1/$2" >/dev/null 2>&1 && return 0; sleep 0.01; done
    return 1
}
svc_down() { $BENCH_WRAP "$(rb sv)" -w 10 -v down "$1/$2" >/dev/null; }
svc_up() { $BENCH_WRAP "$(rb sv)" -w 10 -v up "$1/$2" >/dev/null; }
svc_restart() { "$(rb sv)" -w 10 restart "$1/$2" >/dev/null; }
# runsvdir(8): HUP = send TERM to every runsv (each stops its service) and exit
stop_scan() { kill -HUP "$2"; wait "$2"; }
supervise_cmd() { echo "$(rb runsv) $1"; }
supervise_exit() { "$(rb sv)" exit "$1" >/dev/null; }
pid1_cmd() { echo "$(rb runsvdir) -P $1"; }
setuidgid_cmd() { echo "$(rb chpst) -u $1"; }
# the supervision core
binaries() { local b; for b in runsvdir runsv sv; do rb "$b"; done; }
