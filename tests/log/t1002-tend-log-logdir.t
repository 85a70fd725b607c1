#!/bin/sh
# tend-log logdirs: same files and rotations as s6-log, pruning (n, S),
# modes, a last line without newline kept, NULs passed through.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 16
slow () { i=1 ; while test $i -le "$1" ; do printf '%099d\n' $i ; i=$((i + 1)) ; sleep 0.002 ; done ; }
sizes () { for f in "$1"/@*.s ; do wc -c < "$f" ; done | tr -d ' ' | tr '\n' ' ' ; wc -c < "$1/current" | tr -d ' ' ; }
if have_s6log ; then
  slow 60 | s6-log s4096 n3 "$T/a" ; slow 60 | tend-log s4096 n3 "$T/b"
  is "$(sizes "$T/b")" "$(sizes "$T/a")" 'rotation at s - l: same archive sizes as s6-log'
  slow 60 | s6-log s4096 l0 "$T/a0" ; slow 60 | tend-log s4096 l0 "$T/b0"
  is "$(sizes "$T/b0")" "$(sizes "$T/a0")" 'l0: same archive sizes as s6-log'
  is "$(cd "$T/b" && ls -l | awk 'NR > 1 { print $1 }' | sort | tr '\n' ' ')" \
     "$(cd "$T/a" && ls -l | awk 'NR > 1 { print $1 }' | sort | tr '\n' ' ')" 'same file modes'
  is "$(ls "$T/b" | sed 's/^@4000[0-9a-f]*\.s$/@.s/' | tr '\n' ' ')" \
     "$(ls "$T/a" | sed 's/^@4000[0-9a-f]*\.s$/@.s/' | tr '\n' ' ')" 'same file names'
else
  for i in 1 2 3 4 ; do skip 'no s6-log' ; done
fi
is "$(stat -c %a "$T/b")" 700 'logdir created 0700'
ok 'archive names are @tai64n.s' sh -c "ls '$T/b' | grep -q '^@4000[0-9a-f]\{20\}\.s$'"
i=1 ; while test $i -le 2000 ; do printf '%d %0100d\n' $i 0 ; i=$((i + 1)) ; done > "$T/in"
tend-log s4096 n3 "$T/n" < "$T/in"
is "$(ls "$T/n" | grep -c '^@')" 3 'n3 keeps 3 archives'
tend-log s4096 n100 S10000 "$T/S" < "$T/in"
tot=$(cat "$T/S"/@* | wc -c)
ok 'S10000: archives total at most 10000 bytes' test "$tot" -le 10000
tend-log s4096 n0 "$T/n0" < "$T/in"
is "$(ls "$T/n0" | grep -c '^@')" 0 'n0 keeps no archive'
tend-log s1000000 "$T/all" < "$T/in"
ok 'all lines kept below the size limit' cmp "$T/in" "$T/all/current"
printf 'one\ntwo' | tend-log "$T/last"
is "$(cat "$T/last/current")" "$(printf 'one\ntwo\n')" 'a last line without newline is kept (newline added)'
printf 'a\000b\nc\n' | tend-log 1 > "$T/nul"
is "$(od -An -c "$T/nul" | tr -s ' ')" "$(printf 'a\000b\nc\n' | od -An -c | tr -s ' ')" 'NUL passed through'
printf 'x\n' | tend-log "$T/m"
is "$(stat -c %a "$T/m/current")" 744 'current is 0744 (finalized) after exit'
printf 'y\n' | tend-log "$T/m"
is "$(cat "$T/m/current")" "$(printf 'x\ny\n')" 'a finalized current is appended to'
mkfifo "$T/f" ; exec 3<>"$T/f"
bgin tend-log -d 4 "$T/sig" 4>"$T/notif" ; p=$!
wait_for 50 test -s "$T/notif"
ok '-d: readiness newline' test "$(od -An -c "$T/notif" | tr -d ' ')" = '\n'
echo one >&3 ; wait_for 50 grep -q one "$T/sig/current"
kill -ALRM $p ; wait_for 50 sh -c "ls '$T/sig' | grep -q '^@.*\.s$'"
ok 'SIGALRM rotates' sh -c "cat '$T/sig'/@*.s | grep -q one"
finish
