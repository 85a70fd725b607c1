#!/bin/sh
# tend-notifyoncheck under a real supervisor: the service is up at once but
# ready only once ./data/check (or -c checkprog) succeeds; prog is the
# supervised process; the checker cleans up behind it.
. "${0%/*}/../lib.sh"
. "${0%/*}/notifyoncheck-lib.sh"

SUPS=$(noc_supervisors)
if ! noc_have_clients || test -z "$SUPS" ; then
  plan 1 ; skip 'needs s6 (s6-supervise, s6-svc, s6-svstat, s6-svok)' ; finish
fi
set -- $SUPS
plan $((14 * $#))

# children PID: the pids of PID's children.
children () { cat /proc/"$1"/task/*/children 2>/dev/null ; }
is_checker () { grep -q tend-notifyoncheck "/proc/$1/cmdline" 2>/dev/null ; }
no_listener () { ! ls "$1" | grep -q '^ftrig1:' ; }
no_fd3 () { ! test -e "/proc/$1/fd/3" ; }

for sup in $SUPS ; do
  lab=$(label "$sup")
  sv=a-$lab
  mksv "$sv" '-s 0 -w 50 -n 0'
  ok "$lab: supervisor started" start "$sup" "$sv"
  ok "$lab: the checker polls ./data/check" checks_atleast "$sv" 3
  ok "$lab: the service is up while checks fail" isup "$sv"
  ok "$lab: ... and not ready" sh -c "test \"\$(s6-svstat -o ready '$T/$sv')\" = false"
  pid=$(field "$sv" pid)
  ok "$lab: prog is the supervised process" grep -q perl "/proc/$pid/cmdline"
  c=
  for k in $(children "$pid") ; do is_checker "$k" && c=$k ; done
  ok "$lab: the checker is prog's child" test -n "$c"
  ok "$lab: prog does not hold the notification fd" no_fd3 "$pid"
  touch "$T/$sv/flag"
  ok "$lab: ready once the check succeeds" wait_for 50 isready "$sv"
  ok "$lab: s6-svwait -U agrees" s6-svwait -U -t 5000 "$T/$sv"
  ok "$lab: the checker exits 0" checker_exited "$sv" 0
  ok "$lab: same pid, prog was not restarted" test "$(field "$sv" pid)" = "$pid"
  ok "$lab: the checker removed its event fifo" no_listener "$T/$sv/event"
  stop "$sv"

  # -c: the check is an execlineb command line; no ./data/check needed.
  sv=c-$lab
  mksv "$sv" '-s 0 -w 50 -n 0 -c "sh -c \"echo c >> checks ; test -e cflag\""'
  rm "$T/$sv/data/check"
  if command -v execlineb >/dev/null ; then
    start "$sup" "$sv"
    wait_for 20 isup "$sv"
    checks_atleast "$sv" 2
    ok "$lab: -c: not ready while the command fails" sh -c "test \"\$(s6-svstat -o ready '$T/$sv')\" = false"
    touch "$T/$sv/cflag"
    ok "$lab: -c: ready once the command succeeds" wait_for 50 isready "$sv"
    stop "$sv"
  else
    skip "$lab: -c needs execlineb" ; skip "$lab: -c needs execlineb"
  fi
done
finish
