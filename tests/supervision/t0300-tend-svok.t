#!/bin/sh
# tend-svok: 0 supervised, 1 not (missing dir too), 111 on a broken path,
# 100 usage; the same answers as s6-svok on the same directories.
. "${0%/*}/../lib.sh"
. "${0%/*}/svclient-lib.sh"
plan 17
mkdir "$T/nosv" "$T/nosup" "$T/nosup/supervise" "$T/filesup"
: > "$T/file" ; : > "$T/filesup/supervise"
exits 100 'no argument: usage' tend-svok
grep -q '^tend-svok: usage: tend-svok servicedir$' "$T/err" && pass 'usage line' || fail 'usage line'
exits 1 'directory that was never supervised: 1' tend-svok "$T/nosv"
exits 1 'missing directory: 1' tend-svok "$T/missing"
exits 1 'supervise/ without a lock: 1' tend-svok "$T/nosup"
exits 111 'servicedir is a file: 111' tend-svok "$T/file"
grep -q "^tend-svok: fatal: unable to check $T/file: Not a directory\$" "$T/err" && pass 'one-line message' || fail 'one-line message'
exits 111 'supervise is a file: 111' tend-svok "$T/filesup"
if have_s6 ; then
  for d in nosv missing nosup file filesup ; do
    is "$(code tend-svok "$T/$d")" "$(code s6-svok "$T/$d")" "same code as s6-svok: $d"
  done
else
  for d in 1 2 3 4 5 ; do skip 's6 not installed' ; done
fi
for s in s6-supervise tend-supervise ; do
  case " $SUPS " in
    *" $s "*)
      mksv "sv-$s"
      start "$s" "sv-$s" ; sup=$c_sup
      exits 0 "under $s: 0" tend-svok "$T/sv-$s" extra args ignored
      stop "sv-$s" "$sup"
      exits 1 "$s gone: 1 again" tend-svok "$T/sv-$s" ;;
    *) skip "$s not available" ; skip "$s not available" ;;
  esac
done
finish
