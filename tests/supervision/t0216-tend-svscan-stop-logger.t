#!/bin/sh
# tend-svscan: at shutdown a logger that sees EOF and exits at once is not
# taken for a crash: its supervisor was told to exit first, so it neither
# restarts it nor warns about a throttled restart.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 4

for n in 1 2 3 4 5 ; do
  mksv "p$n" 'echo hello ; exec sleep 1000'
  mksv "p$n/log" 'exec cat >> out'
done
start_svscan
all_up () { for n_ in 1 2 3 4 5 ; do up "p$n_" && up "p$n_/log" || return 1 ; done ; }
ok 'five logged services up' wait_for 50 all_up
ctl t
svscan_exit
is "$rc" 0 'svscan exited 0'
got () { for n_ in 1 2 3 4 5 ; do grep -qx hello "$S/p$n_/log/out" || return 1 ; done ; }
ok 'every logger got its line' got
ok 'no logger was scheduled for a restart' sh -c "! grep 'next start' '$T/svscan.err'"
finish
