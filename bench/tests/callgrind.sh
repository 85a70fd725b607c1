#!/bin/bash
# callgrind.sh - instruction counts (Ir), repeatable on a noisy machine.
# valgrind --tool=callgrind follows fork and exec (--trace-children=yes,
# --dump-before=execve); the count is the sum over every process image.
# perf's hardware counters are not available on this VM ("perf stat -e
# instructions" says <not supported>), so callgrind is the counter.
#
# Parts (BENCH_CG_PARTS, default "control supervise scanner"; also: logger setuidgid):
#   logger    : logger (driver log_cmd) fed BENCH_CG_LINES lines (default 100000)
#   control   : the control command of svc_down / svc_up on a running tree
#               (only the tool the driver wraps with $BENCH_WRAP; for
#               daemontools that is "svc", without the svstat polling);
#               also the number of processes the command ran as (distinct
#               pids with a dump: s6-svc -w forks s6-ftrigrd and s6-svc)
#   supervise : the per-service supervisor alone (driver supervise_cmd),
#               run with 0 and with BENCH_CG_K (default 4) restarts;
#               Ir per restart = (Ir_K - Ir_0) / K
#   scanner   : the scanner (start_scan under $BENCH_WRAP, children not
#               followed) bringing up BENCH_CG_N (default 100) services and
#               shutting them down (needs a clean exit: svscan is killed by
#               SIGTERM, so no count for daemontools)
#   setuidgid : "setuidgid_cmd root /bin/true", minus /bin/true alone (root:
#               a process that dropped privileges cannot write its dump);
#               plus wall-clock time per exec as nobody (interleaved loops)
# Env: BENCH_IMPLS, BENCH_CG_REPS (default 2, to show repeatability)
source "$(dirname "$0")/../lib/common.sh"
bench_setup "$@"
load_impls
command -v valgrind >/dev/null || die "valgrind not installed"
PARTS=${BENCH_CG_PARTS:-"control supervise scanner"}
REPS=${BENCH_CG_REPS:-2}
CGL=${BENCH_CG_LINES:-100000}
K=${BENCH_CG_K:-4}
CGN=${BENCH_CG_N:-100}
log "callgrind: impls=${IMPL_LIST[*]} parts=$PARTS"
part() { [[ " $PARTS " == *" $1 "* ]]; }
cgdir() { local d; d=$(mktemp -d "$BENCH_TMP/cg.XXXX"); chmod 1777 "$d"; echo "$d"; }

# ---------------------------------------------------------------- logger
if part logger; then
    in=$BENCH_TMP/cg.in
    "$BT" gen "$CGL" 100 >"$in"
    for ((rep = 1; rep <= REPS; rep++)); do
        for id in $(impls_with log); do
            impl_has "$id" log_cmd || continue
            for v in $(icall "$id" log_variants); do
                d=$(cgdir); mkdir -p "$d/log"
                cmd=$(icall "$id" log_cmd "$d/log" "$v" 20)
                # shellcheck disable=SC2086
                cg_run "$d/cg" $cmd <"$in"
                ir=$(cg_sum "$d/cg")
                rec callgrind logger_Ir "lines=$CGL" "$id:$v" "$rep" "$ir" Ir
                rec callgrind logger_Ir_per_line "lines=$CGL" "$id:$v" "$rep" "$(awk -v a="$ir" -v n="$CGL" 'BEGIN{printf "%.1f", a/n}')" Ir
                log "logger $id:$v: $ir Ir"
                rm -rf "$d"
            done
        done
    done
fi

# --------------------------------------------------------------- control
if part control; then
    for id in $(impls_with scan); do
        tree_new "$id"; tree_populate "$id" 1; touch -d '-1 minute' "$SCAN" "$SCAN"/*
        tree_start "$id"
        collect "$FIFO" 1 30000 U >/dev/null || { log "$id: no start"; continue; }
        sleep 1.5
        for ((rep = 1; rep <= REPS; rep++)); do
            for opn in down up; do
                d=$(cgdir)
                impl_use "$id"
                BENCH_WRAP=$(cg_prefix "$d"); chmod 1777 "$d"
                cg_watch "$d" & wp=$!
                "svc_$opn" "$SCAN" svc000 >/dev/null 2>&1 9>/dev/null
                kill "$wp"; wait "$wp" 2>/dev/null
                # root = the control tool's pid: the pid of the dump whose
                # first image is the tool (lowest renamed sequence number)
                ls "$d" | sed -n 's/^cg\.\([0-9]*\)\.s\(.*\)/\2 \1/p' | sort | head -1 | cut -d' ' -f2 >"$d.root"
                BENCH_WRAP=
                if [ $opn = down ]; then collect "$FIFO" 1 15000 D >/dev/null; else collect "$FIFO" 1 15000 U >/dev/null; fi
                ir=$(cg_sum "$d")
                np=$(ls "$d" | sed -n 's/^cg\.\([0-9]*\)\..*/\1/p' | sort -u | wc -l)
                rec callgrind "control_${opn}_Ir" "N=1" "$id" "$rep" "$ir" Ir
                rec callgrind "control_${opn}_processes" "N=1" "$id" "$rep" "$np" procs
                log "control $id $opn: $ir Ir, $np processes"
                rm -rf "$d"
                sleep 1.2
            done
        done
        tree_stop "$id"; tree_close "$TREE"
    done
fi

# ------------------------------------------------------------- supervise
if part supervise; then
    for id in "${IMPL_LIST[@]}"; do
        impl_has "$id" supervise_cmd || continue
        for kk in 0 "$K"; do
            for ((rep = 1; rep <= REPS; rep++)); do
                tree_new "$id"; tree_populate "$id" 1
                d=$(cgdir)
                sv=$(icall "$id" supervise_cmd "$SCAN/svc000")
                # children not followed: only the supervisor is counted
                # shellcheck disable=SC2086
                valgrind --tool=callgrind --trace-children=no --dump-instr=no \
                    --callgrind-out-file="$d/cg.%p.%n" --log-file="$d/vg.log" $sv </dev/null >/dev/null 2>&1 &
                vp=$!
                out=$(collect "$FIFO" 1 30000 U) || { log "$id: supervise did not start"; kill "$vp"; continue; }
                spid=$(awk '$1=="U"{p=$3} END{print p}' <<<"$out")
                for ((k = 0; k < kk; k++)); do
                    sleep 1.5
                    kill -USR1 "$spid"
                    out=$(collect "$FIFO" 1 30000 U) || break
                    spid=$(awk '$1=="U"{p=$3} END{print p}' <<<"$out")
                done
                sleep 1.5
                icall "$id" supervise_exit "$SCAN/svc000" >/dev/null 2>&1
                for ((i = 0; i < 500; i++)); do alive "$vp" || break; sleep 0.02; done
                alive "$vp" && { kill -TERM "$vp"; log "$id: supervisor did not exit"; }
                wait "$vp" 2>/dev/null
                ir=$(cg_sum "$d" "$vp.")   # the supervisor process only
                rec callgrind supervise_Ir "restarts=$kk" "$id" "$rep" "$ir" Ir
                log "supervise $id restarts=$kk: $ir Ir"
                rm -rf "$d"; tree_close "$TREE"
            done
        done
    done
fi

# per-restart Ir from the medians of restarts=0 and restarts=K
if part supervise; then
    for id in "${IMPL_LIST[@]}"; do
        impl_has "$id" supervise_cmd || continue
        v=$(awk -F'\t' -v id="$id" -v k="restarts=$K" '
            $1=="callgrind" && $2=="supervise_Ir" && $4==id && $6!="NA" {
                if ($3=="restarts=0") {a[++na]=$6} else if ($3==k) {b[++nb]=$6} }
            function med(x, n,   i, j, t) { for (i=2;i<=n;i++){t=x[i];for(j=i-1;j>0&&x[j]>t;j--)x[j+1]=x[j];x[j+1]=t}
                return (n%2)? x[(n+1)/2] : (x[n/2]+x[n/2+1])/2 }
            END { if (na && nb) printf "%.0f", (med(b,nb)-med(a,na))/'"$K"'; else print "NA" }' "$RAW")
        rec callgrind supervise_Ir_per_restart "K=$K" "$id" 1 "$v" Ir
    done
fi

# --------------------------------------------------------------- scanner
if part scanner; then
    for ((rep = 1; rep <= REPS; rep++)); do
        for id in $(impls_with scan); do
            tree_new "$id"; tree_populate "$id" "$CGN"; touch -d '-1 minute' "$SCAN" "$SCAN"/*
            d=$(cgdir)
            BENCH_WRAP="valgrind --tool=callgrind --trace-children=no --dump-instr=no --callgrind-out-file=$d/cg.%p.%n --log-file=$d/vg.log"
            tree_start "$id"
            BENCH_WRAP=
            if collect "$FIFO" "$CGN" 120000 U >/dev/null; then
                sleep 1.5
                vp=$SCAN_PID
                # under valgrind a scanner may not see SIGTERM (skalibs'
                # signalfd): drivers stop through the control fifo instead
                BENCH_STOP_CTL=1 tree_stop "$id"
                ir=$(cg_sum "$d" "$vp.")   # the scanner process only
                rec callgrind scanner_start_stop_Ir "N=$CGN" "$id" "$rep" "$ir" Ir
                log "scanner $id: $ir Ir"
            else
                log "$id: scanner under valgrind did not start all services"
                tree_stop "$id"
            fi
            rm -rf "$d"; tree_close "$TREE"
        done
    done
fi

# ------------------------------------------------------------- setuidgid
if part setuidgid; then
    ids=($(impls_with setuidgid))
    # counted as user root: a process that has dropped to another user
    # cannot write its callgrind dump into files created by the root images
    d=$(cgdir); cg_run "$d" /bin/true; base=$(cg_sum "$d"); rm -rf "$d"
    for ((rep = 1; rep <= REPS; rep++)); do
        for id in "${ids[@]}"; do
            pre=$(icall "$id" setuidgid_cmd root)
            d=$(cgdir)
            # shellcheck disable=SC2086
            cg_run "$d" $pre /bin/true
            ir=$(cg_sum "$d")
            if [ "$ir" != NA ] && [ "$base" != NA ]; then v=$((ir - base)); else v=NA; fi
            rec callgrind setuidgid_Ir_excl_true "user=root" "$id" "$rep" "$v" Ir
            log "setuidgid $id: $v Ir (+ /bin/true $base)"
            rm -rf "$d"
        done
    done
    # wall clock: BENCH_SU_ROUNDS rounds x 50 execs, interleaved
    rounds=${BENCH_SU_ROUNDS:-20}
    for ((r = 1; r <= rounds; r++)); do
        for id in $(rotate "$r" base "${ids[@]}"); do
            if [ "$id" = base ]; then pre=; else pre=$(icall "$id" setuidgid_cmd nobody); fi
            now_var a
            for ((i = 0; i < 50; i++)); do $pre /bin/true; done
            now_var b
            rec setuidgid exec_us_per_call "user=nobody" "${id/#base/bin-true-alone}" "$r" $(((b - a) / 50)) us
        done
    done
fi
log "callgrind done"
