#!/bin/sh
# tend logs: finding a service's logdir, the last lines of current, and
# following it (-f) across rotations.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 29

mkfifo "$T/webin" "$T/apiin"
# web: what is written to $T/webin goes through s6-log into log/main
mksv web "exec cat 0<>$T/webin"
mksv web/log 'exec s6-log -b n20 s4096 ./main'
# api: an absolute logdir, quoted, with a space, after a chain of programs
mkdir "$T/api logs"
mksv api "exec cat 0<>$T/apiin"
mksv api/log "exec tend-setuidgid root \\
  s6-log -b n3 '$T/api logs' # a comment"
# q: a logdir file wins over what run says
mkdir "$T/qlogs" ; printf 'q one\nq two\nq three' > "$T/qlogs/current"
mksv q ; mksv q/log 'exec cat > /dev/null' ; echo "$T/qlogs" > "$S/q/log/logdir"
mksv nolog
mksv piped ; mksv piped/log 'exec cat > /dev/null'
start_svscan
ok 'the tree is up' wait_for 50 supervised web web/log api api/log q nolog piped

for i in 1 2 3 4 5 6 7 8 9 10 11 12 ; do echo "web line $i" > "$T/webin" ; done
ok 'the lines reach web/log/main/current' wait_for 50 grep -q 'web line 12' "$S/web/log/main/current"
xits 0 'logs web: 0' tend logs web
is "$(tr '\n' ' ' < "$T/o")" 'web line 3 web line 4 web line 5 web line 6 web line 7 web line 8 web line 9 web line 10 web line 11 web line 12 ' 'the last 10 lines by default'
xits 0 'logs -n 3' tend logs -n 3 web
is "$(tr '\n' ' ' < "$T/o")" 'web line 10 web line 11 web line 12 ' 'the last 3 lines'
xits 0 'logs --lines 2 web/log: the logger by its own name' tend logs --lines 2 web/log
is "$(tr '\n' ' ' < "$T/o")" 'web line 11 web line 12 ' 'the same logdir'
xits 0 'logs -n 0: nothing' tend logs -n 0 web
ok 'nothing' test ! -s "$T/o"
xits 0 'logs -n 100: the whole file' tend logs -n 100 web
is "$(wc -l < "$T/o" | tr -d ' ')" 12 'all 12 lines'

echo 'api says hi' > "$T/apiin"
ok 'a quoted absolute logdir from log/run (s6-log after tend-setuidgid)' wait_for 50 sh -c "tend logs api | grep -qx 'api says hi'"
xits 0 'a log/logdir file names the logdir' tend logs -n 2 q
is "$(tr '\n' ' ' < "$T/o")" 'q two q three' 'a last line without a newline counts'
xits 1 'a service without a logger: 1' tend logs nolog
ok 'its output goes to svscan'"'"'s' grep -q "nolog has no logdir: its output goes to svscan's standard output" "$T/e"
xits 1 'a logger without a logdir: 1' tend logs piped
xits 1 'an unknown name: 1' tend logs nope
xits 100 'two names: usage' tend logs web api

# -f across a rotation done by hand: current renamed, a new one created
bg tend logs -f -n 1 q > "$T/fq" 2>&1 ; fq=$!
wait_for 50 grep -q 'q three' "$T/fq"
printf ' continued\n' >> "$T/qlogs/current"
ok '-f: what is appended' wait_for 50 grep -qx 'q three continued' "$T/fq"
mv "$T/qlogs/current" "$T/qlogs/@4000000000000000.s"
echo 'new file 1' > "$T/qlogs/current.tmp" ; mv "$T/qlogs/current.tmp" "$T/qlogs/current"
ok '-f: current renamed, a new current (renamed in): read from its start' wait_for 50 grep -qx 'new file 1' "$T/fq"
rm "$T/qlogs/current" ; echo 'new file 2' > "$T/qlogs/current"
ok '-f: current removed, a new current (created)' wait_for 50 grep -qx 'new file 2' "$T/fq"
kill "$fq"

# -f across s6-log's own rotations (s4096): every line, in order, once
echo 'before following' > "$T/webin"
wait_for 50 grep -q 'before following' "$S/web/log/main/current"
bg tend logs -f -n 1 web > "$T/fw" 2>&1 ; fw=$!
# what is written once the last line is shown cannot be missed
wait_for 50 grep -q 'before following' "$T/fw"
i=1 ; while test $i -le 300 ; do echo "rotating line $i padded to make the file grow faster" ; i=$((i + 1)) ; done > "$T/webin"
ok '-f: all 300 lines arrive' wait_for 100 grep -q 'rotating line 300 ' "$T/fw"
ok 's6-log rotated current meanwhile' sh -c "ls '$S/web/log/main' | grep -q '^@.*\.s$'"
is "$(grep -c '^rotating line' "$T/fw") $(grep '^rotating line' "$T/fw" | sort -u | wc -l | tr -d ' ') $(grep '^rotating line' "$T/fw" | awk '{ print $3 }' | sort -n -c && echo sorted)" '300 300 sorted' 'each line once, in order'
kill "$fw"

# -f when the logdir rotates several times while tend is not reading (here
# stopped): the files archived meanwhile are read, each line once, in order
echo 'before stop' > "$T/webin"
wait_for 50 grep -q 'before stop' "$S/web/log/main/current"
bg tend logs -f -n 1 web > "$T/fs" 2>&1 ; fs=$!
wait_for 50 grep -q 'before stop' "$T/fs"
kill -STOP "$fs"
i=1 ; while test $i -le 300 ; do echo "burst line $i padded to make the file grow faster" ; i=$((i + 1)) ; done > "$T/webin"
wait_for 50 grep -q 'burst line 300 ' "$S/web/log/main/current"
kill -CONT "$fs"
ok '-f after rotations it slept through: the last line arrives' wait_for 100 grep -q 'burst line 300 ' "$T/fs"
is "$(grep -c '^burst line' "$T/fs") $(grep '^burst line' "$T/fs" | sort -u | wc -l | tr -d ' ') $(grep '^burst line' "$T/fs" | awk '{ print $3 }' | sort -n -c && echo sorted)" '300 300 sorted' 'every line, from the files archived meanwhile too: once each, in order'
kill "$fs"

# status shows the same log targets
logcol () { tend status --json > "$T/j" && python3 -c '
import json, sys
d = {x["name"]: x["log"] for x in json.load(open(sys.argv[1]))}
s, t = sys.argv[2], sys.argv[3]
want = {"web": s + "/web/log/main", "web/log": s + "/web/log/main", "api": t + "/api logs",
  "api/log": t + "/api logs", "q": t + "/qlogs", "nolog": "stdout", "piped": "piped/log", "piped/log": "stdout"}
assert all(d[k] == v for k, v in want.items()), d
' "$T/j" "$S" "$T" ; }
ok 'status: the LOG of each service and logger' logcol
finish
