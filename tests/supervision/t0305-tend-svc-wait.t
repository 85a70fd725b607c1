#!/bin/sh
# tend-svc -w: subscribes, reads the status, sends, then waits for the
# events, in one process (no helper, no exec); the exit codes of s6-svc -w
# (s6-svlisten1): 0 reached, 99 timed out (-T), 1 supervisor gone or
# permanent failure while waiting for up.
. "${0%/*}/../lib.sh"
. "${0%/*}/svclient-lib.sh"
nlive=27
plan $((7 + nlive * 2))

mkdir "$T/nosv" "$T/filesup" ; : > "$T/filesup/supervise"
exits 100 '-wd on a never supervised dir: not listening, 100' tend-svc -wd -d "$T/nosv"
grep -q "^tend-svc: fatal: unable to control $T/nosv: supervisor not listening\$" "$T/err" && pass '... one-line message' || fail '... one-line message'
exits 111 '-wd on a missing dir: 111' tend-svc -wd -d "$T/missing"
exits 100 '-wu on a broken supervise dir: 100' tend-svc -wu -u "$T/filesup"
is "$(subs nosv)" 0 'no listener fifo left behind'

# Finish touches ../NAME.finished after a moment: tells -wd (run died)
# from -wD (finish done too).
live () {
  lname=$1 lsup=$2
  mksv "$lname" 'test -f ./notify && { sleep 0.2 ; echo >&3 ; }
exec sleep 1000'
  mkfinish "$lname" "test -f ./slow && sleep 0.8 ; : > ../$lname.finished"
  : > "$T/$lname/slow"
  start "$lsup" "$lname" ; sup=$c_sup
  ldir=$T/$lname
  exits 0 "$lsup: -wd -d" tend-svc -wd -d "$ldir"
  ok "$lsup: ... down when it returns" field "$ldir" up false
  test -e "$T/$lname.finished" && fail "$lsup: ... finish still running" || pass "$lsup: ... finish still running"
  exits 0 "$lsup: -wu -u" tend-svc -wu -u "$ldir"
  ok "$lsup: ... up when it returns" field "$ldir" up true
  rm -f "$T/$lname.finished"
  exits 0 "$lsup: -wD -d" tend-svc -wD -d "$ldir"
  ok "$lsup: ... finish done when it returns" test -e "$T/$lname.finished"
  rm -f "$ldir/slow"
  exits 0 "$lsup: -wd, already down: 0 at once" tend-svc -wd "$ldir"
  exits 0 "$lsup: -wU without notification-fd: as -wu" tend-svc -wU -u "$ldir"
  grep -q "^tend-svc: warning: $ldir/notification-fd not present - ignoring request for readiness notification\$" "$T/err" && pass "$lsup: ... with a warning" || fail "$lsup: ... with a warning"
  pid=$(s6-svstat -o pid "$ldir")
  exits 0 "$lsup: -wr -r" tend-svc -wr -T 5000 -r "$ldir"
  ok "$lsup: ... up with a new pid when it returns" test "$(s6-svstat -o up,pid "$ldir")" != "true $pid"
  tend-svc -wd -d "$ldir"
  echo 3 > "$ldir/notification-fd" ; : > "$ldir/notify"
  exits 0 "$lsup: -wU -u with notification-fd" tend-svc -wU -u "$ldir"
  ok "$lsup: ... ready when it returns" field "$ldir" ready true
  pid=$(s6-svstat -o pid "$ldir")
  exits 0 "$lsup: -wR -r" tend-svc -wR -T 5000 -r "$ldir"
  ok "$lsup: ... ready with a new pid when it returns" test "$(s6-svstat -o ready,pid "$ldir")" = "true $(s6-svstat -o pid "$ldir")" -a "$(s6-svstat -o pid "$ldir")" != "$pid"
  tend-svc -wD -d "$ldir"
  t0=$(date +%s)
  exits 99 "$lsup: -wu -T 300 on a service kept down: 99" tend-svc -wu -T 300 "$ldir"
  grep -q '^tend-svc: fatal: timed out$' "$T/err" && pass "$lsup: ... timed out, said so" || fail "$lsup: ... timed out, said so"
  ok "$lsup: ... within bounds" test $(($(date +%s) - t0)) -le 2
  is "$(subs "$lname")" 0 "$lsup: no listener fifo left behind"
  exits 0 "$lsup: -wd -d on two services" tend-svc -wd -d "$ldir" "$ldir"
  # Permanent failure while waiting for up: finish exits 125 (O).
  rm -f "$ldir/notification-fd" "$ldir/notify"
  mksv "$lname" 'exit 1'
  mkfinish "$lname" 'sleep 0.3 ; exit 125'
  : > "$ldir/down"
  tend-svc -o "$ldir" ; wait_for 50 finishing "$ldir"
  exits 1 "$lsup: -wu while finish says permanent failure: 1" tend-svc -wu -T 5000 "$ldir"
  grep -q "^tend-svc: fatal: $ldir failed permanently or its supervisor died\$" "$T/err" && pass "$lsup: ... said so" || fail "$lsup: ... said so"
  if have_s6 ; then
    tend-svc -wD "$ldir" ; tend-svc -o "$ldir" ; wait_for 50 finishing "$ldir"
    exits 1 "$lsup: ... as s6-svc -wu" s6-svc -wu -T 5000 "$ldir"
  else
    skip 's6 not installed'
  fi
  # The supervisor exits while we wait for up.
  tend-svc -wD "$ldir"
  exits 1 "$lsup: -wu -x on a down service: supervisor gone, 1" tend-svc -wu -T 5000 -x "$ldir"
  ok "$lsup: ... and it is gone" wait_for 50 gone "$sup"
  wait "$sup"
  if have_s6 ; then
    start "$lsup" "$lname" ; sup=$c_sup
    exits 1 "$lsup: ... as s6-svc -wu -x" s6-svc -wu -T 5000 -x "$ldir"
    wait_for 50 gone "$sup"
  else
    skip 's6 not installed'
  fi
  stop "$lname" "$sup"
}
for s in s6-supervise tend-supervise ; do
  case " $SUPS " in
    *" $s "*) live "sv-$s" "$s" ;;
    *) k=0 ; while test $k -lt $nlive ; do skip "$s not available" ; k=$((k + 1)) ; done ;;
  esac
done

# No helper: one execve (tend-svc's own), no fork or clone.
if command -v strace >/dev/null 2>&1 && have_s6 ; then
  mksv st
  start s6-supervise st ; sup=$c_sup
  # LeakSanitizer (sanitizer builds) cannot run under ptrace: it is off here.
  ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=execve,fork,vfork,clone,clone3 -o "$T/strace" tend-svc -wd -d "$T/st"
  is "$(grep -c execve "$T/strace")" 1 '-wd: a single execve'
  is "$(grep -c -E 'fork|clone' "$T/strace")" 0 '-wd: no fork, no clone'
  stop st "$sup"
else
  skip 'strace or s6 not installed' ; skip 'strace or s6 not installed'
fi
finish
