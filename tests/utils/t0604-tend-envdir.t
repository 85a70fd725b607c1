#!/bin/sh
# tend-envdir: s6-envdir's rules (first line, trailing blanks, NUL bytes,
# empty file unsets, -f -n -L -c, -i/-I for a missing directory; a
# subdirectory, an unreadable or dangling entry is an error), compared
# with s6-envdir on the same directories.
. "${0%/*}/../lib.sh"
plan 46

E=$T/env
mkdir "$E"
printf 'hello\nsecond line\n' > "$E/FIRST"
printf 'trail  \t \n' > "$E/TRAIL"
printf 'cr \r\n' > "$E/CR"
: > "$E/EMPTY"
printf 'a\0b\0\n' > "$E/NUL"
printf 'nonl' > "$E/NONL"
printf '  lead' > "$E/LEAD"
printf '\n\nx' > "$E/BLANKFIRST"
printf ' \t ' > "$E/BLANKS"
printf 'y\v\f' > "$E/VTFF"
printf '\n' > "$E/NEWLINE"
printf 'x\n\n\n' > "$E/NEWLINES"
printf 'hidden' > "$E/.hidden"
printf 'eq' > "$E/A=B"
head -c 10000 /dev/zero | tr '\0' a > "$E/BIG"

# get OPTS VAR: prints VAR's value (od -c, to see every byte) under tend-envdir OPTS.
get () { env EMPTY=was-set tend-envdir $1 "$E" sh -c 'if test -n "${'"$2"'+x}" ; then printf "%s" "$'"$2"'" | od -An -c | tr -s " " ; else echo unset ; fi' ; }
is "$(get '' FIRST)" "$(printf 'hello' | od -An -c | tr -s ' ')" 'first line only'
is "$(get '' TRAIL)" "$(printf 'trail' | od -An -c | tr -s ' ')" 'trailing spaces and tabs removed'
is "$(get '' CR)" "$(printf 'cr' | od -An -c | tr -s ' ')" 'trailing CR removed'
is "$(get '' EMPTY)" unset 'empty file unsets the variable'
is "$(get '' NUL)" "$(printf 'a\nb\n' | od -An -c | tr -s ' ')" 'NUL bytes become newlines'
is "$(get '-c x' NUL)" "$(printf 'axbx' | od -An -c | tr -s ' ')" '-c x: NUL bytes become x'
is "$(get '' NONL)" "$(printf 'nonl' | od -An -c | tr -s ' ')" 'no final newline needed'
is "$(get '' LEAD)" "$(printf '  lead' | od -An -c | tr -s ' ')" 'leading blanks kept'
is "$(get '' BLANKFIRST)" '' 'empty first line: set, empty'
is "$(get '' BLANKS)" '' 'only blanks: set, empty'
is "$(get '' VTFF)" "$(printf 'y\v\f' | od -An -c | tr -s ' ')" 'vertical tab and form feed are not trimmed'
is "$(get '-n' TRAIL)" "$(printf 'trail  \t ' | od -An -c | tr -s ' ')" '-n: trailing blanks kept'
is "$(get '-f' FIRST)" "$(printf 'hello\nsecond line' | od -An -c | tr -s ' ')" '-f: whole file, last newline removed'
is "$(get '-f' TRAIL)" "$(printf 'trail  \t ' | od -An -c | tr -s ' ')" '-f: only the final newline is removed'
is "$(get '-f' NEWLINES)" "$(printf 'x\n\n' | od -An -c | tr -s ' ')" '-f: one newline removed, not all'
is "$(get '-fn' FIRST)" "$(printf 'hello\nsecond line\n' | od -An -c | tr -s ' ')" '-fn: verbatim'
is "$(tend-envdir "$E" sh -c 'echo ${#BIG}')" 4095 'values clamped to 4095 bytes'
is "$(tend-envdir -fL "$E" sh -c 'echo ${#BIG}')" 10000 '-L: no clamp'
ok 'dot files ignored' tend-envdir "$E" sh -c '! env | grep -q "^\.hidden="'
ok 'names with = ignored' tend-envdir "$E" sh -c '! env | grep -q "^A="'
ok 'variables not in the directory are kept' env KEEP=1 tend-envdir "$E" sh -c 'test "$KEEP" = 1'

exits 100 'no argument: usage' tend-envdir
exits 100 'no prog: usage' tend-envdir "$E"
exits 111 'missing directory: 111' tend-envdir "$T/missing" true
grep -q "^tend-envdir: fatal: unable to read directory $T/missing: No such file or directory\$" "$T/err" && pass 'message names the directory' || fail 'message names the directory'
exits 111 '-i: missing directory is an error' tend-envdir -I -i "$T/missing" true
exits 0 '-I: missing directory ignored' tend-envdir -I "$T/missing" true
exits 127 'prog not found: 127' tend-envdir "$E" /nonexistent/prog

cp -R "$E" "$T/sub" && mkdir "$T/sub/DIR"
exits 111 'a subdirectory is an error' tend-envdir "$T/sub" true
grep -q "^tend-envdir: fatal: unable to read $T/sub/DIR: Is a directory\$" "$T/err" && pass 'message names the subdirectory' || fail 'message names the subdirectory'
exits 111 '-I does not excuse a subdirectory' tend-envdir -I "$T/sub" true
cp -R "$E" "$T/dangle" && ln -s /nonexistent "$T/dangle/LINK"
exits 111 'a dangling symlink is an error' tend-envdir "$T/dangle" true
grep -q "^tend-envdir: fatal: unable to read $T/dangle/LINK: No such file or directory\$" "$T/err" && pass 'message names it' || fail 'message names it'
if need_root ; then
  cp -R "$E" "$T/unread" && chmod 000 "$T/unread/FIRST" && chmod 711 "$T"
  exits 111 'an unreadable file is an error' tend-setuidgid nobody tend-envdir "$T/unread" true
  grep -q "^tend-envdir: fatal: unable to read $T/unread/FIRST: Permission denied\$" "$T/err" && pass 'message names it' || fail 'message names it'
else
  mkdir "$T/unread" && printf x > "$T/unread/FIRST" && chmod 000 "$T/unread/FIRST"
  exits 111 'an unreadable file is an error' tend-envdir "$T/unread" true
  skip 'message check needs root'
fi

# The same environment as s6-envdir, byte for byte. Files whose only line
# has no newline are left out: with -L and without -f, s6-envdir 2.11 gives
# them an empty value, tend-envdir the line (see doc/tend-envdir.html).
rm -f "$E/NONL" "$E/LEAD" "$E/BLANKS" "$E/VTFF" "$E/BIG"
for o in '' -n -f -fn '-c x' -fL -Lfn -L ; do
  # shellcheck disable=SC2086
  a=$(env -i EMPTY=x s6-envdir $o "$E" /usr/bin/env -0 | tr '\0' '\1' | tr '\n' '\2' | tr '\1' '\n' | sort | od -c)
  # shellcheck disable=SC2086
  b=$(env -i EMPTY=x "$(command -v tend-envdir)" $o "$E" /usr/bin/env -0 | tr '\0' '\1' | tr '\n' '\2' | tr '\1' '\n' | sort | od -c)
  is "$b" "$a" "same environment as s6-envdir $o"
done
for d in missing sub dangle ; do
  s6-envdir "$T/$d" true 2>/dev/null ; a=$?
  tend-envdir "$T/$d" true 2>/dev/null ; b=$?
  is "$b" "$a" "same exit code as s6-envdir: $d"
done
finish
