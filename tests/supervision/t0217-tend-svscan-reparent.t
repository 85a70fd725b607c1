#!/bin/sh
# tend-svscan -R: processes reparented to the scanner (daemons that fork
# away from their service) are ignored (default), terminated (SIGTERM, a
# warning naming them, SIGKILL after -K ms) or adopted (named, SIGTERMed
# with the services at shutdown and waited for). Not process 1 in parts
# 1-3: the scanner makes itself a child subreaper; process 1 in part 4.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 33

# Daemons are scripts named after their part (their comm); quiet ones
# stop on SIGTERM, stubborn ignores it, polite takes 0.5 s then says bye.
for d in dquiet1 dquiet2 dquiet3 ; do
  printf '#!/bin/sh\nwhile : ; do sleep 0.1 ; done\n' > "$T/$d"
done
printf '#!/bin/sh\ntrap "" TERM\nwhile : ; do sleep 0.1 ; done\n' > "$T/stubborn"
printf '#!/bin/sh\ntrap "sleep 0.5 ; echo bye >> %s/bye ; exit 0" TERM\nwhile : ; do sleep 0.1 ; done\n' "$T" > "$T/polite"
chmod 755 "$T"/dquiet* "$T/stubborn" "$T/polite"

# mkdaemon NAME single|double DAEMON: a service run once (-o) that
# daemonizes DAEMON. single: run forks it and exits 0.1 s later. double:
# run forks a middle process and exits; the middle forks it and exits.
mkdaemon () {
  mkdir -p "$S/$1"
  touch "$S/$1/down"
  case $2 in
    single) printf '#!/bin/sh\n%s &\nsleep 0.1\n' "$3" ;;
    double) printf '#!/bin/sh\nsh -c '\''%s & sleep 0.2'\'' &\nsleep 0.1\n' "$3" ;;
  esac > "$S/$1/run"
  chmod 755 "$S/$1/run"
}
# bycomm NAME: the pids of the processes named NAME
bycomm () {
  grep -lx -- "$1" /proc/[0-9]*/comm 2>/dev/null | sed 's|/proc/\([0-9]*\)/comm|\1|'
  return 0
}
running () { test -n "$(bycomm "$1")" ; }
norunning () { test -z "$(bycomm "$1")" ; }
ppid () { sed 's/.*) . \([0-9]*\).*/\1/' "/proc/$1/stat" ; }
# child NAME: a process named NAME is a child of the scanner
child () { for p in $(bycomm "$1") ; do test "$(ppid "$p")" = "$svscan" && return 0 ; done ; return 1 ; }
said () { grep -q "$1" "$T/svscan.err" ; }

# 1. terminate: a double fork, a single fork, a daemon ignoring SIGTERM.
# The scanner starts with a child of its own, named by -k (as stage 2 in
# the container): left alone; and with another child, an orphan that
# came before it started: stopped at once.
mkdaemon dbl double "$T/dquiet1"
mkdaemon one single "$T/dquiet2"
mkdaemon stub single "$T/stubborn"
bg sh -c '"$5" & echo $! > "$1.other" ; sleep 1000 & echo $! > "$1" ; exec tend-svscan -R terminate -K 500 -k $! -d 3 "$2" 2>"$3" 3>"$4"' x "$T/known" "$S" "$T/svscan.err" "$T/notif" "$T/dquiet3"
svscan=$!
wait_for 50 test -s "$T/notif"
wait_for 50 s6-svok "$S/dbl" "$S/one" "$S/stub"
s6-svc -o "$S/dbl"
ok 'terminate: a double-forked daemon is named in a warning' wait_for 50 said 'reparented process [0-9]* (dquiet1): sending SIGTERM, SIGKILL in 500 ms'
ok 'the middle process too' said 'reparented process [0-9]* (sh): sending SIGTERM'
ok 'it is stopped' wait_for 50 norunning dquiet1
s6-svc -o "$S/one"
ok 'a single fork (the supervisor tells the scanner)' wait_for 50 said 'reparented process [0-9]* (dquiet2): sending SIGTERM'
ok 'stopped too' wait_for 50 norunning dquiet2
s6-svc -o "$S/stub"
wait_for 50 said '(stubborn): sending SIGTERM'
t0=$(date +%s%N)
ok 'SIGTERM ignored: SIGKILL' wait_for 50 norunning stubborn
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
ok "after -K 500 ms ($ms ms)" test "$ms" -ge 300 -a "$ms" -lt 3000
ok 'with a warning' said 'reparented process [0-9]* still running after SIGTERM: sending SIGKILL'
ok 'the child given with -k is left alone' alive "$(cat "$T/known")"
ok 'the other child it started with was stopped' said "reparented process $(cat "$T/known.other") (.*): sending SIGTERM"
ok 'at once' gone "$(cat "$T/known.other")"
ok 'the supervisors are left alone' s6-svok "$S/dbl" "$S/one" "$S/stub"
kill "$(cat "$T/known")"
kill -TERM "$svscan"
ok 'the scanner exits' svscan_exit 50
is "$rc" 0 'exit 0'

# 2. adopt: the daemon runs on, gets SIGTERM with the services and is
# waited for before finish.
rm -rf "$S"/* "$T/bye"
mkdir -p "$S/.s6-svscan"
mkdaemon ad double "$T/polite"
printf '#!/bin/sh\ncat %s/bye > %s/finish.out 2>&1\n' "$T" "$T" > "$S/.s6-svscan/finish"
chmod 755 "$S/.s6-svscan/finish"
mksv svc
start_svscan -R adopt
wait_for 50 s6-svok "$S/ad"
s6-svc -o "$S/ad"
ok 'adopt: a warning names the daemon' wait_for 50 said 'adopting reparented process [0-9]* (polite)'
ok 'it is the scanner'\''s child' wait_for 50 child polite
ok 'it keeps running' running polite
s6-svc -o "$S/ad"
ok 'a second one is adopted too' wait_for 50 eval 'test "$(grep -c "(polite)" "$T/svscan.err")" = 2'
kill -TERM "$svscan"
ok 'shutdown: the scanner exits' svscan_exit 50
is "$(cat "$T/finish.out")" "bye
bye" 'finish ran after both adopted daemons stopped'
ok 'none is left' norunning polite

# 3. usage
exits 100 '-R: a bad policy is a usage error' tend-svscan -R bogus "$S"
exits 100 '-k: not a pid, a usage error' tend-svscan -k x "$S"

# 4. ignore (the default), as process 1: the daemon is reparented to the
# scanner and left alone; the scanner opens nothing under /proc.
rm -rf "$S"/*
mkdaemon ig double "$T/dquiet3"
if need_root && unshare --pid --fork --mount-proc true 2>/dev/null ; then
  rm -f "$T/notif"
  bg unshare --pid --fork --mount-proc tend-svscan -d 3 "$S" 2>"$T/svscan.err" 3>"$T/notif"
  ushare=$!
  wait_for 50 test -s "$T/notif"
  svscan=$(cat /proc/"$ushare"/task/*/children) ; svscan=${svscan%% *}
  bg strace -qq -e trace=openat,open -o "$T/strace" -p "$svscan"
  tracer=$!
  wait_for 50 s6-svok "$S/ig"
  wait_for 50 test -e "$T/strace"
  s6-svc -o "$S/ig"
  ok 'ignore: the daemon is reparented to the scanner (pid 1)' wait_for 50 child dquiet3
  s6-svwait -D -t 5000 "$S/ig"
  ok 'and left alone' running dquiet3
  kill "$tracer" ; wait "$tracer" 2>/dev/null
  ok 'ignore: nothing under /proc is opened' sh -c "test -e '$T/strace' && ! grep -q '/proc/' '$T/strace'"
  kill -TERM "$svscan"
  ok 'SIGTERM: the scanner (pid 1) exits' wait_for 100 gone "$ushare"

  # terminate and adopt as process 1 too
  rm -rf "$S"/* "$T/notif" "$T/bye"
  mkdaemon t1 double "$T/dquiet1"
  mkdaemon a1 double "$T/polite"
  bg unshare --pid --fork --mount-proc tend-svscan -R terminate -K 500 -d 3 "$S" 2>"$T/svscan.err" 3>"$T/notif"
  ushare=$!
  wait_for 50 test -s "$T/notif"
  wait_for 50 s6-svok "$S/t1"
  s6-svc -o "$S/t1"
  ok 'pid 1, terminate: the daemon is named' wait_for 50 said 'reparented process [0-9]* (dquiet1): sending SIGTERM'
  ok 'and stopped' wait_for 50 norunning dquiet1
  svscan=$(cat /proc/"$ushare"/task/*/children) ; svscan=${svscan%% *}
  kill -TERM "$svscan"
  wait_for 100 gone "$ushare"
  rm -f "$T/notif"
  bg unshare --pid --fork --mount-proc tend-svscan -R adopt -d 3 "$S" 2>"$T/svscan.err" 3>"$T/notif"
  ushare=$!
  wait_for 50 test -s "$T/notif"
  wait_for 50 s6-svok "$S/a1"
  s6-svc -o "$S/a1"
  ok 'pid 1, adopt: the daemon is named' wait_for 50 said 'adopting reparented process [0-9]* (polite)'
  ok 'and runs on' running polite
  svscan=$(cat /proc/"$ushare"/task/*/children) ; svscan=${svscan%% *}
  kill -TERM "$svscan"
  ok 'SIGTERM: pid 1 exits' wait_for 100 gone "$ushare"
  is "$(cat "$T/bye" 2>/dev/null)" bye 'after the adopted daemon stopped'
else
  for i in 1 2 3 4 5 6 7 8 9 10 ; do skip 'needs root and unshare --pid' ; done
fi
svscan=
finish
