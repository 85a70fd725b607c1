#!/bin/sh
# tend-softlimit: every option shows in /proc/self/limits of the exec'd
# program; "=" is the hard limit; a value above the hard limit is clamped
# to it; -m is -a -d -l -s; same results as s6-softlimit.
. "${0%/*}/../lib.sh"
plan 41

# A static reader, so that tiny memory limits cannot stop a dynamic loader.
bb=$(command -v busybox)
if test -n "$bb" && file -L "$bb" 2>/dev/null | grep -q 'statically linked' ; then
  cat="$bb cat"
else
  cat=cat ; diag 'busybox-static not found: using cat'
fi
# lim NAME: "soft hard" of the limit whose /proc/self/limits line starts with NAME.
lim () { grep "^$1 " "$T/out" | sed "s/^$1 *//" | awk '{ print $1, $2 }' ; }
hard () { grep "^$1 " /proc/self/limits | sed "s/^$1 *//" | awk '{ print $2 }' ; }

exits 100 'no argument: usage' tend-softlimit
exits 100 'no prog: usage' tend-softlimit -o 10
exits 100 'not a number: usage' tend-softlimit -o 5x true
exits 100 'empty value: usage' tend-softlimit -o '' true
exits 100 'unknown option: usage' tend-softlimit -q 1 true

# Each option, lowering the soft limit; the hard limit stays.
for spec in 'a:Max address space:300000000' 'c:Max core file size:4096' 'd:Max data size:200000000' \
  'f:Max file size:1000000' 'l:Max locked memory:32768' 'o:Max open files:77' 'p:Max processes:500' \
  'r:Max resident set:50000000' 's:Max stack size:4000000' 't:Max cpu time:100' ; do
  o=${spec%%:*} rest=${spec#*:} name=${rest%:*} v=${spec##*:}
  h=$(hard "$name")
  # shellcheck disable=SC2086
  ok "-$o $v" tend-softlimit -"$o" "$v" $cat /proc/self/limits
  is "$(lim "$name")" "$v $h" "-$o: $name soft $v, hard unchanged"
done
# shellcheck disable=SC2086
ok '-m' tend-softlimit -m 60000000 $cat /proc/self/limits
is "$(lim 'Max data size') $(lim 'Max stack size') $(lim 'Max address space')" \
  "60000000 $(hard 'Max data size') 60000000 $(hard 'Max stack size') 60000000 $(hard 'Max address space')" '-m: data, stack, address space'
ml=$(hard 'Max locked memory')
test "$ml" = unlimited && want=60000000 || want=$(( ml < 60000000 ? ml : 60000000 ))
is "$(lim 'Max locked memory' | cut -d' ' -f1)" "$want" '-m: locked memory too (clamped to its hard limit)'
ok 'later options win' tend-softlimit -o 50 -o 60 $cat /proc/self/limits
is "$(lim 'Max open files' | cut -d' ' -f1)" 60 '-o 50 -o 60: 60'
# "=" raises the soft limit to the hard limit, from below.
ho=$(hard 'Max open files')
ok '= is the hard limit' tend-softlimit -o 40 tend-softlimit -o = $cat /proc/self/limits
is "$(lim 'Max open files')" "$ho $ho" '-o =: soft = hard'
ok 'above the hard limit: clamped' tend-softlimit -o 40 tend-softlimit -o 999999999 $cat /proc/self/limits
is "$(lim 'Max open files')" "$ho $ho" '-o 999999999: soft = hard'

for args in '-o 100' '-o =' '-o 99999999' '-o 5x' '-c 0 -t 5 -p 100 -f 1000000 -l 65536 -r 5000000 -s 1000000 -d 100000000 -a 200000000' \
  '-m 50000000 -d 40000000' '-d 40000000 -m 50000000' ; do
  # shellcheck disable=SC2086
  a=$(s6-softlimit $args $cat /proc/self/limits 2>/dev/null ; echo "rc=$?")
  # shellcheck disable=SC2086
  b=$(tend-softlimit $args $cat /proc/self/limits 2>/dev/null ; echo "rc=$?")
  is "$b" "$a" "same limits as s6-softlimit $args"
done
finish
