# Sourced by the tend-supervise tests (t01xx) after ../lib.sh:
#   . "${0%/*}/supervise-lib.sh"
# Service directories live under $T; every process whose cwd is under $T
# (supervisors, services, finish scripts) is killed by pid at exit (t_sweep in ../lib.sh).
# SUP names the supervisor under test (tend-supervise unless said).

SUP=${SUP:-tend-supervise}
umask 022


# mksv NAME [BODY]: service directory $T/NAME; run is "#!/bin/sh" + BODY
# (default: exec sleep 1000).
mksv () {
  mkdir -p "$T/$1"
  printf '#!/bin/sh\n%s\n' "${2:-exec sleep 1000}" > "$T/$1/run"
  chmod 755 "$T/$1/run"
}

# mkfinish NAME BODY: a finish script.
mkfinish () {
  printf '#!/bin/sh\n%s\n' "$2" > "$T/$1/finish"
  chmod 755 "$T/$1/finish"
}

# listen NAME: records every event byte of $T/NAME into $T/NAME.ev, through
# a hand-made 39-byte ftrig1 fifo (made before the supervisor starts, as a
# listener may: event/ then exists already and must be left alone).
listen () {
  mkdir -p "$T/$1/event"
  chmod 3730 "$T/$1/event"
  s_f="$T/$1/event/ftrig1:@400000000000000000000000:listen"
  mkfifo -m 600 "$s_f"
  : > "$T/$1.ev"
  bg sh -c 'exec cat <> "$1" >> "$2"' listen "$s_f" "$T/$1.ev"
  # A notifier removes a fifo nobody reads: wait until cat holds it.
  wait_for 50 s_holds "$!" "$s_f"
}
s_holds () { test "$(readlink "/proc/$1/fd/0")" = "$2" ; }
ev () { cat "$T/$1.ev" 2>/dev/null ; }
s_evis () { test "$(cat "$1")" = "$2" ; }
# evis NAME WANT: waits (5 s at most) until the recorded events are WANT.
evis () {
  wait_for 50 s_evis "$T/$1.ev" "$2" && return 0
  printf 'events got: %s\nwant: %s\n' "$(cat "$T/$1.ev")" "$2" 1>&2 ; return 1
}

# start NAME: starts $SUP on $T/NAME (stderr in $T/NAME.err), sets $s_sup,
# and waits until its lock is held.
start () {
  bg $SUP "$T/$1" 2>>"$T/$1.err"
  s_sup=$!
  wait_for 50 s6-svok "$T/$1"
}

# flags NAME: the flag byte of the status file, 2 hex digits.
flags () { od -An -tx1 -j34 -N1 "$T/$1/supervise/status" | tr -d ' \n' ; }
# svpid NAME: pid field of the status file (s6-svstat -o pid).
svpid () { s6-svstat -o pid "$T/$1" ; }
isup () { test "$(s6-svstat -o up "$T/$1")" = true ; }
isdown () { test "$(s6-svstat -o up "$T/$1")" = false ; }
# mode PATH: octal mode and type as stat prints them.
mode () { stat -c '%A' "$1" ; }

# said DESC PATTERN: the stderr of the previous exits/ok matches PATTERN.
said () { cp "$T/err" "$T/said" ; ok "$1" grep -q -- "$2" "$T/said" ; }
# flagsare NAME HEX: for wait_for (the flags are read at each try).
flagsare () { test "$(flags "$1")" = "$2" ; }
# pstate PID: the state letter of a process (R S T Z...).
pstate () { sed 's/.*) //' "/proc/$1/stat" | cut -c1 ; }
stopped () { test "$(pstate "$1")" = T ; }
running () { test "$(pstate "$1")" != T ; }
# newpid NAME OLD: $T/NAME/pid holds a pid other than OLD.
newpid () { test -s "$T/$1/pid" && test "$(cat "$T/$1/pid")" != "$2" ; }
