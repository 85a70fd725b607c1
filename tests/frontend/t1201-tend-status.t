#!/bin/sh
# tend status: aligned columns, each column's values, --json, colour.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 27

mkfifo "$T/go"
mksv web
mksv db ; touch "$S/db/down" "$S/db/essential"
mksv rdy "read x < $T/go ; echo >&3 ; exec sleep 1000" ; echo 3 > "$S/rdy/notification-fd"
mksv oneshot 'exit 3' ; touch "$S/oneshot/down"
start_svscan
ok 'the tree is up' wait_for 50 supervised web db rdy oneshot

tend status > "$T/st"
is "$(head -n 1 "$T/st" | tr -s ' ')" 'NAME STATE PID FOR READY LAST WANT NORMALLY LOG' 'header: the nine columns'
is "$(wc -l < "$T/st" | tr -d ' ')" 5 'one line per service'
is "$(awk 'NR > 1 { printf "%s ", $1 }' "$T/st")" 'db oneshot rdy web ' 'sorted by name'
# Every cell starts where its header starts: aligned columns.
aligned () {
  awk 'NR == 1 { for (i = 1 ; i <= length($0) ; i++) if (substr($0, i, 1) != " " && (i == 1 || substr($0, i - 1, 1) == " ")) h[++n] = i ; next }
       { k = 0 ; for (i = 1 ; i <= length($0) ; i++) if (substr($0, i, 1) != " " && (i == 1 || substr($0, i - 1, 1) == " ")) if (h[++k] != i) exit 1
         if (k != n) exit 1 }' "$1"
}
ok 'columns are aligned' aligned "$T/st"

# row NAME: its cells, FOR (a duration) replaced by T
row () { awk -v n="$1" '$1 == n { $4 = "T" ; print }' "$T/st" ; }
wait_for 50 isup web ; wait_for 50 test -s "$S/web/pid"
tend status > "$T/st"
is "$(row web)" "web up $(svpid web) T - - up up stdout" 'web: up, its pid, for, no readiness, no last exit, wanted and normally up, log to stdout'
is "$(row db)" 'db down - T - - down down stdout' 'db: down, no pid, never ran (no last exit), wanted and normally down'
ok 'rdy: up but not ready' test "$(field rdy 5)" = no
echo > "$T/go"
ok 'rdy: ready once it notifies' wait_for 50 sh -c 'test "$(tend status rdy | awk "NR == 2 { print \$5 }")" = yes'
tend-svc -o "$S/oneshot"
ok 'oneshot: ran once' wait_for 50 test -s "$S/oneshot/pid"
ok 'LAST: its exit code, 3' wait_for 50 sh -c 'test "$(tend status oneshot | awk "NR == 2 { print \$2, \$6 }")" = "down 3"'
tend start db >/dev/null && tend stop db >/dev/null 2>&1
ok 'LAST: the signal that killed it' test "$(field db 6)" = SIGTERM
is "$(tend status web db | awk 'NR > 1 { printf "%s ", $1 }')" 'web db ' 'names given: those, in that order'

# FOR: 12s, 5m03s, 2h05m, 3d04h
ok 'FOR is a duration' sh -c 'tend status | awk "NR > 1 && \$4 !~ /^[0-9]+(s|m[0-9][0-9]s|h[0-9][0-9]m|d[0-9][0-9]h)\$/ { exit 1 }"'

# --json
tend status --json > "$T/j"
json () { python3 - "$T/j" "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by = {x["name"]: x for x in d}
want = {"name", "supervised", "state", "pid", "seconds", "since", "ready", "notifies", "exitcode", "signal", "wantedup", "normallyup", "paused", "essential", "log"}
for x in d:
    assert set(x) == want, sorted(set(x) ^ want)
exec(sys.argv[2])
PY
}
ok '--json: an array of objects with the documented fields' json 'assert [x["name"] for x in d] == ["db", "oneshot", "rdy", "web"]'
ok '--json: web' json "w = by['web'] ; assert w['state'] == 'up' and w['pid'] == $(svpid web) and w['supervised'] and w['wantedup'] and w['normallyup'] and w['ready'] is None and not w['notifies'] and w['exitcode'] is None and w['signal'] is None and w['log'] == 'stdout' and isinstance(w['seconds'], int) and w['since'].endswith('Z')"
ok '--json: db down by SIGTERM, essential, normally down' json "x = by['db'] ; assert x['state'] == 'down' and x['pid'] is None and x['signal'] == 'SIGTERM' and x['exitcode'] is None and x['essential'] and not x['normallyup'] and not x['wantedup']"
ok '--json: oneshot exit code 3' json "x = by['oneshot'] ; assert x['exitcode'] == 3 and x['signal'] is None"
ok '--json: rdy ready, notifies' json "x = by['rdy'] ; assert x['ready'] is True and x['notifies'] is True"
tend status -j web > "$T/j"
ok '-j and names' json 'assert len(d) == 1 and d[0]["name"] == "web"'
xits 1 '--json with an unknown name: the name error' tend status --json nope
ok 'it lists the known ones' grep -q 'known: db oneshot rdy web' "$T/e"

# Colour: only on a terminal, never with NO_COLOR.
ok 'no colour into a pipe' sh -c '! tend status | grep -q "$(printf "\033")"'
if script -qec true /dev/null >/dev/null 2>&1 ; then
  ok 'colour on a terminal' sh -c 'script -qec "tend status" /dev/null | grep -q "$(printf "\033")\[32mup"'
  ok 'NO_COLOR: none' sh -c 'NO_COLOR=1 script -qec "tend status" /dev/null | grep -v "^Script" | { ! grep -q "$(printf "\033")\[" ; }'
  ok 'NO_COLOR empty counts as unset' sh -c 'NO_COLOR= script -qec "tend status" /dev/null | grep -q "$(printf "\033")\["'
else
  skip 'no script(1) for a terminal' ; skip 'no script(1)' ; skip 'no script(1)'
fi
mksv late  # no rescan: svscan does not know it yet
is "$(tend status late | awk 'NR == 2 { print $2, $3, $7 }')" 'unsupervised - -' 'a directory without a supervisor: unsupervised'
finish
