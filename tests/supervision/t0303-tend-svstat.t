#!/bin/sh
# tend-svstat: options, field words, errors and exit codes, and a live
# service (up, paused, ready, killed, exited) under each supervisor, all
# compared with s6-svstat 2.11 on the same directory.
. "${0%/*}/../lib.sh"
. "${0%/*}/svclient-lib.sh"
nlive=10
plan $((32 + nlive * 2))
if ! have_s6 ; then
  n=0 ; while test $n -lt $((32 + nlive * 2)) ; do skip 's6 not installed' ; n=$((n + 1)) ; done
  exit 0
fi
mkdir "$T/nosv" "$T/filesup"
: > "$T/file" ; : > "$T/filesup/supervise"

exits 100 'no argument: usage' tend-svstat
grep -q '^tend-svstat: usage: tend-svstat \[ -uwNrpest | -o up,wantedup,' "$T/err" && pass 'usage line' || fail 'usage line'
exits 100 'unknown option: usage' tend-svstat -x "$T/nosv"
exits 1 'never supervised: 1' tend-svstat "$T/nosv"
grep -q "^tend-svstat: fatal: unable to read status for $T/nosv: supervisor not running\$" "$T/err" && pass '... one-line message' || fail '... one-line message'
exits 1 'missing directory: 1' tend-svstat "$T/missing"
exits 111 'supervise is a file: 111' tend-svstat "$T/filesup"
exits 111 'servicedir is a file: 111' tend-svstat "$T/file"
w= ; g=
for d in nosv missing filesup file ; do w="$w $(code s6-svstat "$T/$d")" g="$g $(code tend-svstat "$T/$d")" ; done
is "$g" "$w" 'same exit codes as s6-svstat on unsupervised and broken dirs'

# Field words and their errors, on a service held down by s6-supervise.
mksv sv
: > "$T/sv/down"
start s6-supervise sv ; sup=$c_sup
putstatus sv 5 4 0 0x000f 0x0c
for o in up, ready read p pid e si s updown readyf normallyup,wantedup,up,up; do
  same "-o $o" svstat -o "$o" "$T/sv"
done
same '-o with an empty list: the human line' svstat -o '' "$T/sv"
same '-o twice, letters between: fields appended' svstat -o up -uw -o pid,t "$T/sv"
same '16 fields: fine' svstat -uuuuuuuuuuuuuuuu "$T/sv"
exits 100 '17 fields: too many' tend-svstat -uuuuuuuuuuuuuuuuu "$T/sv"
grep -q '^tend-svstat: fatal: too many option fields$' "$T/err" && pass '... said so' || fail '... said so'
exits 100 'a word that is no prefix: 100' tend-svstat -o up,upx "$T/sv"
grep -q '^tend-svstat: fatal: invalid option field: upx$' "$T/err" && pass '... named' || fail '... named'
exits 100 'empty word: 100' tend-svstat -o up,,pid "$T/sv"
grep -q '^tend-svstat: fatal: invalid null option field$' "$T/err" && pass '... said so' || fail '... said so'
same ',up: same as s6' svstat -o ,up "$T/sv"
printf 'short' > "$T/sv/supervise/status"
exits 111 'truncated status file: 111' tend-svstat "$T/sv"
rm "$T/sv/supervise/status"
exits 111 'no status file: 111' tend-svstat "$T/sv"
stop sv "$sup"

all=up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor
# live SUP: the same outputs as s6-svstat through a service's life.
live () {
  mksv "$1" 'test -f ../exit7 && exit 7
echo >&3
exec sleep 1000'
  echo 3 > "$T/$1/notification-fd"
  start "$2" "$1" ; s=$c_sup
  s6-svwait -t 5000 -U "$T/$1"
  same "$2: up and ready" svstat "$T/$1"
  same "$2: up and ready, all fields" svstat -o "$all" "$T/$1"
  s6-svc -p "$T/$1" ; wait_for 50 field "$T/$1" paused true
  same "$2: paused" svstat "$T/$1"
  s6-svc -c "$T/$1" ; s6-svc -wD -T 5000 -d "$T/$1"
  same "$2: killed by SIGTERM, want down" svstat "$T/$1"
  same "$2: killed, -n" svstat -n "$T/$1"
  same "$2: killed, all fields" svstat -o "$all" "$T/$1"
  : > "$T/exit7" ; : > "$T/$1/down"
  s6-svc -o "$T/$1" ; wait_for 50 field "$T/$1" exitcode 7
  same "$2: exited 7, normally down" svstat "$T/$1"
  same "$2: exited 7, all fields" svstat -o "$all" "$T/$1"
  same "$2: short options" svstat -uwNrpest "$T/$1"
  rm -f "$T/exit7" "$T/$1/down"
  s6-svc -u "$T/$1" ; s6-svwait -t 5000 -U "$T/$1"
  s6-svc -O "$T/$1" ; wait_for 50 field "$T/$1" wantedup false
  same "$2: up, want down" svstat "$T/$1"
  stop "$1" "$s"
}
for s in s6-supervise tend-supervise ; do
  case " $SUPS " in
    *" $s "*) live "live-$s" "$s" ;;
    *) n=0 ; while test $n -lt $nlive ; do skip "$s not available" ; n=$((n + 1)) ; done ;;
  esac
done
finish
