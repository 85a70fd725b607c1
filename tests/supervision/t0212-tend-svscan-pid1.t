#!/bin/sh
# tend-svscan as pid 1 of a new pid namespace: reaps a burst of 1000
# orphaned zombies, leaves none; SIGTERM stops the tree and it exits.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 6
if ! need_root || ! unshare --pid --fork --mount-proc true 2>/dev/null ; then
  for i in 1 2 3 4 5 6 ; do skip 'needs root and unshare --pid' ; done
  finish
fi

mksv graceful 'trap '\''echo stopped > '"$T"'/stopped ; kill $! ; exit 0'\'' TERM
sleep 1000 & wait'
# burst: 1000 children that exit at once, their parent exec'ed into a
# sleep that never reaps them; when it exits they are all orphaned zombies
cat > "$T/burst" <<'EOT'
#!/bin/sh
i=0
while test $i -lt 1000 ; do /bin/true & i=$((i + 1)) ; done
exec sleep 1
EOT
cat > "$T/zombies" <<'EOT'
#!/bin/sh
n=0
for f in /proc/[0-9]*/stat ; do
  s=$(cat "$f" 2>/dev/null) || continue
  s=${s##*) } ; test "${s%% *}" = Z && n=$((n + 1))
done
echo $n
EOT
chmod 755 "$T/burst" "$T/zombies"
mksv zombie 'echo "$(cat /proc/1/comm) $$" > '"$T"'/pid1
'"$T"'/burst
# bounded: until no zombie is left (10 s at most)
i=0
while test "$('"$T"'/zombies)" != 0 -a $i -lt 100 ; do sleep 0.1 ; i=$((i + 1)) ; done
'"$T"'/zombies > '"$T"'/left
exec sleep 1000'

bg unshare --pid --fork --mount-proc tend-svscan -d 3 "$S" 2>"$T/svscan.err" 3>"$T/notif"
ushare=$!
wait_for 50 test -s "$T/notif"
ok 'tend-svscan is pid 1 of the namespace' wait_for 50 grep -q '^tend-svscan ' "$T/pid1"
ok 'the 1000 orphaned zombies are all reaped' wait_for 150 test -s "$T/left"
is "$(cat "$T/left")" 0 'no zombie left'
inner=$(cat /proc/"$ushare"/task/"$ushare"/children)
kill -TERM "$inner"
ok 'SIGTERM: pid 1 exits' wait_for 100 gone "$ushare"
wait "$ushare" ; rc=$?
is "$rc" 0 'exit 0 (no finish script)'
ok 'the service was stopped gracefully first' test -s "$T/stopped"
finish
