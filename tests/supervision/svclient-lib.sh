# Sourced by the client tests (t03xx) after ../lib.sh:
#   . "${0%/*}/svclient-lib.sh"
# Each tend client is compared with its s6 2.11 namesake on the same live
# service, run by Debian's s6-supervise and, once built, by tend-supervise.
# Everything started runs with its cwd under $T and is killed by pid at exit (t_sweep in ../lib.sh).

umask 022

# have_s6: Debian's s6 is installed (the reference for every comparison).
have_s6 () { command -v s6-supervise >/dev/null 2>&1 ; }
# SUPS: the supervisors to run the live checks under.
SUPS=
have_s6 && SUPS=s6-supervise
test -x "${TEST_BINDIR:-$TOP}/tend-supervise" && SUPS="$SUPS tend-supervise"

# mksv NAME [BODY]: service directory $T/NAME; run is "#!/bin/sh" + BODY.
mksv () {
  mkdir -p "$T/$1"
  printf '#!/bin/sh\n%s\n' "${2:-exec sleep 1000}" > "$T/$1/run"
  chmod 755 "$T/$1/run"
}
mkfinish () {
  printf '#!/bin/sh\n%s\n' "$2" > "$T/$1/finish"
  chmod 755 "$T/$1/finish"
}

# start SUP NAME: runs supervisor SUP on $T/NAME, with its cwd in $T so the
# sweep finds it; waits until it holds its lock and has written a status.
start () {
  ( cd "$T" && exec env --default-signal=INT,QUIT "$1" "$2" ) 2>>"$T/$2.err" &
  c_sup=$!
  wait_for 100 c_started "$T/$2" && return 0
  diag "$1 on $2 did not start: $(cat "$T/$2.err" 2>/dev/null)"
  return 1
}
c_started () { s6-svok "$1" && test -s "$1/supervise/status" ; }
# stop NAME PID: tells the supervisor to bring the service down and exit;
# waits (5 s at most) for PID to be gone.
stop () {
  s6-svc -xd "$T/$1" 2>/dev/null
  wait_for 50 gone "$2" || kill -9 "$2"
  wait "$2" 2>/dev/null
  return 0
}

# code CMD...: prints the exit code of CMD (output discarded).
code () { "$@" >/dev/null 2>&1 ; echo $? ; }
# same DESC CMD ARGS...: runs s6-CMD and tend-CMD with the same ARGS;
# passes when exit code and stdout are equal byte for byte. Time fields
# may differ by the second that can tick between the runs: s6 runs before
# and after tend, and tend must equal one of the two.
same () {
  c_d=$1 c_cmd=$2 ; shift 2
  "s6-$c_cmd" "$@" > "$T/s6.out1" 2>/dev/null ; c_e1=$?
  "tend-$c_cmd" "$@" > "$T/tend.out" 2>"$T/tend.err" ; c_et=$?
  "s6-$c_cmd" "$@" > "$T/s6.out2" 2>/dev/null ; c_e2=$?
  if { test "$c_e1" = "$c_et" && cmp -s "$T/s6.out1" "$T/tend.out" ; } ||
     { test "$c_e2" = "$c_et" && cmp -s "$T/s6.out2" "$T/tend.out" ; } ; then
    pass "$c_d"
  else
    { echo "s6 (exit $c_e1): $(cat "$T/s6.out1")" ; echo "tend (exit $c_et): $(cat "$T/tend.out")"
      cat "$T/tend.err" ; } > "$T/err"
    fail "$c_d"
  fi
}
# subs NAME: number of listener fifos in $T/NAME/event.
subs () { ls -a "$T/$1/event" 2>/dev/null | grep -c 'ftrig1:' ; }
# holds PID FILE: process PID has FILE open as its stdin.
holds () { test "$(readlink "/proc/$1/fd/0")" = "$2" ; }
# putstatus NAME AGO READYAGO PID WSTAT FLAGS: writes a 35-byte status file
# into $T/NAME/supervise (atomically): stamps AGO and READYAGO seconds in
# the past (negative: in the future), nanoseconds 0; PID, WSTAT and FLAGS
# as numbers (0x.. allowed).
putstatus () {
  c_now=$(($(date +%s) + 37))
  c_hex=$(printf '40000000%08x0000000040000000%08x00000000%016x%04x%02x' \
    $((c_now - $2)) $((c_now - $3)) "$4" "$5" "$6")
  c_oct=$(echo "$c_hex" | sed 's/../& /g' | { c_o= ; for c_b in $(cat) ; do c_o="$c_o\\$(printf "%03o" "0x$c_b")" ; done ; printf "%s" "$c_o" ; })
  # shellcheck disable=SC2059
  printf "$c_oct" > "$T/$1/supervise/status.tmp"
  mv "$T/$1/supervise/status.tmp" "$T/$1/supervise/status"
}
# field DIR FIELD VALUE: s6-svstat says FIELD of DIR is VALUE (for wait_for).
field () { test "$(s6-svstat -o "$2" "$1" 2>/dev/null)" = "$3" ; }
# hassub NAME: someone listens to $T/NAME/event (for wait_for).
hassub () { test "$(subs "$1")" -ge 1 ; }
# finishing DIR: the status file says finish is running (flag 0x02).
finishing () { test $((0x$(od -An -tx1 -j34 -N1 "$1/supervise/status" | tr -d ' \n') & 2)) -ne 0 ; }
