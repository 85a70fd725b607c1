# shellcheck shell=bash
# Driver: skarnet s6 (s6-svscan / s6-supervise / s6-svc / s6-log).
# Binaries are looked up in $S6_BINDIR if set, else in PATH.
IMPL_NAME="s6"
IMPL_CAPS="scan log pid1 setuidgid"
IMPL_SCANNER_COMMS="s6-svscan"
IMPL_SUPERVISOR_COMMS="s6-supervise"
IMPL_LOGGER_COMMS="s6-log"

s6b() { if [ -n "${S6_BINDIR:-}" ]; then echo "$S6_BINDIR/$1"; else command -v "$1"; fi; }

impl_available() { [ -x "$(s6b s6-svscan)" ]; }
impl_version() { echo "s6 $(dpkg-query -W -f='${Version}' s6 2>/dev/null), skalibs $(dpkg-query -W -f='${Version}' libskarnet2.13 2>/dev/null)"; }

make_service() { mkdir -p "$1/$2" && bench_write_run "$1/$2/run" "$3"; }
# add_logger SCANDIR NAME LOGDIR : a log/ subservice running the logger
add_logger() { mkdir -p "$1/$2/log" && bench_write_sh "$1/$2/log/run" "exec $(log_cmd "$3")"; }
# log_variants: first one is the default
log_variants() { echo "t T"; }
# log_cmd LOGDIR [VARIANT] [KEEP] : logger reading stdin, writing into LOGDIR
log_cmd() { echo "$(s6b s6-log) n${3:-20} s1000000 ${2:-t} $1"; }

start_scan() { $BENCH_WRAP "$(s6b s6-svscan)" "$1" </dev/null & }
wait_up() { "$(s6b s6-svwait)" -t 10000 -u "$1/$2"; }
svc_down() { $BENCH_WRAP "$(s6b s6-svc)" -T 10000 -wd -d "$1/$2"; }
svc_up() { $BENCH_WRAP "$(s6b s6-svc)" -T 10000 -wu -u "$1/$2"; }
svc_restart() { "$(s6b s6-svc)" -T 10000 -wr -r "$1/$2"; }
# stop_scan SCANDIR SCANNER_PID : documented shutdown; SIGTERM = s6-svscanctl -t
# (issue 2 measures SIGTERM to the scanner's exit)
# (BENCH_STOP_CTL=1: s6-svscanctl -t, for the callgrind test)
stop_scan() {
    if [ -n "${BENCH_STOP_CTL:-}" ]; then "$(s6b s6-svscanctl)" -t "$1"; else kill -TERM "$2"; fi
    wait "$2"
}
# standalone per-service supervisor (instruction-count test)
supervise_cmd() { echo "$(s6b s6-supervise) $1"; }
supervise_exit() { "$(s6b s6-svc)" -xd "$1"; }
pid1_cmd() { echo "$(s6b s6-svscan) $1"; }
setuidgid_cmd() { echo "$(s6b s6-setuidgid) $1"; }
# the supervision core (what tend's issue 2 provides)
binaries() { local b; for b in s6-svscan s6-supervise s6-svscanctl s6-svc s6-svlisten1 s6-ftrigrd s6-svwait s6-svstat s6-svok s6-notifyoncheck; do s6b "$b"; done; }
