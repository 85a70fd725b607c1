# Sourced by the tend front-end tests (t12xx) after ../lib.sh: a scan
# directory $S run by tend-svscan, services built by mksv.

S=$T/scan
mkdir -p "$S"
TEND_SCANDIR=$S
export TEND_SCANDIR
unset NO_COLOR

# mksv NAME [BODY]: a service whose run writes its pid to NAME/pid, then
# runs BODY (default: exec sleep 1000). NAME may be NAME/log.
mksv () {
  mkdir -p "$S/$1"
  printf '#!/bin/sh\necho $$ > pid\n%s\n' "${2:-exec sleep 1000}" > "$S/$1/run"
  chmod 755 "$S/$1/run"
}
svpid () { cat "$S/$1/pid" 2>/dev/null ; }

# start_svscan: tend-svscan on $S in the background (stderr in
# $T/svscan.err), returns once its control fifo is ready. Sets $svscan.
start_svscan () {
  rm -f "$T/notif"
  bg tend-svscan -d 3 "$S" 2>"$T/svscan.err" 3>"$T/notif"
  svscan=$!
  wait_for 50 test -s "$T/notif"
}

# supervised NAME...: each has a supervisor and a status file.
supervised () {
  for n_ in "$@" ; do tend-svok "$S/$n_" && test -s "$S/$n_/supervise/status" || return 1 ; done
}

# field NAME COLUMN: one cell of `tend status NAME` (columns numbered from 1).
field () { tend status "$1" | awk -v c="$2" 'NR == 2 { print $c }' ; }

svscan=
tend_cleanup () {
  if test -n "$svscan" && alive "$svscan" ; then
    kill -QUIT "$svscan" 2>/dev/null ; wait_for 100 gone "$svscan"
  fi
  t_cleanup
}
trap tend_cleanup EXIT

# xits CODE DESC CMD...: exits, keeping the command's output in $T/o and
# $T/e (ok and exits overwrite $T/out and $T/err).
xits () { exits "$@" ; cp "$T/out" "$T/o" ; cp "$T/err" "$T/e" ; }

# isup NAME...: tend status says up for each. A run script's pid file can
# be there before the supervisor has written its status: wait for this.
isup () { for n_ in "$@" ; do test "$(field "$n_" 2)" = up || return 1 ; done ; }
