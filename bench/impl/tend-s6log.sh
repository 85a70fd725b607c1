# shellcheck shell=bash
# Driver: tend with Debian's s6-log as the logger of logged services
# (bench/run.sh runs it in the lifecycle configurations with loggers only,
# next to tend with tend-log: same supervisors, another logger).
source "$(dirname "${BASH_SOURCE[0]}")/tend.sh"
IMPL_NAME="tend (logger: s6-log)"
log_cmd() { echo "$(command -v s6-log) n${3:-20} s1000000 ${2:-t} $1"; }
log_variants() { echo "t"; }
