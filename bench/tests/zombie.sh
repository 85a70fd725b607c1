#!/bin/bash
# zombie.sh - zombie reaping as PID 1 of a fresh PID namespace.
# For each implementation able to run as PID 1 (driver function pid1_cmd),
# start it with  unshare --pid --fork --mount-proc  (empty scan directory /
# a "sleep" child for single-child inits), then enter the namespace with
# nsenter and run "bt zombies N": it forks N children through an
# intermediate process that exits (so all N are reparented to PID 1), then
# releases them at once.  Measured from the release:
#   exited_ms : all N have exited (pidfds readable)
#   reaped_ms : all N have been reaped by PID 1 (pids gone)
#   lag_ms    : reaped - exited (the reaper's tail)
#   init_cpu_ms : CPU time PID 1 consumed during the burst (schedstat)
# Env: BENCH_IMPLS (default: s6 runit daemontools tend) plus
#      BENCH_PID1_EXTRA (default: minreaper), BENCH_REPS (default 3), BENCH_NZ (default 10000),
#      BENCH_ZTIMEOUT (default 20 s; past it, the number reaped is recorded)
BENCH_IMPLS="${BENCH_IMPLS:-"s6 runit daemontools tend"} ${BENCH_PID1_EXTRA-"minreaper"}"
source "$(dirname "$0")/../lib/common.sh"
bench_setup "$@"
load_impls
REPS=${BENCH_REPS:-3}
NZ=${BENCH_NZ:-10000}
ZTO=${BENCH_ZTIMEOUT:-20}   # seconds; slower reapers are reported as a rate
IMPLS=($(impls_with pid1))
unshare --pid --fork --mount-proc true 2>/dev/null || die "unshare --pid not permitted here"
log "zombie: impls=${IMPLS[*]} N=$NZ reps=$REPS"

cpu_ns() { awk '{print $1}' "/proc/$1/schedstat" 2>/dev/null || echo 0; }

for ((rep = 1; rep <= REPS; rep++)); do
    for id in $(rotate "$rep" "${IMPLS[@]}"); do
        d=$(mktemp -d "$BENCH_TMP/z-$id.XXXX"); mkdir -p "$d/scan"
        cmd=$(icall "$id" pid1_cmd "$d/scan")
        # shellcheck disable=SC2086
        unshare --pid --fork --mount-proc $cmd </dev/null >"$d/out" 2>&1 &
        u=$!
        p1=
        for ((i = 0; i < 200; i++)); do
            p1=$(cat /proc/$u/task/$u/children 2>/dev/null); p1=${p1// /}
            [ -n "$p1" ] && break; sleep 0.01
        done
        [ -n "$p1" ] || { log "$id: no pid 1"; kill "$u"; continue; }
        sleep "${BENCH_ZSETTLE:-1}"   # let the init settle
        c0=$(cpu_ns "$p1")
        res=$(nsenter -t "$p1" -p -m -- "$BT" zombies "$NZ" "$ZTO" 2>>"$d/out")
        c1=$(cpu_ns "$p1")
        read -r n create exited reaped nreaped <<<"$res"
        if [ -n "$reaped" ] && [ "$reaped" != NA ]; then
            rec zombie reaped_ms "N=$n" "$id" "$rep" "$(awk -v v="$reaped" 'BEGIN{printf "%.1f", v/1000}')" ms
            rec zombie exited_ms "N=$n" "$id" "$rep" "$(awk -v v="$exited" 'BEGIN{printf "%.1f", v/1000}')" ms
            rec zombie lag_ms "N=$n" "$id" "$rep" "$(awk -v a="$reaped" -v b="$exited" 'BEGIN{printf "%.1f", (a-b)/1000}')" ms
            rec zombie init_cpu_ms "N=$n" "$id" "$rep" "$(awk -v a="$c1" -v b="$c0" 'BEGIN{printf "%.1f", (a-b)/1e6}')" ms
        else
            rec zombie reaped_ms "N=$NZ" "$id" "$rep" NA ms
            rec zombie reaped_within_timeout "N=$NZ" "$id" "$rep" "${nreaped:-NA}" zombies
            rec zombie reap_rate_per_s "N=$NZ" "$id" "$rep" "$(awk -v a="${nreaped:-0}" -v t="$ZTO" 'BEGIN{printf "%.0f", a/t}')" "1/s"
            log "$id: $(tail -2 "$d/out")"
        fi
        log "rep $rep $id: $res (create/exit/reap us) cpu $(( (c1 - c0) / 1000 )) us"
        # stop PID 1: TERM (needs a handler in a pid ns), then KILL
        kill -TERM "$p1" 2>/dev/null
        for ((i = 0; i < 100; i++)); do alive "$u" || break; sleep 0.02; done
        alive "$u" && kill -KILL "$p1" 2>/dev/null
        wait "$u" 2>/dev/null
        rm -rf "$d"
    done
done
log "zombie done"
