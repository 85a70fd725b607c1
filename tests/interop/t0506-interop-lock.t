#!/bin/sh
# Interop: one supervisor per service directory across implementations
# (the second one exits 100 and changes nothing), and the clients' answers
# when no supervisor listens or the directory is missing or broken.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 8

# Here the client side is the second supervisor.
sc_lock () {
  i_mksv sv 'exec sleep 100'
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv su ; pid=$(i_runpid sv)
  i_sup sv "$C" ; i_reap "$i_pid" "second supervisor"
  s6-svok sv && echo "first supervisor still holds the lock: yes"
  test "$(i_pidof_run sv)" = "$pid" && echo "same run process: yes"
  i_st sv ; i_ev sv
  i_modes sv/supervise
  s6-svc -xd sv ; i_reap "$sup" "first supervisor"
  i_sup sv "$C" ; sup=$i_pid
  i_wait_ev sv sudDxsu && echo "second supervisor takes over once the first is gone: yes"
  s6-svc -xd sv ; i_reap "$sup" "second supervisor"
  i_ev sv
}
i_scenario lock "supervise" "supervise" sc_lock "$(cat <<'T'
second supervisor: exit 100
first supervisor still holds the lock: yes
same run process: yes
status sv: pid=yes wstat=0000 flags=04 stamps=now
events sv: su
sv/supervise directory 700
sv/supervise/control fifo 600
sv/supervise/death_tally regular empty file 644
sv/supervise/lock regular empty file 644
sv/supervise/status regular file 644
first supervisor: exit 0
second supervisor takes over once the first is gone: yes
second supervisor: exit 0
events sv: sudDxsudDx
T
)"

sc_svcbad () {
  i_mksv sv 'exec sleep 100'
  mkdir nosv
  i_mksv broken 'exec sleep 100'
  mkdir broken/supervise
  i_c svc -u nosv
  i_c svc -u broken
  i_c svc -u missing
  i_c svc -Z sv
  i_c svc
  i_c svc -wq sv
  i_sup sv ; sup=$i_pid
  i_wait_st sv "$i_up"
  s6-svc -x sv ; s6-svc -d sv ; i_reap "$sup" supervise
  test -p sv/supervise/control && echo "control fifo left behind: yes"
  i_c svc -u sv
  i_c svscanctl -a nosv
  i_c svscanctl -a missing
  i_c svscanctl -Z nosv
  i_c svscanctl
}
i_scenario svcbad "supervise" "svc svscanctl" sc_svcbad "$(cat <<'T'
svc -u nosv: exit 100
svc -u broken: exit 100
svc -u missing: exit 111
svc -Z sv: exit 100
svc : exit 100
svc -wq sv: exit 100
supervise: exit 0
control fifo left behind: yes
svc -u sv: exit 100
svscanctl -a nosv: exit 100
svscanctl -a missing: exit 111
svscanctl -Z nosv: exit 100
svscanctl : exit 100
T
)"

finish
