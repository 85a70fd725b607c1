#!/bin/sh
# Issue 3's no-loss test at full size: two services under tend-svscan each
# write 200,000 numbered lines into the pipe the scanner holds, while their
# loggers (tend-log) are stopped 50 times and restarted by their
# supervisors: web's with SIGKILL (every line arrives, in order, whole;
# duplicates only at kill points), api's with SIGTERM (every line exactly
# once).  Both run at once; a logger is stopped again only after it has run
# for a second, so that its supervisor restarts it at once (no throttle).
# About a minute.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 6
N=${KILL50_LINES:-200000} K=${KILL50_KILLS:-50}
scanner=${TEST_BINDIR:-$TOP}/tend-svscan
if ! test -x "$scanner" || ! test -x "${TEST_BINDIR:-$TOP}/tend-log" ; then
  for i in 1 2 3 4 5 6 ; do skip 'tend-svscan or tend-log not built' ; done ; finish
fi
# the producers take about 60 s (a 0.3 s pause every 1000 lines): the 50
# stops of about 1.1 s each happen while lines flow. The last 1000 lines
# wait until the stops are done (bounded: 300 s), so that a slow machine
# still makes all of them before the producers finish.
for s in web api ; do
  mkdir -p "$T/scan/$s/log"
  cat > "$T/scan/$s/run" <<EOR
#!/bin/sh
hold () { j=0 ; while ! test -e "$T/stops-done" && test \$j -lt 3000 ; do sleep 0.1 ; j=\$((j + 1)) ; done ; }
i=1 ; while test \$i -le $N ; do test \$i -eq $((N - 999)) && hold ; echo "\$i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ; case \$i in *000) sleep 0.3 ;; esac ; i=\$((i + 1)) ; done
exec sleep 1000
EOR
  cat > "$T/scan/$s/log/run" <<EOR
#!/bin/sh
echo \$\$ > $T/$s.pid
exec tend-log t s1000000 n100000 $T/$s
EOR
  chmod 755 "$T/scan/$s/run" "$T/scan/$s/log/run"
done
bg "$scanner" "$T/scan" 2>/dev/null ; scan=$!
arrived () { logdir_all "$T/$1" 2>/dev/null | tail -n 1 | grep -q " $N x" ; }
# logger SVC: the pid of SVC's tend-log, once it has exec'd
logger () {
  l_p=$(cat "$T/$1.pid" 2>/dev/null)
  case $l_p in ''|*[!0-9]*) return 1 ;; esac
  grep -q tend-log "/proc/$l_p/cmdline" 2>/dev/null && echo "$l_p"
}
kw=0 kt=0
while test $kw -lt $K || test $kt -lt $K ; do
  arrived web && arrived api && break
  wait_for 150 logger web > /dev/null && wait_for 150 logger api > /dev/null || break
  sleep 1.1
  if test $kw -lt $K && ! arrived web ; then
    p=$(logger web) && { rm -f "$T/web.pid" ; kill -KILL "$p" ; kw=$((kw + 1)) ; }
  fi
  if test $kt -lt $K && ! arrived api ; then
    p=$(logger api) && { rm -f "$T/api.pid" ; kill -TERM "$p" ; kt=$((kt + 1)) ; }
  fi
done
: > "$T/stops-done"
diag "SIGKILLs: $kw, SIGTERMs: $kt"
ok 'every line arrived (SIGKILL)' wait_for 300 arrived web
ok 'every line arrived (SIGTERM)' wait_for 300 arrived api
for s in web api ; do logdir_all "$T/$s" | cut -d' ' -f2- > "$T/$s.all" ; done
ok "$kw SIGKILLs: all $N lines, in order, none cut" inorder "$N" "$T/web.all"
dups=$(awk '{ if ($1 + 0 < e) d++ ; else e = $1 + 1 } END { print d + 0 }' "$T/web.all")
diag "lines written twice after a SIGKILL: $dups"
ok "$kt SIGTERMs: all $N lines, in order, none cut" inorder "$N" "$T/api.all"
is "$(wc -l < "$T/api.all" | tr -d ' ')" "$N" "$kt SIGTERMs: every line exactly once"
ok "stopped $K times each" test "$kw" -eq "$K" -a "$kt" -eq "$K"
tend-svscanctl -t "$T/scan" 2>/dev/null || kill "$scan"
wait_for 100 gone $scan
finish
