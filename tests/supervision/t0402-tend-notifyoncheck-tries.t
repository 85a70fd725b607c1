#!/bin/sh
# tend-notifyoncheck -n: gives up after n failed checks (exit 1), leaving the
# service up and not ready; a ./data/check that cannot be spawned counts as
# a failure; -n 0 polls on. Same counts as Debian's s6-notifyoncheck.
. "${0%/*}/../lib.sh"
. "${0%/*}/notifyoncheck-lib.sh"

SUPS=$(noc_supervisors)
if ! noc_have_clients || test -z "$SUPS" ; then
  plan 1 ; skip 'needs s6 (s6-supervise, s6-svc, s6-svstat, s6-svok)' ; finish
fi
IMPLS=tend-notifyoncheck
command -v s6-notifyoncheck >/dev/null && IMPLS="$IMPLS s6-notifyoncheck"
set -- $SUPS
ns=$#
set -- $IMPLS
plan $((ns * 9 + $# * 3 + 2))

# tries SUP NAME OPTIONS WANT: the checker gives up (exit 1) after WANT checks.
tries () {
  mksv "$2" "$3"
  start "$1" "$2"
  ok "$lab: $3: the checker gives up with exit 1" checker_exited "$2" 1
  is "$(nchecks "$2")" "$4" "$lab: $3: exactly $4 checks"
  ok "$lab: $3: the service stays up, not ready" sh -c "test \"\$(s6-svstat -o up,ready '$T/$2')\" = 'true false'"
  stop "$2"
}

for sup in $SUPS ; do
  lab=$(label "$sup")
  tries "$sup" "n3-$lab" '-s 0 -w 20 -n 3' 3
  tries "$sup" "n1-$lab" '-s 0 -n 1' 1
  tries "$sup" "dflt-$lab" '-s 0 -w 10' 7
done

# -n 0: no limit, well past the default 7.
sup=${SUPS%% *}
mksv n0 '-s 0 -w 10 -n 0'
start "$sup" n0
ok '-n 0: keeps polling past 7 failures' checks_atleast n0 12
ok '-n 0: the checker is still there' sh -c "! test -e '$T/n0/checker-exit'"
stop n0

# The same with Debian's s6-notifyoncheck, under the first supervisor: our
# counts are its counts. A missing ./data/check is a failed try for both.
sup=${SUPS%% *}
for p in $IMPLS ; do
  sv=miss-$p
  mksv "$sv" '-s 0 -w 20 -n 3'
  sed -i "s/exec tend-notifyoncheck/exec $p/" "$T/$sv/run"
  rm "$T/$sv/data/check"
  start "$sup" "$sv"
  ok "$p: missing ./data/check: gives up with exit 1" checker_exited "$sv" 1
  is "$(grep -c 'unable to spawn ./data/check' "$T/$sv.err")" 3 "$p: missing ./data/check: 3 warnings, one per try"
  ok "$p: the service stays up" isup "$sv"
  stop "$sv"
done
finish
