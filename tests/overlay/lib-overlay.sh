# Sourced by the overlay tests after ../lib.sh: the overlay tarball (built
# once per source tree and cached), a busybox-static root, and a
# docker-like harness (tools/container, over runc) to boot them.
#
#   ovl_setup N       plan N tests, or skip them all when this machine
#                     cannot run containers (not root, no runc)
#   ovl_file PATH MODE <<EOF  a file of the test image (PATH under /)
#   ovl_run [OPTS] -- CMD...  container run, foreground, exit status kept
#   ovl_start [OPTS] -- CMD... container start, prints its id
#   ct ARGS...        the harness, with this test's state directory
#   ovl_debian N      use the cached Debian root (real daemons) as the image,
#                     or skip the N tests left when it cannot be built
#   ovl_example NAME  the files examples/NAME adds to its image
CACHE=${TEND_OVERLAY_CACHE:-/tmp/tend-overlay-cache}
export CONTAINER_ROOT="$T/ct"
export CONTAINER_NO_INSTALL=1
IMG=$T/img
mkdir -p "$IMG"

ct () { "$TOP/tools/container" "$@" ; }

ovl_cleanup () { "$TOP/tools/container" prune >/dev/null 2>&1 ; t_cleanup ; }
trap ovl_cleanup EXIT

# The cache key: every file the tarball is made of.
ovl_key () {
  ( cd "$TOP" && git ls-files -z --cached --others --exclude-standard -- src package configure Makefile tools/overlay \
      | sort -z | xargs -0 sha256sum ) | sha256sum | cut -c1-16
}

ovl_setup () {
  if ! need_root ; then echo "1..0 # SKIP the overlay tests need root" ; exit 0 ; fi
  if ! command -v runc >/dev/null ; then echo "1..0 # SKIP runc is not installed (tools/deps.sh test installs it)" ; exit 0 ; fi
  mkdir -p "$CACHE"
  if test -n "${TEND_OVERLAY_TARBALL:-}" ; then
    TARBALL=$TEND_OVERLAY_TARBALL
  else
    TARBALL=$CACHE/tend-overlay-$(ovl_key).tar.xz
    # One build per tree, whatever runs in parallel; tarballs of older trees
    # stay a few hours (another run may still be using one).
    flock "$CACHE/lock" sh -c "test -f '$TARBALL' || { find '$CACHE' -maxdepth 1 -name 'tend-overlay-*.tar.xz' -mmin +240 -delete ; TEND_OVERLAY_BUILD='$CACHE/build' '$TOP/tools/overlay/build.sh' '$TARBALL' ; }" \
      > "$T/build.log" 2>&1 || { echo "Bail out! the overlay tarball does not build:" ; sed 's/^/# /' "$T/build.log" ; exit 1 ; }
  fi
  ROOTFS=$CACHE/rootfs
  flock "$CACHE/lock" "$TOP/tools/mkrootfs" "$ROOTFS" > "$T/rootfs.log" 2>&1 \
    || { echo "Bail out! mkrootfs failed:" ; sed 's/^/# /' "$T/rootfs.log" ; exit 1 ; }
  plan "$1"
}

# One Debian root for every test that needs real daemons. It is built with
# DEB_PACKAGES; what a test needs beyond them goes into DEB_ADD, installed
# into the cached root once (mkrootfs --add-packages), never a second root,
# and never a rebuild for trees that do not know about it.
DEB_PACKAGES='postgresql nginx-light'
DEB_ADD='php-fpm'
ovl_debian () {
  DEB=$CACHE/debian
  mkdeb () { flock "$CACHE/lock" "$TOP/tools/mkrootfs" --type debian --packages "$DEB_PACKAGES" --add-packages "$DEB_ADD" "$DEB" > "$T/deb.log" 2>&1 ; }
  # A build that was cut short leaves a root mkrootfs refuses: start again.
  if ! mkdeb && ! { flock "$CACHE/lock" rm -rf --one-file-system "$DEB" && mkdeb ; } ; then
    sed 's/^/# /' "$T/deb.log" | tail -n 5
    i=0 ; while test "$i" -lt "$1" ; do skip 'no Debian root (debootstrap failed: no mirror?)' ; i=$((i + 1)) ; done
    exit 0
  fi
  ROOTFS=$DEB
}

# An example's image: every directory of examples/NAME (what its
# Dockerfile COPYs) as the test's layer; EXENV: the harness options for
# its Dockerfile's ENV lines (one K=V each, no spaces); EXHEALTH: its
# HEALTHCHECK command (words without spaces).
ovl_example () {
  for d in "$TOP/examples/$1"/*/ ; do cp -a "$d" "$IMG/" ; done
  EXHEALTH=$(sed -n 's/^HEALTHCHECK .*CMD \[\(.*\)\]$/\1/p' "$TOP/examples/$1/Dockerfile" | tr -d '",')
  EXENV=$(sed -n 's/^ENV \([A-Za-z_0-9]*=[^ ]*\)$/-e \1/p' "$TOP/examples/$1/Dockerfile" | tr '\n' ' ')
}

ovl_file () {
  mkdir -p "$(dirname "$IMG$1")"
  cat > "$IMG$1"
  chmod "$2" "$IMG$1"
}

# The test's own files, as one more layer over the tarball.
ovl_layer () {
  tar -C "$IMG" -cf "$T/layer.tar" .
}

q () { printf "'%s' " "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ; }

# ovl_run OPTS... -- CMD...: the harness's options (-e, -u, --tmpfs...),
# then the container's command. Foreground: its exit status is the
# container's.
ovl_run () {
  ovl_layer
  A= ; while test $# -gt 0 && test "$1" != -- ; do A="$A$(q "$1")" ; shift ; done
  eval "ct run --add \"\$TARBALL\" --add \"\$T/layer.tar\" $A \"\$ROOTFS\" \"\$@\""
}

# The same, in the background: prints the container's id.
ovl_start () {
  ovl_layer
  A= ; while test $# -gt 0 && test "$1" != -- ; do A="$A$(q "$1")" ; shift ; done
  eval "ct start --add \"\$TARBALL\" --add \"\$T/layer.tar\" $A \"\$ROOTFS\" \"\$@\""
}

# ms since the epoch
now_ms () { date +%s%3N ; }
