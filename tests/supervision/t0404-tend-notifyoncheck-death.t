#!/bin/sh
# tend-notifyoncheck when prog dies: the checker learns it from event/
# (the supervisor's d), stops a running check and exits 2; the service is
# never made ready. -d: the checker is prog's grandchild, not its child.
# The supervisor runs under a perl subreaper, which reaps the orphaned
# checker and records its exit code.
. "${0%/*}/../lib.sh"
. "${0%/*}/notifyoncheck-lib.sh"

SUPS=$(noc_supervisors)
if ! noc_have_clients || test -z "$SUPS" ; then
  plan 1 ; skip 'needs s6 (s6-supervise, s6-svc, s6-svstat, s6-svok)' ; finish
fi
if test "$(uname -m)" != x86_64 ; then
  plan 1 ; skip 'the subreaper helper uses the x86_64 prctl syscall number' ; finish
fi
set -- $SUPS
plan $((11 * $#))

# subreaper LOG PROG...: PR_SET_CHILD_SUBREAPER, runs PROG, and appends
# "pid exitcode" to LOG for every process it reaps.
SUBREAPER='
syscall(157, 36, 1, 0, 0, 0) == 0 or die "prctl: $!\n" ;
my $log = shift @ARGV ;
my $pid = fork ;
defined $pid or die "fork: $!\n" ;
if (!$pid) { exec @ARGV or die "exec: $!\n" }
while ((my $p = wait) > 0)
{
  open my $f, ">>", $log or die ;
  print $f "$p ", $? >> 8, "\n" ;
  close $f ;
}'
children () { cat /proc/"$1"/task/*/children 2>/dev/null ; }
is_child () { test -n "$2" && children "$1" | grep -qw "$2" ; }
not_child () { test -n "$2" && ! children "$1" | grep -qw "$2" ; }
no_children () { test -d "/proc/$1" && test -z "$(children "$1")" ; }
find_checker () {
  for k in $(pgrep -f '^tend-notifyoncheck' 2>/dev/null) ; do
    case $(readlink "/proc/$k/cwd") in "$T/$1") echo "$k" ; return 0 ;; esac
  done
  return 1
}
reaped () { grep "^$2 " "$T/$1.reaped" 2>/dev/null | cut -d' ' -f2 ; }
n_reaped () { test "$(reaped "$1" "$2")" = "$3" ; }
n_sigs () { test -s "$T/$1/check-signals" ; }

for sup in $SUPS ; do
  lab=$(label "$sup")

  sv=die-$lab
  mksv "$sv" '-s 0 -n 0' 'sleep 1000'
  touch "$T/$sv/slow"
  bg perl -e "$SUBREAPER" "$T/$sv.reaped" "$sup" "$T/$sv" 2>>"$T/sup.err"
  wait_for 50 s6-svok "$T/$sv"
  ok "$lab: a check is running" checks_atleast "$sv" 1
  c=$(find_checker "$sv")
  ok "$lab: the checker is prog's child" is_child "$(field "$sv" pid)" "$c"
  s6-svc -d "$T/$sv"
  ok "$lab: prog died: the checker exits 2" wait_for 50 n_reaped "$sv" "$c" 2
  ok "$lab: prog died: the running check got SIGTERM" wait_for 50 n_sigs "$sv"
  ok "$lab: prog died: the checker removed its event fifo" sh -c "! ls '$T/$sv/event' | grep -q ftrig1"
  touch "$T/$sv/flag"
  ok "$lab: the dead service is not ready" sh -c "test \"\$(s6-svstat -o up,ready '$T/$sv')\" = 'false false'"
  stop "$sv"

  # -d: prog's grandchild; readiness works the same.
  sv=dbl-$lab
  mksv "$sv" '-d -s 0 -w 50 -n 0' 'sleep 1000'
  bg perl -e "$SUBREAPER" "$T/$sv.reaped" "$sup" "$T/$sv" 2>>"$T/sup.err"
  wait_for 50 s6-svok "$T/$sv"
  ok "$lab: -d: checks run" checks_atleast "$sv" 2
  c=$(find_checker "$sv")
  ok "$lab: -d: the checker is not prog's child" not_child "$(field "$sv" pid)" "$c"
  ok "$lab: -d: prog has no zombie child left by the double fork" no_children "$(field "$sv" pid)"
  touch "$T/$sv/flag"
  ok "$lab: -d: ready once the check succeeds" wait_for 50 isready "$sv"
  ok "$lab: -d: the checker exits 0" wait_for 50 n_reaped "$sv" "$c" 0
  stop "$sv"
done
finish
