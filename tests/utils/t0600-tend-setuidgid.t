#!/bin/sh
# tend-setuidgid: groups, then gid, then uid, read from /etc/passwd and
# /etc/group; the exec'd program has exactly that identity and cannot get
# root back; unknown names exit 1 naming them, bad account strings 100;
# the same result as s6-setuidgid on the same accounts.
. "${0%/*}/../lib.sh"
. "${0%/*}/uidgid-lib.sh"
plan 49

exits 100 'no argument: usage' tend-setuidgid
grep -q '^tend-setuidgid: usage: tend-setuidgid \[ -U \] account prog\.\.\.$' "$T/err" && pass 'usage line' || fail 'usage line'
exits 100 'no prog: usage' tend-setuidgid nobody
exits 100 'unknown option: usage' tend-setuidgid -x nobody true
for a in '' ':' 'nobody:' ':nogroup' 'a:b:c' '99999999999:1' '1:4294967295' ; do
  exits 100 "bad account string '$a': 100" tend-setuidgid "$a" true
done
grep -q "^tend-setuidgid: fatal: invalid account: 1:4294967295\$" "$T/err" && pass 'message names the bad account' || fail 'message names the bad account'

# nobody, from the machine's own database
nobody_uid=$(grep '^nobody:' /etc/passwd | cut -d: -f3)
nobody_gid=$(grep '^nobody:' /etc/passwd | cut -d: -f4)
ok 'drop to nobody' tend-setuidgid nobody "$T/ids"
is "$(cat "$T/out")" "$(ids_want "$nobody_uid" "$nobody_gid" "$nobody_gid")" 'nobody: Uid, Gid, Groups of the exec d program'
# After the drop the program cannot become root again: POSIX::setuid(0)
# must fail (perl exits 0 when it does).
if command -v perl >/dev/null ; then
  ok 'nobody cannot setuid(0) afterwards' tend-setuidgid nobody perl -MPOSIX -e 'exit(POSIX::setuid(0) ? 1 : 0)'
  ok 'nor setgid(0), nor regain root by setreuid' tend-setuidgid nobody perl -MPOSIX -e '$< = 0 ; $> = 0 ; exit(($< == 0 || $> == 0 || POSIX::setgid(0)) ? 1 : 0)'
else
  skip 'perl not installed' ; skip 'perl not installed'
fi

exits 1 'unknown user: 1' tend-setuidgid no-such-user-t0600 true
grep -q '^tend-setuidgid: fatal: unknown user: no-such-user-t0600$' "$T/err" && pass 'message names the user' || fail 'message names the user'
is "$(s6-setuidgid no-such-user-t0600 true 2>/dev/null ; echo $?)" 1 's6-setuidgid also exits 1 for an unknown user'
exits 1 'unknown group: 1' tend-setuidgid nobody:no-such-group-t0600 true
grep -q '^tend-setuidgid: fatal: unknown group: no-such-group-t0600$' "$T/err" && pass 'message names the group' || fail 'message names the group'
exits 1 'a number without a colon is a user name' tend-setuidgid 65534 true

# numeric uid:gid needs no passwd entry
ok 'numeric uid:gid with no passwd entry' tend-setuidgid 54321:54322 "$T/ids"
is "$(cat "$T/out")" "$(ids_want 54321 54322 54322)" 'numeric: exactly that uid, gid, and the gid as only group'
exits 111 'not root: setgroups fails, 111' tend-setuidgid nobody tend-setuidgid nobody touch "$T/ran"
grep -q '^tend-setuidgid: fatal: unable to setgroups: Operation not permitted$' "$T/err" && pass 'message names the failing step' || fail 'message names the failing step'
test -e "$T/ran" && fail 'prog not run after a failed step' || pass 'prog not run after a failed step'
exits 127 'prog not found: 127' tend-setuidgid nobody /nonexistent/prog
grep -q '^tend-setuidgid: fatal: unable to exec /nonexistent/prog: No such file or directory$' "$T/err" && pass 'exec message' || fail 'exec message'

# UID GID GIDLIST: removed, as s6-setuidgid does; -U sets them to the new identity
ok 'UID, GID, GIDLIST removed from the environment' env UID=1 GID=2 GIDLIST=3 tend-setuidgid nobody sh -c 'test -z "${UID+x}${GID+x}${GIDLIST+x}"'

if ! have_ns ; then
  for i in $(seq $t_n 48) ; do skip 'no mount namespace (unshare -m) to install test accounts' ; done
  finish
fi
ok 'named user with several supplementary groups' indb tend-setuidgid alice "$T/ids"
is "$(cat "$T/out")" "$(ids_want 2001 2001 '2001 3000 3001 3001 3002')" 'alice: uid, gid, and every group listing her (order of the kernel)'
ok 'primary group not listed as member' indb tend-setuidgid bob "$T/ids"
is "$(cat "$T/out")" "$(ids_want 2002 3000 '3000 3001')" 'bob: primary gid 3000 plus ops'
ok 'user:group by name' indb tend-setuidgid alice:carol "$T/ids"
is "$(cat "$T/out")" "$(ids_want 2001 2003 '2001 2003 3000 3001 3001 3002')" 'alice:carol: gid from the group, alice s memberships kept'
ok 'uid numeric, group by name' indb tend-setuidgid 7777:ops "$T/ids"
is "$(cat "$T/out")" "$(ids_want 7777 3001 3001)" '7777:ops: no passwd entry needed, gid of ops'
ok '-U exports the identity' indb tend-setuidgid -U bob env
is "$(grep -E '^(UID|GID|GIDLIST)=' "$T/out" | sort | tr '\n' ' ')" 'GID=3000 GIDLIST=3001 UID=2002 ' '-U: UID GID GIDLIST of bob'
exits 1 'a passwd line with a bad uid is no account' indb tend-setuidgid broken true
exits 1 'a passwd line with too few fields is no account' indb tend-setuidgid short true
exits 1 'a passwd line with an uid over 32 bits is no account' indb tend-setuidgid huge true

for a in alice bob carol nobody 12345:54321 no-such-user-t0600 ; do
  same_as_s6 "$a" s6-setuidgid tend-setuidgid "$a" "$T/ids"
done
finish
