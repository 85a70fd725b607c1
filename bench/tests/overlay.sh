#!/bin/bash
# overlay.sh - issue 5: tend's container overlay (/init from the tarball
# `make overlay` builds) next to tini, dumb-init and a Debian s6-svscan tree
# started by an equivalent script, each booted as process 1 of a container.
#
# A boot is `bt boot` (helpers/bt.c): new mount, pid, uts and ipc
# namespaces, proc on ROOT/proc, tmpfs on ROOT/run and ROOT/dev (device
# nodes bound from the host), chroot into a busybox root (tools/mkrootfs)
# holding the init, exec.  It stamps CLOCK_REALTIME just before the exec of
# the init, reads the stamps the CMD and the services write into a fifo of
# the root, sends SIGTERM to process 1 as `runc kill ID TERM` does, and
# stamps process 1's exit (pidfd: after every process of the namespace is
# gone).  The same method as the s6-overlay figures of
# research/s6-overlay-anchor.md ("pre->cmd"), which are quoted, not
# measured, in the summary.
#
# Variants (IMPL:N services):
#   none:0       the CMD as process 1 (the floor)
#   tini:0       Debian's tini-static -- CMD (what docker --init runs)
#   dumb_init:0  Debian's dumb-init CMD (dynamic: glibc copied into the root)
#   s6:0 s6:10   /init-s6: an execline script that copies /etc/s6 to
#                /run/service, execs Debian's s6-svscan as process 1 and
#                runs the CMD in its child once the scanner listens (-d),
#                records its code, stops the scanner (dynamic: glibc,
#                libskarnet, libs6, libexecline copied into the root)
#   tend:0 tend:10       tend's /init, services in /etc/services.d
#   tend_wait:10         the same with TEND_CMD_WAIT_FOR_SERVICES=1 (the
#                        CMD waits until every service is up, as
#                        s6-overlay's s6-rc services do)
# A service is `bt svc` (stamps its start, exits 0 at once on SIGTERM).
#
# Measured, every repetition, every variant (order rotated):
#   cmd_us     init exec -> CMD exec (CMD `bt stamp FIFO 7`; exit code 7
#              kept?  and how many services were up before the CMD)
#   cycle_us   init exec -> process 1 gone, CMD /bin/true
#   stop_us    SIGTERM to process 1 -> process 1 gone, BENCH_OVL_SETTLE ms
#              after the CMD (`bt hold FIFO 3`: exits 3 on SIGTERM) started;
#              the exit code must be 3
#   memory (BENCH_OVL_MEM_REPS): BENCH_OVL_MEM_SETTLE ms after the CMD
#              started, PSS (smaps_rollup) of every process of the
#              container but the services and the CMD; of it, process 1,
#              each supervisor, the others (the CMD's parent...)
#   tarball    tend's, compressed, tar stream, regular files
#
# Env: BENCH_OVL_REPS (10), BENCH_OVL_MEM_REPS (3), BENCH_OVL_SETTLE (500),
#      BENCH_OVL_MEM_SETTLE (1000), BENCH_OVL_VARIANTS (all above),
#      BENCH_OVL_TARBALL (a tarball to measure; default: built by
#      tools/overlay/build.sh from BENCH_TEND_SRC, as in run.sh: the work
#      tree, or a git revision), BENCH_OUT.  Needs root.
source "$(dirname "$0")/../lib/common.sh"
bench_setup "$@"
TOP=$(cd "$BENCH_ROOT/.." && pwd)
REPS=${BENCH_OVL_REPS:-10}
MREPS=${BENCH_OVL_MEM_REPS:-3}
SETTLE=${BENCH_OVL_SETTLE:-500}
MSETTLE=${BENCH_OVL_MEM_SETTLE:-1000}
TMO=30000
read -ra VARIANTS <<<"${BENCH_OVL_VARIANTS:-none:0 tini:0 dumb_init:0 s6:0 s6:10 tend:0 tend:10 tend_wait:10}"
NOTES=$BENCH_OUT/overlay.notes
[ "$(id -u)" -eq 0 ] || die "overlay: needs root (namespaces, mounts, chroot)"
# a variant whose programs are not installed is left out (tools/deps.sh bench installs them)
keep=()
for v in "${VARIANTS[@]}"; do
    case ${v%:*} in tini) need=/usr/bin/tini-static ;; dumb_init) need=/usr/bin/dumb-init ;; s6) need=/usr/bin/s6-svscan ;; *) need= ;; esac
    if [ -n "$need" ] && [ ! -x "$need" ]; then echo "$v left out: no $need" >>"$NOTES"; log "overlay: $v left out: no $need"; continue; fi
    keep+=("$v")
done
VARIANTS=("${keep[@]}")

# ------------------------------------------------------------- the helper
# The CMD, the services and the launcher: bt, static (it runs in a root
# without a libc), with musl when there is musl-gcc.
BTS=$BENCH_TMP/bt-static
if command -v musl-gcc >/dev/null; then
    musl-gcc -static -O2 -o "$BTS" "$BENCH_ROOT/helpers/bt.c" || die "musl-gcc: cannot build helpers/bt.c"
else
    gcc -static -O2 -o "$BTS" "$BENCH_ROOT/helpers/bt.c" || die "gcc -static: cannot build helpers/bt.c"
fi

# ------------------------------------------------------------ the tarball
if [ -n "${BENCH_OVL_TARBALL:-}" ]; then
    TARBALL=$(realpath "$BENCH_OVL_TARBALL") || die "no tarball $BENCH_OVL_TARBALL"
    TDESC="given: $TARBALL"
else
    ob=$BENCH_OUT/overlay
    mkdir -p "$ob"
    TARBALL=$ob/tend-overlay-x86_64.tar.xz
    src=${BENCH_TEND_SRC:-worktree}
    if [ "$src" = worktree ]; then
        stree=$TOP
        TDESC="built from the work tree at $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null)"
        [ -n "$(git -C "$TOP" status --porcelain -- src package tools configure Makefile 2>/dev/null)" ] && TDESC="$TDESC plus uncommitted changes"
    else
        rev=$(git -C "$TOP" rev-parse --short "$src") || die "no git revision $src"
        stree=$ob/src
        rm -rf "$stree"; mkdir -p "$stree"
        git -C "$TOP" archive "$rev" src package tools configure Makefile | tar -x -C "$stree" || die "git archive $rev failed"
        TDESC="built from git revision $rev"
    fi
    # the musl skalibs sysroot: reuse one that exists (only read)
    if [ ! -f "$ob/build/sysroot/lib/skalibs/libskarnet.a" ]; then
        for s in "${BENCH_MUSL_SYSROOT:-}" "$TOP/build/overlay/sysroot" "$BENCH_OUT/musl/sysroot"; do
            if [ -n "$s" ] && [ -f "$s/lib/skalibs/libskarnet.a" ]; then
                mkdir -p "$ob/build"; cp -a "$s" "$ob/build/sysroot"; break
            fi
        done
    fi
    log "overlay: building the tarball ($TDESC)"
    TEND_OVERLAY_BUILD=$ob/build "$stree/tools/overlay/build.sh" "$TARBALL" >"$ob/build.log" 2>&1 \
        || die "overlay: the tarball does not build: see $ob/build.log"
fi
xzb=$(stat -c %s "$TARBALL")
tarb=$(xz -dc "$TARBALL" | wc -c)
filesb=$(tar -tvJf "$TARBALL" | awk '$1 ~ /^-/ {s += $3} END {print s + 0}')
nent=$(tar -tJf "$TARBALL" | wc -l)
rec overlay tarball_xz_bytes - tend 1 "$xzb" bytes
rec overlay tarball_tar_bytes - tend 1 "$tarb" bytes
rec overlay tarball_files_bytes - tend 1 "$filesb" bytes
echo "tarball: $TDESC; $xzb bytes compressed, $tarb bytes of tar stream, $filesb bytes in regular files, $nent entries" >>"$NOTES"

# -------------------------------------------------------------- the roots
BASE=$BENCH_TMP/rootfs
"$TOP/tools/mkrootfs" "$BASE" >"$BENCH_TMP/mkrootfs.log" 2>&1 || die "mkrootfs failed: $(tail -3 "$BENCH_TMP/mkrootfs.log")"

# copy_bins ROOT FILE... : FILEs at the same paths, with their shared libraries
copy_bins() {
    local r=$1 f l; shift
    for f in "$@"; do
        cp --parents -L "$f" "$r/" || return 1
        if file -L "$f" | grep -q 'dynamically linked'; then
            for l in $(ldd "$f" | awk '$3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
                [ -e "$r$l" ] || cp --parents -L "$l" "$r/" || return 1
            done
        fi
    done
}

# new_root NAME N : the base, the helper, the fifo, N services under DIR
new_root() {
    local r=$BENCH_TMP/roots/$1
    rm -rf "$r"; mkdir -p "$BENCH_TMP/roots"
    cp -a "$BASE" "$r" && mkdir -p "$r/bench" && cp "$BTS" "$r/bench/bt" && mkfifo "$r/bench/fifo" || return 1
    echo "$r"
}
add_services() {
    local d=$1 n=$2 i name
    for ((i = 0; i < n; i++)); do
        name=$(printf 'svc%03d' "$i")
        mkdir -p "$d/$name"
        bench_write_run "$d/$name/run" "/bench/bt svc /bench/fifo $name"
    done
}

S6X=/usr/lib/execline/bin
mk_s6_root() {
    local r; r=$(new_root "s6_$1") || return 1
    local bins
    mapfile -t bins < <(dpkg -L s6 execline | grep -E '^/usr/(bin|lib/execline/bin)/.' | while read -r f; do [ -f "$f" ] && echo "$f"; done)
    copy_bins "$r" "${bins[@]}" || return 1
    cp /etc/ld.so.cache "$r/etc/"
    mkdir -p "$r/etc/s6/.s6-svscan"
    cat >"$r/init-s6" <<EOF
#!$S6X/execlineb -S0
# the s6 tree of the benchmark: what tend's /init does, with Debian's s6
$S6X/export PATH $S6X:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
$S6X/if { cp -a /etc/s6 /run/service }
piperw 3 4
background
{
  fdclose 4
  foreground { fdmove 0 3 withstdinas -D "" ready exit 0 }
  fdclose 3
  background { \$@ }
  importas -u cmd !
  foreground { redirfd -w 1 /run/cmd.pid echo \$cmd }
  wait -o { \$cmd }
  importas -u code ?
  foreground { redirfd -w 1 /run/exitcode echo \$code }
  s6-svscanctl -t /run/service
}
fdclose 3
s6-svscan -d 4 /run/service
EOF
    cat >"$r/etc/s6/.s6-svscan/SIGTERM" <<EOF
#!$S6X/execlineb -P
redirfd -r 0 /run/cmd.pid
withstdinas -n pid
importas -u pid pid
kill -TERM \$pid
EOF
    cat >"$r/etc/s6/.s6-svscan/finish" <<EOF
#!$S6X/execlineb -P
redirfd -r 0 /run/exitcode
withstdinas -n code
importas -u code code
exit \$code
EOF
    chmod 755 "$r/init-s6" "$r/etc/s6/.s6-svscan/SIGTERM" "$r/etc/s6/.s6-svscan/finish"
    add_services "$r/etc/s6" "$1"
    echo "$r"
}
mk_tend_root() {
    local r; r=$(new_root "tend_$1") || return 1
    tar -xJf "$TARBALL" -C "$r" || return 1
    mkdir -p "$r/etc/services.d"
    add_services "$r/etc/services.d" "$1"
    echo "$r"
}
mk_single_root() {
    local r; r=$(new_root single) || return 1
    cp /usr/bin/tini-static "$r/sbin/tini" && copy_bins "$r" /usr/bin/dumb-init || return 1
    echo "$r"
}

declare -A ROOT
for v in "${VARIANTS[@]}"; do
    impl=${v%:*} n=${v#*:}
    case $impl in
        none|tini|dumb_init) [ -n "${ROOT[single]:-}" ] || ROOT[single]=$(mk_single_root) || die "cannot make the root of $v"; ROOT[$v]=${ROOT[single]} ;;
        s6) ROOT[$v]=$(mk_s6_root "$n") || die "cannot make the root of $v" ;;
        tend|tend_wait) [ -n "${ROOT[tend:$n]:-}" ] || ROOT[tend:$n]=$(mk_tend_root "$n") || die "cannot make the root of $v"; ROOT[$v]=${ROOT[tend:$n]} ;;
        *) die "unknown variant $v" ;;
    esac
done

# boot_args VARIANT : the launcher's options and process 1's argv (before the CMD)
boot_args() {
    case ${1%:*} in
        none) ;;
        tini) echo /sbin/tini -- ;;
        dumb_init) echo /usr/bin/dumb-init ;;
        s6) echo /init-s6 ;;
        tend) echo /init ;;
        tend_wait) printf "%s\n" "-e TEND_CMD_WAIT_FOR_SERVICES=1 /init" ;;
    esac
}

# boot VARIANT MODE MS LOG CMD... : one boot; its output lines in BOOT[]
declare -A BOOT
boot() {
    local v=$1 mode=$2 ms=$3 lg=$4 k val rest a; shift 4
    local r=${ROOT[$v]}
    read -ra a <<<"$(boot_args "$v")"
    local opt=()
    [ "${a[0]:-}" = -e ] && { opt=(-e "${a[1]}"); a=("${a[@]:2}"); }
    BOOT=()
    while read -r k val rest; do
        BOOT[$k]="$val${rest:+ $rest}"
    done < <("$BTS" boot "${opt[@]}" -o "$lg" "$r" "$r/bench/fifo" "$mode" "$ms" "$TMO" "${a[@]}" "$@" </dev/null)
}
us_diff() { echo $(( $1 - $2 )); }

# ------------------------------------------------------------- the boots
log "overlay: variants=${VARIANTS[*]} reps=$REPS memory reps=$MREPS settle=${SETTLE}ms"
LOGS=$BENCH_TMP/logs; mkdir -p "$LOGS"
for ((rep = 1; rep <= REPS; rep++)); do
    for v in $(rotate "$rep" "${VARIANTS[@]}"); do
        impl=${v%:*} n=${v#*:} lg=$LOGS/${impl}_$n.log
        boot "$v" run 0 "$lg" /bench/bt stamp /bench/fifo 7
        if [ -n "${BOOT[timeout]+x}" ] || [ -z "${BOOT[cmd]:-}" ]; then
            echo "$v rep $rep: the CMD did not run (exit ${BOOT[exit]:-?}); see $lg" >>"$NOTES"
        else
            rec overlay cmd_us "N=$n" "$impl" "$rep" "$(us_diff "${BOOT[cmd]}" "${BOOT[t0]}")" us
        fi
        rec overlay cmd_exit "N=$n" "$impl" "$rep" "${BOOT[exit]#* }" code
        read -r _ before <<<"${BOOT[ups]:-0 0}"
        [ "$n" -gt 0 ] && rec overlay services_up_before_cmd "N=$n" "$impl" "$rep" "$before" services
    done
    for v in $(rotate "$rep" "${VARIANTS[@]}"); do
        impl=${v%:*} n=${v#*:} lg=$LOGS/${impl}_$n.log
        boot "$v" run 0 "$lg" /bin/true
        if [ -n "${BOOT[timeout]+x}" ]; then
            echo "$v rep $rep: boot and stop timed out; see $lg" >>"$NOTES"
        else
            rec overlay cycle_us "N=$n" "$impl" "$rep" "$(us_diff "${BOOT[exit]% *}" "${BOOT[t0]}")" us
        fi
        rec overlay cycle_exit "N=$n" "$impl" "$rep" "${BOOT[exit]#* }" code
    done
    for v in $(rotate "$rep" "${VARIANTS[@]}"); do
        impl=${v%:*} n=${v#*:} lg=$LOGS/${impl}_$n.log
        boot "$v" stop "$SETTLE" "$lg" /bench/bt hold /bench/fifo 3
        if [ -n "${BOOT[timeout]+x}" ] || [ -z "${BOOT[term]:-}" ]; then
            echo "$v rep $rep: docker stop: no SIGTERM sent or timed out (exit ${BOOT[exit]:-?}); see $lg" >>"$NOTES"
        else
            rec overlay stop_us "N=$n" "$impl" "$rep" "$(us_diff "${BOOT[exit]% *}" "${BOOT[term]}")" us
        fi
        rec overlay stop_exit "N=$n" "$impl" "$rep" "${BOOT[exit]#* }" code
    done
    log "overlay: rep $rep/$REPS done"
done

# ---------------------------------------------------------------- memory
# mem_boot VARIANT REP : hold a booted container, sum PSS by class
mem_boot() {
    local v=$1 rep=$2 impl=${1%:*} n=${1#*:} r=${ROOT[$1]} a opt=() line pid p cl ps tree=0 svc=0 cmd=0 np=0 p1=0 sup=0 nsup=0
    read -ra a <<<"$(boot_args "$v")"
    [ "${a[0]:-}" = -e ] && { opt=(-e "${a[1]}"); a=("${a[@]:2}"); }
    local hin=$BENCH_TMP/hold.in out in mpid
    rm -f "$hin"; mkfifo "$hin"
    exec {out}< <(exec "$BTS" boot "${opt[@]}" -o "$LOGS/${impl}_$n.log" "$r" "$r/bench/fifo" hold "$MSETTLE" "$TMO" "${a[@]}" /bench/bt hold /bench/fifo 3 <"$hin")
    mpid=$!
    exec {in}>"$hin"
    pid=
    while read -r -u "$out" line; do
        case $line in up\ *) pid=${line#up }; break ;; timeout) break ;; esac
    done
    if [ -n "$pid" ]; then
        for p in "$pid" $(descendants "$pid"); do
            local -a argv=()
            mapfile -d '' -t argv <"/proc/$p/cmdline" 2>/dev/null || continue
            case "${argv[0]##*/} ${argv[1]:-}" in
                "bt svc"*) cl=svc ;;
                "bt hold"*) cl=cmd ;;
                *) cl=tree ;;
            esac
            read -r _ ps _ < <(mem_of "$p")
            case $cl in
                svc) svc=$((svc + ps)) ;;
                cmd) cmd=$((cmd + ps)) ;;
                tree) tree=$((tree + ps)); np=$((np + 1)); echo "$v: ${argv[0]##*/}" >>"$BENCH_TMP/procs"
                    if [ "$p" = "$pid" ]; then p1=$ps
                    elif [[ ${argv[0]##*/} == *supervise ]]; then sup=$((sup + ps)); nsup=$((nsup + 1))
                    fi ;;
            esac
        done
        rec overlay pss_tree_KiB "N=$n" "$impl" "$rep" "$tree" KiB
        rec overlay tree_processes "N=$n" "$impl" "$rep" "$np" processes
        rec overlay pss_pid1_KiB "N=$n" "$impl" "$rep" "$p1" KiB
        [ "$nsup" -gt 0 ] && rec overlay pss_per_supervisor_KiB "N=$n" "$impl" "$rep" "$(awk -v t="$sup" -v n="$nsup" 'BEGIN{printf "%.1f", t / n}')" KiB
        rec overlay pss_others_KiB "N=$n" "$impl" "$rep" "$((tree - p1 - sup))" KiB
        [ "$n" -gt 0 ] && rec overlay pss_tree_per_service_KiB "N=$n" "$impl" "$rep" "$(awk -v t="$tree" -v n="$n" 'BEGIN{printf "%.1f", t / n}')" KiB
        [ "$n" -gt 0 ] && rec overlay pss_services_KiB "N=$n" "$impl" "$rep" "$svc" KiB
        rec overlay pss_cmd_KiB "N=$n" "$impl" "$rep" "$cmd" KiB
    else
        echo "$v memory rep $rep: the container did not come up" >>"$NOTES"
    fi
    exec {in}>&-
    while read -r -u "$out" line; do :; done
    exec {out}<&-
    wait "$mpid" 2>/dev/null
}
for ((rep = 1; rep <= MREPS; rep++)); do
    for v in $(rotate "$rep" "${VARIANTS[@]}"); do mem_boot "$v" "$rep"; done
done
# --------------------------------------------------- execs until the CMD
# One more boot of each variant under strace (not timed): how many
# programs were exec'd between the init's exec and the CMD's, the
# supervisors and the services left out.
if command -v strace >/dev/null; then
    for v in "${VARIANTS[@]}"; do
        impl=${v%:*} n=${v#*:} r=${ROOT[$v]}
        read -ra a <<<"$(boot_args "$v")"
        opt=(); [ "${a[0]:-}" = -e ] && { opt=(-e "${a[1]}"); a=("${a[@]:2}"); }
        st=$BENCH_TMP/strace.$impl.$n
        strace -f -e trace=execve -o "$st" "$BTS" boot "${opt[@]}" -o "$LOGS/${impl}_$n.log" "$r" "$r/bench/fifo" run 0 "$TMO" "${a[@]}" /bench/bt stamp /bench/fifo 7 </dev/null >/dev/null 2>&1
        # the count, then the programs counted, in order
        mapfile -t x < <(awk '
            function count(l) {
                if (l ~ /supervise"|"\.\/run"|"boot"/) return
                if (l ~ /"\/bench\/bt", \["\/bench\/bt", "stamp"/) { print n + 0; print names; done = 1; exit }
                n++
                match(l, /execve\("[^"]*"/)
                names = names (names == "" ? "" : " ") substr(l, RSTART + 8, RLENGTH - 9)
            }
            /execve\(/ && /<unfinished/ { pend[$1] = $0; next }
            /<\.\.\. execve resumed>/ { if ($0 !~ /= -1/ && ($1 in pend)) count(pend[$1]); delete pend[$1]; next }
            /execve\(/ && !/= -1/ { count($0) }
            END { if (!done) print "NA" }' "$st")
        rec overlay execs_to_cmd "N=$n" "$impl" 1 "${x[0]}" execs
        [ "$n" -gt 0 ] || [ "$impl" = tini ] || [ "$impl" = dumb_init ] && echo "$v: programs exec'd until the CMD: ${x[1]:-}" >>"$NOTES"
    done
fi
[ -f "$BENCH_TMP/procs" ] && sort "$BENCH_TMP/procs" | uniq -c | awk '{c = $1; $1 = ""; print "supervision tree:" $0 " x" c / '"$MREPS"'}' >>"$NOTES"
{
    echo "method: bt boot (new mount/pid/uts/ipc namespaces, proc, tmpfs /run and /dev, chroot into a busybox-static root, exec); SIGTERM to process 1 as runc kill; settle before docker stop ${SETTLE} ms, before the memory reading ${MSETTLE} ms"
    echo "versions: tini $(deb_version tini) (tini-static), dumb-init $(deb_version dumb-init), s6 $(deb_version s6), execline $(deb_version execline), busybox-static $(deb_version busybox-static)"
} >>"$NOTES"
log "overlay done"
