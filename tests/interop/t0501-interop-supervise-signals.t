#!/bin/sh
# Interop: the signal commands (-a -b -q -h -t -i -1 -2 -y), -p/-c, -k with
# wantup (restart after the throttle), -r and down-signal; signals sent to
# the supervisor itself (TERM, HUP, QUIT, INT).
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 14

# The service records each signal it gets (trapped; its sleep goes on).
sigrun='for s in ALRM ABRT QUIT HUP TERM INT USR1 USR2 WINCH ; do trap "echo $s >> ../sigs" $s ; done
sleep 100 & p=$!
while kill -0 $p 2>/dev/null ; do wait $p ; done'
nlines () { test -f sigs && test "$(wc -l < sigs)" -eq "$1" ; }

sc_signals () {
  i_mksv sv "$sigrun"
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv su ; pid=$(i_runpid sv)
  n=0
  for l in a b q h t i 1 2 y ; do
    n=$((n + 1))
    i_c svc -$l sv ; i_wait nlines $n
  done
  echo "signals received:" $(cat sigs)
  i_st sv
  test "$(i_pidof_run sv)" = "$pid" && echo "same run process: yes"
  i_ev sv
  i_c svc -xk sv ; i_wait_ev sv sudDx ; i_reap "$sup" supervise
  i_st sv ; i_dt sv
}
i_scenario signals "supervise" "svc" sc_signals "$(cat <<'T'
svc -a sv: exit 0
svc -b sv: exit 0
svc -q sv: exit 0
svc -h sv: exit 0
svc -t sv: exit 0
svc -i sv: exit 0
svc -1 sv: exit 0
svc -2 sv: exit 0
svc -y sv: exit 0
signals received: ALRM ABRT QUIT HUP TERM INT USR1 USR2 WINCH
status sv: pid=yes wstat=0000 flags=04 stamps=now
same run process: yes
events sv: su
svc -xk sv: exit 0
supervise: exit 0
status sv: pid=no wstat=0009 flags=0c stamps=now
death_tally sv:
  @TAIN signal SIGKILL
T
)"

sc_pause () {
  i_mksv sv 'exec sleep 100'
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv su ; pid=$(i_runpid sv)
  i_c svc -p sv ; i_wait_st sv 'pid=yes * flags=05 *' ; i_st sv
  i_wait_proc "$pid" stopped
  i_c svstat sv
  i_c svc -c sv ; i_wait_st sv 'pid=yes * flags=04 *' ; i_st sv
  i_wait_proc "$pid" alive
  i_c svc -p sv ; i_wait_st sv 'pid=yes * flags=05 *'
  i_c svc -d sv ; i_wait_ev sv sudD ; i_st sv
  i_wait_proc "$pid" gone
  i_c svc -x sv ; i_wait_ev sv sudDx ; i_reap "$sup" supervise
  i_dt sv
}
i_scenario pause "supervise" "svc svstat" sc_pause "$(cat <<'T'
svc -p sv: exit 0
status sv: pid=yes wstat=0000 flags=05 stamps=now
process: stopped
svstat sv: exit 0
  up (pid =status) N seconds, paused
svc -c sv: exit 0
status sv: pid=yes wstat=0000 flags=04 stamps=now
process: alive
svc -p sv: exit 0
svc -d sv: exit 0
status sv: pid=no wstat=000f flags=08 stamps=now
process: gone
svc -x sv: exit 0
supervise: exit 0
death_tally sv:
  @TAIN signal SIGTERM
T
)"

sc_restart () {
  i_mksv sv 'exec sleep 100'
  echo SIGHUP > sv/down-signal
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv su ; pid=$(i_runpid sv)
  # s6-svc: quick to return, so that the state between death and restart
  # (1 s) is caught even when the client side is slow.
  s6-svc -k sv ; i_wait_ev sv sudD
  # Stopped, the supervisor cannot restart the service while we look.
  kill -STOP "$sup" ; i_st sv
  i_c svstat sv
  kill -CONT "$sup"
  i_wait_ev sv sudDu ; i_wait_st sv "$i_up" ; i_st sv
  test "$(i_pidof_run sv)" != "$pid" && echo "new run process: yes"
  i_c svc -r sv ; i_wait_ev sv sudDudDu ; i_st sv
  i_c svc -d sv ; i_wait_ev sv sudDudDudD ; i_st sv
  i_c svc -r sv ; i_settle ; i_st sv
  i_c svstat sv
  i_c svc -x sv ; i_wait_ev sv sudDudDudDx ; i_reap "$sup" supervise
  i_dt sv
}
i_scenario restart "supervise" "svc svstat" sc_restart "$(cat <<'T'
status sv: pid=no wstat=0009 flags=0c stamps=now
svstat sv: exit 0
  down (signal SIGKILL) N seconds, normally up, want up, ready N seconds
status sv: pid=yes wstat=0009 flags=04 stamps=now
new run process: yes
svc -r sv: exit 0
status sv: pid=yes wstat=0001 flags=04 stamps=now
svc -d sv: exit 0
status sv: pid=no wstat=0001 flags=08 stamps=now
svc -r sv: exit 0
status sv: pid=no wstat=0001 flags=08 stamps=now
svstat sv: exit 0
  down (signal SIGHUP) N seconds, normally up, ready N seconds
svc -x sv: exit 0
supervise: exit 0
death_tally sv:
  @TAIN signal SIGKILL
  @TAIN signal SIGHUP
  @TAIN signal SIGHUP
T
)"

sc_supsig () {
  for sig in TERM HUP QUIT INT ; do
    echo "SIG$sig to the supervisor of an up service:"
    if test $sig = INT ; then
      # The service survives SIGINT (it records it): the supervisor exits
      # at once, leaving the status as it is.
      i_mksv $sig "$sigrun"
    else
      i_mksv $sig 'exec sleep 100'
    fi
    i_listen $sig
    i_sup $sig ; sup=$i_pid
    i_wait_ev $sig su ; pid=$(i_runpid $sig)
    kill -$sig "$sup"
    case $sig in
      TERM) i_wait_ev $sig sudDx ;;
      HUP)
        i_settle ; echo "supervisor: $(i_proc "$sup")" ; i_ev $sig
        s6-svc -d $sig ; i_wait_ev $sig sudDx ;;
      *) i_wait_ev $sig sux ;;
    esac
    i_reap "$sup" supervisor
    i_st $sig ; i_ev $sig
    case $sig in
      QUIT) echo "service left running: $(i_proc "$pid")" ; kill "$pid" ;;
      INT)
        i_wait nlines 1 ; echo "signals received:" $(cat sigs)
        echo "service left running: $(i_proc "$pid")" ; kill -9 "$pid" ;;
    esac
  done
  echo "SIGTERM to the supervisor of a down service:"
  i_mksv down 'exec sleep 100'
  : > down/down
  i_listen down
  i_sup down ; sup=$i_pid
  i_wait_ev down s
  kill -TERM "$sup" ; i_wait_ev down sx ; i_reap "$sup" supervisor
}
i_scenario supsig "supervise" - sc_supsig "$(cat <<'T'
SIGTERM to the supervisor of an up service:
supervisor: exit 0
status TERM: pid=no wstat=000f flags=08 stamps=now
events TERM: sudDx
SIGHUP to the supervisor of an up service:
supervisor: alive
events HUP: su
supervisor: exit 0
status HUP: pid=no wstat=000f flags=08 stamps=now
events HUP: sudDx
SIGQUIT to the supervisor of an up service:
supervisor: exit 0
status QUIT: pid=yes wstat=0000 flags=04 stamps=now
events QUIT: sux
service left running: alive
SIGINT to the supervisor of an up service:
supervisor: exit 0
status INT: pid=yes wstat=0000 flags=04 stamps=now
events INT: sux
signals received: INT
service left running: alive
SIGTERM to the supervisor of a down service:
supervisor: exit 0
T
)"

finish
