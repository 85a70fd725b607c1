#!/bin/sh
# The logging settings: TEND_LOG_FORMAT gives each service without its own
# log/ a tend-log logger that prefixes (or wraps in JSON) its lines on the
# container's stdout; TEND_LOGGING 1 and 2 send them to
# uncaught-logs/<service> in the runtime directory; bad values exit 100.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 21

for s in a b ; do
  ovl_file /etc/services.d/$s/run 755 <<EOS
#!/bin/sh
echo hello-$s
exec sleep 1000
EOS
done
ovl_file /etc/services.d/c/run 755 <<'EOS'
#!/bin/sh
echo hello-c
exec sleep 1000
EOS
ovl_file /etc/services.d/c/log/run 755 <<'EOS'
#!/bin/sh
while read -r l ; do echo "[c-log] $l" ; done
EOS

id=$(ovl_start -e TEND_LOG_FORMAT=prefix -- /init sleep 1000)
ok 'prefix: service a lines carry its name' ct wait-log --timeout 10 "$id" '^a: hello-a$'
ok 'prefix: service b lines carry its name' ct wait-log --timeout 10 "$id" '^b: hello-b$'
ok 'a service with its own log/ keeps its logger' ct wait-log --timeout 10 "$id" '^\[c-log\] hello-c$'
ok 'and gets no prefix' sh -c "! ct logs '$id' 2>&1 | grep -q 'c: '"
ok 'the generated logger is in the runtime directory' ct exec "$id" test -x /run/tend/services/a/log/run
ok 'not in the image' ct exec "$id" test ! -e /etc/services.d/a/log
ct stop -t 10 "$id" >/dev/null 2>&1 ; ct wait "$id" >/dev/null

id=$(ovl_start -e TEND_LOG_FORMAT=json -- /init sleep 1000)
ok 'json: service a lines are objects' ct wait-log --timeout 10 "$id" '^\{"time":"[^"]*Z","service":"a","stream":"stdout","msg":"hello-a"\}$'
ok 'json: service b too' ct wait-log --timeout 10 "$id" '"service":"b","stream":"stdout","msg":"hello-b"'
ok 'json: c keeps its own logger' ct wait-log --timeout 10 "$id" '^\[c-log\] hello-c$'
ct stop -t 10 "$id" >/dev/null 2>&1 ; ct wait "$id" >/dev/null

id=$(ovl_start -- /init sleep 1000)
ok 'plain (the default): lines as written' ct wait-log --timeout 10 "$id" '^hello-a$'
ok 'plain: no logger is added' ct exec "$id" test ! -e /run/tend/services/a/log
ok 'plain: no uncaught-logs' ct exec "$id" test ! -e /run/tend/uncaught-logs
ct stop -t 10 "$id" >/dev/null 2>&1 ; ct wait "$id" >/dev/null

LD='for i in $(seq 100) ; do grep -q hello-a /run/tend/uncaught-logs/a/current 2>/dev/null && break ; sleep 0.1 ; done ; cat /run/tend/uncaught-logs/a/current'
id=$(ovl_start -e TEND_LOGGING=1 -- /init sleep 1000)
ct exec "$id" sh -c "$LD" > "$T/o" 2>&1
ok 'TEND_LOGGING=1: the logdir gets the lines, timestamped by the default script' grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+  hello-a$' "$T/o"
ok 'and the container stdout does not' sh -c "! ct logs '$id' 2>&1 | grep -q hello-a"
ok 'a service with its own log/ is untouched' ct exec "$id" test ! -e /run/tend/uncaught-logs/c
ct stop -t 10 "$id" >/dev/null 2>&1 ; ct wait "$id" >/dev/null

id=$(ovl_start -e S6_LOGGING=2 -e S6_LOGGING_SCRIPT='n3 s100000' -e TEND_LOG_FORMAT=prefix -- /init sleep 1000)
ct exec "$id" sh -c "$LD" > "$T/o" 2>&1
ok 'S6_LOGGING=2 and S6_LOGGING_SCRIPT: the logdir, with the script (no timestamp)' grep -qx 'a: hello-a' "$T/o"
ok 'and the container stdout' ct wait-log --timeout 10 "$id" '^a: hello-a$'
ct stop -t 10 "$id" >/dev/null 2>&1 ; ct wait "$id" >/dev/null

exits 100 'TEND_LOG_FORMAT=xml: exit 100' ovl_run -e TEND_LOG_FORMAT=xml -- /init true
cat "$T/out" "$T/err" > "$T/e1"
ok 'naming the variable' grep -q 'invalid \$TEND_LOG_FORMAT: xml' "$T/e1"
exits 100 'S6_LOGGING=3: exit 100' ovl_run -e S6_LOGGING=3 -- /init true
cat "$T/out" "$T/err" > "$T/e2"
ok 'naming the variable' grep -q 'invalid \$S6_LOGGING: 3' "$T/e2"
finish
