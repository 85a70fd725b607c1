#!/bin/sh
# tend-svwait: -u -U -d -D -r -R, -a/-o over several services, -t; exit 0
# reached, 99 timed out, 100 usage, 111 error, else the number of services
# whose supervisor went away (or that failed for good) while waited for.
. "${0%/*}/../lib.sh"
. "${0%/*}/svclient-lib.sh"
nlive=23
plan $((10 + nlive * 2))

exits 100 'no argument: usage' tend-svwait
grep -q '^tend-svwait: usage: tend-svwait \[ -U | -u | -d | -D | -r | -R \] \[ -a | -o \] \[ -t timeout \] servicedir...$' "$T/err" && pass 'usage line' || fail 'usage line'
exits 100 'unknown option: usage' tend-svwait -Z "$T"
exits 100 '-t not a number: usage' tend-svwait -t 5s "$T"
exits 100 'no servicedir: usage' tend-svwait -u -t 10
mkdir "$T/nosv" ; : > "$T/file"
exits 111 'missing dir: 111' tend-svwait -t 100 -u "$T/missing"
grep -q "^tend-svwait: fatal: unable to subscribe to events for $T/missing: No such file or directory\$" "$T/err" && pass '... one-line message' || fail '... one-line message'
exits 111 'never supervised (no status): 111' tend-svwait -t 100 -u "$T/nosv"
is "$(subs nosv)" 0 '... no listener fifo left behind'
if have_s6 ; then
  w= ; g=
  for d in missing nosv file ; do w="$w $(code s6-svwait -t 100 -u "$T/$d")" g="$g $(code tend-svwait -t 100 -u "$T/$d")" ; done
  is "$g" "$w" 'same exit codes as s6-svwait'
else
  skip 's6 not installed'
fi

# bgwait ARGS...: tend-svwait ARGS in the background ($wpid); then
# subscribed DIR...: until it listens to each DIR.
bgwait () { tend-svwait "$@" > /dev/null 2> "$T/bgerr" & wpid=$! ; }
subscribed () { for x ; do wait_for 50 hassub "$x" || return 1 ; done ; }
reap () { wait "$wpid" ; rc=$? ; }
running () { sleep 0.2 ; alive "$wpid" ; }

live () {
  lsup=$1 a=$1-a b=$1-b
  for x in "$a" "$b" ; do
    mksv "$x" 'test -f ./notify && { sleep 0.2 ; echo >&3 ; }
exec sleep 1000'
    echo 3 > "$T/$x/notification-fd"
  done
  start "$lsup" "$a" ; supa=$c_sup
  start "$lsup" "$b" ; supb=$c_sup
  A=$T/$a B=$T/$b
  exits 0 "$lsup: -u on two up services: 0" tend-svwait -t 5000 -u "$A" "$B"
  exits 99 "$lsup: -d on up services, -t 300: 99" tend-svwait -t 300 -d "$A" "$B"
  grep -q '^tend-svwait: fatal: timed out$' "$T/err" && pass "$lsup: ... timed out, said so" || fail "$lsup: ... timed out, said so"
  is "$(subs "$a") $(subs "$b")" '0 0' "$lsup: ... no listener fifo left behind"
  bgwait -t 5000 -d "$A" "$B" ; subscribed "$a" "$b"
  s6-svc -d "$A"
  ok "$lsup: -a -d: one down, still waiting" running
  s6-svc -d "$B"
  reap ; is "$rc" 0 "$lsup: -a -d: both down, 0"
  exits 0 "$lsup: -o -d: 0 when one is down" tend-svwait -o -t 5000 -d "$A" "$B"
  exits 0 "$lsup: -D: down and finished" tend-svwait -t 5000 -D "$A" "$B"
  bgwait -o -t 5000 -u "$A" "$B" ; subscribed "$a" "$b"
  s6-svc -u "$B"
  reap ; is "$rc" 0 "$lsup: -o -u: one comes up, 0"
  exits 99 "$lsup: -a -u, one still down: 99" tend-svwait -a -t 300 -u "$A" "$B"
  bgwait -t 0 -u "$A" ; subscribed "$a"
  s6-svc -u "$A"
  reap ; is "$rc" 0 "$lsup: -t 0 waits as long as it takes"
  : > "$A/notify" ; : > "$B/notify"
  bgwait -t 5000 -U "$A" "$B" ; subscribed "$a" "$b"
  s6-svc -r "$A" "$B" 2>/dev/null ; s6-svc -r "$B"
  ok "$lsup: -U: restarted services not ready yet" running
  reap ; is "$rc" 0 "$lsup: -U: both ready, 0"
  exits 0 "$lsup: -U on ready services: 0 at once" tend-svwait -t 5000 -U "$A" "$B"
  pa=$(s6-svstat -o pid "$A")
  bgwait -t 5000 -R "$A" ; subscribed "$a"
  ok "$lsup: -R: waiting while up and ready" running
  s6-svc -r "$A"
  reap ; is "$rc" 0 "$lsup: -R: restarted and ready again, 0"
  ok "$lsup: ... with a new pid" test "$(s6-svstat -o pid "$A")" != "$pa"
  bgwait -t 5000 -r "$B" ; subscribed "$b"
  s6-svc -k "$B"
  reap ; is "$rc" 0 "$lsup: -r: killed and back up, 0"
  # Supervisors going away while waited for: one failure each.
  s6-svc -wD -T 5000 -d "$A" ; s6-svc -wD -T 5000 -d "$B"
  bgwait -t 5000 -u "$A" "$B" ; subscribed "$a" "$b"
  s6-svc -x "$A" ; s6-svc -x "$B"
  reap ; is "$rc" 2 "$lsup: -u, both supervisors exit: 2 failures"
  grep -q '^tend-svwait: fatal: some services reported permanent failure or their supervisor died$' "$T/bgerr" && pass "$lsup: ... said so" || fail "$lsup: ... said so"
  wait_for 50 gone "$supa" ; wait_for 50 gone "$supb"
  if have_s6 ; then
    start "$lsup" "$a" ; supa=$c_sup
    start "$lsup" "$b" ; supb=$c_sup
    s6-svc -wD -T 5000 -d "$A" ; s6-svc -wD -T 5000 -d "$B"
    s6-svwait -t 5000 -u "$A" "$B" 2>/dev/null & wpid=$! ; subscribed "$a" "$b"
    s6-svc -x "$A" ; s6-svc -x "$B"
    reap ; is "$rc" 2 "$lsup: ... as s6-svwait"
    wait_for 50 gone "$supa" ; wait_for 50 gone "$supb"
  else
    skip 's6 not installed'
  fi
  start "$lsup" "$a" ; supa=$c_sup
  exits 0 "$lsup: -u, up already: 0 at once" tend-svwait -t 5000 -u "$A"
  bgwait -t 5000 -D "$A" ; subscribed "$a"
  s6-svc -dx "$A"
  reap ; is "$rc" 0 "$lsup: -D, down then the supervisor exits: not a failure"
  wait_for 50 gone "$supa"
}
for s in s6-supervise tend-supervise ; do
  case " $SUPS " in
    *" $s "*) live "$s" ;;
    *) k=0 ; while test $k -lt $nlive ; do skip "$s not available" ; k=$((k + 1)) ; done ;;
  esac
done
finish
