#!/bin/sh
# An interactive CMD (docker run -it): /init as process 1 of a pid
# namespace whose session has a pseudo-terminal as controlling terminal.
# The CMD gets the terminal as its foreground process group, so Ctrl-C
# reaches it and not the supervision tree, and the container exits with
# the CMD's code. Booted with unshare and chroot: the harness has no -t.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 4
command -v python3 >/dev/null || { for i in 1 2 3 4 ; do skip 'python3 is missing' ; done ; exit 0 ; }

R=$T/root
cp -a "$ROOTFS" "$R"
tar -xJf "$TARBALL" -C "$R"
mknod -m 666 "$R/dev/null" c 1 3
cat > "$R/cmd" <<'EOS'
read pid comm state ppid pgrp sess tty tpgid rest < /proc/$$/stat
test "$pgrp" = "$tpgid" && echo "CMD-HAS-THE-TERMINAL"
echo "CMD-READY"
exec sleep 1000
EOS

# ptydrive.py CMD...: runs CMD in a new session whose controlling terminal is a
# new pty; once CMD-READY shows, types Ctrl-C (until it is gone); prints what came out and
# "exit=N". Bounded: 20 s.
cat > "$T/ptydrive.py" <<'EOS'
import os, pty, signal, sys, select, time
pid, fd = pty.fork()
if pid == 0:
    # A container runtime starts process 1 with default dispositions; a
    # test run in the background has SIGINT ignored, and that would be
    # inherited down to the CMD.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
sent = 0
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    r, _, _ = select.select([fd], [], [], 0.5)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    # Ctrl-C once the CMD is ready, again every half second until it
    # is gone (a keystroke typed under heavy load is not lost then).
    if b"CMD-READY" in out and time.monotonic() >= sent:
        os.write(fd, b"\x03")
        sent = time.monotonic() + 0.5
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
else:
    os.kill(pid, 9)
    done, status = os.waitpid(pid, 0)
if not done:
    done, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
print("exit=%d" % (os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8))
EOS

python3 "$T/ptydrive.py" unshare --fork --pid --mount --mount-proc="$R/proc" chroot "$R" /init sh /cmd > "$T/o" 2>&1
ok 'the CMD is the foreground process group of the terminal' grep -q 'CMD-HAS-THE-TERMINAL' "$T/o"
ok 'it was started' grep -q 'CMD-READY' "$T/o"
ok 'Ctrl-C stops it and the container exits with its code (130)' grep -q 'exit=130$' "$T/o"
grep -q 'exit=130$' "$T/o" || sed 's/^/# /' "$T/o"
ok 'the supervision tree did not get the SIGINT' sh -c "! grep -q 'stop requested' '$T/o'"
finish
