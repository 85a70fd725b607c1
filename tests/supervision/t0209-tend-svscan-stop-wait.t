#!/bin/sh
# tend-svscan: told to terminate, it brings every service down and waits
# for them all (loggers last, draining their pipe), then execs
# .s6-svscan/finish (same pid, no arguments, cwd the scan directory).
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 10

mksv slow 'trap '\''sleep 1.5 ; echo stopped > '"$T"'/stopped ; kill $! ; exit 0'\'' TERM
sleep 1000 & wait'
mksv talk 'trap '\''sleep 1 ; echo last words ; kill $! ; exit 0'\'' TERM
echo hello
sleep 1000 & wait'
mksv talk/log 'exec cat >> out'
mkdir -p "$S/.s6-svscan"
cat > "$S/.s6-svscan/finish" <<EOT
#!/bin/sh
{
  echo "pid \$\$"
  echo "args \$#"
  echo "cwd \$(pwd -P)"
  test -e "$T/stopped" && echo 'slow stopped'
  kill -0 "\$(cat slow/pid)" 2>/dev/null && echo 'slow alive'
  grep -q 'last words' talk/log/out && echo 'log drained'
  kill -0 "\$(cat talk/log/pid)" 2>/dev/null && echo 'logger alive'
} > "$T/finish.out"
exit 7
EOT
chmod 755 "$S/.s6-svscan/finish"
start_svscan
all_up () { up slow && up talk && up talk/log ; }
ok 'up' wait_for 50 all_up
t0=$(date +%s%N)
ctl t
ok 'svscan does not exit before the slow service is down' wait_for 50 test -e "$T/stopped"
svscan_exit
ms=$(( ($(date +%s%N) - t0) / 1000000 )) ; diag "exited after $ms ms"
is "$rc" 7 "svscan's exit code is finish's: finish was exec'ed"
ok 'it took the 1.5 s the service needed' test "$ms" -ge 1400
is "$(sed -n 1p "$T/finish.out")" "pid $svscan" 'finish runs as the same pid'
is "$(sed -n 2p "$T/finish.out")" 'args 0' 'finish gets no arguments'
is "$(sed -n 3p "$T/finish.out")" "cwd $(cd "$S" && pwd -P)" 'cwd: the scan directory'
ok 'finish runs after the service is down' grep -qx 'slow stopped' "$T/finish.out"
ok 'no service process alive when finish runs' test -z "$(grep alive "$T/finish.out")"
ok "the logger got the producer's last line" grep -qx 'log drained' "$T/finish.out"
finish
