#!/bin/bash
# summary.sh RAW.tsv - the measurements issue 2 asks for, one row each:
# median (min-max) per implementation, the ratio tend / s6, issue 2's
# target for tend and whether it is met.  Markdown on stdout.
raw=${1:?usage: summary.sh RAW.tsv}
IMPLS=${SUMMARY_IMPLS:-"tend s6 runit daemontools"}

# "test|metric|param|impl<TAB>median<TAB>min<TAB>max<TAB>n" for every group
declare -A MED MIN MAX CNT
while IFS=$'\t' read -r k md mn mx n; do
    MED[$k]=$md; MIN[$k]=$mn; MAX[$k]=$mx; CNT[$k]=$n
done < <(awk -F'\t' '
    NR == 1 || $6 == "NA" || $6 == "" { next }
    { k = $1 "|" $2 "|" $3 "|" $4; n[k]++; v[k, n[k]] = $6 + 0 }
    END {
        for (k in n) {
            m = n[k]
            for (i = 2; i <= m; i++) { t = v[k, i]; for (j = i - 1; j > 0 && v[k, j] > t; j--) v[k, j + 1] = v[k, j]; v[k, j + 1] = t }
            md = (m % 2) ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2
            printf "%s\t%.6f\t%.6f\t%.6f\t%d\n", k, md, v[k, 1], v[k, m], m
        }
    }' "$raw")

# num VALUE SCALE : VALUE/SCALE with a sensible number of digits
num() {
    awk -v v="$1" -v s="$2" 'BEGIN { x = v / s; a = (x < 0) ? -x : x
        if (x == int(x)) printf "%d", x; else if (a >= 10000) printf "%.0f", x; else if (a >= 100) printf "%.0f", x
        else if (a >= 10) printf "%.1f", x; else printf "%.2f", x }'
}
# cell KEY IMPL SCALE : "median (min-max)" or "-"
cell() {
    local k="$1|$2"
    [ -n "${MED[$k]:-}" ] || { printf -- '-'; return; }
    if [ "${CNT[$k]}" -gt 1 ]; then
        printf '%s (%s–%s)' "$(num "${MED[$k]}" "$3")" "$(num "${MIN[$k]}" "$3")" "$(num "${MAX[$k]}" "$3")"
    else
        printf '%s' "$(num "${MED[$k]}" "$3")"
    fi
}
med() { echo "${MED[$1|$2]:-}"; }
ratio() {
    local a b; a=$(med "$1" "$2"); b=$(med "$1" "$3")
    [ -n "$a" ] && [ -n "$b" ] || { printf -- '-'; return; }
    awk -v a="$a" -v b="$b" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'
}
# verdict EXPR : awk condition on variables t (tend median), s (s6), r (runit),
# m (minreaper), p (tend processes); "met", "not met" or "n/a"
verdict() {
    local cond=$1 t=$2 s=${3:-} r=${4:-} m=${5:-} p=${6:-}
    [ -n "$t" ] || { printf 'n/a (no tend value)'; return; }
    awk -v t="$t" -v s="${s:-0}" -v r="${r:-0}" -v m="${m:-0}" -v p="${p:-0}" \
        "BEGIN { if ($cond) print \"met\"; else print \"**not met**\" }"
}

# row LABEL KEY SCALE TARGET VERDICT
row() {
    local label=$1 key=$2 scale=$3 target=$4 v=$5 i
    printf '| %s |' "$label"
    for i in $IMPLS; do printf ' %s |' "$(cell "$key" "$i" "$scale")"; done
    printf ' %s | %s | %s |\n' "$(ratio "$key" tend s6)" "$target" "$v"
}
# row_alt LABEL KEY SCALE ALT_IMPL : ALT_IMPL's value in tend's column
row_alt() {
    local label=$1 key=$2 scale=$3 alt=$4 i
    [ -n "$(med "$key" "$alt")" ] || return 0
    printf '| %s | %s |' "$label" "$(cell "$key" "$alt" "$scale")"
    for i in $IMPLS; do [ "$i" = tend ] || printf ' |'; done
    printf ' %s | | |\n' "$(ratio "$key" "$alt" s6)"
}

K_UP1='startup|latency_us|N=1'; K_UP10='startup|latency_us|N=10'
K_UP100='startup|latency_us|N=100'; K_UP100L='startup|latency_us|N=100+log'
K_PSS='memory|pss_per_service_KiB|N=100'; K_PSSL='memory|pss_per_service_KiB|N=100+log'
K_PSSSL='memory|pss_supervision_per_service_KiB|N=100+log'
K_PSUP='memory|pss_per_supervisor_KiB|N=100'
K_RST='restart|latency_us|after-long-run'; K_THR='restart|latency_us|2nd-kill-50ms-after-start'
K_CLMIN='restart|crashloop_min_interval_us|window=5s'; K_CLN='restart|crashloop_starts_per_s|window=5s'
K_DT='control|down_tool_us|N=1'; K_UT='control|up_tool_us|N=1'
K_DE='control|down_effect_us|N=1'; K_UE='control|up_effect_us|N=1'
K_DIR='callgrind|control_down_Ir|N=1'; K_UIR='callgrind|control_up_Ir|N=1'
K_DP='callgrind|control_down_processes|N=1'; K_UP='callgrind|control_up_processes|N=1'
K_SD10='shutdown|command_returned_us|N=10'; K_SD100='shutdown|command_returned_us|N=100'
K_SG10='shutdown|all_exited_us|N=10'; K_SG100='shutdown|all_exited_us|N=100'
K_SG100L='shutdown|all_exited_us|N=100+log'
K_Z='zombie|reaped_ms|N=10000'
K_SIR='callgrind|supervise_Ir_per_restart|K=4'; K_SCIR='callgrind|scanner_start_stop_Ir|N=100'
# the crash-loop window may have been changed
for k in "${!MED[@]}"; do
    case $k in restart\|crashloop_min_interval_us\|*) K_CLMIN=${k%|*} ;; restart\|crashloop_starts_per_s\|*) K_CLN=${k%|*} ;; esac
done

# issue 2's tables, when the run has one of its tests
issue2=
for k in "${!MED[@]}"; do
    case $k in startup\|*|memory\|*|restart\|*|control\|*|callgrind\|*|shutdown\|*|zombie\|*) issue2=1; break ;; esac
done
if [ -n "$issue2" ]; then
    echo "## Issue 2 measurements: median (min–max)"
    echo
    printf '| measure |'; for i in $IMPLS; do printf ' %s |' "$i"; done; printf ' tend/s6 | target for tend | verdict |\n'
    printf '|---|'; for i in $IMPLS; do printf -- '---:|'; done; printf -- '---:|---|---|\n'
    row "start-up, N=1 (ms)" "$K_UP1" 1000 "" ""
    row "start-up, N=10 (ms)" "$K_UP10" 1000 "" ""
    row "start-up, N=100 (ms)" "$K_UP100" 1000 "≤ 0.5 × s6" "$(verdict 't <= 0.5 * s' "$(med "$K_UP100" tend)" "$(med "$K_UP100" s6)")"
    row "start-up, N=100, each with a logger (ms)" "$K_UP100L" 1000 "" ""
    row_alt "… tend with s6-log as the logger (ms)" "$K_UP100L" 1000 tend_s6log
    row "PSS per service, N=100 (KiB)" "$K_PSS" 1 "≤ 32" "$(verdict 't <= 32' "$(med "$K_PSS" tend)")"
    row "PSS per supervise process, N=100 (KiB)" "$K_PSUP" 1 "" ""
    row "PSS per service, N=100 with a logger (KiB)" "$K_PSSL" 1 "≤ 100" "$(verdict 't <= 100' "$(med "$K_PSSL" tend)")"
    row "… of which scanner + supervisors (KiB)" "$K_PSSSL" 1 "" ""
    row "PSS per logger process, N=100 (KiB)" "memory|pss_per_logger_KiB|N=100+log" 1 "" ""
    row_alt "PSS per service with a logger, tend with s6-log (KiB)" "$K_PSSL" 1 tend_s6log
    row "restart after a run of > 1 s (ms)" "$K_RST" 1000 "≤ runit" "$(verdict 't <= r' "$(med "$K_RST" tend)" "" "$(med "$K_RST" runit)")"
    row "2nd crash 50 ms after a restart: restarted after (ms)" "$K_THR" 1000 "" ""
    row "crash loop: shortest interval between starts (ms)" "$K_CLMIN" 1000 "≥ ~1000 (1 start/s)" "$(verdict 't >= 950000' "$(med "$K_CLMIN" tend)")"
    row "crash loop: starts per second (1 / median interval)" "$K_CLN" 1 "≤ 1" "$(verdict 't <= 1.05' "$(med "$K_CLN" tend)")"
    row "\`svc -wd -d\`: until the tool returns (ms)" "$K_DT" 1000 "" ""
    row "\`svc -wd -d\`: until the service got SIGTERM (ms)" "$K_DE" 1000 "" ""
    row "\`svc -wu -u\`: until the tool returns (ms)" "$K_UT" 1000 "" ""
    row "\`svc -wu -u\`: until run exec'd (ms)" "$K_UE" 1000 "" ""
    row "\`svc -wd -d\`: instructions (Ir)" "$K_DIR" 1 "< 150 k" "$(verdict 't < 150000' "$(med "$K_DIR" tend)")"
    row "\`svc -wu -u\`: instructions (Ir)" "$K_UIR" 1 "< 150 k" "$(verdict 't < 150000' "$(med "$K_UIR" tend)")"
    row "\`svc -wd -d\`: processes" "$K_DP" 1 "1 (no helper)" "$(verdict 't == 1' "$(med "$K_DP" tend)")"
    row "stop signal to scanner exit, N=10 (ms)" "$K_SD10" 1000 "" ""
    row "stop signal to scanner exit, N=100 (ms)" "$K_SD100" 1000 "≤ 0.5 × s6" "$(verdict 't <= 0.5 * s' "$(med "$K_SD100" tend)" "$(med "$K_SD100" s6)")"
    row "stop to every process gone, N=10 (ms)" "$K_SG10" 1000 "" ""
    row "stop to every process gone, N=100 (ms)" "$K_SG100" 1000 "≤ 0.5 × s6" "$(verdict 't <= 0.5 * s' "$(med "$K_SG100" tend)" "$(med "$K_SG100" s6)")"
    row "stop to every process gone, N=100 with loggers (ms)" "$K_SG100L" 1000 "" ""
    row_alt "… tend with s6-log as the logger (ms)" "$K_SG100L" 1000 tend_s6log
    row "supervisor instructions per restart (Ir)" "$K_SIR" 1 "" ""
    row "scanner instructions, start + stop of 100 services (Ir)" "$K_SCIR" 1 "" ""
    echo
    z_t=$(med "$K_Z" tend); z_m=$(med "$K_Z" minreaper)
    printf '| 10,000 orphaned zombies reaped as PID 1 (ms) | tend | s6 | runit | daemontools | minimal reaper | tend/reaper | target | verdict |\n'
    printf '|---|---:|---:|---:|---:|---:|---:|---|---|\n'
    printf '| all reaped after | %s | %s | %s | %s | %s | %s | ≤ 1.2 × minimal reaper | %s |\n' \
        "$(cell "$K_Z" tend 1)" "$(cell "$K_Z" s6 1)" "$(cell "$K_Z" runit 1)" "$(cell "$K_Z" daemontools 1)" "$(cell "$K_Z" minreaper 1)" \
        "$(ratio "$K_Z" tend minreaper)" "$(verdict 't <= 1.2 * m' "$z_t" "" "" "$z_m")"
fi

# issue 3: tend-log next to s6-log, svlogd and multilog (tests/log.sh)
lk= ck= ik=
for k in "${!MED[@]}"; do
    case $k in
        "log|lines_per_s|"*"|tend") lk=${k%|tend} ;;
        "log|instructions_per_line|"*"|tend") ck=${k%|tend} ;;
        "log|integrity_ok|"*"|tend") ik=${k%|tend} ;;
    esac
done
if [ -n "$lk" ]; then
    mk=${lk/|lines_per_s|/|MB_per_s|}
    echo
    echo "## Issue 3: tend-log (${lk#log|lines_per_s|}): median (min–max)"
    echo
    printf '| measure |'; for i in $IMPLS; do printf ' %s |' "$i"; done; printf ' tend/s6 | target for tend | verdict |\n'
    printf '|---|'; for i in $IMPLS; do printf -- '---:|'; done; printf -- '---:|---|---|\n'
    row "lines per second" "$lk" 1 "≥ 1.5 × s6" "$(verdict 't >= 1.5 * s' "$(med "$lk" tend)" "$(med "$lk" s6)")"
    row "MB per second" "$mk" 1 "" ""
    row_alt "… tend-log, prefix format to stdout (lines/s)" "$lk" 1 tend/prefix
    row_alt "… tend-log, JSON to stdout (lines/s)" "$lk" 1 tend/json
    [ -n "$ck" ] && row "instructions per line (${ck#log|instructions_per_line|})" "$ck" 1 "≤ 2,000" "$(verdict 't <= 2000' "$(med "$ck" tend)")"
    [ -n "$ck" ] && row_alt "… prefix format to stdout" "$ck" 1 tend/prefix
    [ -n "$ck" ] && row_alt "… JSON to stdout" "$ck" 1 tend/json
    [ -n "$ik" ] && row "every line, in order, once (1 = yes)" "$ik" 1 "no line lost" "$(verdict 't == 1' "$(med "$ik" tend)")"
fi

# issue 5: the container overlay (tests/overlay.sh); s6-overlay's column
# quotes research/s6-overlay-anchor.md, it is not measured here
if [ -n "$(med 'overlay|tarball_xz_bytes|-' tend)$(med 'overlay|cmd_us|N=10' tend)$(med 'overlay|cmd_us|N=0' tini)" ]; then
    OVL="tend tend_wait s6 tini dumb_init none"
    # codes TEST|METRIC IMPL : "7 (10/10)" when every value is the same,
    # else each value with its count (every number of services)
    codes() {
        awk -F'\t' -v k="$1" -v i="$2" '
            $1 "|" $2 == k && $4 == i { n++; c[$6]++ }
            END { if (!n) { printf "-"; exit }
                  s = ""; for (v in c) s = s (s == "" ? "" : ", ") v " (" c[v] "/" n ")"; printf "%s", s }' "$raw"
    }
    # codes_ok TEST|METRIC IMPL CODE : met when every recorded code is CODE
    codes_ok() {
        awk -F'\t' -v k="$1" -v i="$2" -v want="$3" '
            $1 "|" $2 == k && $4 == i { n++; if ($6 != want) bad++ }
            END { if (!n) print "n/a (no tend value)"; else if (bad) print "**not met**"; else print "met" }' "$raw"
    }
    orow() {
        local label=$1 key=$2 scale=$3 anchor=$4 target=$5 v=$6 i
        printf '| %s |' "$label"
        for i in $OVL; do printf ' %s |' "$(cell "$key" "$i" "$scale")"; done
        printf ' %s | %s | %s |\n' "$anchor" "$target" "$v"
    }
    crow() {
        local label=$1 key=$2 anchor=$3 target=$4 want=$5 i
        printf '| %s |' "$label"
        for i in $OVL; do printf ' %s |' "$(codes "$key" "$i")"; done
        printf ' %s | %s | %s |\n' "$anchor" "$target" "$(codes_ok "$key" tend "$want")"
    }
    K_C0='overlay|cmd_us|N=0'; K_C10='overlay|cmd_us|N=10'
    K_Y0='overlay|cycle_us|N=0'; K_Y10='overlay|cycle_us|N=10'
    K_S0='overlay|stop_us|N=0'; K_S10='overlay|stop_us|N=10'
    K_M0='overlay|pss_tree_KiB|N=0'; K_M10='overlay|pss_tree_KiB|N=10'
    echo
    echo "## Issue 5: container overlay: median (min–max)"
    echo
    echo "Each column boots its init as process 1 of fresh namespaces, chrooted into a busybox root (bench/tests/overlay.sh). tend (wait): TEND_CMD_WAIT_FOR_SERVICES=1. s6 tree: Debian's s6-svscan started by an equivalent execline script. CMD alone: no init at all (the floor). The s6-overlay column is quoted from research/s6-overlay-anchor.md (s6-overlay v3.2.3.2 built from source on this machine, measured the same way on another day): **not measured in this run**."
    echo
    printf '| measure |'; for i in $OVL; do case $i in tend_wait) printf ' tend (wait) |' ;; s6) printf ' s6 tree |' ;; dumb_init) printf ' dumb-init |' ;; none) printf ' CMD alone |' ;; *) printf ' %s |' "$i" ;; esac; done
    printf ' s6-overlay (quoted) | target for tend | verdict |\n'
    printf '|---|'; for i in $OVL; do printf -- '---:|'; done; printf -- '---:|---|---|\n'
    orow "init start to CMD exec, 0 services (ms)" "$K_C0" 1000 "33 at best; medians 51–62" "" ""
    orow "init start to CMD exec, 10 services (ms)" "$K_C10" 1000 "46 at best; medians 57–82 (services up first)" "< 15" "$(verdict 't < 15000' "$(med "$K_C10" tend)")$( [ -n "$(med "$K_C10" tend_wait)" ] && printf '; wait: %s' "$(verdict 't < 15000' "$(med "$K_C10" tend_wait)")")"
    orow "… services up before the CMD (of 10)" 'overlay|services_up_before_cmd|N=10' 1 "10" "" ""
    orow "… programs exec'd from the init to the CMD, 0 services (one strace)" 'overlay|execs_to_cmd|N=0' 1 "" "" ""
    orow "… programs exec'd from the init to the CMD, 10 services (one strace)" 'overlay|execs_to_cmd|N=10' 1 "" "" ""
    orow "boot and stop, CMD \`true\`, 0 services (ms)" "$K_Y0" 1000 "3,096 (1,031 with S6_KILL_GRACETIME=0)" "" ""
    orow "boot and stop, CMD \`true\`, 10 services (ms)" "$K_Y10" 1000 "3,122 (1,033 with S6_KILL_GRACETIME=0)" "" ""
    orow "docker stop (SIGTERM to process 1 until it is gone), CMD only (ms)" "$K_S0" 1000 "" "" ""
    orow "docker stop, 10 services that exit on SIGTERM (ms)" "$K_S10" 1000 "3,044 (33 with S6_KILL_GRACETIME=0)" "< 50" "$(verdict 't < 50000' "$(med "$K_S10" tend)")"
    crow "exit code, CMD exits 7 (0 and 10 services)" 'overlay|cmd_exit' "kept" "always 7" 7
    crow "exit code, CMD \`true\`" 'overlay|cycle_exit' "0" "always 0" 0
    crow "exit code after docker stop, CMD exits 3 on SIGTERM" 'overlay|stop_exit' "0 (lost; kept only with S6_CMD_RECEIVE_SIGNALS=1)" "always 3" 3
    orow "idle tree PSS without services and CMD, 0 services (kB)" "$K_M0" 1 "348 (6 processes)" "" ""
    orow "idle tree PSS without services and CMD, 10 services (kB)" "$K_M10" 1 "556–576 (16 processes)" "< 280 (half of s6-overlay's)" "$(verdict 't < 280' "$(med "$K_M10" tend)")"
    orow "… per service (tree / 10) (kB)" 'overlay|pss_tree_per_service_KiB|N=10' 1 "56–58" "" ""
    printf '| … added per service ((10 services − 0) / 10) (kB) |'
    for i in $OVL; do
        a=$(med "$K_M10" "$i") b=$(med "$K_M0" "$i")
        if [ -n "$a" ] && [ -n "$b" ]; then printf ' %s |' "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", (a - b) / 10 }')"; else printf ' - |'; fi
    done
    printf ' 21–23 | | |\n'
    orow "… of which process 1, 10 services (kB)" 'overlay|pss_pid1_KiB|N=10' 1 "104–112 (s6-svscan)" "" ""
    orow "… each supervisor, 10 services (kB)" 'overlay|pss_per_supervisor_KiB|N=10' 1 "16–28 (13 s6-supervise)" "" ""
    orow "… the others, 10 services (kB)" 'overlay|pss_others_KiB|N=10' 1 "124–132 (shutdownd, s6-ipcserverd)" "" ""
    orow "… processes in the tree, 10 services" 'overlay|tree_processes|N=10' 1 "16" "" ""
    orow "… the 10 services themselves (kB)" 'overlay|pss_services_KiB|N=10' 1 "308–316 (s6-pause)" "" ""
    orow "tarball, compressed (bytes)" 'overlay|tarball_xz_bytes|-' 1 "726,788 (733,928 with noarch)" "< 1,200,000" "$(verdict 't < 1200000' "$(med 'overlay|tarball_xz_bytes|-' tend)")"
    orow "tarball, uncompressed tar stream (bytes)" 'overlay|tarball_tar_bytes|-' 1 "7,260,160 (+71,680 noarch)" "" ""
    orow "tarball, bytes in regular files" 'overlay|tarball_files_bytes|-' 1 "6,932,342 (+19,472 noarch)" "" ""
fi
