#!/bin/sh
# Interop: svwait -u -d -U -D with -a/-o and -t, waits that end on an event,
# a wait that ends because the supervisor exits or the service fails
# permanently (finish exits 125).
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-interop.sh"
i_plan 8

sc_svwait () {
  i_mksv a 'exec sleep 100'
  i_mksv b 'exec sleep 100'
  : > b/down
  i_listen a ; i_listen b
  i_sup a ; supa=$i_pid
  i_sup b ; supb=$i_pid
  i_wait_ev a su ; i_wait_ev b s
  i_c svwait -u -t 300 a
  i_c svwait -u -t 300 a b
  i_c svwait -a -u -t 300 a b
  i_c svwait -o -u -t 300 a b
  i_c svwait -d -t 300 b
  i_c svwait -D -t 300 b
  i_c svwait -U -t 300 a
  i_c svwait -o -d -t 300 a b
  i_c svwait -a -d -t 300 a b
  i_cbg svwait -u -t 5000 b ; i_wait_subs b 2
  s6-svc -u b ; i_cbgreap
  i_cbg svwait -a -D -t 5000 a b ; i_wait_subs a 2 ; i_wait_subs b 2
  s6-svc -d a ; i_wait_ev a sudD
  s6-svc -d b ; i_cbgreap
  i_cbg svwait -o -u -t 5000 a b ; i_wait_subs a 2 ; i_wait_subs b 2
  s6-svc -u b ; i_cbgreap
  i_wait_ev b sudDu
  i_cbg svwait -d -t 5000 a b ; i_wait_subs a 2 ; i_wait_subs b 2
  s6-svc -d b ; i_cbgreap
  i_cbg svwait -u -t 5000 a ; i_wait_subs a 2
  s6-svc -x a ; i_cbgreap
  i_reap "$supa" "supervise a"
  i_wait_ev a sudDx ; i_ev a ; i_ev b
  s6-svc -x b ; i_reap "$supb" "supervise b"
  i_mksv f 'exit 1'
  i_mkfinish f 'exit 125'
  : > f/down
  i_listen f
  i_sup f ; supf=$i_pid
  i_wait_ev f s
  i_cbg svwait -U -t 5000 f ; i_wait_subs f 2
  s6-svc -u f ; i_wait_ev f sudOD ; i_cbgreap
  i_st f
  i_c svwait -d -t 300 f
  s6-svc -x f ; i_reap "$supf" "supervise f"
}
i_scenario svwait "supervise" "svwait" sc_svwait "$(cat <<'T'
svwait -u -t 300 a: exit 0
svwait -u -t 300 a b: exit 99
svwait -a -u -t 300 a b: exit 99
svwait -o -u -t 300 a b: exit 0
svwait -d -t 300 b: exit 0
svwait -D -t 300 b: exit 0
svwait -U -t 300 a: exit 99
svwait -o -d -t 300 a b: exit 0
svwait -a -d -t 300 a b: exit 99
svwait -u -t 5000 b: exit 0
svwait -a -D -t 5000 a b: exit 0
svwait -o -u -t 5000 a b: exit 0
svwait -d -t 5000 a b: exit 0
svwait -u -t 5000 a: exit 1
supervise a: exit 0
events a: sudDx
events b: sudDudD
supervise b: exit 0
svwait -U -t 5000 f: exit 1
status f: pid=no wstat=0100 flags=08 stamps=now
svwait -d -t 300 f: exit 0
supervise f: exit 0
T
)"

sc_svwaitbad () {
  mkdir nosv
  i_c svwait -u -t 300 nosv
  i_modes nosv
  i_c svwait -u -t 300 missing
  i_c svwait -t x nosv
  i_c svwait -u
  i_mksv sv 'exec sleep 100'
  i_sup sv ; sup=$i_pid
  i_wait_st sv "$i_up"
  i_c svwait -u -t 0 sv
  i_c svwait -R -t 300 sv
  s6-svc -xd sv ; i_reap "$sup" supervise
}
i_scenario svwaitbad "supervise" "svwait" sc_svwaitbad "$(cat <<'T'
svwait -u -t 300 nosv: exit 111
nosv directory 755
nosv/event directory 3730
svwait -u -t 300 missing: exit 111
svwait -t x nosv: exit 100
svwait -u: exit 100
svwait -u -t 0 sv: exit 0
svwait -R -t 300 sv: exit 99
supervise: exit 0
T
)"

finish
