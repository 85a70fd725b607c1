#!/bin/sh
# Runs the whole suite with every tend program under valgrind (memcheck),
# in a scratch copy of what is committed (git archive HEAD). Each tend-* in PATH is a wrapper that
# execs valgrind on the real binary; children that are tend programs are
# traced too, service scripts are not. Passes when no valgrind error is
# reported; test results are printed for information (valgrind slows the
# daemons down, so a tight timing bound may be missed). Every program the
# package builds is wrapped (src/*/deps-exe/*: tend, with-contenv, the
# overlay's compat programs too), not only tend-*.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/deps.sh" test || exit $?
command -v valgrind >/dev/null || { echo "check-valgrind: fatal: valgrind is missing (apt-get install valgrind)" 1>&2 ; exit 100 ; }
b=$(mktemp -d /tmp/tend-vg.XXXXXX) || exit 111
# Searchable by everyone: some tests run the programs as nobody.
chmod 755 "$b" || exit 111
trap 'rm -rf "$b"' EXIT
( cd "$top" && git archive HEAD ) | tar -x -C "$b" || exit 111
cd "$b" || exit 111
rm -f config.mak src/include/tend/config.h
./configure --enable-debug >/dev/null || exit 111
make -j2 check-build >/dev/null || exit 111
mkdir logs wrap
# Writable by everyone: valgrind logs for the programs the tests run as
# nobody (else valgrind itself fails to start them). Not sticky: there
# (fs.protected_regular) no one could open a file another user made, as
# the wrappers need.
chmod 777 logs || exit 111
for d in src/*/deps-exe/* ; do
  p=${d##*/}
  test -x "$p" || continue
  cat > "wrap/$p" <<EOW
#!/bin/sh
# A program that drops root, then execs, is traced on under the same pid:
# valgrind reopens this file then, as the new user.
{ : > $b/logs/vg.\$\$ && chmod 666 $b/logs/vg.\$\$ ; } 2>/dev/null
exec valgrind -q --vgdb=no --error-exitcode=125 --leak-check=no --track-fds=no \\
  --trace-children=yes --trace-children-skip='/bin/*,/usr/*,/sbin/*,*/run,*/finish,*/terminate,*/check,*/crash' \\
  --log-file=$b/logs/vg.%p "$b/$p" "\$@"
EOW
  chmod 755 "wrap/$p"
done
for u in tests/unit/*.t ; do
  valgrind -q --error-exitcode=125 --log-file="$b/logs/vg-unit.%p" "$u" >/dev/null
done
TEST_BINDIR=$b/wrap prove -r "${@:-tests/}" ; rc=$?
errs=
for f in logs/* ; do test -s "$f" && errs="$errs $f" ; done
if test -n "$errs" ; then
  echo "check-valgrind: valgrind reported errors:" 1>&2
  for f in $errs ; do echo "== $f" 1>&2 ; cat "$f" 1>&2 ; done
  exit 1
fi
echo "check-valgrind: no valgrind error (prove exit $rc)"
exit 0
