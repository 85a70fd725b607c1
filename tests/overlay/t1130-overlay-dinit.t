#!/bin/sh
# A tozd/dinit-style image boots unchanged: /etc/service/NAME/{run,finish,
# log/run}, run exiting 115, a terminate file, DINIT_* settings, and each
# reparenting policy with a daemon that double-forks.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 29

# app: a logger, a finish, and a terminate file that stops it with INT.
ovl_file /etc/service/app/run 755 <<'EOS'
#!/bin/sh
trap 'echo "app got INT" ; exit 0' INT
trap 'echo "app got TERM" ; exit 0' TERM
echo app-up
while : ; do sleep 0.1 ; done
EOS
ovl_file /etc/service/app/terminate 755 <<'EOS'
#!/bin/sh
echo "terminate for pid $DINIT_PID" 1>&2
kill -INT "$DINIT_PID"
EOS
ovl_file /etc/service/app/finish 755 <<'EOS'
#!/bin/sh
echo "app finish $1" 1>&2
EOS
ovl_file /etc/service/app/log/run 755 <<'EOS'
#!/bin/sh
while read -r l ; do echo "[app-log] $l" ; done
EOS
# off: disables itself.
ovl_file /etc/service/off/run 755 <<'EOS'
#!/bin/sh
echo off-ran >> /run/off
exit 115
EOS
# daemon: double-forks mydaemon, then disables itself (115) so that
# nothing starts it again.
ovl_file /etc/service/daemon/run 755 <<'EOS'
#!/bin/sh
sh -c '/usr/local/bin/mydaemon & sleep 0.2' &
sleep 0.1
exit 115
EOS
ovl_file /usr/local/bin/mydaemon 755 <<'EOS'
#!/bin/sh
trap 'sleep 0.3 ; echo "mydaemon stopping" 1>&2 ; exit 0' TERM
echo "mydaemon running" 1>&2
while : ; do sleep 0.1 ; done
EOS
# running NAME, in the container: is a process named NAME alive
RUNNING='for f in /proc/[0-9]*/comm ; do test "$(cat $f 2>/dev/null)" = "$1" && exit 0 ; done ; exit 1'
NOTRUNNING='for f in /proc/[0-9]*/comm ; do test "$(cat $f 2>/dev/null)" = "$1" && exit 1 ; done ; exit 0'

# 1. The default policy (ignore): the daemon runs on; docker stop goes
# through terminate.
id=$(ovl_start -- /init)
ok 'the services start' ct wait-log --timeout 10 "$id" '\[app-log\] app-up'
ok 'the daemon runs' ct wait-log --timeout 10 "$id" 'mydaemon running'
ok 'exit 115 disables a service, the container goes on' ct wait-log --timeout 10 "$id" 'service off exited 115: disabled'
ok 'ignore: the reparented daemon is left alone' ct exec "$id" sh -c "$RUNNING" x mydaemon
ct exec "$id" cat /run/off > "$T/o" 2>&1
is "$(cat "$T/o")" off-ran 'the disabled service ran once'
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'docker stop: exit 0'
ct logs "$id" > "$T/logs" 2>&1
ok 'terminate ran with DINIT_PID' grep -q 'terminate for pid [0-9]' "$T/logs"
ok 'instead of TERM' grep -q '\[app-log\] app got INT' "$T/logs"
ok 'no TERM for app' sh -c "! grep -q 'app got TERM' '$T/logs'"
ok 'finish ran' grep -q 'app finish 0' "$T/logs"
ok 'no warning about reparented processes' sh -c "! grep -q 'reparented' '$T/logs'"

# 2. terminate, under dinit's names: the daemon gets SIGTERM, named.
id=$(ovl_start -e DINIT_REPARENTING_POLICY=terminate -e DINIT_KILL_TIMEOUT=2 -- /init)
ok 'terminate: the daemon is named in a warning' ct wait-log --timeout 10 "$id" 'reparented process [0-9]* \(mydaemon\): sending SIGTERM, SIGKILL in 2000 ms'
ok 'and stopped' ct wait-log --timeout 10 "$id" 'mydaemon stopping'
ok 'it is gone' wait_for 30 ct exec "$id" sh -c "$NOTRUNNING" x mydaemon
ok 'the other services run on' ct exec "$id" tend-svwait -u -t 1000 /run/tend/service/app
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'docker stop: exit 0'

# A cont-init script that leaves a daemon behind (a single fork, and no
# service that dies afterwards): found once the scripts are done.
mv "$IMG/etc/service" "$T/service.saved"
ovl_file /etc/cont-init.d/10-daemon 755 <<'EOS'
#!/bin/sh
/usr/local/bin/initdaemon &
sleep 0.1
EOS
cp "$IMG/usr/local/bin/mydaemon" "$IMG/usr/local/bin/initdaemon"
id=$(ovl_start -e TEND_REPARENT_POLICY=terminate -- /init sleep 1000)
ok 'terminate: a daemon left by a cont-init script is found too' ct wait-log --timeout 10 "$id" 'reparented process [0-9]* \(initdaemon\): sending SIGTERM'
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 143 'docker stop: exit 143 (the CMD)'
rm -rf "$IMG/etc/cont-init.d" "$IMG/usr/local/bin/initdaemon"
mv "$T/service.saved" "$IMG/etc/service"

# 3. adopt: the daemon runs on, and is stopped and waited for at shutdown.
id=$(ovl_start -e TEND_REPARENT_POLICY=adopt -- /init)
ok 'adopt: the daemon is named in a warning' ct wait-log --timeout 10 "$id" 'adopting reparented process [0-9]* \(mydaemon\)'
ok 'it runs on' ct exec "$id" sh -c "$RUNNING" x mydaemon
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'docker stop: exit 0'
ct logs "$id" > "$T/logs" 2>&1
ok 'at shutdown it got SIGTERM and was waited for' grep -q 'mydaemon stopping' "$T/logs"
ok 'before stage 3 had to kill anything' sh -c "! grep -q 'still running' '$T/logs'"

# 4. DINIT_* settings: log level, JSON stdout, bad values.
rm -rf "$IMG/etc/service/daemon" "$IMG/etc/service/off"
ovl_file /etc/service/hello/run 755 <<'EOS'
#!/bin/sh
echo hello-up
exec sleep 1000
EOS
ovl_run -e DINIT_LOG_LEVEL=info -e DINIT_JSON_STDOUT=0 -- /init sh -c 'tend-svwait -u -t 5000 /run/tend/service/hello ; sleep 0.3' > "$T/o" 2>&1
ok 'DINIT_LOG_LEVEL=info: each step is told' grep -q 'supervising /etc/service/hello' "$T/o"
ok 'DINIT_JSON_STDOUT=0: lines prefixed with the service name' grep -q '^hello: hello-up' "$T/o"
exits 100 'DINIT_LOG_LEVEL=loud: exit 100' ovl_run -e DINIT_LOG_LEVEL=loud -- /init true
cp "$T/err" "$T/e" ; cat "$T/out" >> "$T/e"
ok 'naming the variable' grep -q 'invalid \$DINIT_LOG_LEVEL: loud' "$T/e"
exits 0 'a TEND_ name wins over the DINIT_ one' ovl_run -e TEND_REPARENT_POLICY=ignore -e DINIT_REPARENTING_POLICY=bogus -- /init true
exits 100 'DINIT_REPARENTING_POLICY=bogus alone: exit 100' ovl_run -e DINIT_REPARENTING_POLICY=bogus -- /init true
finish
