#!/bin/sh
# tend-svscan: the initial scan starts every service; what counts as one.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 9

for n in 1 2 3 4 5 ; do mksv "s$n" ; done
mksv .hidden
echo 'not a service' > "$S/file"
mkdir "$T/elsewhere" ; S0=$S S=$T/elsewhere mksv linked ; ln -s "$T/elsewhere/linked" "$S/link"
ln -s "$T/nowhere" "$S/dangling"
start_svscan

all_up () { for sv_ in 1 2 3 4 5 ; do up "s$sv_" || return 1 ; done ; }
ok 'five services are up' wait_for 50 all_up
ok 'a symlink to a directory is a service' wait_for 50 test -s "$T/elsewhere/linked/pid"
ok 'dot entries are skipped' test ! -e "$S/.hidden/pid" -a ! -e "$S/.hidden/supervise"
ok 'one tend-supervise per service, argv "tend-supervise name"' suppid s3
old=$(svpid s1) ; oldsup=$(suppid s1)
mv "$S/s1" "$S/renamed" ; mksv marker ; ctl a
ok 'rescan (a new service shows it is done)' wait_for 50 up marker
ok 'a renamed service is the same service (dev, ino): not restarted' test "$(svpid renamed)" = "$old" && alive "$old"
ok 'and no second supervisor for it' test -z "$(suppid renamed)" -a "$(suppid s1)" = "$oldsup"
ok 'no warning for a file or a dangling symlink' test ! -s "$T/svscan.err"
kill -TERM "$svscan" ; svscan_exit
all_down () { for sv_ in renamed s2 s3 s4 s5 ; do down "$sv_" || return 1 ; done ; }
ok 'SIGTERM: every service is down when svscan has exited' all_down
finish
