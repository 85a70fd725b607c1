#!/bin/sh
# tools/overlay/build.sh [OUT]: builds the container overlay tarball
# (default dist/tend-overlay-x86_64.tar.xz; `make overlay` runs this).
#
# tend's programs are built static with musl-gcc against skalibs built for
# musl from Debian's source package (tools/overlay/musl-skalibs), in a
# scratch copy of the tree: the tree's own build is never touched.
# execline's programs come from Debian's execline package, bundled with
# their libraries (tools/overlay/bundle-execline). Everything lives under
# /opt/tend, plus /init and symlinks in /usr/bin; the names s6-overlay
# images call (s6-svc, s6-test, logutil-service...) are in
# /opt/tend/compat/bin, on the PATH of the overlay's scripts and services
# only. Two builds of the same tree give the same bytes: fixed mtimes,
# sorted entries, numeric root owner, xz with one thread.
#
# TEND_OVERLAY_BUILD: the build directory (default build/overlay); the
# musl sysroot in it is kept between builds.
set -eu
PROG=overlay-build
die () { printf '%s: fatal: %s\n' "$PROG" "$*" 1>&2 ; exit 111 ; }
cd "$(dirname "$0")/../.."
TOP=$(pwd)
B=${TEND_OVERLAY_BUILD:-$TOP/build/overlay}
OUT=${1:-$TOP/dist/tend-overlay-x86_64.tar.xz}
ROOT=/opt/tend

# The Debian packages this needs, installed as root when missing.
missing=
for p in musl-tools patchelf xz-utils dpkg-dev execline binutils git ; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if test -n "$missing" ; then
  test "$(id -u)" = 0 || die "missing Debian packages:$missing (run as root, or: apt-get install$missing)"
  echo "$PROG: installing:$missing" 1>&2
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || die "unable to install:$missing"
fi

mkdir -p "$B" "$(dirname "$OUT")"
B=$(cd "$B" && pwd)
sys=$B/sysroot
./tools/overlay/musl-skalibs "$sys" "$B/skalibs" >/dev/null || die "unable to build skalibs for musl"

# A scratch copy of the tree: tracked files and new ones, not build products.
rm -rf "$B/src" "$B/stage"
mkdir -p "$B/src"
if git rev-parse --git-dir >/dev/null 2>&1 ; then
  git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$B/src" 2>/dev/null || true
else
  cp -R configure Makefile package src tools "$B/src/"
fi
# Every entry gets the same mtime: SOURCE_DATE_EPOCH, else 2026-01-01.
epoch=${SOURCE_DATE_EPOCH:-1767225600}
rm -f "$B/src/config.mak" "$B/src/src/include/tend/config.h"
(
  cd "$B/src"
  CC=musl-gcc ./configure --enable-static-libc --prefix=$ROOT --bindir=$ROOT/bin \
    --libexecdir=$ROOT/libexec --with-include="$sys/include" --with-lib="$sys/lib/skalibs" \
    --with-sysdeps="$sys/lib/skalibs/sysdeps" >"$B/configure.log" 2>&1 \
    || die "configure failed (see $B/configure.log)"
  ./tools/gen-deps.sh > package/deps.mak
  # -k: a program that does not build with musl yet is left out (named
  # below); the ones the overlay cannot run without are checked after.
  make -k -j"$(nproc 2>/dev/null || echo 2)" all >"$B/make.log" 2>&1 || true
)

# The tree of the tarball.
S=$B/stage
mkdir -p "$S$ROOT/bin" "$S$ROOT/libexec" "$S$ROOT/compat/bin" "$S/usr/bin"
required="tend-svscan tend-supervise tend-log tend-svscanctl tend-svc tend-svstat tend-svok tend-svwait with-contenv tend-overlay tend-cmdwait tend-fixattrs logutil-service"
for f in "$B"/src/src/*/deps-exe/* ; do
  p=${f##*/}
  if ! test -f "$B/src/$p" ; then
    case " $required " in *" $p "*) die "$p did not build with musl (see $B/make.log)" ;; esac
    echo "$PROG: warning: $p did not build with musl: left out (see $B/make.log)" 1>&2
    continue
  fi
  case $p in
    tend-overlay|tend-cmdwait) dest=$S$ROOT/libexec/$p ;;
    logutil-service|logutil-newfifo|printcontenv) dest=$S$ROOT/compat/bin/$p ;;
    tend-import) dest=$S$ROOT/compat/bin/import ;;
    *) dest=$S$ROOT/bin/$p ; ln -s "$ROOT/bin/$p" "$S/usr/bin/$p" ;;
  esac
  cp "$B/src/$p" "$dest"
  strip -s "$dest"
  file_out=$(od -An -c -N4 "$dest" | tr -d ' ')
  test "$file_out" = '177ELF' || die "$p is not an ELF file"
done
for s in stage2 stage3 ; do
  cp "$B/src/src/overlay/$s" "$S$ROOT/libexec/$s"
done
cp "$B/src/src/overlay/init" "$S/init"
# tend's bash completion, where bash-completion looks for it by name.
mkdir -p "$S$ROOT/share/bash-completion" "$S/usr/share/bash-completion/completions"
cp "$B/src/src/frontend/tend.bash-completion" "$S$ROOT/share/bash-completion/tend"
ln -s "$ROOT/share/bash-completion/tend" "$S/usr/share/bash-completion/completions/tend"
./tools/overlay/bundle-execline "$S" "$ROOT" >/dev/null || die "unable to bundle execline"
ln -s "$ROOT/libexec/execline/execlineb" "$S/usr/bin/execlineb"
# The s6 names of the programs tend replaces (doc/migration.html).
for p in svc svscanctl svwait svstat svok setuidgid envuidgid applyuidgid envdir softlimit log notifyoncheck ; do
  test -f "$S$ROOT/bin/tend-$p" || die "tend-$p is missing: no s6-$p compatibility name"
  ln -s "$ROOT/bin/tend-$p" "$S$ROOT/compat/bin/s6-$p"
done
ln -s "$ROOT/libexec/execline/eltest" "$S$ROOT/compat/bin/s6-test"

# Modes: nothing writable but by root, programs 0755, the rest 0644.
find "$S" -type d -exec chmod 0755 {} +
find "$S" -type f -exec chmod go-w,u+w {} +
find "$S" -type f -perm /111 -exec chmod 0755 {} +
find "$S" -type f ! -perm /111 -exec chmod 0644 {} +
for e in bin sbin lib lib64 ; do test ! -e "$S/$e" || die "the tarball would have a ./$e entry" ; done

tmp=$OUT.tmp.$$
( cd "$S" && tar --sort=name --format=gnu --owner=0 --group=0 --numeric-owner \
    --mtime="@$epoch" -cf - ./init ./opt ./usr ) | xz -9e -T1 -c > "$tmp" \
  || { rm -f "$tmp" ; die "unable to write the tarball" ; }
mv -f "$tmp" "$OUT"
echo "$PROG: $OUT ($(wc -c < "$OUT") bytes)"
