#!/bin/sh
# tend-svscan -x: how supervisors are spawned (argv, cwd, fds), where
# tend-supervise is found, the -c capacity (t0218: without -x). A fake
# tend-supervise beside a copy of tend-svscan records what it got.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 12

mkdir "$T/bin" "$T/rec"
cp "$(command -v tend-svscan)" "$T/bin/tend-svscan"
cat > "$T/bin/tend-supervise" <<EOT
#!/bin/sh
echo \$\$ >> "$T/fakepids"
f=$T/rec/\$(echo "\$1" | tr / _)
r="\$#:\$1
\$(pwd -P)
\$(readlink /proc/\$\$/fd/0)
\$(readlink /proc/\$\$/fd/1)
\$(readlink /proc/\$\$/fd/2)"
echo "\$r" > "\$f.tmp"
mv "\$f.tmp" "\$f"
exec sleep 1000 </dev/null >/dev/null 2>&1
EOT
chmod 755 "$T/bin/tend-supervise"
mksv plain ; mksv logged ; mksv logged/log ; mksv s6-svscan-log
: > "$T/console"
rec () { sed -n "$2p" "$T/rec/$1" ; }
exec 4>>"$T/console"
rm -f "$T/notif"
bg "$T/bin/tend-svscan" -x -d 3 -X 4 "$S" 2>"$T/svscan.err" 3>"$T/notif"
svscan=$!
exec 4>&-
ok "-x: the tend-supervise beside tend-svscan is used" wait_for 50 test -s "$T/rec/logged_log" -a -s "$T/rec/logged" -a -s "$T/rec/plain" -a -s "$T/rec/s6-svscan-log"
is "$(rec plain 1)" '1:plain' 'argument: the service name'
is "$(rec logged_log 1)" '1:logged/log' 'the logger: name/log'
is "$(rec plain 2)" "$(cd "$S" && pwd -P)" 'cwd: the scan directory'
p=$(rec logged_log 3) ; case $p in pipe:*) ;; *) p=no-pipe ;; esac
is "$p" "$(rec logged_log 3)" "the logger's stdin is a pipe"
is "$(rec logged 4)" "$p" "the service's stdout is the same pipe"
is "$(rec plain 4)" "$(readlink /proc/$$/fd/1)" 'an unlogged service inherits stdout'
is "$(rec s6-svscan-log 5)" "$T/console" '-X: s6-svscan-log gets the console holder as stderr'
is "$(rec plain 5)" "$T/svscan.err" '-X: others inherit stderr'
kill -9 "$svscan"

prefix=$(sed -n 's/^#define TEND_BINPREFIX "\(.*\)"$/\1/p' "$TOP/src/include/tend/config.h")
rm "$T/bin/tend-supervise" "$S/.s6-svscan/lock"
rm -rf "$S/logged" "$S/s6-svscan-log"
bg "$T/bin/tend-svscan" -x "$S" 2>"$T/svscan.err"
svscan=$!
twice () { test "$(grep -c "unable to spawn ${prefix}tend-supervise for plain" "$T/svscan.err")" -ge 2 ; }
ok 'none beside it: the build-time path, retried every second' wait_for 40 twice
kill -9 "$svscan"

rm -rf "$S" ; mkdir "$S" ; for n in a b c ; do mksv "$n" ; done
cat > "$T/bin/tend-supervise" <<EOT
#!/bin/sh
echo \$\$ >> "$T/fakepids"
echo "\$1" >> "$T/started"
exec sleep 1000 </dev/null >/dev/null 2>&1
EOT
chmod 755 "$T/bin/tend-supervise"
bg "$T/bin/tend-svscan" -x -c 2 "$S" 2>"$T/svscan.err"
svscan=$!
ok '-c 2: the third service is refused with a warning' wait_for 50 grep -q 'too many services' "$T/svscan.err"
two () { test "$(wc -l < "$T/started" | tr -d ' ')" -ge 2 ; }
wait_for 50 two
is "$(wc -l < "$T/started" | tr -d ' ')" 2 '-c 2: two supervisors'
kill -9 "$svscan"
t_pids="$t_pids $(cat "$T/fakepids")"
finish
