#!/bin/sh
# tend-supervise: supervise/death_tally records and max-death-tally; and a
# whole scenario compared with real s6-supervise (events, status flags,
# wait status, tally as s6-svdt prints it).
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 15

mksv a 'test -f code && exit $(cat code) ; echo $$ > pid ; exec sleep 1000'
listen a
start a
evis a su
s6-svc -k "$T/a"
evis a sudDu
ok 'one death, one 14-byte record' test "$(stat -c %s "$T/a/supervise/death_tally")" -eq 14
is "$(od -An -tx1 -j12 -N2 "$T/a/supervise/death_tally" | tr -d ' ')" 8909 'killed by SIGKILL: 0x89 (128+9), 9'
is "$(s6-svdt "$T/a" | sed 's/^@[0-9a-f]* //')" 'signal SIGKILL' 's6-svdt reads it'
nD () { grep -o D "$T/a.ev" | wc -l ; }
moreD () { test "$(nD)" -gt "$1" ; }
# once: run it once more (it exits 7 at once) and wait for its D.
once () { n=$(nD) ; s6-svc -o "$T/a" ; wait_for 50 moreD "$n" ; }
echo 7 > "$T/a/code"
s6-svc -d "$T/a"
evis a sudDudD
once
is "$(stat -c %s "$T/a/supervise/death_tally")" 42 'three deaths, three records'
is "$(od -An -tx1 -j40 -N2 "$T/a/supervise/death_tally" | tr -d ' ')" 0700 'exit 7: 07, 00'
is "$(od -An -tx1 -j28 -N12 "$T/a/supervise/death_tally" | tr -d ' \n')" \
   "$(od -An -tx1 -N12 "$T/a/supervise/status" | tr -d ' \n')" 'record stamp = status stamp of that death'

# max-death-tally 2: only the last two are kept; 0: none.
echo 2 > "$T/a/max-death-tally"
once ; once
is "$(stat -c %s "$T/a/supervise/death_tally")" 28 'max-death-tally 2: two records kept'
is "$(od -An -tx1 -j14 -N12 "$T/a/supervise/death_tally" | tr -d ' \n')" \
   "$(od -An -tx1 -N12 "$T/a/supervise/status" | tr -d ' \n')" 'the newest one last'
echo 0 > "$T/a/max-death-tally"
once
is "$(stat -c %s "$T/a/supervise/death_tally")" 0 'max-death-tally 0: none kept'
echo 100000 > "$T/a/max-death-tally"
once ; once
is "$(stat -c %s "$T/a/supervise/death_tally")" 28 'max-death-tally over 4096: capped, records kept'
ok 'no death_tally.new left behind' test ! -e "$T/a/supervise/death_tally.new"

# The same scenario under s6-supervise and tend-supervise.
scenario () {
  sv=$T/$1
  listen "$1"
  bg $2 "$sv" 2>/dev/null ; sup=$!
  wait_for 50 test -s "$sv/supervise/status"
  s6-svwait -u -t 3000 "$sv"
  s6-svc -d "$sv" ; s6-svwait -D -t 3000 "$sv"
  echo "after d: $(flags "$1") $(s6-svstat -o up,wantedup,normallyup,ready,exitcode,signal "$sv")"
  echo 7 > "$sv/code"
  s6-svc -o "$sv" ; wait_for 30 sh -c "test \$(grep -o D '$T/$1.ev' | wc -l) -ge 2"
  echo "after o, exit 7: $(flags "$1") $(s6-svstat -o up,wantedup,exitcode,signal "$sv")"
  rm -f "$sv/code"
  s6-svc -u "$sv" ; s6-svwait -u -t 3000 "$sv"
  s6-svc -p "$sv" ; wait_for 30 flagsare "$1" 05
  echo "paused: $(flags "$1")"
  s6-svc -c "$sv" ; wait_for 30 flagsare "$1" 04
  s6-svc -D "$sv" ; s6-svwait -D -t 3000 "$sv"
  echo "after D: $(flags "$1") $(s6-svstat -o normallyup,signal "$sv")"
  s6-svc -U "$sv" ; s6-svwait -u -t 3000 "$sv"
  s6-svc -xd "$sv"
  wait_for 50 gone "$sup"
  echo "events: $(ev "$1")"
  echo "tally:" ; s6-svdt "$sv" | sed 's/^@[0-9a-f]*/@/'
  echo "files: $(cd "$sv" && ls | tr '\n' ' ') / $(ls "$sv/supervise" | tr '\n' ' ')"
}
mksv s6 'test -f code && exit $(cat code) ; exec sleep 1000'
mksv tend 'test -f code && exit $(cat code) ; exec sleep 1000'
scenario s6 s6-supervise > "$T/s6.out"
scenario tend tend-supervise > "$T/tend.out"
diff "$T/s6.out" "$T/tend.out" > "$T/err"
ok 'same transcript as s6-supervise' test ! -s "$T/err"
sed 's/^/# /' "$T/tend.out"
ok 'and the transcript is the expected one' grep -q '^events: sudDudDudDudDx$' "$T/tend.out"

# Readiness and a finish that exits 125, under both.
scenario2 () {
  sv=$T/$1
  listen "$1"
  bg $2 "$sv" 2>/dev/null ; sup=$!
  wait_for 50 test -s "$sv/supervise/status"
  s6-svwait -U -t 3000 "$sv"
  echo "ready: $(flags "$1") $(s6-svstat -o up,ready "$sv")"
  s6-svc -k "$sv"
  wait_for 50 sh -c "grep -q D '$T/$1.ev'"
  echo "after finish 125: $(flags "$1") $(s6-svstat -o up,wantedup,signal "$sv")"
  s6-svc -x "$sv"
  wait_for 50 gone "$sup"
  echo "events: $(ev "$1")"
}
for i in s6r tendr ; do
  mksv $i 'echo >&5 ; exec sleep 1000'
  echo 5 > "$T/$i/notification-fd"
  mkfinish $i 'exit 125'
done
scenario2 s6r s6-supervise > "$T/s6r.out"
scenario2 tendr tend-supervise > "$T/tendr.out"
diff "$T/s6r.out" "$T/tendr.out" > "$T/err"
ok 'readiness and finish 125: same transcript as s6-supervise' test ! -s "$T/err"
sed 's/^/# /' "$T/tendr.out"
ok 'events s u U d O D x' grep -q '^events: suUdODx$' "$T/tendr.out"
finish
