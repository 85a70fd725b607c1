#!/bin/sh
# Interop: notification-fd readiness (event U, ready flag and stamp) and
# svc's waits: -wU -wD -wu -wd -wr -wR with -T, a -wU that times out, a -wU on a
# service without notification-fd.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 8

sc_ready () {
  i_mksv sv 'sleep 0.2
echo >&3
exec sleep 100'
  echo 3 > sv/notification-fd
  : > sv/down
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv s
  i_stamps sv
  i_c svc -wU -T 5000 -u sv ; i_wait_ev sv suU ; i_ev sv ; i_st sv
  i_stamps sv
  i_c svstat sv
  i_svstat_o up,ready,updownsince,readysince sv
  i_c svc -wD -T 5000 -d sv ; i_wait_ev sv suUdD ; i_ev sv ; i_st sv
  i_c svstat sv
  i_c svc -wu -T 5000 -u sv ; i_wait_ev sv suUdDuU ; i_ev sv
  i_c svc -wd -T 5000 -d sv ; i_wait_ev sv suUdDuUdD ; i_ev sv
  i_c svc -wr -T 400 -r sv ; i_ev sv
  i_c svc -wU -T 5000 -u sv ; i_wait_ev sv suUdDuUdDuU ; i_ev sv
  i_c svc -wR -T 5000 -r sv ; i_wait_ev sv suUdDuUdDuUdDuU ; i_ev sv
  i_st sv
  i_c svc -xd sv ; i_wait_ev sv suUdDuUdDuUdDuUdDx ; i_reap "$sup" supervise
}
i_scenario ready "supervise" "svc svstat" sc_ready "$(cat <<'T'
readystamp of sv: same as its stamp
svc -wU -T 5000 -u sv: exit 0
events sv: suU
status sv: pid=yes wstat=0000 flags=0c stamps=now
readystamp of sv: later than its stamp
svstat sv: exit 0
  up (pid =status) N seconds, normally down, ready N seconds
svstat -o up,ready,updownsince,readysince sv: exit 0
  up: true
  ready: true
  updownsince: =status
  readysince: =status
svc -wD -T 5000 -d sv: exit 0
events sv: suUdD
status sv: pid=no wstat=000f flags=08 stamps=now
svstat sv: exit 0
  down (signal SIGTERM) N seconds, ready N seconds
svc -wu -T 5000 -u sv: exit 0
events sv: suUdDuU
svc -wd -T 5000 -d sv: exit 0
events sv: suUdDuUdD
svc -wr -T 400 -r sv: exit 99
events sv: suUdDuUdD
svc -wU -T 5000 -u sv: exit 0
events sv: suUdDuUdDuU
svc -wR -T 5000 -r sv: exit 0
events sv: suUdDuUdDuUdDuU
status sv: pid=yes wstat=000f flags=0c stamps=now
svc -xd sv: exit 0
supervise: exit 0
T
)"

sc_waitfail () {
  i_mksv never 'exec sleep 100'
  echo 3 > never/notification-fd
  : > never/down
  i_mksv plain 'exec sleep 100'
  : > plain/down
  i_listen never ; i_listen plain
  i_sup never ; sup1=$i_pid
  i_sup plain ; sup2=$i_pid
  i_wait_ev never s ; i_wait_ev plain s
  i_c svc -wU -T 300 -u never ; i_wait_ev never su ; i_ev never
  i_st never
  i_c svc -wU -T 5000 -u plain ; i_wait_ev plain su ; i_ev plain
  i_c svc -wD -T 5000 -d plain ; i_ev plain
  i_c svc -wd -T 5000 -d plain ; i_ev plain
  i_c svc -xd never ; i_c svc -x plain
  i_wait_ev never sudDx ; i_wait_ev plain sudDx
  i_reap "$sup1" "supervise never" ; i_reap "$sup2" "supervise plain"
}
i_scenario waitfail "supervise" "svc" sc_waitfail "$(cat <<'T'
svc -wU -T 300 -u never: exit 99
events never: su
status never: pid=yes wstat=0000 flags=04 stamps=now
svc -wU -T 5000 -u plain: exit 0
events plain: su
svc -wD -T 5000 -d plain: exit 0
events plain: sudD
svc -wd -T 5000 -d plain: exit 0
events plain: sudD
svc -xd never: exit 0
svc -x plain: exit 0
supervise never: exit 0
supervise plain: exit 0
T
)"

finish
