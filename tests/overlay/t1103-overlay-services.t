#!/bin/sh
# Stage 2 and 3 around the services: cont-init.d (order, environment,
# failure under each behaviour), /etc/services.d and /etc/service side by
# side, with-contenv, essential services, exit 115, cont-finish.d.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 30

ovl_file /etc/cont-init.d/20-second 755 <<'EOS'
#!/bin/sh
echo second >> /run/order
EOS
ovl_file /etc/cont-init.d/10-first 755 <<'EOS'
#!/bin/sh
echo "first $FOO" >> /run/order
EOS
ovl_run -e FOO=bar -- /init cat /run/order > "$T/o" 2>&1
is "$(cat "$T/o")" "first bar
second" 'cont-init.d runs in lexical order with the container environment'

ovl_file /etc/cont-init.d/15-fail 755 <<'EOS'
#!/bin/sh
exit 5
EOS
ovl_run -- /init sh -c 'echo cmd-ran' > "$T/o" 2>&1 ; code=$?
is "$code" 5 'a failing cont-init script stops the container by default, with its code'
ok 'the CMD did not run' sh -c "! grep -q cmd-ran '$T/o'"
ok 'it says so' grep -q 'cont-init.d failed: stopping the container' "$T/o"
exits 0 'behaviour 1: the CMD runs' ovl_run -e TEND_BEHAVIOUR_IF_STAGE2_FAILS=1 -- /init true
cp "$T/err" "$T/e1"
ok 'with a warning' grep -q 'cont-init.d failed: going on' "$T/e1"
exits 0 'behaviour 0 (S6_ name): the CMD runs' ovl_run -e S6_BEHAVIOUR_IF_STAGE2_FAILS=0 -- /init true
rm -rf "$IMG/etc/cont-init.d"

# A cont-init script that hangs is killed after the max time.
ovl_file /etc/cont-init.d/10-hang 755 <<'EOS'
#!/bin/sh
exec sleep 1000
EOS
s=$(now_ms)
exits 137 'a hanging cont-init script: killed, the container stops with 137' ovl_run -e TEND_CMD_WAIT_FOR_SERVICES_MAXTIME=500 -- /init true
cp "$T/err" "$T/e3"
ok "in bounded time ($(( $(now_ms) - s )) ms)" test $(( $(now_ms) - s )) -lt 4000
ok 'saying so' grep -q '10-hang still running after 500 ms: killing it' "$T/e3"
rm -rf "$IMG/etc/cont-init.d"

# Both layouts side by side, a logger, with-contenv in a run script.
ovl_file /etc/services.d/a/run 755 <<'EOS'
#!/usr/bin/with-contenv sh
echo "a sees FOO=$FOO"
exec sleep 1000
EOS
ovl_file /etc/services.d/a/log/run 755 <<'EOS'
#!/bin/sh
while read -r l ; do echo "[a-log] $l" ; done
EOS
ovl_file /etc/service/b/run 755 <<'EOS'
#!/bin/sh
echo "b sees FOO=${FOO:-unset}"
exec sleep 1000
EOS
WAIT='cd /run/tend/service && for i in $(seq 50) ; do tend-svstat a >/dev/null 2>&1 && tend-svstat b >/dev/null 2>&1 && break ; sleep 0.1 ; done ; tend-svwait -u -t 5000 a b && tend-svstat -o up a b'
id=$(ovl_start -e FOO=bar -- /init sh -c "$WAIT ; exec sleep 1000")
ok 'a service from /etc/services.d and one from /etc/service run' ct wait-log --timeout 10 "$id" 'true'
ok 'the logger gets the output of its service' ct wait-log --timeout 10 "$id" '\[a-log\] a sees FOO=bar'
ok 'with-contenv gives a run script the container environment' ct wait-log --timeout 10 "$id" 'a sees FOO=bar'
ok 'without it a service has a clean environment' ct wait-log --timeout 10 "$id" 'b sees FOO=unset'
ct exec "$id" ls -l /run/tend/service/ > "$T/o" 2>&1
ok 'services are copies in the runtime directory, linked into the scan directory' grep -q 'a -> ../services/a' "$T/o"
ct exec "$id" sh -c 'for p in /proc/[0-9]* ; do test "$(tr "\0" " " < $p/cmdline)" = "tend-supervise a " && readlink $p/exe ; done' > "$T/o" 2>&1
ok "in the container, supervisors run from tend-svscan's image ($(cat "$T/o"))" grep -q 'tend-svscan$' "$T/o"
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 143 'stopped'
rm -rf "$IMG/etc/service" "$IMG/etc/services.d"

# TEND_CMD_WAIT_FOR_SERVICES: the CMD starts once every service is up, and
# ready when it has a notification-fd; bounded.
ovl_file /etc/services.d/late/run 755 <<'EOS'
#!/bin/sh
sleep 0.5
echo > /dev/fd/3
exec sleep 1000
EOS
echo 3 > "$IMG/etc/services.d/late/notification-fd"
ovl_run -e TEND_CMD_WAIT_FOR_SERVICES=1 -- /init sh -c 'echo "ready=$(tend-svstat -o ready /run/tend/service/late)"' > "$T/o" 2>&1
ok 'wait for services: the CMD starts once they are ready' grep -qx 'ready=true' "$T/o"
ovl_run -- /init sh -c 'echo "ready=$(tend-svstat -o ready /run/tend/service/late 2>&1)"' > "$T/o" 2>&1
ok 'without it the CMD does not wait' sh -c "! grep -qx 'ready=true' '$T/o'"
printf '#!/bin/sh\nexec sleep 1000\n' > "$IMG/etc/services.d/late/run"
exits 1 'a service never ready within the max time is a stage-2 failure' ovl_run -e S6_CMD_WAIT_FOR_SERVICES=1 -e TEND_CMD_WAIT_FOR_SERVICES_MAXTIME=500 -- /init true
cp "$T/err" "$T/e4"
ok 'saying so' grep -q 'services not up after 500 ms' "$T/e4"
rm -rf "$IMG/etc/service" "$IMG/etc/services.d"

# A service added while the container runs: linked, then tend-svscanctl -a.
ADD='mkdir -p /run/added && printf "#!/bin/sh\necho added-runs > /run/added-ran\nexec sleep 1000\n" > /run/added/run && chmod 755 /run/added/run && ln -s /run/added /run/tend/service/added && tend-svscanctl -a /run/tend/service && for i in $(seq 50) ; do tend-svstat /run/tend/service/added >/dev/null 2>&1 && break ; sleep 0.1 ; done ; tend-svwait -u -t 5000 /run/tend/service/added && echo added-is-up && for i in $(seq 50) ; do test -s /run/added-ran && break ; sleep 0.1 ; done ; cat /run/added-ran'
ovl_run -- /init sh -c "$ADD" > "$T/o" 2>&1
ok 'a service linked in at run time starts with tend-svscanctl -a' sh -c "grep -q added-runs '$T/o' && grep -q added-is-up '$T/o'"

# An essential service's death stops the container with its exit code.
# It runs over a second, which its supervisor would restart at once.
ovl_file /etc/services.d/main/run 755 <<'EOS'
#!/bin/sh
echo main-up
echo run >> /vol/log
sleep 1.1
exit 4
EOS
ovl_file /etc/services.d/main/finish 755 <<'EOS'
#!/bin/sh
echo "finish $1" >> /vol/log
EOS
ovl_file /etc/services.d/main/essential 644 < /dev/null
mkdir "$T/vol"
s=$(now_ms)
exits 4 'an essential service that exits 4 stops the container with 4' ovl_run -v "$T/vol:/vol" -- /init sleep 1000
cp "$T/err" "$T/e2"
ok "in bounded time ($(( $(now_ms) - s )) ms)" test $(( $(now_ms) - s )) -lt 5000
ok 'and says so' grep -q 'essential service main exited 4: stopping the container' "$T/e2"
is "$(cat "$T/vol/log")" "run
finish 4" 'its own finish runs, and it is not started again while the container stops'
rm -rf "$IMG/etc/services.d"

# Exit 115 disables a service without stopping the container.
ovl_file /etc/services.d/once/run 755 <<'EOS'
#!/bin/sh
echo ran >> /run/once
exit 115
EOS
CHECK='cd /run/tend/service ; for i in $(seq 50) ; do test "$(tend-svstat -o wantedup once 2>/dev/null)" = false && break ; sleep 0.1 ; done ; sleep 1.5 ; echo "runs=$(wc -l < /run/once) want=$(tend-svstat -o wantedup once)"'
ovl_run -- /init sh -c "$CHECK" > "$T/o" 2>&1
ok 'a run that exits 115 is not restarted' grep -q 'runs=1 want=false' "$T/o"
rm -rf "$IMG/etc/services.d"

# cont-finish.d runs at the end, each script bounded in time.
mkdir -p "$T/vol"
ovl_file /etc/cont-finish.d/10-hang 755 <<'EOS'
#!/bin/sh
exec sleep 1000
EOS
ovl_file /etc/cont-finish.d/20-note 755 <<'EOS'
#!/bin/sh
echo "finished $FOO" > /vol/finish
EOS
s=$(now_ms)
exits 3 'cont-finish.d: the exit code stays the CMD one' ovl_run -v "$T/vol:/vol" -e FOO=baz -e TEND_KILL_FINISH_MAXTIME=500 -- /init sh -c 'exit 3'
ok "a hanging cont-finish script is killed after the max time ($(( $(now_ms) - s )) ms)" test $(( $(now_ms) - s )) -lt 4000
ok 'the next one runs, with the container environment' grep -qx 'finished baz' "$T/vol/finish"
finish
