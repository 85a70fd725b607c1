#!/bin/sh
# tend-envuidgid: UID, GID, GIDLIST from the account files, per option
# (-u -g -B -n -i -D), identity unchanged; each case compared with
# s6-envuidgid on the same database.
. "${0%/*}/../lib.sh"
. "${0%/*}/uidgid-lib.sh"
if ! have_ns ; then echo '1..0 # SKIP no mount namespace (unshare -m) to install test accounts' ; exit 0 ; fi
plan 66

vars () { grep -E '^(UID|GID|GIDLIST)=' "$T/out" | sort | tr '\n' ' ' ; }
exits 100 'no argument: usage' tend-envuidgid
exits 100 'no prog: usage' tend-envuidgid alice
exits 100 'bad -D: usage' tend-envuidgid -D x nobody true
ok 'alice' indb tend-envuidgid alice env
is "$(vars)" 'GID=2001 GIDLIST=3000,3001,3002,2001,3001 UID=2001 ' 'alice: every group listing her, in file order'
ok 'identity unchanged' indb tend-envuidgid alice "$T/ids"
is "$(cat "$T/out")" "$(ids_want 0 0 '')" 'still root, no groups added'
ok 'carol' indb tend-envuidgid carol env
is "$(vars)" 'GID=2003 GIDLIST= UID=2003 ' 'carol: GIDLIST set but empty (carol2 is not carol)'
exits 1 'unknown user: 1' indb tend-envuidgid nosuch env
grep -q '^tend-envuidgid: fatal: unknown user: nosuch$' "$T/err" && pass 'message names the user' || fail 'message names the user'
exits 1 'unknown group: 1' indb tend-envuidgid -g nosuch env
grep -q '^tend-envuidgid: fatal: unknown group: nosuch$' "$T/err" && pass 'message names the group' || fail 'message names the group'
ok '-u only sets UID' indb env GID=9 GIDLIST=9 tend-envuidgid -u alice env
is "$(vars)" 'GID=9 GIDLIST=9 UID=2001 ' '-u: GID and GIDLIST untouched'
ok '-D default for an unknown user' indb tend-envuidgid -D 5:6:7,8 nosuch env
is "$(vars)" 'GID=6 GIDLIST=7,8 UID=5 ' '-D 5:6:7,8'
ok '-n numeric fallback' indb tend-envuidgid -n 123 env
is "$(vars)" 'GID=0 UID=123 ' '-n 123'
exits 127 'prog not found: 127' indb tend-envuidgid alice /nonexistent/prog

for args in 'alice' 'bob' 'nobody' 'root' 'nosuch' 'broken' '-g devs' '-g nosuch' '-g 3000' \
  '-B alice:ops' '-B alice' '-B :ops' '-B alice:' '-B :' '-B nosuch:ops' '-B alice:nosuch' '-B alice:ops:x' \
  '-n 123' '-n 12x' '123' '-n -g 123' '-n -B 12:34' '-n -B alice:34' '-n -B 12:x' '-n nosuch' \
  '-D 5:6:7,8 nosuch' '-D 5:6 nosuch' '-D 5 nosuch' '-D 5: nosuch' '-D :6:7 nosuch' '-D 5:6:7:8 nosuch' \
  '-D 5:6:7,x nosuch' '-D 5:6:7,8 alice' '-D x nosuch' '-D 5:6:7 -i nosuch' '-i -D 5:6:7 nosuch' \
  '-D 5:6:7 -g nosuch' '-D 5:6:7 -B nosuch:nosuch' '-D 5:6:7 -B alice:nosuch' '-D 5:6:7 -n 12' \
  '-u alice' '-u nosuch' '-u -g alice' '-g -u alice' '-B -u alice' '-x alice' ; do
  # shellcheck disable=SC2086
  same_as_s6 "$args" s6-envuidgid tend-envuidgid $args env
done
finish
