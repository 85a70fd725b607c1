#!/bin/sh
# The whole test suite, from a fresh clone: installs what it needs, builds,
# runs every TAP test with prove. Extra arguments go to prove.
set -e
cd "$(dirname "$0")/.."
./tools/deps.sh test
test -f config.mak || ./configure >/dev/null
make -j2 check-build >/dev/null
# The tests compare tend with s6 on what services receive: they run with
# default signal dispositions, whatever the caller ignored (nohup ignores
# SIGHUP, some CI runners SIGINT; a shell cannot undo that, perl can).
TEST_BINDIR=$(pwd) exec perl -e '$SIG{$_} = "DEFAULT" for qw(HUP INT QUIT TERM PIPE ALRM USR1 USR2 CHLD) ; exec { $ARGV[0] } @ARGV or die "exec prove: $!\n"' prove -r "$@" tests/
