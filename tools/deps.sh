#!/bin/sh
# deps.sh [build|test|bench]: makes sure the Debian packages tend needs are
# installed. As root it installs what is missing with apt-get; otherwise it
# names what is missing and exits 100.

set -u
need_build="gcc make libc6-dev skalibs-dev"
need_test="$need_build perl execline s6 util-linux procps busybox-static clang strace git python3 runc musl-tools patchelf xz-utils dpkg-dev"
need_bench="$need_test runit daemontools valgrind file tini dumb-init"

case "${1:-build}" in
  build) want=$need_build ;;
  test) want=$need_test ;;
  bench) want=$need_bench ;;
  *) echo "deps.sh: usage: deps.sh [build|test|bench]" 1>&2 ; exit 100 ;;
esac

missing=
for p in $want ; do
  case " $missing " in *" $p "*) continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
test -z "$missing" && exit 0

if test "$(id -u)" -ne 0 ; then
  echo "deps.sh: fatal: missing Debian packages:$missing (run as root, or: apt-get install$missing)" 1>&2
  exit 100
fi
echo "deps.sh: installing:$missing" 1>&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || { echo "deps.sh: fatal: unable to run apt-get update" 1>&2 ; exit 111 ; }
# runit's maintainer scripts want to talk to a running runit; policy-rc.d
# keeps every package from starting services on this machine.
if ! test -e /usr/sbin/policy-rc.d ; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null \
  || { echo "deps.sh: fatal: unable to install:$missing" 1>&2 ; exit 111 ; }
