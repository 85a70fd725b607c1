#!/bin/sh
# Interop: finish (its arguments, the finishing state, exit 125 = permanent
# failure), timeout-finish, timeout-kill, max-death-tally.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 16

sc_finish () {
  i_mksv sv 'test -f ../exit7 && exit 7
exec sleep 100'
  i_mkfinish sv 'echo "$*" >> ../finish.args
while test -f ../hold ; do sleep 0.02 ; done
c=$(cat ../fcode 2>/dev/null)
exit ${c:-0}'
  : > sv/down
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv s
  i_c svc -o sv ; i_wait_ev sv su
  : > hold
  i_c svc -t sv ; i_wait_ev sv sud
  i_wait_st sv 'pid=yes * flags=02 *' ; i_st sv
  i_stamps sv
  i_c svstat sv
  i_svstat_o up,wantedup,ready,pid,exitcode,signal sv
  rm hold
  i_wait_ev sv sudD ; i_st sv
  i_stamps sv
  : > exit7
  i_c svc -o sv ; i_wait_ev sv sudDudD ; i_st sv
  i_c svstat sv
  echo 125 > fcode
  i_c svc -u sv ; i_wait_ev sv sudDudDudOD ; i_settle ; i_st sv
  i_c svstat sv
  echo "finish arguments:" ; sed 's/^/  /' finish.args
  i_c svc -x sv ; i_wait_ev sv sudDudDudODx ; i_reap "$sup" supervise
  i_dt sv
}
i_scenario finish "supervise" "svc svstat" sc_finish "$(cat <<'T'
svc -o sv: exit 0
svc -t sv: exit 0
status sv: pid=yes wstat=000f flags=02 stamps=now
readystamp of sv: earlier than its stamp
svstat sv: exit 0
  down (signal SIGTERM) N seconds
svstat -o up,wantedup,ready,pid,exitcode,signal sv: exit 0
  up: false
  wantedup: false
  ready: false
  pid: -1
  exitcode: -1
  signal: SIGTERM
status sv: pid=no wstat=000f flags=08 stamps=now
readystamp of sv: later than its stamp
svc -o sv: exit 0
status sv: pid=no wstat=0700 flags=08 stamps=now
svstat sv: exit 0
  down (exitcode 7) N seconds, ready N seconds
svc -u sv: exit 0
status sv: pid=no wstat=0700 flags=08 stamps=now
svstat sv: exit 0
  down (exitcode 7) N seconds, ready N seconds
finish arguments:
  256 15 sv
  7 0 sv
  7 0 sv
svc -x sv: exit 0
supervise: exit 0
death_tally sv:
  @TAIN signal SIGTERM
  @TAIN exitcode 7
  @TAIN exitcode 7
T
)"

sc_timeoutfinish () {
  i_mksv sv 'exec sleep 100'
  i_mkfinish sv 'echo $$ > ../finish.pid
exec sleep 100'
  echo 300 > sv/timeout-finish
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv su
  t0=$(date +%s%N)
  i_c svc -d sv ; i_wait_ev sv sud ; i_wait test -s finish.pid
  i_wait_ev sv sudD ; t1=$(date +%s%N)
  test $(((t1 - t0) / 1000000)) -ge 250 && echo "finish ran for at least 250 ms: yes"
  test $(((t1 - t0) / 1000000)) -lt 5000 && echo "finish killed within 5 s: yes"
  i_wait_proc "$(cat finish.pid)" gone
  i_st sv
  i_c svc -x sv ; i_wait_ev sv sudDx ; i_reap "$sup" supervise
}
i_scenario timeoutfinish "supervise" "svc" sc_timeoutfinish "$(cat <<'T'
svc -d sv: exit 0
finish ran for at least 250 ms: yes
finish killed within 5 s: yes
process: gone
status sv: pid=no wstat=000f flags=08 stamps=now
svc -x sv: exit 0
supervise: exit 0
T
)"

sc_timeoutkill () {
  i_mksv sv 'trap "" TERM
exec sleep 100'
  echo 1000 > sv/timeout-kill
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv su ; pid=$(i_runpid sv)
  t0=$(date +%s%N)
  i_c svc -d sv ; i_wait_st sv 'pid=yes * flags=00 *' ; i_st sv
  i_wait_ev sv sudD ; t1=$(date +%s%N)
  test $(((t1 - t0) / 1000000)) -ge 950 && echo "ignored SIGTERM for at least 950 ms: yes"
  test $(((t1 - t0) / 1000000)) -lt 5000 && echo "killed within 5 s: yes"
  i_wait_proc "$pid" gone
  i_st sv ; i_dt sv
  i_c svc -x sv ; i_wait_ev sv sudDx ; i_reap "$sup" supervise
}
i_scenario timeoutkill "supervise" "svc" sc_timeoutkill "$(cat <<'T'
svc -d sv: exit 0
status sv: pid=yes wstat=0000 flags=00 stamps=now
ignored SIGTERM for at least 950 ms: yes
killed within 5 s: yes
process: gone
status sv: pid=no wstat=0009 flags=08 stamps=now
death_tally sv:
  @TAIN signal SIGKILL
svc -x sv: exit 0
supervise: exit 0
T
)"

sc_tally () {
  i_mksv sv 'exec sleep 100'
  echo 2 > sv/max-death-tally
  : > sv/down
  i_listen sv
  i_sup sv ; sup=$i_pid
  i_wait_ev sv s
  e=s
  for l in k t a ; do
    i_c svc -o sv ; e=${e}u ; i_wait_ev sv $e
    i_c svc -$l sv ; e=${e}dD ; i_wait_ev sv $e
  done
  i_dt sv
  rm sv/max-death-tally
  i_c svc -o sv ; e=${e}u ; i_wait_ev sv $e
  i_c svc -h sv ; e=${e}dD ; i_wait_ev sv $e
  i_dt sv
  i_c svc -x sv ; i_wait_ev sv ${e}x ; i_reap "$sup" supervise
  i_sup sv ; sup=$i_pid
  i_wait_ev sv ${e}xs
  i_dt sv
  s6-svc -x sv ; i_reap "$sup" supervise
}
i_scenario tally "supervise" "svc" sc_tally "$(cat <<'T'
svc -o sv: exit 0
svc -k sv: exit 0
svc -o sv: exit 0
svc -t sv: exit 0
svc -o sv: exit 0
svc -a sv: exit 0
death_tally sv:
  @TAIN signal SIGTERM
  @TAIN signal SIGALRM
svc -o sv: exit 0
svc -h sv: exit 0
death_tally sv:
  @TAIN signal SIGTERM
  @TAIN signal SIGALRM
  @TAIN signal SIGHUP
svc -x sv: exit 0
supervise: exit 0
death_tally sv:
supervise: exit 0
T
)"

finish
