#!/bin/bash
# mkreport.sh OUTDIR [TESTS] [SECONDS] - (re)write OUTDIR/report.md from
# OUTDIR/raw.tsv, the *.notes files and footprint.md.
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: mkreport.sh OUTDIR [TESTS] [SECONDS]}
{
    echo "# Supervision-suite benchmark report"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')${3:+; run time $3 s}"
    echo "- machine: $(uname -srm), $(nproc) CPUs, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), load now: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- CPU: $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
    echo "- run-script mode: ${BENCH_RUN_MODE:-direct} (rows with run=sh: #!/bin/sh run scripts)${2:+; tests: $2}"
    echo "- versions: $(for p in s6 execline libskarnet2.13 skalibs-dev runit daemontools valgrind; do printf '%s %s; ' "$p" "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo -)"; done)"
    if [ -f "$out/build.md" ]; then echo; cat "$out/build.md"; fi
    if [ -f "$out/summary.md" ]; then echo; cat "$out/summary.md"; fi
    echo
    echo "## Results (median, min, max over repetitions; ratio = median / median of the reference)"
    bash "$here/report.sh" "$out/raw.tsv" "${BENCH_REF:-s6}"
    for f in "$out"/*.notes; do
        [ -f "$f" ] || continue
        echo; echo "## Notes: $(basename "$f" .notes)"; echo
        sort "$f" | uniq -c | sed 's/^ *\([0-9]*\) /- (x\1) /'
    done
    if [ -f "$out/footprint.md" ]; then echo; echo "## Footprint details"; echo; cat "$out/footprint.md"; fi
} >"$out/report.md"
