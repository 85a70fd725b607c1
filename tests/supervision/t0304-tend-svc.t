#!/bin/sh
# tend-svc without -w: the bytes it writes to supervise/control, its
# options, its diagnoses and exit codes, compared with s6-svc 2.11.
. "${0%/*}/../lib.sh"
. "${0%/*}/svclient-lib.sh"
plan 38

exits 100 'no argument: usage' tend-svc
grep -q '^tend-svc: usage: tend-svc \[ -wu | -wU | -wd | -wD | -wr | -wR \] \[ -T timeout \] \[ -abqhkti12pcyroduDUxOQ \] servicedir...$' "$T/err" && pass 'usage line' || fail 'usage line'
exits 100 'unknown option: usage' tend-svc -Z "$T"
exits 100 '-w with no letter: usage' tend-svc -w "$T"
exits 100 '-wx: usage' tend-svc -wx "$T"
exits 100 '-wuu: usage' tend-svc -wuu "$T"
exits 100 '-T not a number: usage' tend-svc -T 1x -u "$T"
exits 100 '63 commands: too many' tend-svc -$(printf 'c%.0s' $(seq 1 63)) "$T"
grep -q '^tend-svc: fatal: too many commands$' "$T/err" && pass '... said so' || fail '... said so'

# recorder NAME: a service directory whose control fifo is read by a cat
# into $T/NAME.bytes, standing in for a supervisor.
recorder () {
  mkdir -p "$T/$1/supervise"
  mkfifo "$T/$1/supervise/control"
  bg sh -c 'exec cat <> "$1" >> "$2"' rec "$T/$1/supervise/control" "$T/$1.bytes"
  wait_for 50 holds "$!" "$T/$1/supervise/control"
}
recorder rec
recorder rec6
all=abqhkti12pcyroduDUxOQ
exits 0 'every command letter: sent' tend-svc -abqhkti12pc -yroduDUxOQ "$T/rec"
wait_for 50 test -s "$T/rec.bytes"
is "$(cat "$T/rec.bytes")" "$all" 'written in command-line order'
if have_s6 ; then
  s6-svc -abqhkti12pc -yroduDUxOQ "$T/rec6"
  wait_for 50 test -s "$T/rec6.bytes"
  is "$(cat "$T/rec.bytes")" "$(cat "$T/rec6.bytes")" 'the same bytes as s6-svc'
else
  skip 's6 not installed'
fi
if command -v strace >/dev/null 2>&1 ; then
  ASAN_OPTIONS=detect_leaks=0 strace -qq -e trace=write -o "$T/strace" tend-svc -abqhkti12pcyroduDUxOQ "$T/rec"
  is "$(grep -c '^write(' "$T/strace") $(grep -c "^write([0-9]*, \"$all\", 21)" "$T/strace")" '1 1' 'all the letters in a single write'
else
  skip 'strace not installed'
fi
: > "$T/rec.bytes"
sixty2=$(printf 'uc%.0s' $(seq 1 31))
exits 0 '62 commands: fine' tend-svc -$sixty2 "$T/rec"
wait_for 50 test -s "$T/rec.bytes"
is "$(cat "$T/rec.bytes")" "$sixty2" '... all of them'
: > "$T/rec.bytes"
exits 0 'no command letter: 0 when someone listens' tend-svc -T 10 "$T/rec"
is "$(cat "$T/rec.bytes")" '' '... and nothing written'

mkdir "$T/nosv" "$T/noreader" "$T/noreader/supervise" "$T/nofifo" "$T/nofifo/supervise" "$T/filesup"
mkfifo "$T/noreader/supervise/control"
: > "$T/file" ; : > "$T/filesup/supervise"
exits 111 'missing servicedir: 111' tend-svc -u "$T/missing"
grep -q "^tend-svc: fatal: unable to control $T/missing: No such file or directory\$" "$T/err" && pass '... one-line message' || fail '... one-line message'
exits 100 'never supervised: 100' tend-svc -u "$T/nosv"
grep -q "^tend-svc: fatal: unable to control $T/nosv: supervisor not listening\$" "$T/err" && pass '... supervisor not listening' || fail '... supervisor not listening'
exits 100 'no letters, never supervised: 100 too' tend-svc "$T/nosv"
exits 100 'control fifo without a reader: 100' tend-svc -u "$T/noreader"
exits 100 'supervise/ without a control fifo: 100' tend-svc -u "$T/nofifo"
grep -q "^tend-svc: fatal: something is wrong with the $T/nofifo/supervise directory: No such file or directory\$" "$T/err" && pass '... broken supervise dir' || fail '... broken supervise dir'
exits 100 'supervise is a file: 100' tend-svc -u "$T/filesup"
exits 111 'servicedir is a file: 111' tend-svc -u "$T/file"
if have_s6 ; then
  w= ; g=
  for d in missing nosv noreader nofifo filesup file ; do w="$w $(code s6-svc -u "$T/$d")" g="$g $(code tend-svc -u "$T/$d")" ; done
  is "$g" "$w" 'same exit codes as s6-svc on each broken servicedir'
else
  skip 's6 not installed'
fi

# Several directories: each one is tried, a warning per failure, the worst
# code at the end.
: > "$T/rec.bytes"
exits 100 'one good, one unsupervised: 100' tend-svc -u "$T/rec" "$T/nosv"
grep -q "^tend-svc: warning: unable to control $T/nosv: supervisor not listening\$" "$T/err" && pass '... a warning for the bad one' || fail '... a warning for the bad one'
wait_for 50 test -s "$T/rec.bytes"
is "$(cat "$T/rec.bytes")" u '... the good one got its command'
exits 111 'unsupervised and missing: the worst code, 111' tend-svc -u "$T/nosv" "$T/missing" "$T/rec"

# A live service under each supervisor.
for s in s6-supervise tend-supervise ; do
  case " $SUPS " in
    *" $s "*)
      mksv "sv-$s"
      start "$s" "sv-$s" ; sup=$c_sup
      exits 0 "$s: -d" tend-svc -d "$T/sv-$s"
      ok "$s: ... the service goes down" wait_for 50 field "$T/sv-$s" up false
      tend-svc -u "$T/sv-$s"
      ok "$s: -u: up again" wait_for 50 field "$T/sv-$s" up true
      stop "sv-$s" "$sup" ;;
    *) skip "$s not available" ; skip "$s not available" ; skip "$s not available" ;;
  esac
done
finish
