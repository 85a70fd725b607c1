#!/bin/bash
# log.sh - logger throughput, instructions per line and line integrity
# (issue 3: tend-log >= 1.5x s6-log's throughput, <= 2,000 instructions per
# line, no line lost).
# Every logger configuration (a driver's log_cmd with each of its
# log_variants: the first one, the driver's default, for every driver; all
# of them for tend, whose extra variants are tend-log's prefix and JSON
# formats written to stdout) reads BENCH_LINES numbered lines of BENCH_LEN
# bytes ("bt gen") from a pipe, timestamps them and rotates at 1 MB
# (s1000000 n20; svlogd's config; multilog s1000000 n20), timed from the
# logger's fork to its exit (it exits at EOF).  Configurations are
# interleaved, order rotated by repetition.
#   wall_s, lines_per_s, MB_per_s, cpu_s (user+sys of the logger), maxrss_KiB;
#   the retained lines must be consecutive and end with the last line.
# Then one integrity run per configuration keeps every file (n1000) and checks
# that exactly BENCH_LINES lines arrived, in order, none duplicated; and one
# run under callgrind (BENCH_CG_LINES lines) gives instructions per line.
# Env: BENCH_IMPLS, BENCH_REPS (5), BENCH_LINES (2000000), BENCH_LEN (100),
#      BENCH_CG_LINES (200000; 0: no callgrind), BENCH_LOGBASE (directory of
#      the log files; default /dev/shm (tmpfs) if writable, so that the disk
#      is not measured)
BENCH_IMPLS=${BENCH_IMPLS:-"s6 runit daemontools tend"}
source "$(dirname "$0")/../lib/common.sh"
bench_setup "$@"
load_impls
REPS=${BENCH_REPS:-5}
LINES=${BENCH_LINES:-2000000}
LEN=${BENCH_LEN:-100}
CG_LINES=${BENCH_CG_LINES:-200000}
if [ -z "${BENCH_LOGBASE:-}" ]; then
    if [ -w /dev/shm ]; then BENCH_LOGBASE=/dev/shm; else BENCH_LOGBASE=$BENCH_TMP; fi
fi
LB=$(mktemp -d "$BENCH_LOGBASE/svlog.XXXXXX")
trap 'rm -rf "$LB"; bench_cleanup' EXIT
FSTYPE=$(stat -f -c %T "$BENCH_LOGBASE")
CFGS=()
for id in $(impls_with log); do
    impl_has "$id" log_cmd || continue
    vs=$(icall "$id" log_variants)
    case $id in tend) ;; *) vs=${vs%% *} ;; esac
    for v in $vs; do CFGS+=("$id:$v"); done
done
log "log: cfgs=${CFGS[*]} lines=$LINES len=$LEN base=$BENCH_LOGBASE ($FSTYPE)"
echo "log files written under $BENCH_LOGBASE (filesystem $FSTYPE)" >>"$BENCH_OUT/log.notes"

# name in raw.tsv: the driver for its default variant, DRIVER/VARIANT else
cfg_name() {
    local id=${1%%:*} v=${1#*:} d
    d=$(icall "$id" log_variants); d=${d%% *}
    if [ "$v" = "$d" ]; then echo "$id"; else echo "$id/$v"; fi
}
# variants that write to stdout: the harness keeps it in DIR/current
to_stdout() { case ${1#*:} in prefix|json) return 0 ;; esac; return 1; }
# files of a log directory in chronological order: archived @*.s/@*.u, then current
log_files() { ls "$1" | grep -E '^@.*\.[su]$' | sort | sed "s|^|$1/|"; [ -f "$1/current" ] && echo "$1/current"; }

# run_one CFG KEEP [N] [WRAP...] -> sets R_WALL R_USER R_SYS R_RSS R_DIR
run_one() {
    local cfg=$1 keep=$2 n=${3:-$LINES} id=${1%%:*} v=${1#*:} cmd out=/dev/null
    shift 3 2>/dev/null || shift $#
    R_DIR=$(mktemp -d "$LB/$id.XXXX")
    cmd=$(icall "$id" log_cmd "$R_DIR" "$v" "$keep")
    to_stdout "$cfg" && out=$R_DIR/current
    # shellcheck disable=SC2086
    "$BT" gen "$n" "$LEN" | "$BT" rusage "$R_DIR.ru" "$@" $cmd >"$out"
    read -r R_WALL R_USER R_SYS R_RSS <"$R_DIR.ru"
    rm -f "$R_DIR.ru"
}

p="lines=$LINES,len=$LEN,fs=$FSTYPE"
for ((rep = 1; rep <= REPS; rep++)); do
    for cfg in $(rotate "$rep" "${CFGS[@]}"); do
        name=$(cfg_name "$cfg")
        run_one "$cfg" 20
        rec log wall_s "$p" "$name" "$rep" "$(awk -v w="$R_WALL" 'BEGIN{printf "%.3f", w/1e6}')" s
        rec log lines_per_s "$p" "$name" "$rep" "$(awk -v w="$R_WALL" -v n="$LINES" 'BEGIN{printf "%.0f", n/(w/1e6)}')" "lines/s"
        rec log MB_per_s "$p" "$name" "$rep" "$(awk -v w="$R_WALL" -v n="$LINES" -v l="$LEN" 'BEGIN{printf "%.1f", n*l/(w/1e6)/1e6}')" "MB/s"
        rec log cpu_s "$p" "$name" "$rep" "$(awk -v u="$R_USER" -v s="$R_SYS" 'BEGIN{printf "%.3f", (u+s)/1e6}')" s
        rec log maxrss_KiB "$p" "$name" "$rep" "$R_RSS" KiB
        read -r kept first last bad < <("$BT" seqtail $(log_files "$R_DIR"))
        rec log retained_lines "$p" "$name" "$rep" "$kept" lines
        if [ "$bad" != 0 ] || [ "$last" != $((LINES - 1)) ]; then
            echo "$name rep $rep: retained tail not consecutive/complete: kept=$kept first=$first last=$last problems=$bad" >>"$BENCH_OUT/log.notes"
        fi
        log "rep $rep $name: $(awk -v w="$R_WALL" -v n="$LINES" 'BEGIN{printf "%.0f lines/s", n/(w/1e6)}'), kept $kept lines"
        rm -rf "$R_DIR"
    done
done
# integrity: keep everything
for cfg in "${CFGS[@]}"; do
    name=$(cfg_name "$cfg")
    run_one "$cfg" 1000
    if res=$("$BT" seqcheck "$LINES" $(log_files "$R_DIR")); then ok=1; else ok=0; fi
    read -r nl first last gaps dups disorder bad <<<"$res"
    rec log integrity_lines "lines=$LINES,keep-all,fs=$FSTYPE" "$name" 1 "$nl" lines
    rec log integrity_ok "lines=$LINES,keep-all,fs=$FSTYPE" "$name" 1 "$ok" bool
    echo "$name integrity (keep all): lines=$nl first=$first last=$last gaps=$gaps dups=$dups disorder=$disorder unparsable=$bad" >>"$BENCH_OUT/log.notes"
    log "integrity $name: $res"
    rm -rf "$R_DIR"
done
# instructions per line (the logger only; the generator is not traced)
if [ "$CG_LINES" -gt 0 ] && command -v valgrind >/dev/null; then
    for cfg in "${CFGS[@]}"; do
        name=$(cfg_name "$cfg")
        cg=$LB/cg.out
        run_one "$cfg" 20 "$CG_LINES" valgrind -q --tool=callgrind --trace-children=no --callgrind-out-file="$cg"
        ir=$(sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$cg" | head -1)
        rm -rf "$R_DIR" "$cg"
        [ -n "$ir" ] || { log "callgrind $name: no count"; continue; }
        rec log instructions_per_line "lines=$CG_LINES,len=$LEN" "$name" 1 "$(awk -v i="$ir" -v n="$CG_LINES" 'BEGIN{printf "%.0f", i/n}')" instr
        log "callgrind $name: $ir instructions, $(awk -v i="$ir" -v n="$CG_LINES" 'BEGIN{printf "%.0f", i/n}') per line"
    done
fi
log "log done"
