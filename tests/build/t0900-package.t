#!/bin/sh
# The package: configure's options and errors, builds with gcc and clang
# with -Werror, make install with DESTDIR. Works on a scratch copy of the
# tree, so the tree's own build is untouched.
. "${0%/*}/../lib.sh"
plan 11

src=$T/src
mkdir "$src"
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1 ; then
  ( cd "$TOP" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$src" ) 2>"$T/err"
else
  cp -a "$TOP/." "$src" && make -C "$src" distclean >/dev/null 2>&1
fi
rm -f "$src/config.mak" "$src/src/include/tend/config.h"

exits 1 'unknown option is refused' sh -c "cd '$src' && ./configure --no-such-option"
cp "$T/err" "$T/err.unknown"
is "$(grep -c 'unknown option --no-such-option' "$T/err.unknown")" 1 'and named'

# A compiler that cannot see skalibs: configure must say so and what to do.
cat > "$T/nocc" <<EOS
#!/bin/sh
for a ; do case \$a in *.c) grep -q skalibs "\$a" && { echo 'skalibs/tai.h: No such file' 1>&2 ; exit 1 ; } ;; esac ; done
exec cc "\$@"
EOS
chmod 755 "$T/nocc"
exits 1 'missing skalibs is an error' sh -c "cd '$src' && CC='$T/nocc' ./configure"
cp "$T/err" "$T/err.noskalibs"
ok 'the error names skalibs-dev' grep -q 'skalibs-dev' "$T/err.noskalibs"

ok 'configure --prefix --bindir --libexecdir' sh -c "cd '$src' && ./configure --prefix=/usr --exec-prefix=/usr --bindir=/usr/sbin --libexecdir=/usr/lib/tend"
ok 'config.h has the binary prefix' grep -q '#define TEND_BINPREFIX "/usr/sbin/"' "$src/src/include/tend/config.h"
ok 'builds with gcc -Werror' make -C "$src" -j2 all
ok 'make install DESTDIR' make -C "$src" install DESTDIR="$T/root"
ok 'programs installed 0755 in bindir' sh -c "for p in '$src'/tend-* ; do f='$T/root/usr/sbin/'\${p##*/} ; test -x \"\$f\" || exit 1 ; test \"\$(stat -c %a \"\$f\")\" = 755 || exit 1 ; done"
ok 'library and headers installed' test -f "$T/root/usr/lib/libtend.a" -a -f "$T/root/usr/include/tend/svstatus.h"

if command -v clang >/dev/null ; then
  make -C "$src" clean >/dev/null
  ok 'builds with clang -Werror' sh -c "cd '$src' && CC=clang ./configure >/dev/null && make -j2 all"
else
  skip 'clang is not installed'
fi
finish
