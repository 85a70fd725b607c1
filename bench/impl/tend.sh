# shellcheck shell=bash
# Driver: tend (tend-svscan / tend-supervise / tend-svc / tend-svwait).
# Binaries come from $TEND_BINDIR (bench/run.sh sets it to its own static
# build), else from PATH.
# Loggers: tend-log (same script as s6-log's in the s6 driver) when it is
# in $TEND_BINDIR, else Debian's s6-log; TEND_LOGGER=s6-log or tend-log
# forces one (impl/tend-s6log.sh is tend with s6-log).  IMPL_LOGGER_COMMS
# counts either as the logger, so the memory tables show the supervision
# part and the logger part separately.
IMPL_NAME="tend"
IMPL_CAPS="scan log pid1"
IMPL_SCANNER_COMMS="tend-svscan"
IMPL_SUPERVISOR_COMMS="tend-supervise"
IMPL_LOGGER_COMMS="tend-log s6-log"

tb() { if [ -n "${TEND_BINDIR:-}" ]; then echo "$TEND_BINDIR/$1"; else command -v "$1"; fi; }

impl_available() { [ -x "$(tb tend-svscan)" ] && [ -x "$(tb tend-supervise)" ]; }
impl_version() { echo "tend ${TEND_VERSION:-(version unknown)}"; }

make_service() { mkdir -p "$1/$2" && bench_write_run "$1/$2/run" "$3"; }
add_logger() { mkdir -p "$1/$2/log" && bench_write_sh "$1/$2/log/run" "exec $(log_cmd "$3")"; }
tend_logger() {
    local l=${TEND_LOGGER:-}
    [ -n "$l" ] || { if [ -x "$(tb tend-log)" ]; then l=tend-log; else l=s6-log; fi; }
    echo "$l"
}
# with tend-log: also its container formats, to stdout (tests/log.sh keeps
# stdout in the log directory's current)
log_variants() { if [ "$(tend_logger)" = tend-log ]; then echo "t prefix json"; else echo "t"; fi; }
log_cmd() {
    local l
    l=$(tend_logger)
    if [ "$l" = tend-log ]; then
        case ${2:-t} in
            prefix) echo "$(tb tend-log) T pbench: 1" ;;
            json) echo "$(tb tend-log) jbench 1" ;;
            *) echo "$(tb tend-log) n${3:-20} s1000000 ${2:-t} $1" ;;
        esac
    else
        echo "$(command -v s6-log) n${3:-20} s1000000 ${2:-t} $1"
    fi
}

start_scan() { PATH="$(dirname "$(tb tend-supervise)"):$PATH" $BENCH_WRAP "$(tb tend-svscan)" "$1" </dev/null & }
wait_up() { "$(tb tend-svwait)" -t 10000 -u "$1/$2"; }
svc_down() { $BENCH_WRAP "$(tb tend-svc)" -T 10000 -wd -d "$1/$2"; }
svc_up() { $BENCH_WRAP "$(tb tend-svc)" -T 10000 -wu -u "$1/$2"; }
svc_restart() { "$(tb tend-svc)" -T 10000 -wr -r "$1/$2"; }
# issue 2 measures "SIGTERM to svscan's exit": tend-svscan brings every
# service down and waits for them before it exits. BENCH_STOP_CTL=1 (the
# callgrind test): the control fifo instead, with tend-svscanctl -t if it
# exists, else Debian's s6-svscanctl -t (same wire protocol)
stop_scan() {
    if [ -n "${BENCH_STOP_CTL:-}" ]; then
        if [ -x "$(tb tend-svscanctl)" ]; then "$(tb tend-svscanctl)" -t "$1"; else s6-svscanctl -t "$1"; fi
    else
        kill -TERM "$2"
    fi
    wait "$2"
}
supervise_cmd() { echo "$(tb tend-supervise) $1"; }
supervise_exit() { "$(tb tend-svc)" -xd "$1"; }
pid1_cmd() { echo "$(tb tend-svscan) $1"; }
binaries() {
    local b
    for b in tend-svscan tend-supervise tend-svc tend-svwait tend-svscanctl tend-svstat tend-svok tend-notifyoncheck; do
        [ -e "$(tb "$b")" ] && tb "$b"
    done
    return 0
}
