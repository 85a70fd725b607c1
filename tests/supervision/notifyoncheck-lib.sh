# Sourced by the tend-notifyoncheck tests (t0400-t0409) after ../lib.sh:
#   . "${0%/*}/notifyoncheck-lib.sh"
# A service directory $T/NAME under a real supervisor; every process whose
# cwd is under $T (supervisors, services, checkers, checks) is killed by
# pid at exit.

umask 022


# The supervisors to run each scenario under: Debian's s6-supervise and
# ours, when built. NOC_SUPERVISORS overrides.
noc_supervisors () {
  if test -n "${NOC_SUPERVISORS:-}" ; then echo "$NOC_SUPERVISORS" ; return ; fi
  n_s=
  test -x /usr/bin/s6-supervise && n_s="$n_s /usr/bin/s6-supervise"
  test -x "${TEST_BINDIR:-$TOP}/tend-supervise" && n_s="$n_s ${TEST_BINDIR:-$TOP}/tend-supervise"
  echo $n_s
}
# The s6 clients drive both supervisors (wire compatibility).
noc_have_clients () {
  for n_c in s6-svc s6-svstat s6-svok ; do
    command -v "$n_c" >/dev/null || return 1
  done
}

# mksv NAME OPTIONS [PROG]: a service whose run is
#   tend-notifyoncheck OPTIONS PROG
# with notification-fd 3 and a data/check that appends a line to
# $T/NAME/checks (its pid and the time in ns) and succeeds once
# $T/NAME/flag exists; it waits (until killed) while $T/NAME/slow exists
# and notes a SIGTERM in $T/NAME/check-signals. run notes its start time
# (ns) in $T/NAME/started. PROG (default:
# the reaper) is exec'd by tend-notifyoncheck.
# The reaper waits for its first child (the checker), writes that child's
# exit code to ./checker-exit, then becomes `sleep 1000`.
REAPER='perl -e '\''wait ; open F, ">", "checker-exit.tmp" or die ; print F $? >> 8, "\n" ; close F ; rename "checker-exit.tmp", "checker-exit" ; exec "sleep", "1000"'\'
mksv () {
  mkdir -p "$T/$1/data"
  echo 3 > "$T/$1/notification-fd"
  cat > "$T/$1/data/check" <<'EOF'
#!/bin/sh
echo "$$ $(date +%s%N)" >> checks
trap 'echo TERM >> check-signals ; exit 1' TERM
test -e flag && exit 0
if test -e slow ; then sleep 100 & wait ; fi
exit 1
EOF
  chmod 755 "$T/$1/data/check"
  printf '#!/bin/sh\nexec 2>>../%s.err\ndate +%%s%%N > started\nexec tend-notifyoncheck %s %s\n' "$1" "$2" "${3:-$REAPER}" > "$T/$1/run"
  chmod 755 "$T/$1/run"
}

# start SUP NAME: runs supervisor SUP on $T/NAME and waits for its lock.
start () {
  bg "$1" "$T/$2" 2>>"$T/sup.err"
  wait_for 50 s6-svok "$T/$2"
}
# stop NAME: brings the service down and the supervisor to exit.
stop () {
  s6-svc -dx "$T/$1" 2>/dev/null
  wait_for 50 n_notok "$T/$1"
}
n_notok () { ! s6-svok "$1" ; }

field () { s6-svstat -o "$2" "$T/$1" 2>/dev/null ; }
isready () { test "$(field "$1" ready)" = true ; }
isup () { test "$(field "$1" up)" = true ; }
nchecks () { if test -f "$T/$1/checks" ; then wc -l < "$T/$1/checks" | tr -d ' ' ; else echo 0 ; fi ; }
n_atleast () { test "$(nchecks "$1")" -ge "$2" ; }
# checks_atleast NAME N: waits (10 s at most) until N checks have run.
checks_atleast () { wait_for 100 n_atleast "$1" "$2" ; }
# check_time NAME I: when check number I ran (ns).
check_time () { sed -n "${2}p" "$T/$1/checks" | cut -d' ' -f2 ; }
# ms_between A B: milliseconds from ns stamp A to ns stamp B.
ms_between () { echo $(( ($2 - $1) / 1000000 )) ; }
checker_exit () { cat "$T/$1/checker-exit" 2>/dev/null ; }
n_exitis () { test "$(checker_exit "$1")" = "$2" ; }
# checker_exited NAME CODE: waits (10 s at most) for the checker to exit CODE.
checker_exited () { wait_for 100 n_exitis "$1" "$2" ; }
# label SUP: short name for test descriptions.
label () { echo "${1##*/}" ; }
