# shellcheck shell=bash
# Driver: daemontools 0.76 (svscan / supervise / svc / svstat / multilog).
# svc does not wait, so svc_* poll svstat until the state is reached.
IMPL_NAME="daemontools"
IMPL_CAPS="scan log pid1 setuidgid"
IMPL_SCANNER_COMMS="svscan"
IMPL_SUPERVISOR_COMMS="supervise"
IMPL_LOGGER_COMMS="multilog"

db() { if [ -n "${DAEMONTOOLS_BINDIR:-}" ]; then echo "$DAEMONTOOLS_BINDIR/$1"; else command -v "$1"; fi; }

impl_available() { [ -x "$(db svscan)" ] && [ -x "$(db supervise)" ]; }
impl_version() { echo "daemontools $(dpkg-query -W -f='${Version}' daemontools 2>/dev/null)"; }

make_service() { mkdir -p "$1/$2" && bench_write_run "$1/$2/run" "$3"; }
add_logger() { mkdir -p "$1/$2/log" && bench_write_sh "$1/$2/log/run" "exec $(log_cmd "$3")"; }
log_variants() { echo "t"; }
log_cmd() { echo "$(db multilog) ${2:-t} s1000000 n${3:-20} $1"; }

start_scan() { PATH="$(dirname "$(db supervise)"):$PATH" $BENCH_WRAP "$(db svscan)" "$1" </dev/null & }
# dt_poll SVCDIR up|down : poll svstat (no sleep: each svstat is a fork+exec)
dt_poll() {
    local i out
    for ((i = 0; i < 20000; i++)); do
        out=$("$(db svstat)" "$1" 2>/dev/null)
        case $out in *": $2 "*|*": $2") return 0 ;; esac
    done
    return 1
}
wait_up() { dt_poll "$1/$2" up; }
svc_down() { $BENCH_WRAP "$(db svc)" -d "$1/$2" && dt_poll "$1/$2" down; }
svc_up() { $BENCH_WRAP "$(db svc)" -u "$1/$2" && dt_poll "$1/$2" up; }
dt_pid() { "$(db svstat)" "$1" 2>/dev/null | sed -n 's/.*(pid \([0-9]*\)).*/\1/p'; }
# restart = svc -t (supervise restarts the service), then poll for a new pid
svc_restart() {
    local old p i
    old=$(dt_pid "$1/$2")
    "$(db svc)" -t "$1/$2" || return 1
    for ((i = 0; i < 20000; i++)); do p=$(dt_pid "$1/$2"); [ -n "$p" ] && [ "$p" != "$old" ] && return 0; done
    return 1
}
# documented: stop svscan, then svc -dx every service and logger
stop_scan() {
    kill -TERM "$2"; wait "$2"
    local d l=()
    for d in "$1"/*/; do l+=("${d%/}"); [ -d "$d/log" ] && l+=("${d%/}/log"); done
    "$(db svc)" -dx "${l[@]}"
}
supervise_cmd() { echo "$(db supervise) $1"; }
supervise_exit() { "$(db svc)" -dx "$1"; }
pid1_cmd() { echo "$(db svscan) $1"; }
setuidgid_cmd() { echo "$(db setuidgid) $1"; }
# the supervision core
binaries() { local b; for b in svscan supervise svc svok svstat; do db "$b"; done; }
