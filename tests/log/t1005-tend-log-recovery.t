#!/bin/sh
# tend-log recovers a logdir left at any point of a rotation by SIGKILL
# (s6-log 2.11 often fails there with "File exists"), and a killed
# logger's restart loses no line and keeps none cut.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 14
D=$T/d ; mkdir "$D"
# 1. current not finalized, with a cut last line
printf '1 xx\n2 xx\n3 x' > "$D/current" ; chmod 644 "$D/current"
printf '3 xx\n4 xx\n' | tend-log "$D"
is "$(cat "$D"/@*.u)" "$(printf '1 xx\n2 xx')" 'unfinalized current -> @.u, cut line removed'
is "$(cat "$D/current")" "$(printf '3 xx\n4 xx')" 'new current'
# 2. previous left, no processor
rm -rf "$D" ; mkdir "$D"
printf '1 xx\n' > "$D/previous" ; printf '2 xx\n' > "$D/current" ; chmod 744 "$D/current"
printf '3 xx\n' | tend-log "$D"
is "$(cat $(ls "$D"/@* | sort) "$D/current")" "$(printf '1 xx\n2 xx\n3 xx')" 'previous archived, finalized current appended'
ok 'previous gone' test ! -e "$D/previous"
# 3. killed while the processor ran: previous + processed + newstate
rm -rf "$D" ; mkdir "$D"
printf '1 xx\n' > "$D/previous" ; printf 'half' > "$D/processed" ; : > "$D/newstate"
printf '2 xx\n' | tend-log '!tr x y' "$D"
is "$(cat "$D"/@*.s)" '1 yy' 'processing done again from previous'
ok 'no leftovers' sh -c "! ls '$D' | grep -q -e previous -e processed -e newstate"
# 4. killed after the processor succeeded, before the archive rename
rm -rf "$D" ; mkdir "$D"
printf '1 yy\n' > "$D/processed"
printf '2 xx\n' | tend-log '!tr x y' "$D"
is "$(cat "$D"/@*.s)" '1 yy' 'processed published as archive'
# 5. state renamed and previous removed, processed left
rm -rf "$D" ; mkdir "$D"
printf '1 yy\n' > "$D/processed" ; printf '1 xx\n' > "$D/previous" ; echo st > "$D/state"
printf '2 xx\n' | tend-log '!tr x y' "$D"
is "$(ls "$D" | grep -c '^@')" 1 'state already moved: processed published once'
if have_s6log ; then
  rm -rf "$D" ; mkdir "$D"
  printf '1 xx\n' > "$D/previous" ; printf '2 xx\n' > "$D/current"
  printf '3 xx\n' | s6-log "$D" 2>/dev/null ; r=$?
  diag "s6-log on the same logdir: exit $r"
  printf '3 xx\n' | tend-log "$D" ; is $? 0 'tend-log starts where s6-log was left'
else skip 'no s6-log' ; fi
# 6. SIGKILL at random points of frequent rotations, restarts: nothing lost
mkfifo "$T/f" ; exec 3<>"$T/f"
N=6000
( i=1 ; while test $i -le $N ; do echo "$i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ; i=$((i + 1)) ; done >&3 ) &
prod=$!
k=0
while test $k -lt 30 ; do
  tend-log s4096 n100000 "$T/r" <&3 2>>"$T/r.err" & p=$!
  sleep 0.0$((k % 9 + 1))
  kill -9 $p ; wait $p 2>/dev/null
  k=$((k + 1))
done
bgin tend-log s4096 n100000 "$T/r" 2>>"$T/r.err" ; p=$!
wait $prod
wait_for 100 sh -c "cat \$(ls '$T/r'/@* | sort) '$T/r/current' | tail -n 1 | grep -q '^$N '"
kill -TERM $p ; wait $p
logdir_all "$T/r" > "$T/all"
ok '30 kills during rotations: every line, in order, none cut' inorder $N "$T/all"
ok 'no error at restart' test ! -s "$T/r.err"
ok 'rotations happened' test "$(ls "$T/r" | grep -c '^@')" -gt 10
# 7. the same with a processor: archives named in the order of their lines
( i=1 ; while test $i -le $N ; do echo "$i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ; i=$((i + 1)) ; done >&3 ) &
prod=$!
k=0
while test $k -lt 30 ; do
  tend-log s4096 n100000 '!cat' "$T/q" <&3 2>>"$T/q.err" & p=$!
  sleep 0.0$((k % 9 + 1))
  kill -9 $p ; wait $p 2>/dev/null
  k=$((k + 1))
done
bgin tend-log s4096 n100000 '!cat' "$T/q" 2>>"$T/q.err" ; p=$!
wait $prod
wait_for 100 sh -c "cat \$(ls '$T/q'/@* | sort) '$T/q/current' | tail -n 1 | grep -q '^$N '"
kill -TERM $p ; wait $p
logdir_all "$T/q" > "$T/all"
ok 'with a processor: every line, in order, none cut' inorder $N "$T/all"
ok 'no rotation file left over' sh -c "! ls '$T/q' | grep -q -e previous -e processed -e newstate"
finish
