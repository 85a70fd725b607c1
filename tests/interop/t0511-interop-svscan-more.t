#!/bin/sh
# Interop with the scanner: svscanctl -z -h -N, signals to the scanner
# (USR1 script, USR2, ALRM, HUP, TERM, INT, QUIT, ABRT), a killed supervisor
# restarted, periodic rescans (-t).
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 12

nlines () { test -f "$1" && test "$(wc -l < "$1")" -ge "$2" ; }
# mkscan NAME...: a scan directory of symlinks to defs/NAME, each service
# logged when its name starts with l.
mkscan () {
  mkdir scan defs scan/.s6-svscan
  printf '#!/bin/sh\necho "finish ran with $# arguments in ${PWD##*/}" >> ../finish.out\n' > scan/.s6-svscan/finish
  chmod 755 scan/.s6-svscan/finish
  for s ; do
    i_mksv defs/$s "echo $s ; exec sleep 100"
    i_listen defs/$s
    case $s in l*)
      i_mksv defs/$s/log "exec cat >> $W/$s.log"
      i_listen defs/$s/log ;;
    esac
    ln -s ../defs/$s scan/$s
  done
}

sc_scanctl () {
  mkscan a la lb
  i_scan scan ; scan=$i_pid
  for s in a la la/log lb lb/log ; do i_wait_ev defs/$s su ; done
  i_wait nlines la.log 1 ; i_wait nlines lb.log 1
  i_c svscanctl -z scan
  rm scan/la
  i_c svscanctl -h scan ; i_wait_ev defs/la sudDx ; i_wait_ev defs/la/log 'su*x'
  i_wait_unlocked defs/la ; i_wait_unlocked defs/la/log
  i_ev defs/la/log ; i_st defs/la/log
  i_c svok scan/a ; i_c svok defs/la ; i_c svok defs/la/log ; i_c svok scan/lb/log
  rm scan/lb
  i_c svscanctl -aN scan ; i_wait_ev defs/lb sudDx ; i_wait_ev defs/lb/log 'su*x'
  i_wait_unlocked defs/lb ; i_wait_unlocked defs/lb/log
  i_ev defs/lb/log ; i_st defs/lb/log
  i_c svok defs/lb ; i_c svok defs/lb/log
  i_st defs/lb
  i_c svscanctl -t scan ; i_reap "$scan" scanner
  cat finish.out
  i_st defs/a ; i_ev defs/a
  for s in la lb ; do i_c svok defs/$s/log ; i_stvars defs/$s/log ; echo "$s/log: ${i_stsum%% *}" ; done
  echo "logs:" $(cat la.log lb.log)
}
i_scenario scanctl "svscan supervise" "svscanctl svok" sc_scanctl "$(cat <<'T'
svscanctl -z scan: exit 0
svscanctl -h scan: exit 0
events defs/la/log: sudDx
status defs/la/log: pid=no wstat=0000 flags=0c stamps=now
svok scan/a: exit 0
svok defs/la: exit 1
svok defs/la/log: exit 1
svok scan/lb/log: exit 0
svscanctl -aN scan: exit 0
events defs/lb/log: sudDx
status defs/lb/log: pid=no wstat=000f flags=08 stamps=now
svok defs/lb: exit 1
svok defs/lb/log: exit 1
status defs/lb: pid=no wstat=000f flags=08 stamps=now
svscanctl -t scan: exit 0
scanner: exit 0
finish ran with 0 arguments in scan
status defs/a: pid=no wstat=000f flags=08 stamps=now
events defs/a: sudDx
svok defs/la/log: exit 1
la/log: pid=no
svok defs/lb/log: exit 1
lb/log: pid=no
logs: la lb
T
)"

sc_scansig () {
  mkscan a b
  printf '#!/bin/sh\necho "USR1 script ran with $# arguments" >> ../usr1.out\n' > scan/.s6-svscan/SIGUSR1
  chmod 755 scan/.s6-svscan/SIGUSR1
  i_scan scan ; scan=$i_pid
  i_wait_ev defs/a su ; i_wait_ev defs/b su
  kill -USR1 "$scan" ; i_wait test -s usr1.out ; cat usr1.out
  kill -USR2 "$scan" ; i_settle ; echo "scanner after SIGUSR2: $(i_proc "$scan")"
  i_mksv defs/c 'exec sleep 100'
  i_listen defs/c
  ln -s ../defs/c scan/c
  kill -ALRM "$scan" ; i_wait_ev defs/c su && echo "SIGALRM scanned: yes"
  rm scan/c
  kill -HUP "$scan" ; i_wait_ev defs/c sudDx && echo "SIGHUP stopped the removed service: yes"
  bpid=$(i_runpid defs/b)
  bsup=$(find /proc -mindepth 2 -maxdepth 2 -name cwd -lname "$W/defs/b" 2>/dev/null | sed -e 's|^/proc/||' -e 's|/cwd$||' | grep -vx "$bpid")
  kill -KILL "$bsup" ; i_wait_ev defs/b susu && echo "killed supervisor restarted: yes"
  s6-svok defs/b && echo "supervised again: yes"
  kill "$bpid"
  kill -TERM "$scan" ; i_reap "$scan" scanner
  cat finish.out
  for s in a b ; do s6-svok defs/$s || echo "$s unsupervised: yes" ; i_st defs/$s ; done
  i_ev defs/a
}
i_scenario scansig "svscan supervise" - sc_scansig "$(cat <<'T'
USR1 script ran with 0 arguments
scanner after SIGUSR2: alive
SIGALRM scanned: yes
SIGHUP stopped the removed service: yes
killed supervisor restarted: yes
supervised again: yes
scanner: exit 0
finish ran with 0 arguments in scan
a unsupervised: yes
status defs/a: pid=no wstat=000f flags=08 stamps=now
b unsupervised: yes
status defs/b: pid=no wstat=000f flags=08 stamps=now
events defs/a: sudDx
T
)"

sc_rescan () {
  mkscan a
  i_scan scan -t 200 ; scan=$i_pid
  i_wait_ev defs/a su
  i_mksv defs/b 'exec sleep 100'
  i_listen defs/b
  ln -s ../defs/b scan/b
  i_wait_ev defs/b su && echo "found without a command: yes"
  i_c svok scan/b
  i_c svscanctl -t scan ; i_reap "$scan" scanner
  cat finish.out
  i_ev defs/a ; i_ev defs/b
}
i_scenario rescan "svscan supervise" "svscanctl svok" sc_rescan "$(cat <<'T'
found without a command: yes
svok scan/b: exit 0
svscanctl -t scan: exit 0
scanner: exit 0
finish ran with 0 arguments in scan
events defs/a: sudDx
events defs/b: sudDx
T
)"

sc_scanstop () {
  top=$W
  for sig in INT QUIT ABRT ; do
    echo "SIG$sig to the scanner:"
    W=$top/$sig
    mkdir "$W" ; cd "$W" || return
    mkscan la
    i_scan scan ; scan=$i_pid
    i_wait_ev defs/la su ; i_wait_ev defs/la/log su ; i_wait nlines la.log 1
    kill -$sig "$scan" ; i_reap "$scan" scanner
    cat finish.out
    if test $sig = ABRT ; then
      for s in la la/log ; do s6-svok defs/$s && echo "$s still supervised: yes" ; done
      s6-svc -xd defs/la ; i_wait_ev defs/la sudDx
      s6-svc -x defs/la/log ; i_wait_ev defs/la/log 'su*x'
    fi
    i_wait_unlocked defs/la ; i_wait_unlocked defs/la/log
    # How the logger ends (killed, or EOF once its service is down) is
    # shutdown policy, where tend-svscan may differ; it must end.
    i_st defs/la ; i_ev defs/la
    i_stvars defs/la/log ; echo "logger: ${i_stsum%% *}" ; i_ev defs/la/log
  done
  W=$top ; cd "$W" || return
}
i_scenario scanstop "svscan supervise" - sc_scanstop "$(cat <<'T'
SIGINT to the scanner:
scanner: exit 0
finish ran with 0 arguments in scan
status defs/la: pid=no wstat=000f flags=08 stamps=now
events defs/la: sudDx
logger: pid=no
events defs/la/log: sudDx
SIGQUIT to the scanner:
scanner: exit 0
finish ran with 0 arguments in scan
status defs/la: pid=no wstat=000f flags=08 stamps=now
events defs/la: sudDx
logger: pid=no
events defs/la/log: sudDx
SIGABRT to the scanner:
scanner: exit 0
finish ran with 0 arguments in scan
la still supervised: yes
la/log still supervised: yes
status defs/la: pid=no wstat=000f flags=08 stamps=now
events defs/la: sudDx
logger: pid=no
events defs/la/log: sudDx
T
)"

finish
