#!/bin/sh
# Interop: start-up, files and modes (umask, an existing event/), -d -u -o
# -x, the down file and D U O Q, a run that cannot be executed, with
# s6-supervise or tend-supervise driven by s6's or tend's clients.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 18

sc_start () {
  i_mksv sv 'exec sleep 100'
  i_sup sv ; sup=$i_pid
  i_wait_st sv "$i_up"
  i_c svok sv
  i_st sv
  i_modes sv/supervise sv/event
  i_c svstat sv
  i_c svc -xd sv
  i_reap "$sup" supervise
  i_st sv
  i_dt sv
  i_c svok sv
}
i_scenario start "supervise" "svc svok svstat" sc_start "$(cat <<'T'
svok sv: exit 0
status sv: pid=yes wstat=0000 flags=04 stamps=now
sv/supervise directory 700
sv/supervise/control fifo 600
sv/supervise/death_tally regular empty file 644
sv/supervise/lock regular empty file 644
sv/supervise/status regular file 644
sv/event directory 3730
svstat sv: exit 0
  up (pid =status) N seconds
svc -xd sv: exit 0
supervise: exit 0
status sv: pid=no wstat=000f flags=08 stamps=now
death_tally sv:
  @TAIN signal SIGTERM
svok sv: exit 1
T
)"

sc_updown () {
  i_mksv sv 'exec sleep 100'
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv su ; i_st sv
  i_c svc -d sv ; i_wait_ev sv sudD ; i_st sv
  i_c svc -u sv ; i_wait_ev sv sudDu ; i_st sv
  i_c svc -o sv ; i_wait_st sv 'pid=yes * flags=00 *' ; i_st sv
  i_c svc -k sv ; i_wait_ev sv sudDudD ; i_settle ; i_st sv
  i_c svc -o sv ; i_wait_ev sv sudDudDu ; i_st sv
  i_c svc -x sv ; i_settle ; i_st sv ; i_c svok sv
  i_c svc -d sv ; i_wait_ev sv sudDudDudDx ; i_reap "$sup" supervise
  i_st sv ; i_ev sv ; i_dt sv
}
i_scenario updown "supervise" "svc svok" sc_updown "$(cat <<'T'
status sv: pid=yes wstat=0000 flags=04 stamps=now
svc -d sv: exit 0
status sv: pid=no wstat=000f flags=08 stamps=now
svc -u sv: exit 0
status sv: pid=yes wstat=000f flags=04 stamps=now
svc -o sv: exit 0
status sv: pid=yes wstat=000f flags=00 stamps=now
svc -k sv: exit 0
status sv: pid=no wstat=0009 flags=08 stamps=now
svc -o sv: exit 0
status sv: pid=yes wstat=0009 flags=00 stamps=now
svc -x sv: exit 0
status sv: pid=yes wstat=0009 flags=00 stamps=now
svok sv: exit 0
svc -d sv: exit 0
supervise: exit 0
status sv: pid=no wstat=000f flags=08 stamps=now
events sv: sudDudDudDx
death_tally sv:
  @TAIN signal SIGTERM
  @TAIN signal SIGKILL
  @TAIN signal SIGTERM
T
)"

sc_downfile () {
  i_mksv sv 'exec sleep 100'
  : > sv/down
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv s ; i_settle ; i_st sv ; i_ev sv
  i_c svstat sv
  i_c svc -u sv ; i_wait_ev sv su ; i_st sv
  i_c svc -D sv ; i_wait_ev sv sudD ; i_st sv
  test -f sv/down && echo "down file: yes"
  i_c svc -U sv ; i_wait_ev sv sudDu ; i_st sv
  test -f sv/down || echo "down file: no"
  i_c svc -O sv ; i_wait_st sv 'pid=yes * flags=00 *' ; i_st sv
  i_c svstat sv
  i_c svc -Q sv ; i_settle ; i_st sv
  test -f sv/down && echo "down file: yes"
  i_c svstat sv
  i_c svc -xd sv ; i_wait_ev sv sudDudDx ; i_reap "$sup" supervise
  i_ev sv
}
i_scenario downfile "supervise" "svc svstat" sc_downfile "$(cat <<'T'
status sv: pid=no wstat=0000 flags=08 stamps=now
events sv: s
svstat sv: exit 0
  down (exitcode 0) N seconds, ready N seconds
svc -u sv: exit 0
status sv: pid=yes wstat=0000 flags=04 stamps=now
svc -D sv: exit 0
status sv: pid=no wstat=000f flags=08 stamps=now
down file: yes
svc -U sv: exit 0
status sv: pid=yes wstat=000f flags=04 stamps=now
down file: no
svc -O sv: exit 0
status sv: pid=yes wstat=000f flags=00 stamps=now
svstat sv: exit 0
  up (pid =status) N seconds, want down
svc -Q sv: exit 0
status sv: pid=yes wstat=000f flags=00 stamps=now
down file: yes
svstat sv: exit 0
  up (pid =status) N seconds, normally down, want down
svc -xd sv: exit 0
supervise: exit 0
events sv: sudDudDx
T
)"

sc_modes () {
  i_mksv sv 'exec sleep 100'
  mkdir -m 0755 sv/event
  : > sv/event/foreign
  umask 077
  i_sup sv ; sup=$i_pid
  umask 022
  i_wait_st sv "$i_up"
  i_modes sv/supervise sv/event
  s6-svc -xd sv ; i_reap "$sup" supervise
  i_modes sv/supervise
}
i_scenario modes "supervise" - sc_modes "$(cat <<'T'
sv/supervise directory 700
sv/supervise/control fifo 600
sv/supervise/death_tally regular empty file 600
sv/supervise/lock regular empty file 644
sv/supervise/status regular file 600
sv/event directory 755
sv/event/foreign regular empty file 644
supervise: exit 0
sv/supervise directory 700
sv/supervise/control fifo 600
sv/supervise/death_tally regular file 600
sv/supervise/lock regular empty file 644
sv/supervise/status regular file 600
T
)"

sc_norun () {
  i_mksv sv 'exec sleep 100'
  chmod 644 sv/run
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv s ; i_settle
  i_st sv ; i_ev sv
  echo "supervisor: $(i_proc "$sup")"
  i_c svstat sv
  chmod 755 sv/run
  i_c svc -u sv ; i_wait_ev sv su ; i_st sv
  i_c svc -xd sv ; i_wait_ev sv sudDx ; i_reap "$sup" supervise
}
i_scenario norun "supervise" "svc svstat" sc_norun "$(cat <<'T'
status sv: pid=no wstat=0000 flags=0c stamps=now
events sv: s
supervisor: alive
svstat sv: exit 0
  down (exitcode 0) N seconds, normally up, want up, ready N seconds
svc -u sv: exit 0
status sv: pid=yes wstat=0000 flags=04 stamps=now
svc -xd sv: exit 0
supervise: exit 0
T
)"

finish
