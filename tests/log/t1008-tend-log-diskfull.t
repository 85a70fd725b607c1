#!/bin/sh
# A 1 MiB tmpfs that fills: tend-log stops reading, says so on stderr,
# retries every r ms, and loses no line once space is freed.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 4
if ! need_root || ! mkdir "$T/mnt" || ! mount -t tmpfs -o size=1m tmpfs "$T/mnt" 2>/dev/null ; then
  for i in 1 2 3 4 ; do skip 'needs root and tmpfs' ; done ; finish
fi
trap 'umount "$T/mnt" 2>/dev/null ; t_cleanup' EXIT
head -c 700000 /dev/zero > "$T/mnt/fill"
N=6000
i=1 ; while test $i -le $N ; do printf '%d %0100d\n' $i 0 | tr 0 x ; i=$((i + 1)) ; done > "$T/in"
mkfifo "$T/f" ; exec 3<>"$T/f"
bgin tend-log r100 s10000000 "$T/mnt/d" 2>"$T/log.err" ; p=$!
cat "$T/in" >&3 & prod=$!
ok 'write failure reported' wait_for 100 grep -q 'No space left on device' "$T/log.err"
ok 'still running' alive $p
rm "$T/mnt/fill"
wait $prod
wait_for 100 sh -c "tail -n 1 '$T/mnt/d/current' | grep -q '^$N '"
kill -TERM $p ; wait $p
ok 'every line, in order, once space was freed' cmp "$T/in" "$T/mnt/d/current"
ok 'the failed write left no cut line' test "$(wc -l < "$T/mnt/d/current")" -eq $N
umount "$T/mnt"
finish
