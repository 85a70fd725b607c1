#!/bin/sh
# tend-svscan: b execs .s6-svscan/finish at once, services still running;
# a finish that cannot be executed: a warning and exit 111.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 5

mksv a
mkdir -p "$S/.s6-svscan"
cat > "$S/.s6-svscan/finish" <<EOT
#!/bin/sh
kill -0 "\$(cat a/pid)" && echo 'a alive' > "$T/finish.out"
exit 3
EOT
chmod 755 "$S/.s6-svscan/finish"
start_svscan
ok 'up' wait_for 50 up a
sup=$(suppid a)
ctl b ; svscan_exit
is "$rc" 3 'b: finish is exec'"'"'ed at once'
ok 'while the service is still running' grep -q 'a alive' "$T/finish.out"
kill -TERM "$sup" ; wait_for 50 gone "$sup"

chmod 644 "$S/.s6-svscan/finish"
start_svscan
ctl t ; svscan_exit
is "$rc" 111 'a finish that cannot be executed: 111'
ok 'with a warning' grep -q 'unable to exec .s6-svscan/finish' "$T/svscan.err"
finish
