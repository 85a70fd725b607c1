#!/bin/sh
# The recipes of doc/overlay.html, as written there: the quick-start
# image; tend health by name as the health check; a read-only, non-root
# container with the runtime directory in /tmp.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 11
# The quick start's files, from the guide itself.
doc=$TOP/doc/overlay.html
# file PATH: the indented lines under the line PATH, unindented, unescaped
file () { awk -v f="$1" '$0 == f { on = 1 ; next } on && /^    / { print substr($0, 5) ; next } { on = 0 }' "$doc" | sed 's/&gt;/>/g;s/&lt;/</g;s/&amp;/\&/g' ; }
for f in etc/services.d/syslogd/run etc/services.d/web/run etc/cont-init.d/10-www ; do
  file "$f" | ovl_file "/$f" 755
done
: | ovl_file /etc/services.d/web/essential 644
ok 'the guide has the quick start files' grep -q 'exec httpd' "$IMG/etc/services.d/web/run"

id=$(ovl_start -- /init)
ok 'it boots: tend health web syslogd turns 0' wait_for 100 ct exec "$id" tend health web syslogd
ok 'the web server serves' ct exec "$id" wget -qO- http://127.0.0.1:8080/
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'docker stop: exit 0'

# While stage 2 runs (a slow cont-init script), no service is linked yet:
# a name is unknown, so the check the guide gives fails.
ovl_file /etc/cont-init.d/05-slow 755 <<'EOS'
#!/bin/sh
mkfifo /tmp/go && read -r x < /tmp/go
EOS
id=$(ovl_start -e TEND_CMD_WAIT_FOR_SERVICES_MAXTIME=0 -- /init)
wait_for 100 ct exec "$id" test -p /tmp/go
exits 1 'tend health web syslogd, during a slow cont-init script: 1' ct exec "$id" tend health web syslogd
ct exec "$id" sh -c 'echo > /tmp/go'
ok 'then 0 once they run' wait_for 100 ct exec "$id" tend health web syslogd
ct stop -t 10 "$id" >/dev/null 2>&1
ct wait "$id" >/dev/null
rm -rf "$IMG/etc"

# Read-only and non-root, with the guide's ENV line.
ovl_file /etc/services.d/web/run 755 <<'EOS'
#!/bin/sh
exec httpd -f -p 8080 -h /tmp
EOS
env=$(sed -n 's|^<tt>ENV \(TEND_RUNTIME_DIR=[^<]*\)</tt>$|-e \1|p' "$doc")
ok 'the guide has the ENV line' test -n "$env"
# shellcheck disable=SC2086
ovl_run --read-only --tmpfs /tmp:exec -u 1000 $env -- /init sh -c 'for i in $(seq 200) ; do tend health web 2>/dev/null && break ; sleep 0.1 ; done ; tend status web ; id -u' > "$T/o" 2>&1 ; code=$?
is "$code" 0 'read-only, non-root: boots, CMD exit 0'
ok 'and tend finds the services without -s' grep -Eq '^web +up .* stdout$' "$T/o"
ovl_run -u 1000 -- /init sh -c 'for i in $(seq 200) ; do tend health web 2>/dev/null && break ; sleep 0.1 ; done ; tend status web' > "$T/o" 2>&1 ; code=$?
is "$code" 0 'non-root, no setting: /init falls back to /tmp/tend'
ok 'and so does tend' grep -Eq '^web +up .* stdout$' "$T/o"
finish
