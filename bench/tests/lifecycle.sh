#!/bin/bash
# lifecycle.sh - tree start-up latency, memory, shutdown latency.
#
# For every repetition, for every configuration (N services, optionally each
# with a logger), for every implementation (order rotated each repetition):
#   1. build a fresh scan directory with N services (mtime aged 1 minute,
#      as a directory baked into an image would be);
#   2. start-up: from just before start_scan until the last service's run
#      program has executed (each service stamps its exec time into a fifo);
#   3. memory (configs listed in BENCH_MEM_NS): PSS / private / RSS of the
#      scanner, supervisors and loggers, from /proc/PID/smaps_rollup;
#   4. shutdown: from just before stop_scan (the documented shutdown) until
#      the scanner and every process of the tree have exited.
#
# Env: BENCH_IMPLS, BENCH_REPS (default 5), BENCH_NS (default "1 10 100"),
#      BENCH_LOG_NS (N values also run with loggers, default "100"),
#      BENCH_MEM_NS (default "100 100+log"), BENCH_LOG_ONLY (drivers run
#      only in the configurations with loggers, e.g. a logger variant), BENCH_SETTLE (s, default 1.5: daemontools and runit delay commands received within ~1 s of a spawn),
#      BENCH_OUT, BENCH_RUN_MODE.
source "$(dirname "$0")/../lib/common.sh"
bench_setup "$@"
load_impls

REPS=${BENCH_REPS:-5}
NS=${BENCH_NS:-"1 10 100"}
LOG_NS=${BENCH_LOG_NS:-"100"}
MEM_NS=${BENCH_MEM_NS:-"100 100+log"}
SETTLE=${BENCH_SETTLE:-1.5}
IMPLS=($(impls_with scan))
SFX=; [ "$BENCH_RUN_MODE" != direct ] && SFX=",run=$BENCH_RUN_MODE"
CFGS=()
for n in $NS; do CFGS+=("$n"); done
for n in $LOG_NS; do
    for id in "${IMPLS[@]}"; do impl_has "$id" add_logger && { CFGS+=("$n+log"); break; }; done
done
log "lifecycle: impls=${IMPLS[*]} cfgs=${CFGS[*]} reps=$REPS run_mode=$BENCH_RUN_MODE"

BT_REAL=$(readlink -f "$BT")

# mem_record ID CFG REP N : classify the tree's processes and record memory
mem_record() {
    local id=$1 cfg=$2 rep=$3 n=$4 p comm exe cls r ps pv
    local -A tot_r tot_p tot_v cnt
    for cls in scanner supervisor logger other service; do tot_r[$cls]=0; tot_p[$cls]=0; tot_v[$cls]=0; cnt[$cls]=0; done
    for p in "$SCAN_PID" $(descendants "$SCAN_PID"); do
        comm=$(cat "/proc/$p/comm" 2>/dev/null) || continue
        exe=$(readlink "/proc/$p/exe" 2>/dev/null)
        if [ "$exe" = "$BT_REAL" ]; then cls=service
        elif [ "$p" = "$SCAN_PID" ] || [[ " ${IMPLV[$id.SCANNER_COMMS]} " == *" $comm "* ]]; then cls=scanner
        elif [[ " ${IMPLV[$id.SUPERVISOR_COMMS]} " == *" $comm "* ]]; then cls=supervisor
        elif [[ " ${IMPLV[$id.LOGGER_COMMS]} " == *" $comm "* ]]; then cls=logger
        else cls=other; echo "$id: unclassified process $p ($comm)" >>"$BENCH_OUT/lifecycle.notes"
        fi
        read -r r ps pv < <(mem_of "$p")
        tot_r[$cls]=$((tot_r[$cls] + r)); tot_p[$cls]=$((tot_p[$cls] + ps)); tot_v[$cls]=$((tot_v[$cls] + pv))
        cnt[$cls]=$((cnt[$cls] + 1))
    done
    local ovp=$((tot_p[scanner] + tot_p[supervisor] + tot_p[logger] + tot_p[other]))
    local ovv=$((tot_v[scanner] + tot_v[supervisor] + tot_v[logger] + tot_v[other]))
    local ovr=$((tot_r[scanner] + tot_r[supervisor] + tot_r[logger] + tot_r[other]))
    rec memory pss_total_KiB "N=$cfg$SFX" "$id" "$rep" "$ovp" KiB
    rec memory private_total_KiB "N=$cfg$SFX" "$id" "$rep" "$ovv" KiB
    rec memory rss_total_KiB "N=$cfg$SFX" "$id" "$rep" "$ovr" KiB
    rec memory pss_per_service_KiB "N=$cfg$SFX" "$id" "$rep" "$(awk -v a="$ovp" -v n="$n" 'BEGIN{printf "%.1f", a/n}')" KiB
    rec memory private_per_service_KiB "N=$cfg$SFX" "$id" "$rep" "$(awk -v a="$ovv" -v n="$n" 'BEGIN{printf "%.1f", a/n}')" KiB
    # supervision alone (scanner + supervisors, loggers left out): with
    # loggers, tend runs Debian's s6-log until tend-log exists
    rec memory pss_supervision_per_service_KiB "N=$cfg$SFX" "$id" "$rep" "$(awk -v a="$((tot_p[scanner] + tot_p[supervisor]))" -v n="$n" 'BEGIN{printf "%.1f", a/n}')" KiB
    rec memory pss_scanner_KiB "N=$cfg$SFX" "$id" "$rep" "${tot_p[scanner]}" KiB
    rec memory private_scanner_KiB "N=$cfg$SFX" "$id" "$rep" "${tot_v[scanner]}" KiB
    for cls in supervisor logger; do
        if [ "${cnt[$cls]}" -gt 0 ]; then
            rec memory "pss_per_${cls}_KiB" "N=$cfg$SFX" "$id" "$rep" "$(awk -v a="${tot_p[$cls]}" -v n="${cnt[$cls]}" 'BEGIN{printf "%.1f", a/n}')" KiB
            rec memory "private_per_${cls}_KiB" "N=$cfg$SFX" "$id" "$rep" "$(awk -v a="${tot_v[$cls]}" -v n="${cnt[$cls]}" 'BEGIN{printf "%.1f", a/n}')" KiB
        fi
        rec memory "count_${cls}" "N=$cfg$SFX" "$id" "$rep" "${cnt[$cls]}" procs
    done
    rec memory count_processes_overhead "N=$cfg$SFX" "$id" "$rep" "$((cnt[scanner] + cnt[supervisor] + cnt[logger] + cnt[other]))" procs
}

for ((rep = 1; rep <= REPS; rep++)); do
    for cfg in "${CFGS[@]}"; do
        n=${cfg%+log}; withlog=; [ "$cfg" != "$n" ] && withlog=log
        for id in $(rotate "$rep" "${IMPLS[@]}"); do
            if [ -n "$withlog" ] && ! impl_has "$id" add_logger; then continue; fi
            if [ -z "$withlog" ] && [[ " ${BENCH_LOG_ONLY:-} " == *" $id "* ]]; then continue; fi
            tree_new "$id"
            tree_populate "$id" "$n" "$withlog" || { log "$id: populate failed"; tree_close "$TREE"; continue; }
            touch -d '-1 minute' "$SCAN" "$SCAN"/*
            sync -f "$SCAN" 2>/dev/null
            now_var t0
            tree_start "$id"
            if out=$(collect "$FIFO" "$n" 60000 U); then
                tup=$(lines_max_ts U <<<"$out")
                rec startup latency_us "N=$cfg$SFX" "$id" "$rep" "$((tup - t0))" us
            else
                log "$id N=$cfg: not all services came up"
                rec startup latency_us "N=$cfg$SFX" "$id" "$rep" NA us
            fi
            sleep "$SETTLE"
            if [[ " $MEM_NS " == *" $cfg "* ]]; then mem_record "$id" "$cfg" "$rep" "$n"; fi
            if tree_stop "$id"; then
                rec shutdown all_exited_us "N=$cfg$SFX" "$id" "$rep" "$((STOP_TGONE - STOP_T0))" us
                # s6, tend, runit: stop_scan = signal + wait for the scanner, so
                # this is "signal to scanner exit"
                rec shutdown command_returned_us "N=$cfg$SFX" "$id" "$rep" "$((STOP_T1 - STOP_T0))" us
                nd=$(collect "$FIFO" "$n" 1000 D 2>/dev/null | grep -c '^D')
                [ "$nd" -eq "$n" ] || echo "$id N=$cfg rep $rep: only $nd/$n services got SIGTERM" >>"$BENCH_OUT/lifecycle.notes"
            else
                rec shutdown all_exited_us "N=$cfg$SFX" "$id" "$rep" NA us
            fi
            log "rep $rep N=$cfg $id: up $(( (tup - t0) / 1000 )) ms, down $(( (STOP_TGONE - STOP_T0) / 1000 )) ms"
            tree_close "$TREE"
        done
    done
done
log "lifecycle done; results in $RAW"
