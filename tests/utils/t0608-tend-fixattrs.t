#!/bin/sh
# tend-fixattrs on the host (the overlay's t1105 runs it in containers):
# a rules file applied to a tree under $T, so that the sanitizer and
# valgrind runs see the program too (it once left its file buffer
# unfreed at exit, which LeakSanitizer reports).
. "${0%/*}/../lib.sh"
plan 6

mkdir -p "$T/d/sub" "$T/one"
: > "$T/d/f" ; : > "$T/d/.h" ; : > "$T/d/sub/g" ; : > "$T/one/f"
chmod 644 "$T/d/f" "$T/d/.h" "$T/d/sub/g" "$T/one/f"
cat > "$T/rules" <<EOR
# path recurse account fmode dmode

$T/d true 1234:5678 0600 0710
$T/one false no-such-account-t0608,4321:8765 0640 0750
EOR
attrs () { stat -c '%u:%g %a' "$@" | tr '\n' ' ' ; }
if need_root ; then
  ok 'two rules: exit 0' tend-fixattrs "$T/rules"
  is "$(attrs "$T/d" "$T/d/f" "$T/d/sub" "$T/d/sub/g")" '1234:5678 710 1234:5678 600 1234:5678 710 1234:5678 600 ' 'recursive: files and directories apart'
  is "$(attrs "$T/d/.h" "$T/one" "$T/one/f")" '0:0 644 4321:8765 750 0:0 644 ' 'hidden files left alone; the fallback ids; no recursion with false'
  printf '%s/d maybe root 0600 0700\n' "$T" > "$T/bad"
  exits 1 'a malformed line: exit 1' tend-fixattrs "$T/bad" "$T/rules"
  cp "$T/err" "$T/bad.err"
  ok '... naming the file and line' grep -q "$T/bad:1: malformed line" "$T/bad.err"
  ok '-H: hidden files too' sh -c "tend-fixattrs -H '$T/rules' && test \"\$(stat -c '%u %a' '$T/d/.h')\" = '1234 600'"
else
  exits 0 'as non-root: skipped' tend-fixattrs "$T/rules"
  cp "$T/err" "$T/skip.err"
  ok '... with a warning' grep -q 'not running as root' "$T/skip.err"
  for i in 1 2 3 4 ; do skip 'needs root' ; done
fi
finish
