#!/bin/sh
# An image with runit service directories in /etc/service boots as runsv
# reads them: run, finish with runsv's arguments (the exit code and 0, or
# -1 and the signal), down (not started, but startable), log/run with a
# tend-log logdir; the sv verbs of the tend front end steer them.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 17

ovl_file /etc/service/web/run 755 <<'EOS'
#!/bin/sh
exec 2>&1
echo "web up as $$"
exec sleep 1000
EOS
ovl_file /etc/service/web/finish 755 <<'EOS'
#!/bin/sh
echo "web finish $1 $2" >> /run/finish.log
EOS
ovl_file /etc/service/web/log/run 755 <<'EOS'
#!/bin/sh
exec tend-log t n5 s100000 /var/log/web
EOS
ovl_file /etc/service/flap/run 755 <<'EOS'
#!/bin/sh
test -e /run/flapped && exec sleep 1000
touch /run/flapped
exit 7
EOS
ovl_file /etc/service/flap/finish 755 <<'EOS'
#!/bin/sh
echo "flap finish $1 $2" >> /run/finish.log
EOS
ovl_file /etc/service/idle/run 755 <<'EOS'
#!/bin/sh
echo "idle started" >> /run/finish.log
exec sleep 1000
EOS
ovl_file /etc/service/idle/down 644 < /dev/null

id=$(ovl_start -- /init sleep 1000)
ok 'web runs' ct exec "$id" sh -c 'for i in $(seq 50) ; do tend-svok /run/tend/service/web && break ; sleep 0.1 ; done ; tend-svwait -u -t 5000 /run/tend/service/web'
ok 'finish of a run that exited 7: runsv'"'"'s "7 0"' ct exec "$id" sh -c 'for i in $(seq 50) ; do grep -qx "flap finish 7 0" /run/finish.log && exit 0 ; sleep 0.1 ; done ; exit 1'
ok 'a service with a down file is not started' ct exec "$id" sh -c 'for i in $(seq 50) ; do tend-svok /run/tend/service/idle && break ; sleep 0.1 ; done ; test "$(tend-svstat -o up,normallyup /run/tend/service/idle)" = "false false"'
ok 'tend up starts it (sv up)' ct exec "$id" tend up idle
ok 'its run ran' ct exec "$id" grep -qx 'idle started' /run/finish.log
ok 'tend down stops it (sv down)' ct exec "$id" tend down idle
pid=$(ct exec "$id" tend-svstat -o pid /run/tend/service/web)
ok 'tend kill: SIGKILL to web' ct exec "$id" tend kill web
ok 'finish of a killed run: runsv'"'"'s "-1 9"' ct exec "$id" sh -c 'for i in $(seq 50) ; do grep -qx "web finish -1 9" /run/finish.log && exit 0 ; sleep 0.1 ; done ; exit 1'
ok 'web is restarted' ct exec "$id" sh -c "tend-svwait -u -t 5000 /run/tend/service/web && test \"\$(tend-svstat -o pid /run/tend/service/web)\" != '$pid'"
ok 'tend term (sv term)' ct exec "$id" tend term web
ok 'finish of a run killed by TERM: "-1 15"' ct exec "$id" sh -c 'for i in $(seq 50) ; do grep -qx "web finish -1 15" /run/finish.log && exit 0 ; sleep 0.1 ; done ; exit 1'
ok 'the logger writes the logdir, each line stamped (t)' ct exec "$id" sh -c 'for i in $(seq 50) ; do grep -Eq "^@[0-9a-f]{24} web up as [0-9]+$" /var/log/web/current && exit 0 ; sleep 0.1 ; done ; exit 1'
ok 'tend logs finds it' ct exec "$id" tend logs web
cp "$T/out" "$T/o"
ok 'and shows it' grep -q 'web up as' "$T/o"
ok 'tend status lists the three' ct exec "$id" tend status
cp "$T/out" "$T/o"
ok 'with the logger' grep -q '^web/log  *up' "$T/o"
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 143 'docker stop: the CMD'"'"'s code, 143'
finish
