#!/bin/sh
# Container formats: prefix (p, as in s6-log 2.11) and JSON (j, a tend
# directive): wrapping, merging into a JSON object, escaping any bytes.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 12
printf 'hello\n' | tend-log pweb: 1 > "$T/o"
is "$(cat "$T/o")" 'web: hello' 'prefix: "web: line"'
printf 'hello\n' | tend-log T pweb: 1 > "$T/o"
ok 'prefix with a timestamp' grep -q '^[0-9-]* [0-9:.]*  web: hello$' "$T/o"
printf 'hello "you"\n' | tend-log jweb 1 > "$T/o"
ok 'JSON wrap' grep -q '^{"time":"[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{6\}Z","service":"web","stream":"stdout","msg":"hello \\"you\\""}$' "$T/o"
printf 'x\n' | tend-log jweb,stderr 1 > "$T/o"
ok 'JSON stream name' grep -q '"stream":"stderr","msg":"x"}$' "$T/o"
printf '{"level":"info","n":[1,{"a":"}"}]}\n' | tend-log jweb 1 > "$T/o"
ok 'JSON object: fields merged' grep -q '"stream":"stdout","level":"info","n":\[1,{"a":"}"}\]}$' "$T/o"
printf '{}\n' | tend-log jweb 1 > "$T/o"
ok 'empty object merged' grep -q '"stream":"stdout"}$' "$T/o"
printf '{"a":1} trailing\n{"a"\n' | tend-log jweb 1 > "$T/o"
is "$(grep -c '"msg":' "$T/o")" 2 'not an object: wrapped'
printf 'tab\there \\ nul\000 ctl\001 bad\377\300 ok\303\251 \355\240\200\n' | tend-log jweb 1 > "$T/o"
ok 'escapes: control, backslash, NUL, invalid UTF-8 as \udcXX, valid UTF-8 kept' \
  grep -qF '"msg":"tab\there \\ nul\u0000 ctl\u0001 bad\udcff\udcc0 ok'"$(printf '\303\251')"' \udced\udca0\udc80"}' "$T/o"
if command -v python3 >/dev/null ; then
  head -c 100000 /dev/urandom > "$T/rnd"
  tend-log -l 200 jweb 1 < "$T/rnd" > "$T/o"
  ok 'random bytes: every output line is valid JSON' python3 -c '
import json, sys
for l in open(sys.argv[1], "rb"):
    json.loads(l)' "$T/o"
  ok 'random bytes: no byte lost (surrogateescape round trip)' python3 -c '
import json, sys
out = b"".join(json.loads(l)["msg"].encode("utf-8", "surrogateescape") for l in open(sys.argv[1], "rb"))
sys.exit(out != open(sys.argv[2], "rb").read().replace(b"\n", b""))' "$T/o" "$T/rnd"
else skip 'no python3' ; skip 'no python3' ; fi
printf 'x\n' | tend-log jweb "$T/d"
ok 'JSON to a logdir' grep -q '"msg":"x"}$' "$T/d/current"
printf 'x\n' | tend-log jweb 1 j 1 > "$T/o"
is "$(tail -n 1 "$T/o")" x 'j alone: back to plain lines'
finish
