#!/bin/sh
# tend-log: usage and script errors, exit 100 naming the bad directive.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 14
exits 100 'no argument: usage' tend-log
grep -q '^tend-log: usage: tend-log ' "$T/err" ; ok 'usage message' test $? -eq 0
exits 100 'unknown option' tend-log -x 1
exits 100 'bad -l' tend-log -l abc 1
exits 100 '-d below 3' tend-log -d 2 1
for d in 'x' '+(' 'sabc' 'n' 'E5' 'tt' ; do
  echo x | tend-log -- "$d" 1 >/dev/null 2>"$T/err"
  r=$?
  if test $r -eq 100 && grep -qF "unrecognized directive: $d" "$T/err" ; then pass "directive '$d' rejected by name"
  else fail "directive '$d' rejected by name (exit $r)" ; fi
done
exits 100 'no action directive' tend-log n3 s5000
grep -q 'no action directive specified' "$T/err" ; ok 'message says so' test $? -eq 0
echo x | tend-log -- s4096 l3000 1 >/dev/null 2>"$T/err"
r=$? ; if test $r -eq 100 && grep -q 'l3000 conflicts' "$T/err" ; then pass 'l over s/2 rejected' ; else fail "l over s/2 rejected ($r)" ; fi
finish
