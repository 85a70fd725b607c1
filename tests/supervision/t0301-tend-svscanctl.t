#!/bin/sh
# tend-svscanctl: writes its letters, in order, in one write to
# scandir/.s6-svscan/control; the exit codes and diagnoses of s6-svscanctl.
. "${0%/*}/../lib.sh"
. "${0%/*}/svclient-lib.sh"
plan 26

exits 100 'no argument: usage' tend-svscanctl
exits 100 'no command letter: usage' tend-svscanctl "$T"
exits 100 'unknown option: usage' tend-svscanctl -Z "$T"
for o in p r s 0 6 7 8 ; do
  exits 100 "-$o (refused by s6-svscanctl 2.11 too): usage" tend-svscanctl -$o "$T"
done
exits 100 '65 commands: too many' tend-svscanctl -$(printf 'z%.0s' $(seq 1 65)) "$T"
grep -q '^tend-svscanctl: fatal: too many commands$' "$T/err" && pass '... said so' || fail '... said so'

mkdir "$T/noscan" "$T/nofifo" "$T/nofifo/.s6-svscan" "$T/filectl" "$T/noreader" "$T/noreader/.s6-svscan"
: > "$T/file" ; : > "$T/filectl/.s6-svscan" ; mkfifo "$T/noreader/.s6-svscan/control"
exits 111 'missing scandir: 111' tend-svscanctl -a "$T/missing"
exits 100 'no .s6-svscan: not listening, 100' tend-svscanctl -a "$T/noscan"
grep -q "^tend-svscanctl: fatal: unable to control $T/noscan: scanner not listening\$" "$T/err" && pass '... one-line message' || fail '... one-line message'
exits 100 'fifo without a reader: 100' tend-svscanctl -a "$T/noreader"
exits 100 '.s6-svscan without a fifo: broken, 100' tend-svscanctl -a "$T/nofifo"
exits 100 '.s6-svscan is a file: broken, 100' tend-svscanctl -a "$T/filectl"
grep -q "^tend-svscanctl: fatal: something is wrong with the $T/filectl/.s6-svscan directory: Not a directory\$" "$T/err" && pass '... one-line message' || fail '... one-line message'
exits 111 'scandir is a file: 111' tend-svscanctl -a "$T/file"
if have_s6 ; then
  w= ; g=
  for d in missing noscan noreader nofifo filectl file ; do
    w="$w $(code s6-svscanctl -a "$T/$d")" g="$g $(code tend-svscanctl -a "$T/$d")"
  done
  is "$g" "$w" 'same exit codes as s6-svscanctl on each broken scandir'
else
  skip 's6 not installed'
fi

# A reader on a hand-made control fifo records what is written.
mkdir "$T/rec" "$T/rec/.s6-svscan" ; mkfifo "$T/rec/.s6-svscan/control"
bg sh -c 'exec cat <> "$1" > "$2"' rec "$T/rec/.s6-svscan/control" "$T/rec.bytes"
wait_for 50 holds "$!" "$T/rec/.s6-svscan/control"
exits 0 'all nine commands sent' tend-svscanctl -zab -hitqnN "$T/rec"
wait_for 50 test -s "$T/rec.bytes"
is "$(cat "$T/rec.bytes")" zabhitqnN 'bytes in command-line order'

if have_s6 ; then
  mkdir "$T/scan"
  ( cd "$T/scan" && exec s6-svscan ) 2>/dev/null & scan=$!
  wait_for 50 test -p "$T/scan/.s6-svscan/control"
  exits 0 'a live s6-svscan: -a accepted' tend-svscanctl -a "$T/scan"
  exits 0 '-q accepted' tend-svscanctl -q "$T/scan"
  ok 's6-svscan quits on -q' wait_for 50 gone "$scan"
else
  skip 's6 not installed' ; skip 's6 not installed' ; skip 's6 not installed'
fi
finish
