#!/bin/sh
# The whole test suite, from a fresh clone: installs what it needs, builds,
# runs every TAP test with prove. Extra arguments go to prove.
set -e
cd "$(dirname "$0")/.."
./tools/deps.sh test
test -f config.mak || ./configure >/dev/null
make -j2 check-build >/dev/null
TEST_BINDIR=$(pwd) exec prove -r "$@" tests/
