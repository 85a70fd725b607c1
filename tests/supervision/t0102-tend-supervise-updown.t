#!/bin/sh
# tend-supervise: starting, stopping, restarting run; its argv, session,
# environment; status file and event bytes at each step.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 26

# run records its argv (as the kernel saw it), sid, pgid, cwd, a variable.
mksv a 'echo "$0 $*" > args ; set -- $(ps -o sid= -o pgid= -p $$) ; echo "$1 $2" > ids ; pwd > cwd ; echo "$TEND_T_VAR" > var ; echo $$ > pid ; exec sleep 1000'
listen a
TEND_T_VAR=inherited ; export TEND_T_VAR
start a
ok 'run is started' wait_for 50 test -s "$T/a/pid"
ok 'events: s then u' evis a su
is "$(svpid a)" "$(cat "$T/a/pid")" 'status pid is run'"'"'s pid'
is "$(flags a)" 04 'status flags: want up, not ready (no readiness)'
is "$(cat "$T/a/args")" "./run $T/a" 'run gets the service directory as its argument'
is "$(cat "$T/a/ids")" "$(cat "$T/a/pid") $(cat "$T/a/pid")" 'run is a session and process group leader'
is "$(cat "$T/a/cwd")" "$T/a" 'run runs in the service directory'
is "$(cat "$T/a/var")" inherited 'run inherits the environment'

# argv[0] is "run": seen through a binary run (no interpreter in between).
if command -v cc >/dev/null 2>&1 ; then
  mkdir -p "$T/argv"
  printf '#include <stdio.h>\n#include <unistd.h>\nint main(int c,char**v){FILE*f=fopen("args","w");for(int i=0;i<c;i++)fprintf(f,"[%%s]",v[i]);fclose(f);pause();return 0;}\n' > "$T/argv.c"
  cc -o "$T/argv/run" "$T/argv.c"
  start argv
  wait_for 50 test -s "$T/argv/args"
  is "$(cat "$T/argv/args")" "[run][$T/argv]" 'argv is {"run", servicedir}'
  kill "$s_sup"
else
  skip 'no C compiler'
fi

p=$(cat "$T/a/pid")
exits 0 's6-svc -d' s6-svc -d "$T/a"
ok 'run is killed' wait_for 50 gone "$p"
ok 'events: d D' evis a sudD
is "$(s6-svstat -o up,wantedup,exitcode,signal "$T/a")" 'false false -1 SIGTERM' 'status: down, want down, SIGTERM'
is "$(flags a)" 08 'flags: ready (down and may start) only'
is "$(od -An -tx1 -j32 -N2 "$T/a/supervise/status" | tr -d ' ')" 000f 'wstat is the raw wait status (0x000f)'
is "$(od -An -tx1 -j24 -N8 "$T/a/supervise/status" | tr -d ' ')" 0000000000000000 'pid field is 0 when down'

rm -f "$T/a/pid"
exits 0 's6-svc -u' s6-svc -u "$T/a"
ok 'run is started again at once' wait_for 50 test -s "$T/a/pid"
ok 'event u' evis a sudDu
is "$(od -An -tx1 -j32 -N2 "$T/a/supervise/status" | tr -d ' ')" 000f 'wstat kept while up again'

# The service dies by itself while wanted up: restarted.
p=$(cat "$T/a/pid") ; rm -f "$T/a/pid"
kill "$p"
ok 'a dead run is restarted' wait_for 50 test -s "$T/a/pid"
ok 'events: d D u' evis a sudDudDu

# s6-svwait (subscribe, then read the status) sees the transitions.
exits 0 's6-svwait -u on an up service returns at once' s6-svwait -u -t 2000 "$T/a"
s6-svc -d "$T/a"
exits 0 's6-svwait -D after -d' s6-svwait -D -t 2000 "$T/a"

# x while down: exit at once, event x, exit code 0.
s6-svc -x "$T/a"
wait "$s_sup" ; rc=$?
is "$rc" 0 'x while down: tend-supervise exits 0'
ok 'last event is x' evis a sudDudDudDx
finish
