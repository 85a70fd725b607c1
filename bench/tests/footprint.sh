#!/bin/bash
# footprint.sh - size of the binaries each implementation needs (driver
# function "binaries"), static/dynamic linkage, and the shared libraries
# they pull in (ldd).  Optional driver function footprint_extra prints
# "LABEL PATH" lines for other things to measure with du (e.g. Python code).
# Writes footprint.md (details) and records totals in raw.tsv.
BENCH_IMPLS=${BENCH_IMPLS:-"s6 runit daemontools tend"}
source "$(dirname "$0")/../lib/common.sh"
bench_setup "$@"
load_impls
MD=$BENCH_OUT/footprint.md
: >"$MD"
for id in "${IMPL_LIST[@]}"; do
    impl_has "$id" binaries || continue
    bins=$(icall "$id" binaries | sort -u)
    tot=0; nstatic=0; ndyn=0
    declare -A libs=()
    {
        echo "### $id ($(icall "$id" impl_version 2>/dev/null))"
        echo
        echo "| binary | bytes | linkage | shared libraries (NEEDED, resolved) |"
        echo "|---|---:|---|---|"
        for b in $bins; do
            [ -e "$b" ] || { echo "| $b | missing | | |"; continue; }
            real=$(readlink -f "$b"); sz=$(stat -L -c %s "$b"); tot=$((tot + sz))
            ft=$(file -L "$b")
            case $ft in
                *"statically linked"*|*"static-pie linked"*) link=static; nstatic=$((nstatic + 1)); ll= ;;
                *"dynamically linked"*) link=dynamic; ndyn=$((ndyn + 1))
                    ll=$(ldd "$b" 2>/dev/null | awk '$3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
                    for l in $ll; do libs[$(readlink -f "$l")]=1; done ;;
                *script*) link="script ($(head -1 "$b" | cut -c3-))"; ll= ;;
                *) link=other; ll= ;;
            esac
            echo "| \`$b\` | $sz | $link | $(for l in $ll; do printf '%s ' "${l##*/}"; done) |"
        done
        libtot=0; libnolibc=0; liblist=
        for l in "${!libs[@]}"; do
            s=$(stat -c %s "$l"); libtot=$((libtot + s))
            case ${l##*/} in libc.so*|ld-linux*|libm.so*) ;; *) libnolibc=$((libnolibc + s)) ;; esac
            liblist+="${l##*/}=$s "
        done
        echo
        echo "- binaries: $(wc -w <<<"$bins"), total $tot bytes ($ndyn dynamic, $nstatic static)"
        echo "- distinct shared libraries: ${liblist:-none}"
        echo "- libraries other than libc/libm/ld.so: $libnolibc bytes; all libraries: $libtot bytes"
        if impl_has "$id" footprint_extra; then
            while read -r label path; do
                [ -e "$path" ] || continue
                dsz=$(du -sb "$path" | awk '{print $1}')
                echo "- $label: \`$path\` $dsz bytes (du -sb)"
                rec footprint "extra_${label}_bytes" "-" "$id" 1 "$dsz" bytes
            done < <(icall "$id" footprint_extra)
        fi
        echo
    } >>"$MD"
    rec footprint binaries_bytes "-" "$id" 1 "$tot" bytes
    rec footprint nonlibc_shared_libs_bytes "-" "$id" 1 "$libnolibc" bytes
    rec footprint binaries_plus_nonlibc_libs_bytes "-" "$id" 1 $((tot + libnolibc)) bytes
    rec footprint binaries_count "-" "$id" 1 "$(wc -w <<<"$bins")" files
    unset libs
done
log "footprint written to $MD"
