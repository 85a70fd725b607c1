#!/bin/sh
# Runs the whole suite against a build made with
# -fsanitize=address,undefined, in a scratch copy of what is committed (git archive HEAD) (the tree's
# own build is left alone). Passes when prove passes AND no sanitizer wrote
# a report. Extra arguments go to prove (for example a single test file).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/deps.sh" test || exit $?
b=$(mktemp -d /tmp/tend-asan.XXXXXX) || exit 111
# Searchable by everyone: some tests run the programs as nobody.
chmod 755 "$b" || exit 111
trap 'rm -rf "$b"' EXIT
( cd "$top" && git archive HEAD ) | tar -x -C "$b" || exit 111
cd "$b" || exit 111
rm -f config.mak src/include/tend/config.h
./configure --enable-sanitizers >/dev/null || exit 111
make -j2 check-build >/dev/null || exit 111
mkdir logs
# Writable by everyone: programs the tests run as nobody report too.
chmod 777 logs || exit 111
ASAN_OPTIONS="log_path=$b/logs/asan:detect_leaks=1:abort_on_error=0"
UBSAN_OPTIONS="log_path=$b/logs/ubsan:print_stacktrace=1:halt_on_error=0"
export ASAN_OPTIONS UBSAN_OPTIONS
TEST_BINDIR=$b prove -r "${@:-tests/}" ; rc=$?
if test -n "$(ls logs)" ; then
  echo "check-sanitizers: reports found:" 1>&2
  for f in logs/* ; do echo "== $f" 1>&2 ; cat "$f" 1>&2 ; done
  exit 1
fi
echo "check-sanitizers: no sanitizer report"
exit $rc
