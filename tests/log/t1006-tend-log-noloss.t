#!/bin/sh
# Nothing lost through a held pipe (as tend-svscan holds it): a producer
# writes numbered lines while its logger is killed with SIGKILL again and
# again; every line arrives, in order, whole, duplicates only at kill
# points. Stopped with SIGTERM instead: every line exactly once.
# (The issue's 200,000 lines / 50 kills, scaled down to run in seconds.)
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 5
N=${NOLOSS_LINES:-30000} K=${NOLOSS_KILLS:-25}
produce () { i=1 ; while test $i -le $N ; do echo "$i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ; i=$((i + 1)) ; done >&3 ; }
arrived () { cat $(ls "$1"/@* 2>/dev/null | sort) "$1/current" | tail -n 1 | grep -q "^$N " ; }
mkfifo "$T/f" ; exec 3<>"$T/f"
produce & prod=$!
k=0
while test $k -lt $K ; do
  tend-log t s100000 n100000 "$T/k" <&3 & p=$!
  sleep 0.0$((k % 7 + 2))
  kill -9 $p ; wait $p 2>/dev/null
  k=$((k + 1))
done
bgin tend-log t s100000 n100000 "$T/k" ; p=$!
wait $prod
wait_for 100 arrived "$T/k"
kill -TERM $p ; wait $p
logdir_all "$T/k" | cut -d' ' -f2- > "$T/all"
ok "$K SIGKILLs: all $N lines, in order, none cut" inorder $N "$T/all"
dups=$(awk '{ if ($1 + 0 < e) d++ ; else e = $1 + 1 } END { print d + 0 }' "$T/all")
diag "lines written twice: $dups"
ok 'stamps on every line' sh -c "logdir_all () { cat \$(ls '$T/k'/@* 2>/dev/null | sort) '$T/k/current' ; } ; ! logdir_all | grep -v '^@4000[0-9a-f]\{20\} [0-9]* x*\$'"
# SIGTERM instead: exactly once
produce & prod=$!
k=0
while test $k -lt 10 ; do
  tend-log s100000 n100000 "$T/t" <&3 & p=$!
  sleep 0.0$((k % 7 + 2))
  kill -TERM $p ; wait $p
  k=$((k + 1))
done
bgin tend-log s100000 n100000 "$T/t" ; p=$!
wait $prod
wait_for 100 arrived "$T/t"
kill -TERM $p ; wait $p
logdir_all "$T/t" > "$T/all"
ok '10 SIGTERMs: all lines in order' inorder $N "$T/all"
is "$(wc -l < "$T/all" | tr -d ' ')" "$N" 'each exactly once'
# the line being written when the pipe closes, without newline, is kept
printf 'a\nlast' | tend-log "$T/e"
is "$(tail -c 5 "$T/e/current")" "$(printf 'last\n')" 'last line without newline kept at EOF'
finish
