#!/bin/sh
# with-contenv: TEND_KEEP_ENV (or S6_KEEP_ENV when it is unset) 1 keeps the
# environment; otherwise the environment is cleared and replaced by the
# envdir $TEND_RUNTIME_DIR/container_environment (default /run/tend), read
# verbatim (as tend-envdir -Lfn); a missing envdir is a clear error.
. "${0%/*}/../lib.sh"
plan 27

R=$T/run
C=$R/container_environment
mkdir -p "$C"
printf '/usr/bin:/bin' > "$C/PATH"
printf 'two\nlines\n' > "$C/MULTI"
printf 'trailing  ' > "$C/SPACES"
printf 'from-container' > "$C/SHARED"
: > "$C/EMPTY"
head -c 10000 /dev/zero | tr '\0' a > "$C/BIG"
printf 'x' > "$C/.dot"

exits 100 'no argument: usage' with-contenv
grep -q '^with-contenv: usage: with-contenv prog\.\.\.$' "$T/err" && pass 'usage line' || fail 'usage line'

ok 'loads the saved environment' env TEND_RUNTIME_DIR="$R" SHARED=from-service ONLYSVC=1 with-contenv /usr/bin/env -0
is "$(tr '\n' '~' < "$T/out" | tr '\0' '\n' | cut -d= -f1 | sort | tr '\n' ' ')" 'BIG MULTI PATH SHARED SPACES ' \
  'exactly the saved variables: the rest of the environment is cleared'
ok 'values verbatim: newlines and trailing blanks kept' env TEND_RUNTIME_DIR="$R" with-contenv sh -c 'test "$MULTI" = "two
lines
" && test "$SPACES" = "trailing  "'
ok 'no 4095-byte clamp' env TEND_RUNTIME_DIR="$R" with-contenv sh -c 'test ${#BIG} = 10000'
ok 'an empty file is no variable' env TEND_RUNTIME_DIR="$R" EMPTY=x with-contenv sh -c 'test -z "${EMPTY+x}"'
ok 'TEND_KEEP_ENV=0 loads too' env TEND_RUNTIME_DIR="$R" TEND_KEEP_ENV=0 ONLYSVC=1 with-contenv sh -c 'test -z "${ONLYSVC+x}" && test "$SHARED" = from-container'
ok 'empty TEND_KEEP_ENV loads too' env TEND_RUNTIME_DIR="$R" TEND_KEEP_ENV= ONLYSVC=1 with-contenv sh -c 'test -z "${ONLYSVC+x}"'

ok 'TEND_KEEP_ENV=1 keeps the environment' env TEND_RUNTIME_DIR="$R" TEND_KEEP_ENV=1 SHARED=from-service ONLYSVC=1 with-contenv env
grep -q '^ONLYSVC=1$' "$T/out" && grep -q '^SHARED=from-service$' "$T/out" && ! grep -q '^MULTI=' "$T/out" && pass 'kept as is, nothing loaded' || fail 'kept as is, nothing loaded'
ok 'S6_KEEP_ENV=1 keeps when TEND_KEEP_ENV is unset' env TEND_RUNTIME_DIR="$R" S6_KEEP_ENV=1 ONLYSVC=1 with-contenv sh -c 'test "$ONLYSVC" = 1'
ok 'TEND_KEEP_ENV=0 wins over S6_KEEP_ENV=1' env TEND_RUNTIME_DIR="$R" TEND_KEEP_ENV=0 S6_KEEP_ENV=1 ONLYSVC=1 with-contenv sh -c 'test -z "${ONLYSVC+x}"'
ok 'S6_KEEP_ENV=0 loads' env TEND_RUNTIME_DIR="$R" S6_KEEP_ENV=0 ONLYSVC=1 with-contenv sh -c 'test -z "${ONLYSVC+x}"'
exits 100 'TEND_KEEP_ENV=yes: refused' env TEND_RUNTIME_DIR="$R" TEND_KEEP_ENV=yes with-contenv true
grep -q '^with-contenv: fatal: invalid \$TEND_KEEP_ENV: yes (want 0 or 1)$' "$T/err" && pass 'message names the setting' || fail 'message names the setting'
ok 'keep mode needs no envdir' env TEND_RUNTIME_DIR="$T/nowhere" TEND_KEEP_ENV=1 with-contenv true

exits 111 'missing envdir: 111' env TEND_RUNTIME_DIR="$T/nowhere" with-contenv true
grep -q "^with-contenv: fatal: unable to read the container environment $T/nowhere/container_environment: No such file or directory\$" "$T/err" && pass 'message names the directory' || fail 'message names the directory'
if test -d /run/tend/container_environment ; then
  skip '/run/tend/container_environment exists on this machine'
else
  exits 111 'default runtime dir /run/tend' env -u TEND_RUNTIME_DIR with-contenv true
fi
grep -q '/run/tend/container_environment' "$T/err" && pass 'default path in the message' || fail 'default path in the message'

# prog is found with the container's PATH
mkdir "$T/cbin" && printf '#!/bin/sh\necho found-in-container-path\n' > "$T/cbin/t0606prog" && chmod 755 "$T/cbin/t0606prog"
printf '%s' "$T/cbin:/usr/bin:/bin" > "$C/PATH"
ok 'prog searched in the loaded PATH' env TEND_RUNTIME_DIR="$R" with-contenv t0606prog
is "$(cat "$T/out")" found-in-container-path 'found there'
exits 127 'prog not found: 127' env TEND_RUNTIME_DIR="$R" with-contenv t0606-no-such-prog

mkdir "$C/sub"
exits 111 'a subdirectory in the envdir: 111' env TEND_RUNTIME_DIR="$R" with-contenv true
grep -q "^with-contenv: fatal: unable to read $C/sub: Is a directory\$" "$T/err" && pass 'message names the entry' || fail 'message names the entry'
rmdir "$C/sub"

# The same environment as the s6-overlay way: env -i s6-envdir -Lfn.
a=$(env -i s6-envdir -Lfn "$C" /usr/bin/env | sort)
b=$(env TEND_RUNTIME_DIR="$R" with-contenv /usr/bin/env | sort)
is "$b" "$a" 'same environment as env -i s6-envdir -Lfn'
finish
