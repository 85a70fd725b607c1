#!/bin/sh
# The issue's scenario, scaled down: a service writes numbered lines into
# the pipe its scanner holds; its logger, tend-log, is killed with SIGKILL
# again and again and restarted by its supervisor: every line arrives, in
# order, whole; duplicates only at kill points.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 3
N=${SVSCAN_LINES:-20000} K=${SVSCAN_KILLS:-10}
scanner=
for s in "${TEST_BINDIR:-$TOP}/tend-svscan" /usr/bin/s6-svscan ; do
  test -x "$s" && { scanner=$s ; break ; }
done
if test -z "$scanner" ; then skip 'no scanner' ; skip 'no scanner' ; skip 'no scanner' ; finish ; fi
diag "scanner: $scanner"
mkdir -p "$T/scan/web/log"
cat > "$T/scan/web/run" <<EOR
#!/bin/sh
i=1 ; while test \$i -le $N ; do echo "\$i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ; case \$i in *00) sleep 0.06 ;; esac ; i=\$((i + 1)) ; done
exec sleep 1000
EOR
cat > "$T/scan/web/log/run" <<EOR
#!/bin/sh
echo \$\$ > $T/logpid
exec tend-log t s100000 n100000 $T/d
EOR
chmod 755 "$T/scan/web/run" "$T/scan/web/log/run"
bg "$scanner" "$T/scan" 2>/dev/null ; scan=$!
arrived () { cat $(ls "$T/d"/@* 2>/dev/null | sort) "$T/d/current" 2>/dev/null | tail -n 1 | grep -q " $N x" ; }
k=0
wait_for 50 test -s "$T/logpid"
while test $k -lt $K && ! arrived ; do
  p=$(cat "$T/logpid" 2>/dev/null)
  case $p in [1-9]*[0-9]|[2-9]) ;; *) p= ;; esac
  if test -n "$p" && test "$p" -gt 1 && grep -q tend-log "/proc/$p/cmdline" 2>/dev/null ; then
    rm -f "$T/logpid" ; kill -9 "$p" ; k=$((k + 1))
    wait_for 30 test -s "$T/logpid"
  fi
  sleep 0.0$((k % 7 + 2))
done
diag "kills: $k"
ok 'every line arrived' wait_for 200 arrived
logdir_all "$T/d" | cut -d' ' -f2- > "$T/all"
ok "$k SIGKILLs under the scanner: all $N lines, in order, none cut" inorder $N "$T/all"
dups=$(awk '{ if ($1 + 0 < e) d++ ; else e = $1 + 1 } END { print d + 0 }' "$T/all")
diag "lines written twice: $dups"
ok 'killed more than once' test $k -gt 1
s6-svscanctl -t "$T/scan" 2>/dev/null || tend-svscanctl -t "$T/scan"
wait_for 100 gone $scan
finish
