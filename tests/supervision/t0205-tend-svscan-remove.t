#!/bin/sh
# tend-svscan: a removed service is left alone (not restarted, not killed)
# until n, N, h or SIGHUP; then only it is stopped cleanly, its logger
# after it, draining the pipe.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 16

mksv keep
mksv gone 'trap '\''kill $! ; exit 0'\'' TERM
sleep 1000 & wait'
printf '#!/bin/sh\necho done >> %s/finished\n' "$T" > "$S/gone/finish" ; chmod 755 "$S/gone/finish"
mksv lazy
mksv lg 'trap '\''kill $! ; echo bye ; exit 0'\'' TERM
echo hello
sleep 1000 & wait'
mksv lg/log 'exec cat >> out'
mksv hup ; mksv nn ; mksv nn/log 'trap '\''kill $! ; echo TERM > termed ; exit 0'\'' TERM
exec 3<&0
cat <&3 >> out & wait'
mkdir "$T/removed"
start_svscan
all_up () { for sv_ in keep gone lazy lg lg/log hup nn nn/log ; do up "$sv_" || return 1 ; done ; }
ok 'all up' wait_for 50 all_up
keep=$(svpid keep) ; gonesup=$(suppid gone) ; lazysup=$(suppid lazy)
lgsup=$(suppid lg) ; lglogsup=$(suppid lg/log)

for n in gone lazy lg ; do mv "$S/$n" "$T/removed/$n" ; done
# The rescan is done when a service added with it is up: one scan pass.
mksv marker ; ctl a
ok 'rescanned' wait_for 50 up marker
S=$T/removed
ok 'removed and rescanned: the service is not killed' up gone
ok 'nor its supervisor' alive "$gonesup"
lazyrun=$(svpid lazy)
kill -9 "$lazysup" ; kill "$lazyrun"
sleep 1.5
ok 'a removed service whose supervisor dies: not restarted (1.5 s)' test -z "$(suppid lazy)"

ctl n
ok 'n: the removed service is brought down' wait_for 50 down gone
ok 'its finish script ran' wait_for 50 test -s "$T/finished"
ok 'its supervisor exited' wait_for 50 gone "$gonesup"
ok 'the removed logged service is down' wait_for 50 down lg
ok "its logger drained the pipe and exited (SIGHUP)" wait_for 50 gone "$lglogsup"
is "$(cat "$T/removed/lg/log/out")" "hello
bye" 'no line lost, the last one included'
S=$T/scan
ok 'the other services were not touched' test "$(svpid keep)" = "$keep" -a -n "$(suppid keep)"

hupsup=$(suppid hup) ; mv "$S/hup" "$T/removed/hup"
kill -HUP "$svscan"
ok 'SIGHUP: scan and stop removed services' wait_for 50 gone "$hupsup"

nnlogsup=$(suppid nn/log) ; mv "$S/nn" "$T/removed/nn"
ctl aN
ok "N: the logger's supervisor gets SIGTERM: the logger is stopped" wait_for 50 test -s "$T/removed/nn/log/termed"
ok 'and its supervisor exits' wait_for 50 gone "$nnlogsup"
mv "$T/removed/lg" "$S/lg" ; ctl a
back () { suppid lg >/dev/null && suppid lg/log >/dev/null ; }
ok 'a service put back is picked up again' wait_for 50 back
kill -TERM "$svscan" ; svscan_exit
finish
