# shellcheck shell=bash
# Common library for the supervision-suite benchmarks.  Sourced by tests/*.sh.
#
# Needs bash >= 5.0 (EPOCHREALTIME), gcc, coreutils, util-linux.
# Nothing here writes outside the mktemp scratch directory and the results
# directory given by the caller.

BENCH_ROOT=${BENCH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH_SCRIPT=${BENCH_SCRIPT:-$(realpath "$0")}

# ---------------------------------------------------------------- options
# BENCH_IMPLS     space-separated driver names (impl/NAME.sh) or paths to driver files
# BENCH_REF       implementation used as denominator of ratios (default: first)
# BENCH_REPS      repetitions (tests have their own defaults)
# BENCH_OUT       results directory (default: a mktemp dir, printed at the end)
# BENCH_RUN_MODE  direct (run = "#!bt svc ..." shebang, no shell) | sh (#!/bin/sh + exec)
BENCH_IMPLS=${BENCH_IMPLS:-"s6 runit daemontools tend"}
BENCH_RUN_MODE=${BENCH_RUN_MODE:-direct}

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" >&2; }

[ "${BASH_VERSINFO[0]}" -ge 5 ] || die "bash >= 5 needed (EPOCHREALTIME)"

# Microseconds since the epoch, without forking.
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
# Same, into a variable (no subshell): now_var VAR
now_var() { local t=$EPOCHREALTIME; printf -v "$1" '%s' "${t/./}"; }

# ------------------------------------------------------------- scratch dir
bench_setup() {
    # First call: build the helper in a fresh mktemp dir, then re-exec the
    # calling script under "bt subreaper", so orphans of the trees come back
    # to us and can be cleaned up by PID.
    if [ -z "${BENCH_SUBREAPED:-}" ]; then
        BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/svb.XXXXXX") || die "mktemp"
        # The scan directories: on tmpfs, where supervision trees live in
        # practice (/run), unless BENCH_TREEDIR names a place (BENCH_TREEDIR=/tmp
        # measures a disk-backed tree: doc/benchmarks.md).
        if [ -z "${BENCH_TREEDIR:-}" ]; then
            BENCH_TREEDIR=$BENCH_TMP
            if [ -d /dev/shm ] && [ -w /dev/shm ]; then
                BENCH_TREEDIR=$(mktemp -d /dev/shm/svb-trees.XXXXXX) || die "mktemp"
                printf '#!/bin/sh\nexit 0\n' > "$BENCH_TREEDIR/x" && chmod +x "$BENCH_TREEDIR/x"
                "$BENCH_TREEDIR/x" 2>/dev/null || { rm -rf "$BENCH_TREEDIR"; BENCH_TREEDIR=$BENCH_TMP; }
                rm -f "$BENCH_TREEDIR/x"
            fi
        else
            BENCH_TREEDIR=$(mktemp -d "$BENCH_TREEDIR/svb-trees.XXXXXX") || die "mktemp"
        fi
        BT=$BENCH_TMP/bt
        gcc -O2 -Wall -o "$BT" "$BENCH_ROOT/helpers/bt.c" || die "cannot build helpers/bt.c"
        if [ -z "${BENCH_OUT:-}" ]; then
            BENCH_OUT=$(mktemp -d "${TMPDIR:-/tmp}/svbench-results.XXXXXX")
        fi
        export BENCH_TMP BENCH_TREEDIR BT BENCH_OUT BENCH_SUBREAPED=1
        exec "$BT" subreaper bash "$BENCH_SCRIPT" "$@"
    fi
    unset BENCH_SUBREAPED
    mkdir -p "$BENCH_OUT"
    chmod 755 "$BENCH_TMP"   # traversable: callgrind must write after setuid
    RAW=$BENCH_OUT/raw.tsv
    [ -f "$RAW" ] || printf 'test\tmetric\tparam\timpl\trep\tvalue\tunit\n' >"$RAW"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

# All descendants of PID (depth first), one per line.
descendants() {
    local p c
    for p in "$@"; do
        for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
            echo "$c"
            descendants "$c"
        done
    done
}

# alive PID : process exists and is not a zombie
alive() {
    local st
    st=$(awk '{sub(/.*\) /, ""); print $1}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# Kill (TERM, then KILL) every process in our own process tree except us.
kill_tree_of() {
    local root=$1 pids p
    pids=$(descendants "$root")
    [ -n "$pids" ] || return 0
    for p in $pids; do kill -TERM "$p" 2>/dev/null; done
    sleep 0.3
    pids=$(descendants "$root")
    for p in $pids; do kill -KILL "$p" 2>/dev/null; done
    return 0
}

BENCH_TREES=()
bench_cleanup() {
    local rc=$?
    # stop every tree still recorded as running, by PID
    local t
    for t in "${BENCH_TREES[@]}"; do
        [ -f "$t/scan.pid" ] || continue
        local sp; sp=$(cat "$t/scan.pid")
        kill_tree_of "$sp"
        kill -KILL "$sp" 2>/dev/null
    done
    kill_tree_of $$
    wait 2>/dev/null
    if [ -z "${BENCH_KEEP_TMP:-}" ]; then rm -rf "$BENCH_TMP"; [ "$BENCH_TREEDIR" = "$BENCH_TMP" ] || rm -rf "$BENCH_TREEDIR"; fi
    return $rc
}

# ------------------------------------------------------------- drivers
# A driver file defines plain functions (start_scan, make_service, ...) and
# IMPL_* variables.  Several drivers are loaded at once; only one is
# "active" at a time: impl_use ID (re)defines that driver's functions under
# their plain names (and removes the previous driver's), so driver
# functions can call each other normally.  Switch before taking a
# timestamp, never inside a timed region.
# IMPL_* variables end up in IMPLV[<id>.<NAME without IMPL_>].
declare -A IMPLV IMPL_DEFS IMPL_FUNCS
CUR_IMPL=

impl_id() { local n=${1##*/}; n=${n%.sh}; echo "${n//[^A-Za-z0-9_]/_}"; }

load_impl() {
    local spec=$1 file id before defs
    # a name is a driver in impl/; only a spec with a slash is a file
    case $spec in */*) file=$(realpath "$spec") ;; *) file=$BENCH_ROOT/impl/$spec.sh ;; esac
    [ -f "$file" ] || die "no driver $spec ($file)"
    id=$(impl_id "$spec")
    impl_use ""    # deactivate: only library functions are defined now
    before=$(declare -F | awk '{print $3}' | sort)
    defs=$(
        unset "${!IMPL_@}"
        # shellcheck disable=SC1090
        source "$file" >/dev/null || exit 1
        new=$(comm -13 <(echo "$before") <(declare -F | awk '{print $3}' | sort))
        echo "#FUNCS" $new
        [ -n "$new" ] && declare -f $new
        for v in "${!IMPL_@}"; do printf 'IMPLV[%s.%s]=%q\n' "$id" "${v#IMPL_}" "${!v}"; done
    ) || die "driver $file failed to load"
    IMPL_FUNCS[$id]=$(sed -n '1s/^#FUNCS//p' <<<"$defs")
    IMPL_DEFS[$id]=$defs
    eval "$(grep '^IMPLV\[' <<<"$defs")"
    IMPLV[$id.FILE]=$file
    IMPL_LIST+=("$id")
}

impl_use() {
    [ "$CUR_IMPL" = "$1" ] && return 0
    # shellcheck disable=SC2086
    [ -n "$CUR_IMPL" ] && unset -f ${IMPL_FUNCS[$CUR_IMPL]}
    CUR_IMPL=$1
    [ -n "$1" ] && eval "${IMPL_DEFS[$1]}"
    return 0
}
# impl_has ID FUNC
impl_has() { [[ " ${IMPL_FUNCS[$1]} " == *" $2 "* ]]; }
# icall ID FUNC ARGS...  (returns 2 if the driver lacks FUNC)
icall() {
    local id=$1 f=$2; shift 2
    impl_has "$id" "$f" || return 2
    impl_use "$id"; "$f" "$@"
}
# capability check: IMPL_CAPS is a space separated list (scan log pid1 setuidgid)
impl_cap() { [[ " ${IMPLV[$1.CAPS]} " == *" $2 "* ]]; }

load_impls() {
    IMPL_LIST=()
    local s id
    for s in $BENCH_IMPLS; do
        [[ " ${IMPL_LIST[*]} " == *" $(impl_id "$s") "* ]] && continue
        load_impl "$s"
        id=${IMPL_LIST[-1]}
        if impl_has "$id" impl_available && ! icall "$id" impl_available; then
            log "driver $id: not available here, skipped"
            unset 'IMPL_LIST[-1]'
        fi
    done
    BENCH_REF=${BENCH_REF:-${IMPL_LIST[0]}}
    BENCH_REF=$(impl_id "$BENCH_REF")
}

# impls having a capability
impls_with() {
    local id out=()
    for id in "${IMPL_LIST[@]}"; do impl_cap "$id" "$1" && out+=("$id"); done
    echo "${out[@]}"
}

# rotate a list by REP positions, so that no implementation is always first
rotate() {
    local k=$1; shift
    local a=("$@") n=$# i
    for ((i = 0; i < n; i++)); do printf '%s ' "${a[(i + k) % n]}"; done
}

# ---------------------------------------------------------- run scripts
# bench_write_run FILE CMD : write an executable run file that execs CMD.
# In "direct" mode CMD must be "ABSOLUTE_PROGRAM ARGS" and is used as a
# shebang line (no shell involved); in "sh" mode a /bin/sh script is written.
bench_write_run() {
    local f=$1 cmd=$2
    if [ "$BENCH_RUN_MODE" = direct ] && [ "${cmd:0:1}" = / ] && [ ${#cmd} -lt 250 ]; then
        printf '#!%s\n' "$cmd" >"$f"
    else
        printf '#!/bin/sh\nexec %s\n' "$cmd" >"$f"
    fi
    chmod +x "$f"
}
# bench_write_sh FILE BODY : write an executable /bin/sh script
bench_write_sh() { printf '#!/bin/sh\n%s\n' "$2" >"$1"; chmod +x "$1"; }

# ------------------------------------------------------------ trees
# tree_new ID  -> sets TREE (dir), SCAN (scan dir), FIFO; opens FIFO rw on
# a file descriptor stored in TREE_FD[TREE] so writers never block.
declare -A TREE_FD
tree_new() {
    TREE=$(mktemp -d "$BENCH_TREEDIR/$1.XXXX")
    SCAN=$TREE/scan
    FIFO=$TREE/fifo
    mkdir -p "$SCAN" "$TREE/logs"
    mkfifo "$FIFO"
    local fd
    exec {fd}<>"$FIFO"
    TREE_FD[$TREE]=$fd
    BENCH_TREES+=("$TREE")
}
tree_close() {
    local t=$1 fd=${TREE_FD[$1]}
    [ -n "$fd" ] && exec {fd}>&-
    unset 'TREE_FD[$t]'
    rm -f "$t/scan.pid"
    [ -n "${BENCH_KEEP_TMP:-}" ] || rm -rf "$t"
}
# svc_cmd FIFO NAME : the command a benchmark service runs
svc_cmd() { echo "$BT svc $1 $2"; }

# tree_populate ID N [log]
tree_populate() {
    local id=$1 n=$2 withlog=${3:-} i name
    for ((i = 0; i < n; i++)); do
        name=$(printf 'svc%03d' "$i")
        icall "$id" make_service "$SCAN" "$name" "$(svc_cmd "$FIFO" "$name")" || return 1
        if [ -n "$withlog" ]; then
            mkdir -p "$TREE/logs/$name"
            icall "$id" add_logger "$SCAN" "$name" "$TREE/logs/$name" || return 1
        fi
    done
}

# tree_start ID : starts the scanner (background), sets SCAN_PID
tree_start() {
    local id=$1
    impl_use "$id"
    start_scan "$SCAN" >>"$TREE/scan.out" 2>&1
    SCAN_PID=$!
    echo "$SCAN_PID" >"$TREE/scan.pid"
}

# collect FIFO N TIMEOUT_MS TYPE -> lines on stdout
collect() { "$BT" collect "$@"; }

# max / min of field 4 of lines of TYPE
lines_max_ts() { awk -v t="$1" '$1==t{if($4+0>m)m=$4+0} END{printf "%.0f\n", m}'; }
lines_min_ts() { awk -v t="$1" '$1==t{if(m==""||$4+0<m)m=$4+0} END{printf "%.0f\n", m}'; }

# tree_stop ID : documented shutdown + wait for every process of the tree.
# Sets STOP_T0 (before the stop command), STOP_T1 (stop command returned),
# STOP_TGONE (last process of the tree exited), all in us.
tree_stop() {
    local id=$1 pids wfd line rc=0
    pids=$(descendants "$SCAN_PID")
    # shellcheck disable=SC2086
    exec {wfd}< <(exec "$BT" waitgone 30000 "$SCAN_PID" $pids)
    read -r -u "$wfd" line
    impl_use "$id"
    # a scanner that ignores the stop (e.g. a signal under valgrind) must
    # not hang the run: stop_scan waits for it, so KILL it after 40 s
    (
        trap 'kill "$sp" 2>/dev/null; exit 0' TERM
        sleep "${BENCH_STOP_TIMEOUT:-40}" & sp=$!
        wait "$sp" && kill -KILL "$SCAN_PID"
    ) 2>/dev/null &
    local wd=$!
    now_var STOP_T0
    stop_scan "$SCAN" "$SCAN_PID" >>"$TREE/scan.out" 2>&1
    now_var STOP_T1
    kill "$wd" 2>/dev/null; wait "$wd" 2>/dev/null
    read -r -u "$wfd" STOP_TGONE
    exec {wfd}<&-
    if alive "$SCAN_PID" || [ -n "$(descendants "$SCAN_PID")" ]; then
        log "$id: tree did not stop in time; killing"
        kill_tree_of "$SCAN_PID"; kill -KILL "$SCAN_PID" 2>/dev/null
        rc=1
    fi
    wait "$SCAN_PID" 2>/dev/null
    rm -f "$TREE/scan.pid"
    return $rc
}

# ------------------------------------------------------------ results
# rec TEST METRIC PARAM IMPL REP VALUE UNIT
rec() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RAW"; }

# memory of one pid: "rss pss private" in KiB (from smaps_rollup)
mem_of() {
    awk '/^Rss:/{r=$2} /^Pss:/{p=$2} /^Private_(Clean|Dirty):/{v+=$2} END{printf "%d %d %d\n", r, p, v}' \
        "/proc/$1/smaps_rollup" 2>/dev/null
}

# sleep until time (us)
sleep_until_us() {
    local now; now_var now
    local d=$(( $1 - now ))
    (( d > 0 )) && sleep "$(printf '%d.%06d' $((d / 1000000)) $((d % 1000000)))"
    return 0
}

# version string of an installed Debian package (for reports)
deb_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }

# --------------------------------------------------------- callgrind
# cg_run OUTDIR CMD... : run CMD under callgrind, following fork and exec.
#   Every exec'd image is dumped before execve (--dump-before=execve).
#   callgrind names those dumps cg.PID.N.K and a later image of the same PID
#   would overwrite them, so a watcher renames each one to cg.PID.sSEQ as soon
#   as it appears (the next image needs >50 ms to start under valgrind).
#   A forked child's first dump (before its exec) also contains the counts the
#   parent had at fork time; cg_sum drops it.
# cg_sum OUTDIR [PID] : total instructions (Ir): with PID, only the dumps of
#   that process (used with --trace-children=no); without, the whole tree.
CG_OPTS=${CG_OPTS:-"--tool=callgrind --trace-children=yes --dump-before=execve --dump-instr=no --compress-strings=no"}
cg_prefix() { echo "valgrind $CG_OPTS --callgrind-out-file=$1/cg.%p.%n --log-fd=9"; }
cg_watch() {
    local d=$1 n=0 f b pid
    while :; do
        for f in "$d"/cg.*.*.*; do
            [ -e "$f" ] || continue
            b=${f##*/}; pid=${b#cg.}; pid=${pid%%.*}; n=$((n + 1))
            mv -f "$f" "$d/cg.$pid.s$(printf %06d "$n")"
        done
        sleep 0.003
    done
}
cg_run() {
    local d=$1 wp vp rc; shift
    mkdir -p "$d"; chmod 1777 "$d"
    cg_watch "$d" & wp=$!
    $(cg_prefix "$d") "$@" 9>>"$d.vglog" <&0 & vp=$!
    wait "$vp"; rc=$?
    kill "$wp" 2>/dev/null; wait "$wp" 2>/dev/null
    echo "$vp" >"$d.root"
    return $rc
}
cg_sum() {
    local d=$1 root
    if [ -n "${2:-}" ]; then
        cat "$d"/cg."$2"* 2>/dev/null | awk '/^summary:/{s+=$2; n++} END{if (n) printf "%.0f\n", s; else print "NA"}'
        return
    fi
    root=$(cat "$d.root" 2>/dev/null)
    for f in "$d"/cg.*; do [ -f "$f" ] && printf '%s %s\n' "${f##*/}" "$(awk '/^summary:/{print $2}' "$f")"; done |
        awk -v root="$root" '
        { split($1, p, "."); pid = p[2]; part = p[3]; v = $2 + 0; n++
          if (pid == root) { s += v; next }
          if (part ~ /^s/) { if (!(pid in first) || part < first[pid]) { first[pid] = part; fv[pid] = v } }
          s += v }
        END { for (q in fv) s -= fv[q]; if (n) printf "%.0f\n", s; else print "NA" }'
}
