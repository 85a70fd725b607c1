#!/bin/sh
# Interop with the scanner: start-up (.s6-svscan files, one supervisor per
# service and per logger), a logged service whose pipe survives a restart,
# svscanctl -a (a new service found), -n (a removed service stopped), -t and
# -q (shutdown, .s6-svscan/finish), two scanners on one directory.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 16

nlines () { test -f "$1" && test "$(wc -l < "$1")" -ge "$2" ; }
mkscan () {
  mkdir scan defs scan/.s6-svscan
  printf '#!/bin/sh\necho "finish ran with $# arguments in ${PWD##*/}" >> ../finish.out\n' > scan/.s6-svscan/finish
  chmod 755 scan/.s6-svscan/finish
  i_mksv defs/a 'echo hello
echo world
exec sleep 100'
  i_mksv defs/a/log "exec cat >> $W/a.log"
  i_mksv defs/b 'exec sleep 100'
  ln -s ../defs/a scan/a
  ln -s ../defs/b scan/b
  i_listen defs/a ; i_listen defs/a/log ; i_listen defs/b
  i_mksv scan/.hidden 'exec sleep 100'
  : > scan/file
}

sc_scan () {
  mkscan
  i_scan scan ; scan=$i_pid
  i_wait_ev defs/a su ; i_wait_ev defs/a/log su ; i_wait_ev defs/b su
  i_c svok scan/a ; i_c svok scan/a/log ; i_c svok scan/b
  i_modes scan/.s6-svscan
  test -e scan/.hidden/supervise || echo "dot entry skipped: yes"
  i_wait nlines a.log 2
  logpid=$(i_runpid defs/a/log) ; apid=$(i_runpid defs/a)
  s6-svc -k scan/a ; i_wait_ev defs/a sudDu ; i_wait nlines a.log 4
  echo "log:" $(cat a.log)
  test "$(i_runpid defs/a/log)" = "$logpid" && echo "same logger process: yes"
  s6-svc -d scan/a/log ; i_wait_ev defs/a/log sudD
  s6-svc -k scan/a ; i_wait_ev defs/a sudDudDu
  s6-svc -u scan/a/log ; i_wait_ev defs/a/log sudDu ; i_wait nlines a.log 6
  echo "log after the logger was down:" $(cat a.log)
  logpid=$(i_runpid defs/a/log)
  i_mksv defs/c 'exec sleep 100'
  i_listen defs/c
  ln -s ../defs/c scan/c
  i_c svscanctl -a scan ; i_wait_ev defs/c su
  i_c svok scan/c
  rm scan/b
  i_c svscanctl -an scan ; i_wait_ev defs/b sudDx ; i_wait_unlocked defs/b
  i_c svok defs/b ; i_st defs/b
  i_c svok scan/a ; i_c svok scan/c
  apid=$(i_runpid defs/a) ; cpid=$(i_runpid defs/c)
  i_c svscanctl -t scan ; i_reap "$scan" scanner
  cat finish.out
  for s in defs/a defs/c ; do i_c svok $s ; i_st $s ; i_ev $s ; done
  i_c svok defs/a/log
  i_stvars defs/a/log ; echo "logger: ${i_stsum%% *}"
  i_wait_proc "$apid" gone ; i_wait_proc "$cpid" gone ; i_wait_proc "$logpid" gone
  echo "log:" $(cat a.log)
}
i_scenario scan "svscan supervise" "svscanctl svok" sc_scan "$(cat <<'T'
svok scan/a: exit 0
svok scan/a/log: exit 0
svok scan/b: exit 0
scan/.s6-svscan directory 755
scan/.s6-svscan/control fifo 600
scan/.s6-svscan/finish regular file 755
scan/.s6-svscan/lock regular empty file 600
dot entry skipped: yes
log: hello world hello world
same logger process: yes
log after the logger was down: hello world hello world hello world
svscanctl -a scan: exit 0
svok scan/c: exit 0
svscanctl -an scan: exit 0
svok defs/b: exit 1
status defs/b: pid=no wstat=000f flags=08 stamps=now
svok scan/a: exit 0
svok scan/c: exit 0
svscanctl -t scan: exit 0
scanner: exit 0
finish ran with 0 arguments in scan
svok defs/a: exit 1
status defs/a: pid=no wstat=000f flags=08 stamps=now
events defs/a: sudDudDudDx
svok defs/c: exit 1
status defs/c: pid=no wstat=000f flags=08 stamps=now
events defs/c: sudDx
svok defs/a/log: exit 1
logger: pid=no
process: gone
process: gone
process: gone
log: hello world hello world hello world
T
)"

sc_quit () {
  mkscan
  i_scan scan ; scan=$i_pid
  i_wait_ev defs/a su ; i_wait_ev defs/a/log su ; i_wait_ev defs/b su
  i_wait nlines a.log 2
  apid=$(i_runpid defs/a) ; bpid=$(i_runpid defs/b) ; logpid=$(i_runpid defs/a/log)
  i_c svscanctl -q scan ; i_reap "$scan" scanner
  cat finish.out
  for s in defs/a defs/b ; do i_c svok $s ; i_st $s ; i_ev $s ; done
  i_c svok defs/a/log
  i_stvars defs/a/log ; echo "logger: ${i_stsum%% *}"
  i_wait_proc "$apid" gone ; i_wait_proc "$bpid" gone ; i_wait_proc "$logpid" gone
  echo "log:" $(cat a.log)
}
i_scenario quit "svscan supervise" "svscanctl svok" sc_quit "$(cat <<'T'
svscanctl -q scan: exit 0
scanner: exit 0
finish ran with 0 arguments in scan
svok defs/a: exit 1
status defs/a: pid=no wstat=000f flags=08 stamps=now
events defs/a: sudDx
svok defs/b: exit 1
status defs/b: pid=no wstat=000f flags=08 stamps=now
events defs/b: sudDx
svok defs/a/log: exit 1
logger: pid=no
process: gone
process: gone
process: gone
log: hello world
T
)"

# Here the client side is the second scanner.
sc_scanlock () {
  mkdir scan
  i_mksv scan/a 'exec sleep 100'
  i_listen scan/a
  i_scan scan ; scan=$i_pid
  i_wait_ev scan/a su ; apid=$(i_runpid scan/a)
  i_scan scan "$C" ; i_reap "$i_pid" "second scanner"
  test "$(i_runpid scan/a)" = "$apid" && echo "same run process: yes"
  i_modes scan/.s6-svscan
  s6-svscanctl -t scan ; i_reap "$scan" "first scanner"
  i_wait_ev scan/a sudDx
  i_scan scan "$C" ; scan=$i_pid
  i_wait_ev scan/a sudDxsu && echo "second scanner takes over once the first is gone: yes"
  s6-svscanctl -t scan ; i_reap "$scan" "second scanner"
  i_ev scan/a
}
i_scenario scanlock "svscan supervise" "svscan supervise" sc_scanlock "$(cat <<'T'
second scanner: exit 100
same run process: yes
scan/.s6-svscan directory 700
scan/.s6-svscan/control fifo 600
scan/.s6-svscan/lock regular empty file 600
first scanner: exit 0
second scanner takes over once the first is gone: yes
second scanner: exit 0
events scan/a: sudDxsudDx
T
)"

sc_abort () {
  mkscan
  i_scan scan ; scan=$i_pid
  i_wait_ev defs/a su ; i_wait_ev defs/a/log su ; i_wait_ev defs/b su
  i_c svscanctl -b scan ; i_reap "$scan" scanner
  cat finish.out
  for s in defs/a defs/a/log defs/b ; do i_c svok $s ; i_st $s ; done
  s6-svc -xd defs/b ; s6-svc -xd defs/a ; s6-svc -x defs/a/log
  i_wait_ev defs/b sudDx ; i_wait_ev defs/a sudDx ; i_wait_ev defs/a/log 'su*x'
  i_ev defs/a ; i_ev defs/b
}
i_scenario abort "svscan supervise" "svscanctl svok" sc_abort "$(cat <<'T'
svscanctl -b scan: exit 0
scanner: exit 0
finish ran with 0 arguments in scan
svok defs/a: exit 0
status defs/a: pid=yes wstat=0000 flags=04 stamps=now
svok defs/a/log: exit 0
status defs/a/log: pid=yes wstat=0000 flags=04 stamps=now
svok defs/b: exit 0
status defs/b: pid=yes wstat=0000 flags=04 stamps=now
events defs/a: sudDx
events defs/b: sudDx
T
)"

finish
