#!/bin/sh
# Names come from the files of the root the program runs in: inside a
# chroot made of busybox-static, tend-setuidgid and tend-envuidgid read the
# chroot's etc/passwd and etc/group (no nsswitch.conf, no libnss there),
# and ignore the host's accounts.
. "${0%/*}/../lib.sh"
if ! need_root ; then echo '1..0 # SKIP needs root (chroot, setuid)' ; exit 0 ; fi
bb=$(command -v busybox)
if test -z "$bb" || ! file -L "$bb" 2>/dev/null | grep -q 'statically linked' ; then
  echo '1..0 # SKIP needs busybox-static (apt-get install busybox-static)' ; exit 0
fi
plan 12

R=$T/root
mkdir -p "$R/bin" "$R/etc" && cp "$bb" "$R/bin/busybox" || exit 1
for a in sh id env cat ; do ln -s busybox "$R/bin/$a" ; done
# Our programs, with whatever shared libraries they were linked with (none
# for a static build): the chroot holds no libnss and no nsswitch.conf.
for p in tend-setuidgid tend-envuidgid ; do
  cp "$(command -v $p)" "$R/bin/$p" || exit 1
  for l in $(ldd "$R/bin/$p" 2>/dev/null | sed -n -e 's|.*=> \(/[^ ]*\).*|\1|p' -e 's|^[[:space:]]*\(/[^ ]*\) (.*|\1|p') ; do
    mkdir -p "$R${l%/*}" && cp -L "$l" "$R$l" || exit 1
  done
done
cat > "$R/etc/passwd" <<'EOT'
root:x:0:0:root:/:/bin/sh
chrooty:x:4242:4343:only in the chroot:/:/bin/sh
nobody:x:61000:61001::/:/bin/sh
EOT
cat > "$R/etc/group" <<'EOT'
root:x:0:
chgrp:x:4343:
extra:x:4444:someone,chrooty
more:x:4445:chrooty
EOT
ok 'no nsswitch.conf, no libnss in the chroot' sh -c "! test -e '$R/etc/nsswitch.conf' && ! find '$R' -name 'libnss_*' | grep -q ."
grep -q '^chrooty:' /etc/passwd && diag 'warning: the host has a chrooty account'

ok 'a user that exists only in the chroot' chroot "$R" /bin/tend-setuidgid chrooty /bin/sh -c 'echo $(id -u) $(id -g) $(id -G)'
is "$(cat "$T/out")" '4242 4343 4343 4444 4445' 'uid, gid and groups from the chroot s etc/passwd and etc/group'
exits 1 'the same name outside the chroot is unknown' tend-setuidgid chrooty true
ok 'nobody is the chroot s nobody, not the host s' chroot "$R" /bin/tend-setuidgid nobody /bin/sh -c 'echo $(id -u) $(id -g)'
is "$(cat "$T/out")" '61000 61001' 'nobody: 61000:61001 as in the chroot'
exits 1 'a host account absent from the chroot is unknown there' chroot "$R" /bin/tend-setuidgid daemon /bin/true
grep -q 'unknown user: daemon' "$T/err" && pass 'message names it' || fail 'message names it'
ok 'user:group by name in the chroot' chroot "$R" /bin/tend-setuidgid chrooty:extra /bin/sh -c 'echo $(id -u) $(id -g)'
is "$(cat "$T/out")" '4242 4444' 'chrooty:extra'
ok 'tend-envuidgid in the chroot' chroot "$R" /bin/tend-envuidgid chrooty /bin/env
is "$(grep -E '^(UID|GID|GIDLIST)=' "$T/out" | sort | tr '\n' ' ')" 'GID=4343 GIDLIST=4444,4445 UID=4242 ' 'UID GID GIDLIST from the chroot files'
finish
