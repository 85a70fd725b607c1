#!/bin/bash
# bench/run.sh [OUTDIR] - issue 2's benchmarks: tend next to Debian's s6,
# runit and daemontools, interleaved in one run.  `make bench` runs it.
#
# 1. installs what is missing (tools/deps.sh bench; as root);
# 2. builds tend in OUTDIR/build, a copy of the tree (the tree itself is
#    never reconfigured): by default the release build, static with musl as
#    `make overlay` builds it (musl-gcc, skalibs built for musl by
#    tools/overlay/musl-skalibs, programs stripped); BENCH_BUILD=glibc-static
#    gives the dev build linked statically with glibc;
# 3. runs bench/tests/*.sh, writes OUTDIR/raw.tsv (one line per
#    measurement), OUTDIR/summary.md (issue 2's rows and targets) and
#    OUTDIR/report.md (everything), and prints the summary.
#
# Knobs (environment):
#   BENCH_OUT          results directory (default: OUTDIR, else a new
#                      mktemp directory under $TMPDIR or /tmp)
#   BENCH_TEND_SRC     worktree (default: the files as they are) or a git
#                      revision (HEAD, ...) to build tend from
#   BENCH_BUILD        musl (default: the release build) or glibc-static
#   BENCH_MUSL_SYSROOT skalibs for musl (musl-skalibs PREFIX); default: the
#                      one `make overlay` keeps in build/overlay/sysroot when
#                      it has libskarnet.a (only read), else OUTDIR/musl
#   BENCH_TEND_BINDIR  use the tend programs in this directory, build nothing
#   BENCH_APPEND=1     add the tests' results to an existing OUTDIR (with
#                      BENCH_TEND_BINDIR=OUTDIR/build: the same build)
#   BENCH_TESTS        default "footprint lifecycle restart control callgrind log overlay zombie"
#   BENCH_SCALE        quick (1 repetition each, a smoke test), default, long
#   BENCH_LC_REPS BENCH_RS_REPS BENCH_CTL_REPS BENCH_Z_REPS BENCH_CG_REPS
#   BENCH_LOG_REPS     repetitions of lifecycle, restart, control, zombie,
#                      callgrind, log (defaults 5, 10, 10, 5, 2, 5; quick: 1
#                      each; long: 9, 15, 15, 7, 2, 7)
#   BENCH_LOG_LINES    lines per logger run in the log test (2000000)
#   BENCH_CL_WINDOW    seconds to watch a crash-looping service (5)
#   BENCH_OVL_REPS BENCH_OVL_MEM_REPS  repetitions of the overlay test's
#                      boots and memory readings (10, 3; quick: 1, 1;
#                      long: 20, 5); its tarball is built from
#                      BENCH_TEND_SRC by tools/overlay/build.sh, or
#                      BENCH_OVL_TARBALL (tests/overlay.sh has the rest)
# A default run takes about 15 minutes on a quiet 2-core machine (21 under
# a load average of 20-80 from other work).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
die() { echo "bench/run.sh: fatal: $*" 1>&2; exit 111; }
say() { echo "[$(date +%T)] $*" 1>&2; }

out=${BENCH_OUT:-${1:-}}
[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/tend-bench.XXXXXX") || die "unable to create a results directory"
mkdir -p "$out" && out=$(cd "$out" && pwd) || die "unable to use $out"
if [ -e "$out/raw.tsv" ] && [ -z "${BENCH_APPEND:-}" ]; then
    die "$out already holds results (raw.tsv); give an empty directory, or set BENCH_APPEND=1 to add tests to it"
fi
export BENCH_OUT=$out

"$top/tools/deps.sh" bench || exit $?
[ "${BASH_VERSINFO[0]}" -ge 5 ] || die "bash 5 or later is needed"

case ${BENCH_SCALE:-default} in
    quick) d_lc=1 d_rs=1 d_ctl=1 d_z=1 d_cg=1 d_log=1 d_ovl=1 d_ovm=1 ;;
    long) d_lc=9 d_rs=15 d_ctl=15 d_z=7 d_cg=2 d_log=7 d_ovl=20 d_ovm=5 ;;
    default) d_lc=5 d_rs=10 d_ctl=10 d_z=5 d_cg=2 d_log=5 d_ovl=10 d_ovm=3 ;;
    *) die "BENCH_SCALE must be quick, default or long" ;;
esac
LC_REPS=${BENCH_LC_REPS:-$d_lc}
RS_REPS=${BENCH_RS_REPS:-$d_rs}
CTL_REPS=${BENCH_CTL_REPS:-$d_ctl}
Z_REPS=${BENCH_Z_REPS:-$d_z}
CG_REPS=${BENCH_CG_REPS:-$d_cg}
LOG_REPS=${BENCH_LOG_REPS:-$d_log}
OVL_REPS=${BENCH_OVL_REPS:-$d_ovl}
OVL_MREPS=${BENCH_OVL_MEM_REPS:-$d_ovm}

# ------------------------------------------------------------- tend build
required="tend-svscan tend-supervise tend-svc tend-svwait"
tend=tend
if [ -n "${BENCH_TEND_BINDIR:-}" ]; then
    TEND_BINDIR=$(cd "$BENCH_TEND_BINDIR" && pwd) || die "no directory $BENCH_TEND_BINDIR"
    TEND_VERSION="programs from $TEND_BINDIR"
    [ -f "$out/build.md" ] && [ -n "${BENCH_APPEND:-}" ] ||
        printf '## tend build measured\n\n- programs taken as they are from `%s` (BENCH_TEND_BINDIR)\n' "$TEND_BINDIR" >"$out/build.md"
else
    b=$out/build
    mkdir -p "$b"
    src=${BENCH_TEND_SRC:-worktree}
    if [ "$src" = worktree ]; then
        ( cd "$top" && cp -R src package tools configure Makefile "$b/" ) || die "unable to copy the tree"
        # objects and configuration of the tree are not ours to reuse
        find "$b/src" \( -name '*.o' -o -name '*.a' \) -exec rm -f {} +
        rm -f "$b/config.mak" "$b/src/include/tend/config.h"
        if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
            desc="work tree at $(git -C "$top" rev-parse --short HEAD)"
            [ -n "$(git -C "$top" status --porcelain -- src package tools configure Makefile 2>/dev/null)" ] && desc="$desc plus uncommitted changes"
        else
            desc="source tree $top"
        fi
    else
        rev=$(git -C "$top" rev-parse --short "$src") || die "no git revision $src"
        git -C "$top" archive "$rev" src package tools configure Makefile | tar -x -C "$b" || die "git archive $rev failed"
        desc="git revision $rev"
    fi
    case ${BENCH_BUILD:-musl} in
        musl)
            sys=${BENCH_MUSL_SYSROOT:-}
            if [ -z "$sys" ]; then
                sys=${TEND_OVERLAY_BUILD:-$top/build/overlay}/sysroot
                [ -f "$sys/lib/skalibs/libskarnet.a" ] || sys=$out/musl/sysroot
            fi
            if [ ! -f "$sys/lib/skalibs/libskarnet.a" ]; then
                say "building skalibs for musl in $sys"
                "$top/tools/overlay/musl-skalibs" "$sys" "$out/musl/work" >"$out/musl-skalibs.log" 2>&1 \
                    || die "unable to build skalibs for musl: see $out/musl-skalibs.log"
            fi
            sys=$(cd "$sys" && pwd)
            export BENCH_MUSL_SYSROOT=$sys   # the overlay test's build reuses it
            cfg="CC=musl-gcc ./configure --enable-static-libc --bindir=$b --with-include=$sys/include --with-lib=$sys/lib/skalibs --with-sysdeps=$sys/lib/skalibs/sysdeps"
            ;;
        glibc-static) cfg="./configure --enable-static-libc --bindir=$b" ;;
        *) die "BENCH_BUILD must be musl or glibc-static" ;;
    esac
    say "building tend ($desc), ${BENCH_BUILD:-musl}, in $b"
    ( cd "$b" && eval "$cfg" && ./tools/gen-deps.sh >package/deps.mak ) >"$b/build.log" 2>&1 || die "configure failed: see $b/build.log"
    make -C "$b" -j2 $(cd "$b/src" && ls -d */deps-lib/* 2>/dev/null | sed 's|.*/|lib|; s|$|.a|') >>"$b/build.log" 2>&1 \
        || die "the libraries do not build: see $b/build.log"
    built= missing=
    for p in $(cd "$b/src" && ls -d */deps-exe/* 2>/dev/null | sed 's|.*/||' | sort); do
        if make -C "$b" "$p" >>"$b/build.log" 2>&1; then built="$built $p"; else missing="$missing $p(build failed)"; fi
    done
    for p in $required; do
        case " $built " in *" $p "*) ;; *) tend= ; case "$missing" in *"$p("*) ;; *) missing="$missing $p(no source)" ;; esac ;; esac
    done
    # the release build ships stripped programs (tools/overlay/build.sh)
    if [ "${BENCH_BUILD:-musl}" = musl ]; then for p in $built; do strip -s "$b/$p"; done; fi
    TEND_BINDIR=$b
    version=$(. "$b/package/info" && echo "$version")
    {
        echo "## tend build measured"
        echo
        echo "- source: $desc; version $version"
        if [ "${BENCH_BUILD:-musl}" = musl ]; then
            TEND_VERSION="$version, $desc, static musl (release build)"
            echo "- release build (BENCH_BUILD=musl), as \`make overlay\` builds it: \`CC=musl-gcc ./configure --enable-static-libc\` against skalibs built for musl (\`$sys\`), programs stripped (CFLAGS $(sed -n 's/^CFLAGS_AUTO := //p' "$b/config.mak"); LDFLAGS $(sed -n 's/^LDFLAGS_AUTO := //p' "$b/config.mak"))"
            echo "- compiler: musl-gcc ($(${CC:-gcc} --version | head -1)); C library: musl $(dpkg-query -W -f='${Version}' musl-dev 2>/dev/null) (static); skalibs: Debian's skalibs source built for musl (static libskarnet.a)"
        else
            TEND_VERSION="$version, $desc, static glibc (dev build)"
            echo "- dev build linked statically (BENCH_BUILD=glibc-static): \`./configure --enable-static-libc\` (CFLAGS $(sed -n 's/^CFLAGS_AUTO := //p' "$b/config.mak"); LDFLAGS $(sed -n 's/^LDFLAGS_AUTO := //p' "$b/config.mak"))"
            echo "- compiler: $(${CC:-cc} --version | head -1); C library: glibc $(dpkg-query -W -f='${Version}' libc6 2>/dev/null) (static libc.a); skalibs: Debian skalibs-dev $(dpkg-query -W -f='${Version}' skalibs-dev 2>/dev/null) (static libskarnet.a)"
        fi
        echo "- programs built:${built:- none}"
        [ -n "$missing" ] && echo "- not available:$missing"
        for p in $built; do echo "  - \`$p\`: $(stat -c %s "$b/$p") bytes, $(file -b "$b/$p" | tr ',' '\n' | grep -E 'linked|stripped' | tr -d '\n')"; done
    } >"$out/build.md"
fi
export TEND_BINDIR TEND_VERSION
if [ -z "$tend" ]; then
    say "tend is not complete (needs$(for p in $required; do [ -x "$TEND_BINDIR/$p" ] || printf ' %s' "$p"; done)): measuring the anchors only"
fi

# with tend-log built, logged tend services run it, and "tend-s6log" (the
# same supervisors with Debian's s6-log) is measured next to it
tend_s6log=
[ -n "$tend" ] && [ -x "$TEND_BINDIR/tend-log" ] && tend_s6log=tend-s6log

# ------------------------------------------------------------------ tests
anchors="s6 runit daemontools"
# zombie last: its 10,000 processes inflate the load average for a while
tests=${BENCH_TESTS:-"footprint lifecycle restart control callgrind log overlay zombie"}
if [ "$(id -u)" -ne 0 ]; then
    say "not root: the zombie and overlay tests (namespaces) are skipped"
    tests=$(echo " $tests " | sed 's/ zombie / /; s/ overlay / /')
fi
export BENCH_REF=s6
start=$(date +%s)
for t in $tests; do
    case $t in
        footprint) env="BENCH_IMPLS='$anchors $tend'" ;;
        lifecycle) env="BENCH_IMPLS='$anchors $tend $tend_s6log' BENCH_LOG_ONLY=tend_s6log BENCH_REPS=$LC_REPS BENCH_NS='1 10 100' BENCH_LOG_NS=100 BENCH_MEM_NS='100 100+log'" ;;
        restart) env="BENCH_IMPLS='s6 s6-notify runit daemontools $tend' BENCH_REPS=$RS_REPS BENCH_CL_WINDOW=${BENCH_CL_WINDOW:-5}" ;;
        control) env="BENCH_IMPLS='$anchors $tend' BENCH_REPS=$CTL_REPS" ;;
        zombie) env="BENCH_IMPLS='$anchors $tend' BENCH_PID1_EXTRA=minreaper BENCH_REPS=$Z_REPS" ;;
        log) env="BENCH_IMPLS='$anchors $tend' BENCH_REPS=$LOG_REPS BENCH_LINES=${BENCH_LOG_LINES:-2000000}" ;;
        callgrind) env="BENCH_IMPLS='$anchors $tend' BENCH_CG_REPS=$CG_REPS BENCH_CG_PARTS='control supervise scanner'" ;;
        overlay) env="BENCH_OVL_REPS=$OVL_REPS BENCH_OVL_MEM_REPS=$OVL_MREPS" ;;
        *) die "unknown test $t" ;;
    esac
    echo "=== $t ($(date +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/run.log"
    echo "$t: started $(date +%T), load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.notes"
    ( unset BENCH_SUBREAPED BENCH_TMP BT; eval "export $env"; bash "$here/tests/$t.sh" ) 2>&1 | tee -a "$out/run.log"
done
secs=$(( $(date +%s) - start ))
echo "tests $tests: ${secs} s, load at the end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.notes"
bash "$here/lib/summary.sh" "$out/raw.tsv" >"$out/summary.md"
bash "$here/lib/mkreport.sh" "$out" "$tests" "$secs"
cat "$out/summary.md"
echo
echo "bench/run.sh: report in $out/report.md (raw data: $out/raw.tsv)"
