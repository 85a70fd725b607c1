#!/bin/sh
# tend-log processors (!): the archive is the processor's output, state
# goes through fd 4/5, a failing processor is retried, nothing dropped.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 7
i=1 ; while test $i -le 100 ; do printf '%d %0100d\n' $i 0 ; i=$((i + 1)) ; done > "$T/in"
mkfifo "$T/f" ; exec 3<>"$T/f"
bgin tend-log s4096 '!tr 0 z' "$T/d" 2>/dev/null ; p=$!
head -n 50 "$T/in" >&3
ok 'processed archive appears' wait_for 50 sh -c "ls '$T/d' | grep -q '^@.*\.s$'"
ok 'the archive is the processor output' sh -c "grep -q zzzz '$T/d'/@*.s && ! grep -q 0000 '$T/d'/@*.s"
ok 'previous, processed, newstate are gone' sh -c "! ls '$T/d' | grep -q -e previous -e processed -e newstate"
kill -TERM $p ; wait $p
# state: the processor reads fd 4, writes fd 5
bgin tend-log s4096 '!sh -c "cat ; cat <&4 >&5 ; echo run >&5"' "$T/s" ; p=$!
head -n 30 "$T/in" >&3
wait_for 50 grep -q run "$T/s/state"
sed -n 31,60p "$T/in" >&3
ok 'state carried from run to run' wait_for 50 sh -c "test \$(grep -c run '$T/s/state') -ge 2"
kill -TERM $p ; wait $p
# failing processor: fails until $T/okay exists, retried every 100 ms
bgin tend-log s4096 r100 "!sh -c \"test -e $T/okay && tr 0 z\"" "$T/x" 2>"$T/x.err" ; p=$!
cat "$T/in" >&3
ok 'failure reported' wait_for 50 grep -q 'processor failed (exit 1)' "$T/x.err"
wait_for 20 test -e "$T/x/previous"
ok 'failed processing keeps previous' test -e "$T/x/previous"
touch "$T/okay"
wait_for 50 sh -c "! test -e '$T/x/previous'"
kill -TERM $p ; wait $p
cat $(ls "$T/x"/@*.s | sort) "$T/x/current" | tr z 0 > "$T/all"
ok 'after retries every line is there, in order' cmp "$T/in" "$T/all"
finish
