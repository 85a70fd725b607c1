#!/bin/sh
# The tarball `make overlay` writes: its layout (/opt/tend, /init, /usr/bin
# links, no ./bin ./sbin ./lib), owners and modes, static musl programs,
# execline bundled with its own loader, size, and reproducibility.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 15

tar -tvJf "$TARBALL" --numeric-owner > "$T/list"
tar -tJf "$TARBALL" > "$T/names"
ok 'no ./bin, ./sbin, ./lib or ./lib64 entry' sh -c "! grep -Eq '^\./(bin|sbin|lib|lib64)(/|\$)' '$T/names'"
ok 'everything is /init, /opt/tend, /usr/bin or the completion' sh -c "! grep -Ev '^\./(init|opt/|opt/tend/.*|usr/|usr/bin/.*|usr/share/|usr/share/bash-completion/|usr/share/bash-completion/completions/|usr/share/bash-completion/completions/tend)\$' '$T/names'"
ok 'every entry is owned by 0:0' sh -c "awk '{ print \$2 }' '$T/list' | sort -u | grep -qx 0/0 && test \$(awk '{ print \$2 }' '$T/list' | sort -u | wc -l) -eq 1"
ok 'no world-writable file or directory' sh -c "! awk '\$1 !~ /^l/ && substr(\$1, 9, 1) == \"w\"' '$T/list' | grep -q ."
ok '/init is an executable file' grep -Eq '^-rwxr-xr-x .* \./init$' "$T/list"
for l in tend-svscan with-contenv execlineb ; do
  grep -Eq "^l.* \./usr/bin/$l -> /opt/tend/" "$T/list" || echo "$l" >> "$T/nolink"
done
ok '/usr/bin links for tend-svscan, with-contenv, execlineb' test ! -e "$T/nolink"
ok "tend's bash completion where bash-completion loads it by name" sh -c "grep -Eq '^l.* \./usr/share/bash-completion/completions/tend -> /opt/tend/share/bash-completion/tend\$' '$T/list' && grep -Eq '^-rw-r--r-- .* \./opt/tend/share/bash-completion/tend\$' '$T/list'"

mkdir "$T/x"
tar -xJf "$TARBALL" -C "$T/x"
for p in "$T"/x/opt/tend/bin/* "$T/x/opt/tend/libexec/tend-overlay" ; do
  readelf -l "$p" 2>/dev/null | grep -q 'INTERP' && echo "${p##*/}" >> "$T/dynamic"
done
ok "tend's programs are static ($(ls "$T/x/opt/tend/bin" | wc -l) of them)" test ! -e "$T/dynamic"
readelf -n "$T/x/opt/tend/bin/tend-svscan" > "$T/notes" 2>&1
ok 'they are built with musl (no glibc ABI note)' sh -c "! grep -q 'NT_GNU_ABI_TAG' '$T/notes'"
readelf -l "$T/x/opt/tend/libexec/execline/execlineb" > "$T/elf" 2>&1
ok "execline's programs use the bundled loader" grep -q 'interpreter: /opt/tend/lib/ld-linux' "$T/elf"
readelf -d "$T/x/opt/tend/libexec/execline/execlineb" > "$T/elf" 2>&1
ok 'and the bundled libraries' grep -Eq '(RUNPATH|RPATH).*\[/opt/tend/lib\]' "$T/elf"
exits 5 'the bundled execlineb runs in a root without glibc' ovl_run -- /usr/bin/execlineb -Pc '/opt/tend/libexec/execline/exit 5'
ok 'that root really has no libc of its own' sh -c "! ls '$ROOTFS'/lib*/libc.so* '$ROOTFS'/lib/*/libc.so* '$ROOTFS'/usr/lib/*/libc.so* 2>/dev/null | grep -q ."
size=$(wc -c < "$TARBALL")
ok "compressed size $size bytes, under 1.2 MB" test "$size" -lt 1200000

# Reproducible: a second build of the same tree gives the same bytes.
flock "$CACHE/lock" env TEND_OVERLAY_BUILD="$CACHE/build" "$TOP/tools/overlay/build.sh" "$T/again.tar.xz" > "$T/build2.log" 2>&1
ok 'two builds are byte-identical' cmp "$TARBALL" "$T/again.tar.xz"
finish
