#!/bin/sh
# The CMD under /init: its exit code (128+n on signal n) becomes the
# container's, it sees the container's environment, TEND_CMD_ARG0 (and
# S6_CMD_ARG0), tend-svscan is process 1, malformed settings are refused.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 17

exits 0 'CMD exit 0 is the container exit code' ovl_run -- /init true
exits 3 'CMD exit 3 is the container exit code' ovl_run -- /init sh -c 'exit 3'
exits 137 'CMD killed by SIGKILL: 137' ovl_run -- /init sh -c 'kill -9 $$'
exits 143 'CMD killed by SIGTERM: 143' ovl_run -- /init sh -c 'kill -15 $$'
exits 127 'CMD not found: 127' ovl_run -- /init /no/such/cmd
ovl_run -e FOO=bar -- /init sh -c 'echo "$FOO $(cat /proc/1/comm)"' > "$T/o" 2> "$T/e"
is "$(cat "$T/o")" "bar tend-svscan" 'the CMD sees the container environment; tend-svscan is pid 1'
ovl_run -- /init sh -c 'ls -l /proc/1/exe' > "$T/o" 2>&1
ok 'process 1 is the static tend-svscan from /opt/tend' grep -q '/opt/tend/bin/tend-svscan' "$T/o"
ovl_run -e TEND_CMD_ARG0=echo -- /init arg0-works > "$T/o" 2>&1
ok 'TEND_CMD_ARG0 is prepended to the CMD' grep -qx 'arg0-works' "$T/o"
ovl_run -e S6_CMD_ARG0=echo -- /init s6-name-works > "$T/o" 2>&1
ok 'S6_CMD_ARG0 is read when TEND_CMD_ARG0 is unset' grep -qx 's6-name-works' "$T/o"
exits 100 'a malformed setting stops the container at once' ovl_run -e TEND_KILL_GRACETIME=soon -- /init true
cp "$T/err" "$T/e1"
ok 'and is named' grep -q 'invalid \$TEND_KILL_GRACETIME: soon' "$T/e1"
exits 100 'a malformed S6_* setting is named by its own name' ovl_run -e S6_BEHAVIOUR_IF_STAGE2_FAILS=9 -- /init true
cp "$T/err" "$T/e2"
ok 'and is named' grep -q 'invalid \$S6_BEHAVIOUR_IF_STAGE2_FAILS: 9' "$T/e2"
ovl_run -- /init sh -c 'printf "%s\n" /run/tend/container_environment/* ; echo "PATH=$PATH"' > "$T/o" 2>&1
ok 'the environment is saved as an envdir; the CMD keeps the image PATH' grep -qx 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$T/o"
ovl_run -- /init sh -c 'for a ; do echo "[$a]" ; done' x 'a b' '}' '{' '' '${x}' > "$T/o" 2>&1
is "$(tr -d '\n' < "$T/o")" '[a b][}][{][][${x}]' 'CMD arguments reach the CMD untouched'
ovl_file /etc/services.d/env/run 755 <<'EOS'
#!/bin/sh
echo "service sees FOO=${FOO:-unset}" > /run/seen
exec sleep 1000
EOS
SEEN='for i in $(seq 50) ; do test -s /run/seen && break ; sleep 0.1 ; done ; cat /run/seen'
ovl_run -e FOO=kept -e S6_KEEP_ENV=1 -- /init sh -c "$SEEN" > "$T/o" 2>&1
ok 'S6_KEEP_ENV=1: services see the container environment' grep -qx 'service sees FOO=kept' "$T/o"
ovl_run -e FOO=kept -- /init sh -c "$SEEN" > "$T/o" 2>&1
ok 'by default they do not' grep -qx 'service sees FOO=unset' "$T/o"
finish
