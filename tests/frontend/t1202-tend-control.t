#!/bin/sh
# tend start|stop|restart|once|reload|signal|kill: by name, waiting for the
# result, printing it; timeouts, failures, essential services.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 55

catcher='exec python3 -c "
import signal
def h(n, f):
    open(\"sigs\", \"a\").write(signal.Signals(n).name + \"\\n\")
for s in (signal.SIGHUP, signal.SIGUSR1, signal.SIGWINCH):
    signal.signal(s, h)
open(\"armed\", \"w\").close()
while True:
    signal.pause()
"'
mksv web "$catcher"
mksv db ; touch "$S/db/down" "$S/db/essential"
mksv rdy 'sleep 0.3 ; echo >&3 ; exec sleep 1000' ; echo 3 > "$S/rdy/notification-fd"
mksv slow 'exec sleep 1000' ; echo 3 > "$S/slow/notification-fd" ; touch "$S/slow/down"
mksv bad 'exit 1' ; printf '#!/bin/sh\nexit 125\n' > "$S/bad/finish" ; chmod 755 "$S/bad/finish" ; touch "$S/bad/down" ; echo 3 > "$S/bad/notification-fd"
mksv spare ; touch "$S/spare/down"
start_svscan
ok 'the tree is up' wait_for 50 supervised web db rdy slow bad spare
ok 'web is up' wait_for 50 isup web

# stop of a service that never ran: down, no exit to tell
xits 0 'stop of a service that never ran: 0' tend stop spare
ok 'it says down, nothing more' grep -qx 'spare: down' "$T/o"

# start
xits 0 'start: 0' tend start db
ok 'it says up, with the pid' grep -qx "db: up (pid $(field db 3))" "$T/o"
is "$(field db 2)" up 'db is up when start returns'
xits 0 'start of a service already up: 0' tend start db
ok 'it says up' grep -q '^db: up (pid' "$T/o"

# stop
xits 0 'stop: 0' tend stop db
ok 'it says down, and how it died' grep -qx 'db: down (SIGTERM)' "$T/o"
ok 'stop of an essential service warns that the container will stop' grep -q 'warning: db is essential: the container stops when it stops' "$T/e"
is "$(field db 2)" down 'db is down when stop returns'
xits 0 'stop of a service that is not essential' tend stop spare
ok 'no warning' test ! -s "$T/e"

# restart
old=$(field web 3)
rm -f "$S/web/armed"  # the new instance says when it catches signals
xits 0 'restart: 0' tend restart web
new=$(field web 3)
ok 'a new pid' test -n "$new" -a "$new" != "$old" -a "$new" != -
ok 'it says up with the new pid' grep -qx "web: up (pid $new)" "$T/o"
xits 0 'restart of a service that notifies: waits for readiness' tend restart rdy
ok 'it says ready' grep -q '^rdy: up (pid [0-9]*), ready$' "$T/o"
is "$(field rdy 5)" yes 'and it is ready when restart returns'
tend stop spare >/dev/null
xits 0 'restart of a service that is down starts it' tend restart spare
ok 'it says up' grep -q '^spare: up (pid' "$T/o"

# once
xits 0 'once: 0' tend once db
is "$(field db 2) $(field db 7)" 'up down' 'once: up, and not wanted up (not restarted)'

# reload, signal
ok 'web catches signals' wait_for 100 test -e "$S/web/armed"
xits 0 'reload: 0' tend reload web
ok 'it says it sent SIGHUP' grep -qx "web: sent SIGHUP to pid $(field web 3)" "$T/o"
ok 'the service got SIGHUP' wait_for 50 grep -qx SIGHUP "$S/web/sigs"
xits 0 'signal USR1' tend signal USR1 web
ok 'the service got SIGUSR1' wait_for 50 grep -qx SIGUSR1 "$S/web/sigs"
xits 0 'signal names: sigwinch, any case, with SIG' tend signal sigwinch web
ok 'the service got SIGWINCH' wait_for 50 grep -qx SIGWINCH "$S/web/sigs"
xits 100 'an unsupported signal: 100' tend signal SEGV web
tend stop spare >/dev/null
xits 1 'signal to a service that is down: 1' tend signal HUP spare
ok 'it says so' grep -q 'spare is not up: SIGHUP not sent' "$T/e"

# kill
old=$(field web 3)
rm -f "$S/web/armed"
xits 0 'kill: 0' tend kill web
new=$(field web 3)
ok 'it waited for the restart' test "$(field web 2)" = up -a "$new" != "$old"
ok 'it says killed, restarted, with the new pid' grep -qx "web: killed, restarted: up (pid $new)" "$T/o"
tend stop db >/dev/null 2>&1 ; tend once db >/dev/null
old=$(field db 3)
xits 0 'kill of a service not wanted up: 0' tend kill db
ok 'it says killed, and not restarting' grep -qx 'db: killed (SIGKILL)' "$T/o"
xits 1 'kill of a service that is down: 1' tend kill spare

# timeouts, failures, no wait, names
xits 99 'start of a service that never gets ready: 99 after -t' tend start -t 1 slow
ok 'it says it timed out' grep -q 'slow: timed out after 1 s waiting for it to be up and ready' "$T/e"
xits 1 'a permanent failure (finish exits 125) while waiting: 1' tend start -t 10 bad
ok 'it says failed' grep -q '^bad: failed: ' "$T/o"
xits 0 '-n: no wait' tend stop -n web
ok 'it says the command was sent' grep -qx 'web: stop sent' "$T/o"
ok 'and the service goes down' wait_for 50 sh -c "tend status web | grep -q ' down '"
xits 0 'several names' tend start web spare
ok 'one line each' sh -c "grep -q '^web: up' '$T/o' && grep -q '^spare: up' '$T/o'"
xits 1 'an unknown name: 1, nothing sent' tend stop web nope
ok 'the error lists the known names' grep -q 'unknown service: nope (known: bad db rdy slow spare web)' "$T/e"
is "$(field web 2)" up 'web was not stopped'
xits 100 'start without a name: usage' tend start
finish
