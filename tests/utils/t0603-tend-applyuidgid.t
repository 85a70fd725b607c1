#!/bin/sh
# tend-applyuidgid: -u -g -G and -U (UID GID GIDLIST) applied as groups,
# gid, uid; -z removes the variables; compared with s6-applyuidgid.
. "${0%/*}/../lib.sh"
. "${0%/*}/uidgid-lib.sh"
plan 41

exits 100 'no argument: usage' tend-applyuidgid
exits 100 'no prog: usage' tend-applyuidgid -u 5
exits 100 'bad uid: usage' tend-applyuidgid -u x true
exits 100 'bad gid: usage' tend-applyuidgid -g 5x true
ok 'uid, gid and groups' tend-applyuidgid -u 5 -g 6 -G 7,8 "$T/ids"
is "$(cat "$T/out")" "$(ids_want 5 6 '6 7 8')" '-u 5 -g 6 -G 7,8'
ok 'gid already in the list is not repeated' tend-applyuidgid -u 5 -g 7 -G 7,8 "$T/ids"
is "$(cat "$T/out")" "$(ids_want 5 7 '7 8')" '-g 7 -G 7,8'
ok '-U' env UID=11 GID=12 GIDLIST=13,14 tend-applyuidgid -U "$T/ids"
is "$(cat "$T/out")" "$(ids_want 11 12 '12 13 14')" '-U from UID GID GIDLIST'
ok '-u after -U overrides' env UID=11 GID=12 GIDLIST=13 tend-applyuidgid -U -u 21 "$T/ids"
is "$(cat "$T/out")" "$(ids_want 21 12 '12 13')" '-U -u 21'
exits 100 '-U without GIDLIST: 100' env UID=1 GID=2 tend-applyuidgid -U true
grep -q '^tend-applyuidgid: fatal: GIDLIST not set$' "$T/err" && pass 'message names GIDLIST' || fail 'message names GIDLIST'
exits 100 '-U with a bad UID: 100' env UID=x GID=2 GIDLIST= tend-applyuidgid -U true
grep -q '^tend-applyuidgid: fatal: invalid \$UID$' "$T/err" && pass 'message names UID' || fail 'message names UID'
ok '-z removes UID GID GIDLIST' env UID=1 GID=2 GIDLIST=3 tend-applyuidgid -z sh -c 'test -z "${UID+x}${GID+x}${GIDLIST+x}"'
ok 'without -z they stay' env UID=1 GID=2 GIDLIST=3 tend-applyuidgid sh -c 'test "$UID:$GID:$GIDLIST" = 1:2:3'
exits 111 'setgroups refused after the drop: 111' tend-applyuidgid -u 5 -g 6 tend-applyuidgid -G 1 true
grep -q '^tend-applyuidgid: fatal: unable to set supplementary group list: Operation not permitted$' "$T/err" && pass 'message' || fail 'message'
exits 111 'setuid(0) refused after the drop: 111, prog not run' tend-applyuidgid -u 5 -g 6 tend-applyuidgid -u 0 touch "$T/ran"
test -e "$T/ran" && fail 'prog not run' || pass 'prog not run'
exits 127 'prog not found: 127' tend-applyuidgid -u 5 /nonexistent/prog

for args in '-u 5 -g 6' '-u 5' '-g 6' '-G 7,8' '-g 6 -G 7,8' '-g 6 -G ""' '-G 6,6,7' '-G ""' '-G 1,x' \
  '-u 4294967295' '-u x' '-x' ; do
  eval "same_as_s6 '$args' s6-applyuidgid tend-applyuidgid $args \"\$T/ids\""
done
for e in 'UID=5 GID=6 GIDLIST=7,8' 'UID=5 GID=6 GIDLIST=' 'UID=5 GID=6' 'UID=5' 'UID=x GID=6 GIDLIST=7' 'UID=5 GID=6 GIDLIST=7,x' ; do
  # shellcheck disable=SC2086
  a=$(r_one env -i $e s6-applyuidgid -U "$T/ids") ; b=$(r_one env -i $e "$(command -v tend-applyuidgid)" -U "$T/ids")
  is "$b" "$a" "same as s6-applyuidgid: -U with $e"
done
finish
