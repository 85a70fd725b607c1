#!/bin/sh
# /init in less friendly places: a read-only root with a tmpfs runtime
# directory (and a clear message without one), a non-root USER, an
# arbitrary uid with no passwd entry, not process 1 (a child subreaper),
# a restarted container's stale runtime directory.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 16

ovl_file /etc/services.d/s/run 755 <<'EOS'
#!/bin/sh
echo "s-up-as-$(id -u)" > "$TEND_RUNTIME_DIR/s-up"
exec sleep 1000
EOS
# The CMD waits for the service, then for what it wrote (not its output:
# the container may stop before that reaches the log).
WAIT='for i in $(seq 50) ; do tend-svstat /run/tend/service/s >/dev/null 2>&1 && break ; sleep 0.1 ; done ; tend-svwait -u -t 5000 /run/tend/service/s && echo svc-up ; for i in $(seq 50) ; do test -s /run/tend/s-up && break ; sleep 0.1 ; done ; cat /run/tend/s-up'

ovl_run --read-only --tmpfs /run:exec -- /init sh -c "$WAIT ; exit 4" > "$T/o" 2>&1 ; code=$?
is "$code" 4 'read-only root with a tmpfs /run: works, exit code kept'
ok 'and the service runs' grep -q svc-up "$T/o"

s=$(now_ms)
exits 111 'read-only root and no writable /run: a bounded error' ovl_run --read-only -- /init true
cp "$T/err" "$T/e1"
ok 'that says what to mount' grep -q 'mount a tmpfs on /run' "$T/e1"

WAITTMP=$(printf '%s' "$WAIT" | sed 's|/run/tend|/tmp/tend|g')
ovl_run -u 1000:1000 -- /init sh -c "$WAITTMP ; id -u" > "$T/o" 2>&1 ; code=$?
is "$code" 0 'a non-root USER (1000) boots'
ok 'its service runs as that user' grep -qx 's-up-as-1000' "$T/o"
WAIT2='for i in $(seq 50) ; do tend-svstat $TEND_RUNTIME_DIR/service/s >/dev/null 2>&1 && break ; sleep 0.1 ; done ; tend-svwait -u -t 5000 $TEND_RUNTIME_DIR/service/s && echo "svc-up in $TEND_RUNTIME_DIR"'
ovl_run -u 1000:1000 -- /init sh -c "$WAIT2" > "$T/o" 2>&1 ; code=$?
is "$code" 0 'a non-root USER with a root-owned /run falls back to /tmp/tend'
ok 'says so, and the CMD knows where it is' grep -q 'svc-up in /tmp/tend' "$T/o"

exits 0 'an arbitrary uid with no passwd entry and its own runtime directory boots' \
  ovl_run -u 4242:4242 -e TEND_RUNTIME_DIR=/tmp/tend -e S6_RUNTIME_DIR=unused -- /init sh -c \
  'for i in $(seq 50) ; do tend-svstat /tmp/tend/service/s >/dev/null 2>&1 && break ; sleep 0.1 ; done ; tend-svwait -u -t 5000 /tmp/tend/service/s'

# Not process 1: sh is, /init is its child and becomes a subreaper.
ovl_run -- sh -c '/init sh -c "grep -q svscan /proc/\$PPID/comm 2>/dev/null; (sleep 0.1 &) ; exit 6" ; echo "init-exited-$?"' > "$T/o" 2>&1
ok 'not process 1: /init runs the CMD and exits with its code' grep -q 'init-exited-6' "$T/o"
cat > "$IMG/orphan" <<'EOS'
( sleep 3 & echo $! > /tmp/orphan )
pp=$(awk '{ print $4 }' "/proc/$(cat /tmp/orphan)/stat")
echo "orphan-adopted-by-$(cat "/proc/$pp/comm")"
EOS
ovl_run -- sh -c '/init sh /orphan ; true' > "$T/o" 2>&1
ok 'not process 1: orphans of the CMD are adopted by the scanner (a child subreaper)' grep -q 'orphan-adopted-by-tend-svscan' "$T/o"

# Broken roots, booted with unshare and chroot (no harness to fix them):
# an empty /dev is a clear, bounded error; no /proc is a warning.
R=$T/root
cp -a "$ROOTFS" "$R"
tar -xJf "$TARBALL" -C "$R"
rm -rf "$R"/dev/* "$R/proc"/*
exits 111 'an empty /dev: a bounded error' timeout 20 unshare --fork --pid --mount chroot "$R" /init true
cp "$T/err" "$T/e2"
ok 'that says what is wrong' grep -q 'the container.s /dev is empty' "$T/e2"
mknod -m 666 "$R/dev/null" c 1 3
exits 4 'no /proc: the CMD still runs, its exit code kept' timeout 20 unshare --fork --pid --mount chroot "$R" /init sh -c 'exit 4'
cp "$T/err" "$T/e3"
ok 'with a warning' grep -q 'no /proc' "$T/e3"

# A restarted container keeps /run (no tmpfs): leftovers must not matter.
mkdir -p "$IMG/run/tend/service/stale/supervise" "$IMG/run/tend/container_environment"
echo gone > "$IMG/run/tend/exitcode"
echo old > "$IMG/run/tend/container_environment/OLD"
exits 0 'a stale runtime directory from an earlier run is cleaned' ovl_run -- /init sh -c 'test ! -e /run/tend/service/stale && test ! -e /run/tend/container_environment/OLD'
finish
