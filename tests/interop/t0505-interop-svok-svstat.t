#!/bin/sh
# Interop: svok on supervised, unsupervised and missing directories; svstat's
# human line (-n too), its -o fields and short options, its errors.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 8

sc_svok () {
  mkdir nosv
  i_mksv sv 'exec sleep 100'
  i_c svok sv
  i_c svok nosv
  i_c svok missing
  i_c svok
  i_sup sv ; sup=$i_pid
  i_wait_st sv "$i_up"
  i_c svok sv
  i_c svok sv nosv
  s6-svc -xd sv ; i_reap "$sup" supervise
  i_c svok sv
  i_sup sv ; sup=$i_pid
  i_wait_st sv "$i_up"
  kill -QUIT "$sup" ; i_reap "$sup" "supervise (SIGQUIT)"
  i_c svok sv
  i_st sv
  kill "$(i_pidof_run sv)"
}
i_scenario svok "supervise" "svok" sc_svok "$(cat <<'T'
svok sv: exit 1
svok nosv: exit 1
svok missing: exit 1
svok : exit 100
svok sv: exit 0
svok sv nosv: exit 0
supervise: exit 0
svok sv: exit 1
supervise (SIGQUIT): exit 0
svok sv: exit 1
status sv: pid=yes wstat=0000 flags=04 stamps=now
T
)"

all=up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor
sc_svstat () {
  mkdir nosv
  i_mksv sv 'test -f ../exit3 && exit 3
exec sleep 100'
  echo 3 > sv/notification-fd
  i_listen sv
  i_c svstat nosv
  i_c svstat missing
  i_sup sv ; sup=$i_pid
  i_wait_ev sv su
  i_c svstat sv
  i_c svstat -n sv
  i_svstat_o "$all" sv
  for o in u w N r p e s t ; do i_svstat_short $o sv ; done
  i_svstat_short uwNrpest sv
  i_svstat_short tsepr sv
  i_svstat_o ready sv
  i_svstat_o read sv
  i_svstat_o up,up,pid sv
  i_c svstat -o nosuchfield sv
  i_c svstat -x sv
  i_c svstat
  s6-svc -p sv ; i_wait_st sv 'pid=yes * flags=05 *'
  i_c svstat sv
  i_svstat_o paused sv
  s6-svc -d sv ; i_wait_ev sv sudD
  i_c svstat sv
  i_c svstat -n sv
  i_svstat_o "$all" sv
  i_svstat_short uwNrpest sv
  : > sv/down ; : > exit3
  s6-svc -o sv ; i_wait_ev sv sudDudD ; i_wait_st sv 'pid=no wstat=0300 *'
  i_c svstat sv
  i_c svstat -n sv
  i_svstat_o "$all" sv
  i_svstat_short uwNrpest sv
  s6-svc -x sv ; i_reap "$sup" supervise
  i_c svstat sv
}
i_scenario svstat "supervise" "svstat" sc_svstat "$(cat <<'T'
svstat nosv: exit 1
svstat missing: exit 1
svstat sv: exit 0
  up (pid =status) N seconds
svstat -n sv: exit 0
  up (pid =status) N seconds
svstat -o up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor sv: exit 0
  up: true
  wantedup: true
  normallyup: true
  ready: false
  paused: false
  pid: =status
  exitcode: -1
  signal: NA
  signum: -1
  updownsince: =status
  readysince: =status
  updownfor: N
  readyfor: N
svstat -u sv: exit 0
  up: true
svstat -w sv: exit 0
  wantedup: true
svstat -N sv: exit 0
  normallyup: true
svstat -r sv: exit 0
  ready: false
svstat -p sv: exit 0
  pid: =status
svstat -e sv: exit 0
  exitcode: -1
svstat -s sv: exit 0
  signal: NA
svstat -t sv: exit 0
  updownfor: N
svstat -uwNrpest sv: exit 0
  up: true
  wantedup: true
  normallyup: true
  ready: false
  pid: =status
  exitcode: -1
  signal: NA
  updownfor: N
svstat -tsepr sv: exit 0
  updownfor: N
  signal: NA
  exitcode: -1
  pid: =status
  ready: false
svstat -o ready sv: exit 0
  ready: false
svstat -o read sv: exit 0
  read: false
svstat -o up,up,pid sv: exit 0
  up: true
  up: true
  pid: =status
svstat -o nosuchfield sv: exit 100
svstat -x sv: exit 100
svstat : exit 100
svstat sv: exit 0
  up (pid =status) N seconds, paused
svstat -o paused sv: exit 0
  paused: true
svstat sv: exit 0
  down (signal SIGTERM) N seconds, normally up, ready N seconds
svstat -n sv: exit 0
  down (signal 15) N seconds, normally up, ready N seconds
svstat -o up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor sv: exit 0
  up: false
  wantedup: false
  normallyup: true
  ready: false
  paused: false
  pid: -1
  exitcode: -1
  signal: SIGTERM
  signum: 15
  updownsince: =status
  readysince: =status
  updownfor: N
  readyfor: N
svstat -uwNrpest sv: exit 0
  up: false
  wantedup: false
  normallyup: true
  ready: false
  pid: -1
  exitcode: -1
  signal: SIGTERM
  updownfor: N
svstat sv: exit 0
  down (exitcode 3) N seconds, ready N seconds
svstat -n sv: exit 0
  down (exitcode 3) N seconds, ready N seconds
svstat -o up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor sv: exit 0
  up: false
  wantedup: false
  normallyup: false
  ready: false
  paused: false
  pid: -1
  exitcode: 3
  signal: NA
  signum: -1
  updownsince: =status
  readysince: =status
  updownfor: N
  readyfor: N
svstat -uwNrpest sv: exit 0
  up: false
  wantedup: false
  normallyup: false
  ready: false
  pid: -1
  exitcode: 3
  signal: NA
  updownfor: N
supervise: exit 0
svstat sv: exit 1
T
)"

finish
