#!/bin/sh
# tend-notifyoncheck timing: -s initial sleep, -w between tries, -T global
# timeout (exit 3, the running check is stopped), -t local timeout (the
# check is stopped and the try counts as failed).
. "${0%/*}/../lib.sh"
. "${0%/*}/notifyoncheck-lib.sh"

SUPS=$(noc_supervisors)
if ! noc_have_clients || test -z "$SUPS" ; then
  plan 1 ; skip 'needs s6 (s6-supervise, s6-svc, s6-svstat, s6-svok)' ; finish
fi
set -- $SUPS
plan $((14 * $#))

sigs () { if test -f "$T/$1/check-signals" ; then wc -l < "$T/$1/check-signals" | tr -d ' ' ; else echo 0 ; fi ; }
n_sigs () { test "$(sigs "$1")" -ge "$2" ; }
between () { test "$1" -ge "$2" && test "$1" -lt "$3" ; }

for sup in $SUPS ; do
  lab=$(label "$sup")

  sv=sw-$lab
  mksv "$sv" '-s 400 -w 300 -n 2'
  start "$sup" "$sv"
  checker_exited "$sv" 1
  ms=$(ms_between "$(cat "$T/$sv/started")" "$(check_time "$sv" 1)")
  ok "$lab: -s 400: first check after 400 ms (${ms} ms)" between "$ms" 400 3000
  ms=$(ms_between "$(check_time "$sv" 1)" "$(check_time "$sv" 2)")
  ok "$lab: -w 300: next check 300 ms after a failure (${ms} ms)" between "$ms" 300 3000
  stop "$sv"

  # -T: checks keep failing; the checker gives up at the deadline.
  sv=gT-$lab
  mksv "$sv" '-s 0 -w 50 -n 0 -T 600'
  start "$sup" "$sv"
  ok "$lab: -T 600: the checker exits 3" checker_exited "$sv" 3
  ms=$(ms_between "$(cat "$T/$sv/started")" "$(date +%s%N)")
  ok "$lab: -T 600: not before 600 ms" test "$ms" -ge 600
  ok "$lab: -T 600: several checks ran before" test "$(nchecks "$sv")" -ge 3
  ok "$lab: -T: up, not ready" sh -c "test \"\$(s6-svstat -o up,ready '$T/$sv')\" = 'true false'"
  stop "$sv"

  # -T while a check hangs: the check gets SIGTERM.
  sv=gTs-$lab
  mksv "$sv" '-s 0 -n 0 -T 500'
  touch "$T/$sv/slow"
  start "$sup" "$sv"
  ok "$lab: -T with a hanging check: exit 3" checker_exited "$sv" 3
  ok "$lab: -T with a hanging check: the check got SIGTERM" wait_for 50 n_sigs "$sv" 1
  stop "$sv"

  # -t: each hanging check is stopped and counts as a failed try.
  sv=lt-$lab
  mksv "$sv" '-s 0 -w 50 -n 2 -t 300'
  touch "$T/$sv/slow"
  start "$sup" "$sv"
  ok "$lab: -t 300 -n 2, checks hang: exit 1 after 2 tries" checker_exited "$sv" 1
  is "$(nchecks "$sv")" 2 "$lab: -t: 2 checks ran"
  ok "$lab: -t: each got SIGTERM" wait_for 50 n_sigs "$sv" 2
  ms=$(ms_between "$(check_time "$sv" 1)" "$(check_time "$sv" 2)")
  # the stamps are taken once each check has started: allow for start-up
  # time under load (the tries themselves are counted above)
  ok "$lab: -t 300 -w 50: the second try 350 ms after the first (${ms} ms)" between "$ms" 250 3000
  stop "$sv"

  # -t, then a check that answers in time: ready.
  sv=lt2-$lab
  mksv "$sv" '-s 0 -w 50 -n 0 -t 200'
  touch "$T/$sv/slow"
  start "$sup" "$sv"
  checks_atleast "$sv" 2
  rm "$T/$sv/slow"
  touch "$T/$sv/flag"
  ok "$lab: -t: a later check that succeeds makes the service ready" wait_for 50 isready "$sv"
  ok "$lab: -t: the checker exits 0" checker_exited "$sv" 0
  stop "$sv"
done
finish
