#!/bin/sh
# tend-supervise under bad input: garbage and huge writes on
# supervise/control; a run that is missing, not executable or exits at
# once. No crash, no spin, a clear message for each failure.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 20

# cputicks PID: user + system CPU time of PID, in clock ticks.
cputicks () { awk '{ sub(/.*\) /, "") ; print $12 + $13 }' "/proc/$1/stat" ; }
count () { grep -c -- "$2" "$1" 2>/dev/null ; }

mksv a 'echo $$ > pid ; exec sleep 1000'
listen a
start a
wait_for 50 test -s "$T/a/pid"
evis a su
p=$(cat "$T/a/pid")
ino=$(stat -c %i "$T/a/supervise/status")

# 256 KiB of random bytes with every command byte removed.
head -c 262144 /dev/urandom | tr -d 'abqhkti12pcyroduDUxOQ' > "$T/garbage"
ok 'garbage written to control' timeout 20 sh -c 'cat "$1" > "$2"' x "$T/garbage" "$T/a/supervise/control"
ok 'still supervising' alive "$s_sup"
ok 'service untouched' alive "$p"
ok 'no event' evis a su
is "$(stat -c %i "$T/a/supervise/status")" "$ino" 'status file not even rewritten'

# 1 MiB of one command that changes nothing ("u" while up and wanted up).
c0=$(cputicks "$s_sup")
ok '1 MiB of "u" is drained' timeout 30 sh -c 'head -c 1048576 /dev/zero | tr "\0" u > "$1"' x "$T/a/supervise/control"
c1=$(cputicks "$s_sup")
is "$(stat -c %i "$T/a/supervise/status")" "$ino" 'no status rewrite for a command that changes nothing'
ok "cheaply ($((c1 - c0)) ticks of CPU)" test $((c1 - c0)) -le 300
s6-svc -d "$T/a"
ok 'still obeys commands after that' evis a sudD

# run missing: one message per attempt, retried after 10 s, no spin.
mkdir -p "$T/m"
listen m
start m
ok 'missing run: reported' wait_for 50 grep -q 'unable to spawn ./run - retrying in 10 seconds: No such file or directory' "$T/m.err"
c0=$(cputicks "$s_sup")
sleep 2  # the window in which a spinning supervisor would retry
is "$(count "$T/m.err" 'unable to spawn')" 1 'one attempt in 2 s (retry in 10 s)'
ok "no CPU spent waiting ($(($(cputicks "$s_sup") - c0)) ticks)" test $(($(cputicks "$s_sup") - c0)) -le 2
ok 'no event, no state change' evis m s
is "$(s6-svstat -o up,wantedup "$T/m")" 'false true' 'down, still wanted up'
printf '#!/bin/sh\necho $$ > pid\nexec sleep 1000\n' > "$T/m/run.new"
chmod 755 "$T/m/run.new" ; mv "$T/m/run.new" "$T/m/run"
ok 'run appears: started by the 10 s retry' wait_for 120 test -s "$T/m/pid"
is "$(count "$T/m.err" 'unable to spawn')" 1 'without further failures'

# run not executable: reported, u retries at once.
mksv n
chmod 644 "$T/n/run"
start n
ok 'not executable: reported' wait_for 50 grep -q 'unable to spawn ./run - retrying in 10 seconds: Permission denied' "$T/n.err"
chmod 755 "$T/n/run"
s6-svc -u "$T/n"
ok 'made executable, u starts it at once' wait_for 20 isup n

# run exits at once: throttled to one start per second, each death said.
mksv e 'echo x >> starts ; exit 1'
start e
c0=$(cputicks "$s_sup")
sleep 3  # count the starts in a fixed window
n=$(wc -l < "$T/e/starts")
ok "exits at once: $n starts in 3 s" test "$n" -ge 2 -a "$n" -le 4
ok 'each one reported' test "$(count "$T/e.err" './run exited 1 less than a second after it started')" -ge $((n - 1))
finish
