# Sourced by the tests of tend-setuidgid, tend-envuidgid, tend-applyuidgid
# (after ../lib.sh). Test accounts come from a private passwd and group
# bind-mounted over /etc/passwd and /etc/group in a mount namespace, so the
# machine's files are never edited and s6's getpwnam() sees the same ones.

if ! need_root ; then echo '1..0 # SKIP needs root (setuid, setgroups, mount namespace)' ; exit 0 ; fi

# The test database: the host's accounts plus
#   alice 2001:2001, member of devs ops web (and listed twice in ops2)
#   bob   2002:3000 (primary group devs, not listed in it), member of ops
#   carol 2003:2003, member of nothing
cp /etc/passwd "$T/passwd" && cp /etc/group "$T/group" || exit 1
cat >> "$T/passwd" <<'EOT'
alice:x:2001:2001:Alice:/home/alice:/bin/sh
bob:x:2002:3000::/:/bin/sh
carol:x:2003:2003::/:/bin/sh
broken:x:notanumber:1::/:/bin/sh
short:x:2004
huge:x:4294967296:1::/:/bin/sh
EOT
cat >> "$T/group" <<'EOT'
alice:x:2001:
devs:x:3000:alice
ops:x:3001:bob,alice
web:x:3002:carol2,alice,dave
carol:x:2003:
self:x:2001:alice
ops2:x:3001:alice
EOT

# indb CMD...: runs CMD with the test database as /etc/passwd and /etc/group.
indb () {
  unshare -m sh -c 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && exec "$@"' \
    indb "$T/passwd" "$T/group" "$@"
}
have_ns () { indb grep -q '^alice:' /etc/passwd 2>/dev/null ; }

# ids: the Uid, Gid and Groups lines of the process that runs it.
chmod 711 "$T"  # the dropped identities must reach $T/ids
printf '#!/bin/sh\nexec grep -E "^(Uid|Gid|Groups):" /proc/self/status\n' > "$T/ids"
chmod 755 "$T/ids"
# ids_want UID GID "GROUPS": what $T/ids prints for that identity.
ids_want () { printf 'Uid:\t%s\t%s\t%s\t%s\nGid:\t%s\t%s\t%s\t%s\nGroups:\t%s \n' "$1" "$1" "$1" "$1" "$2" "$2" "$2" "$2" "$3" ; }

# run_both S6PROG TENDPROG ARGS...: runs both inside indb; sets r_s6 and
# r_tend to "exit code|stdout|stderr with the program name stripped".
r_one () {
  indb "$@" >"$T/o" 2>"$T/e" ; rc=$?
  printf '%s|%s|%s' "$rc" "$(cat "$T/o")" "$(sed -e 's/^s6-[a-z]*: //' -e 's/^tend-[a-z]*: //' "$T/e")"
}
# same_as_s6 DESC S6PROG TENDPROG ARGS...: same exit code, output and
# message (program name aside) on the same input. Usage lines differ in
# the program name only, so a usage exit compares the code alone.
same_as_s6 () {
  d=$1 s=$2 t=$3 ; shift 3
  a=$(r_one "$s" "$@") ; b=$(r_one "$t" "$@")
  case $a in 100\|*usage:*) a=${a%%|*} b=${b%%|*} ;; esac
  is "$b" "$a" "same as $s: $d"
}
