#!/bin/bash
# control.sh - control-command latency.  One tree with one service per
# implementation, all running.  Each repetition, for each implementation:
#   down    : svc_down (s6-svc -wd -d, sv -v down, svc -d + svstat poll,
#             supervisorctl stop); "tool" = until the command returned,
#             "effect" = until the service received SIGTERM;
#   up      : svc_up; tool / effect (= new child exec'd);
#   restart : svc_restart; tool / effect (= new child exec'd).
# Every command is issued >= BENCH_GAP s after the previous spawn of that
# service (s6/runit throttle spawns to 1/s; daemontools' supervise ignores
# commands for 1 s after a spawn).
# Env: BENCH_IMPLS, BENCH_REPS (default 15), BENCH_GAP (default 1.2)
BENCH_IMPLS=${BENCH_IMPLS:-"s6 runit daemontools tend"}
source "$(dirname "$0")/../lib/common.sh"
bench_setup "$@"
load_impls
REPS=${BENCH_REPS:-15}
GAP_US=$(awk -v g="${BENCH_GAP:-1.2}" 'BEGIN{printf "%d", g*1000000}')
IMPLS=($(impls_with scan))
declare -A T_DIR T_SCAN T_FIFO T_PID T_LAST
for id in "${IMPLS[@]}"; do
    tree_new "$id"; tree_populate "$id" 1; touch -d '-1 minute' "$SCAN" "$SCAN"/*
    tree_start "$id"
    out=$(collect "$FIFO" 1 30000 U) || die "$id: service did not start"
    T_DIR[$id]=$TREE; T_SCAN[$id]=$SCAN; T_FIFO[$id]=$FIFO; T_PID[$id]=$SCAN_PID
    T_LAST[$id]=$(lines_max_ts U <<<"$out")
done
log "control: impls=${IMPLS[*]} reps=$REPS"

# op ID REP OPNAME FUNC TYPE
op() {
    local id=$1 rep=$2 name=$3 f=$4 type=$5 a b out te rc
    impl_use "$id"
    now_var a
    "$f" "${T_SCAN[$id]}" svc000 >/dev/null 2>&1; rc=$?
    now_var b
    if out=$(collect "${T_FIFO[$id]}" 1 15000 "$type") && [ $rc -eq 0 ]; then
        te=$(lines_max_ts "$type" <<<"$out")
        rec control "${name}_tool_us" "N=1" "$id" "$rep" $((b - a)) us
        rec control "${name}_effect_us" "N=1" "$id" "$rep" $((te - a)) us
        [ "$type" = U ] && T_LAST[$id]=$te
    else
        log "$id: $name failed (rc=$rc)"
        rec control "${name}_tool_us" "N=1" "$id" "$rep" NA us
        rec control "${name}_effect_us" "N=1" "$id" "$rep" NA us
    fi
}

for ((rep = 1; rep <= REPS; rep++)); do
    for id in $(rotate "$rep" "${IMPLS[@]}"); do
        sleep_until_us $((T_LAST[$id] + GAP_US))
        op "$id" "$rep" down svc_down D
        op "$id" "$rep" up svc_up U
        sleep_until_us $((T_LAST[$id] + GAP_US))
        op "$id" "$rep" restart svc_restart U
    done
    log "rep $rep done"
done
for id in "${IMPLS[@]}"; do
    TREE=${T_DIR[$id]}; SCAN=${T_SCAN[$id]}; SCAN_PID=${T_PID[$id]}
    tree_stop "$id"; tree_close "$TREE"
done
log "control done"
