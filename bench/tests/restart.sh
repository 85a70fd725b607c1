#!/bin/bash
# restart.sh - restart latency: from the supervised child's death until the
# new child has exec'd.  One tree with one service per implementation, all
# running at the same time; each repetition kills (SIGUSR1 -> the service
# stamps its death time and _exit(1)s) each implementation's child in turn,
# at least BENCH_GAP seconds after that child started (so the 1-restart-per-
# second throttles of s6-supervise/runsv do not apply: "first restart after a
# long-lived run").  Then BENCH_THR_REPS extra kills right after a restart
# show each implementation's throttle.  Last, a crash loop: a service whose
# run stamps its start and exits 1 at once ("bt crash"), watched for
# BENCH_CL_WINDOW seconds per implementation: starts, starts per second and
# the shortest and median interval between two starts (a supervisor that
# throttles to 1 start/s shows intervals of about 1 s).
#
# Env: BENCH_IMPLS, BENCH_REPS (default 15), BENCH_GAP (default 1.5),
#      BENCH_THR_REPS (default 3), BENCH_CL_WINDOW (default 5, 0 = skip),
#      BENCH_OUT, BENCH_RUN_MODE.
BENCH_IMPLS=${BENCH_IMPLS:-"s6 s6-notify runit daemontools tend"}
source "$(dirname "$0")/../lib/common.sh"
bench_setup "$@"
load_impls
REPS=${BENCH_REPS:-15}
GAP_US=$(awk -v g="${BENCH_GAP:-1.5}" 'BEGIN{printf "%d", g*1000000}')
THR=${BENCH_THR_REPS:-3}
IMPLS=($(impls_with scan))
declare -A T_DIR T_SCAN T_FIFO T_PID T_SVC T_LAST
for id in "${IMPLS[@]}"; do
    tree_new "$id"; tree_populate "$id" 1; touch -d '-1 minute' "$SCAN" "$SCAN"/*
    tree_start "$id"
    out=$(collect "$FIFO" 1 30000 U) || die "$id: service did not start"
    T_DIR[$id]=$TREE; T_SCAN[$id]=$SCAN; T_FIFO[$id]=$FIFO; T_PID[$id]=$SCAN_PID
    T_SVC[$id]=$(awk '$1=="U"{p=$3} END{print p}' <<<"$out")
    T_LAST[$id]=$(lines_max_ts U <<<"$out")
done
log "restart: impls=${IMPLS[*]} reps=$REPS"

# kill_once ID -> sets KLAT (latency in us), updates T_SVC / T_LAST
kill_once() {
    local id=$1 out tx tu
    KLAT=NA
    kill -USR1 "${T_SVC[$id]}" || return 1
    out=$(collect "${T_FIFO[$id]}" 1 20000 U) || return 1
    tx=$(lines_max_ts X <<<"$out"); tu=$(lines_max_ts U <<<"$out")
    T_SVC[$id]=$(awk '$1=="U"{p=$3} END{print p}' <<<"$out")
    T_LAST[$id]=$tu
    KLAT=$((tu - tx))
}

for ((rep = 1; rep <= REPS; rep++)); do
    for id in $(rotate "$rep" "${IMPLS[@]}"); do
        sleep_until_us $((T_LAST[$id] + GAP_US))
        kill_once "$id"
        rec restart latency_us "after-long-run" "$id" "$rep" "$KLAT" us
    done
    log "rep $rep done"
done
# throttled: kill again 50 ms after the restart
for ((rep = 1; rep <= THR; rep++)); do
    for id in "${IMPLS[@]}"; do
        sleep_until_us $((T_LAST[$id] + GAP_US))
        kill_once "$id"
        sleep 0.05
        kill_once "$id"
        rec restart latency_us "2nd-kill-50ms-after-start" "$id" "$rep" "$KLAT" us
    done
done
for id in "${IMPLS[@]}"; do
    TREE=${T_DIR[$id]}; SCAN=${T_SCAN[$id]}; SCAN_PID=${T_PID[$id]}
    tree_stop "$id"; tree_close "$TREE"
done
# crash loop
CLW=${BENCH_CL_WINDOW:-5}
if [ "$CLW" != 0 ]; then
    for id in "${IMPLS[@]}"; do
        tree_new "$id"
        icall "$id" make_service "$SCAN" svc000 "$BT crash $FIFO svc000" || { tree_close "$TREE"; continue; }
        touch -d '-1 minute' "$SCAN" "$SCAN"/*
        tree_start "$id"
        if ! first=$(collect "$FIFO" 1 30000 U); then
            log "$id: crash-looping service never started"; tree_stop "$id"; tree_close "$TREE"; continue
        fi
        # the first start, then every line read within the window (collect
        # exits 1 at its timeout)
        out=$first$'\n'$(collect "$FIFO" 1000000 "$((CLW * 1000))" U 2>/dev/null)
        tree_stop "$id"
        # n = starts after the first one, within the window
        read -r n mn md < <(awk '$1=="U"{t[++n]=$4+0}
            END { m = 0; for (i = 2; i <= n; i++) d[++m] = t[i] - t[i - 1]
                  for (i = 2; i <= m; i++) { x = d[i]; for (j = i - 1; j > 0 && d[j] > x; j--) d[j + 1] = d[j]; d[j + 1] = x }
                  if (m == 0) { print 0, "NA", "NA"; exit }
                  printf "%d %d %d\n", m, d[1], (m % 2) ? d[(m + 1) / 2] : (d[m / 2] + d[m / 2 + 1]) / 2 }' <<<"$out")
        rec restart crashloop_starts "window=${CLW}s" "$id" 1 "$n" starts
        # rate = 1 / median interval between two starts
        rec restart crashloop_starts_per_s "window=${CLW}s" "$id" 1 "$(awk -v d="$md" 'BEGIN{if (d + 0 > 0) printf "%.2f", 1e6/d; else print "NA"}')" "1/s"
        rec restart crashloop_min_interval_us "window=${CLW}s" "$id" 1 "$mn" us
        rec restart crashloop_median_interval_us "window=${CLW}s" "$id" 1 "$md" us
        log "crash loop $id: $n starts in ${CLW} s, shortest interval $mn us"
        tree_close "$TREE"
    done
fi
log "restart done"
