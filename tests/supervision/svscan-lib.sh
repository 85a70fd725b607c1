# Sourced by the tend-svscan tests (t02xx) after ../lib.sh.
# A scan directory $S; services whose run scripts record their pid.

S=$T/scan
mkdir -p "$S"

# mksv NAME [BODY]: a service whose run writes its pid to NAME/pid, then
# runs BODY (default: exec sleep 1000). NAME may be NAME/log.
mksv () {
  mkdir -p "$S/$1"
  printf '#!/bin/sh\necho $$ > pid\n%s\n' "${2:-exec sleep 1000}" > "$S/$1/run"
  chmod 755 "$S/$1/run"
}

# svpid NAME: the pid its run recorded. up NAME: that process is alive.
svpid () { cat "$S/$1/pid" 2>/dev/null ; }
up () { p=$(svpid "$1") && test -n "$p" && alive "$p" ; }
down () { ! up "$1" ; }

# suppid NAME: the pid of the tend-supervise running on NAME (child of svscan).
suppid () {
  for c in $(cat /proc/"$svscan"/task/*/children 2>/dev/null) ; do
    if test "$(tr '\0' ' ' < /proc/"$c"/cmdline 2>/dev/null)" = "tend-supervise $1 " ; then
      echo "$c" ; return 0
    fi
  done
  return 1
}

# start_svscan [OPTIONS]: tend-svscan on $S in the background, stderr in
# $T/svscan.err; returns once its control fifo is ready (-d). Sets $svscan.
start_svscan () {
  rm -f "$T/notif"
  bg tend-svscan -d 3 "$@" "$S" 2>"$T/svscan.err" 3>"$T/notif"
  svscan=$!
  wait_for 50 test -s "$T/notif"
}

# ctl BYTES: write to the control fifo.
ctl () { printf '%s' "$1" > "$T/scan/.s6-svscan/control" ; }

# svscan_exit [TENTHS]: waits (bounded) for svscan to exit; its exit code
# in $rc ("timeout" if it did not exit). Not in $(...): wait needs our child.
svscan_exit () {
  rc=timeout
  wait_for "${1:-100}" gone "$svscan" || return 1
  wait "$svscan" ; rc=$?
}

# At exit, a svscan still running is told to quit (q) so that no
# supervisor outlives the test; then lib.sh's cleanup.
svscan=
svscan_cleanup () {
  if test -n "$svscan" && alive "$svscan" ; then
    kill -QUIT "$svscan" 2>/dev/null ; wait_for 100 gone "$svscan"
  fi
  t_cleanup
}
trap svscan_cleanup EXIT
