#!/bin/sh
# tend-supervise: an executable ./terminate replaces the down signal
# (tozd's dinit convention), with the service's pid in DINIT_PID; the
# down signal (and timeout-kill) follow if the service outlives it.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 23

# run records every signal it gets; HUP and TERM make it exit.
mksv a 'trap "echo HUP >> sigs ; exit 0" HUP
trap "echo TERM >> sigs ; exit 0" TERM
echo $$ > pid
while : ; do sleep 0.05 ; done'
cat > "$T/a/terminate" <<'EOT'
#!/bin/sh
echo "$DINIT_PID $PWD $#" > tpid
kill -HUP "$DINIT_PID"
EOT
chmod 755 "$T/a/terminate"
listen a
DINIT_PID=stale start a
sup_a=$s_sup
wait_for 50 test -s "$T/a/pid"
p=$(cat "$T/a/pid")
s6-svc -d "$T/a"
ok 'd runs ./terminate' wait_for 50 test -s "$T/a/tpid"
is "$(cat "$T/a/tpid")" "$p $T/a 1" 'with DINIT_PID = the service pid, in the service directory'
ok 'the service goes down' evis a sudD
is "$(cat "$T/a/sigs")" HUP 'by what ./terminate did, no down signal'
kids () { cat /proc/"$s_sup"/task/*/children 2>/dev/null ; }
nokids () { test -z "$(kids)" ; }
ok './terminate is reaped by tend-supervise' wait_for 50 nokids

# A terminate that does nothing: the down signal comes timeout-kill ms later.
printf '#!/bin/sh\necho ran > ran\n' > "$T/a/terminate"
echo 400 > "$T/a/timeout-kill"
rm -f "$T/a/sigs" "$T/a/pid"
s6-svc -u "$T/a"
wait_for 50 test -s "$T/a/pid"
p=$(cat "$T/a/pid")
t0=$(date +%s%N)
s6-svc -d "$T/a"
ok 'terminate ran' wait_for 50 test -s "$T/a/ran"
is "$(s6-svstat -o up,pid "$T/a")" "true $p" 'meanwhile the status still names the service, up'
ok 'the service still goes down' s6-svwait -d -t 5000 "$T/a"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
ok "after about timeout-kill (${ms} ms)" test "$ms" -ge 350 -a "$ms" -lt 3000
is "$(cat "$T/a/sigs")" TERM 'by the down signal'
ok 'a warning says so' grep -q 'still up after ./terminate' "$T/a.err"
ok 'events as without ./terminate' evis a sudDudD

# Service ignoring everything: terminate, then TERM, then KILL.
mksv b 'trap "" TERM ; echo $$ > pid ; while : ; do sleep 0.05 ; done'
printf '#!/bin/sh\nexit 3\n' > "$T/b/terminate"
chmod 755 "$T/b/terminate"
echo 200 > "$T/b/timeout-kill"
start b
wait_for 50 test -s "$T/b/pid"
s6-svc -d "$T/b"
ok 'TERM ignored too: SIGKILL after another timeout-kill' s6-svwait -d -t 5000 "$T/b"
is "$(s6-svstat -o signal "$T/b")" SIGKILL 'died of SIGKILL'
ok 'a failed ./terminate is reported' grep -q './terminate failed' "$T/b.err"

# Not executable: the down signal at once.
chmod 644 "$T/a/terminate"
rm -f "$T/a/sigs" "$T/a/ran" "$T/a/pid"
s6-svc -u "$T/a"
wait_for 50 test -s "$T/a/pid"
s6-svc -d "$T/a"
ok 'terminate not executable: the down signal' s6-svwait -d -t 1000 "$T/a"
ok 'and a warning' grep -q 'unable to run ./terminate.*Permission denied' "$T/a.err"
is "$(cat "$T/a/sigs")" TERM 'TERM, not terminate'

# r (restart) goes through ./terminate too; the service comes back.
rm -f "$T/a/tpid" "$T/a/sigs" "$T/a/pid"
printf '#!/bin/sh\necho "$DINIT_PID" > tpid\nkill -HUP "$DINIT_PID"\n' > "$T/a/terminate"
chmod 755 "$T/a/terminate"
s6-svc -u "$T/a"
wait_for 50 test -s "$T/a/pid"
p=$(cat "$T/a/pid")
rm -f "$T/a/pid"
s6-svc -r "$T/a"
ok 'r runs ./terminate' wait_for 50 test -s "$T/a/tpid"
ok 'the service restarts' wait_for 50 newpid a "$p"
is "$(cat "$T/a/sigs")" HUP 'stopped by ./terminate'

# SIGTERM to the supervisor (a scanner's shutdown) goes through ./terminate.
printf '#!/bin/sh\necho "$DINIT_PID" > tpid\nkill -HUP "$DINIT_PID"\n' > "$T/a/terminate"
chmod 755 "$T/a/terminate"
rm -f "$T/a/sigs" "$T/a/tpid" "$T/a/pid"
s6-svc -u "$T/a"
wait_for 50 test -s "$T/a/pid"
kill -TERM "$sup_a"
ok 'SIGTERM: the supervisor exits' wait_for 50 gone "$sup_a"
is "$(cat "$T/a/sigs" 2>/dev/null)" HUP 'after ./terminate stopped the service'
finish
