#!/bin/sh
# tend's programs called by the s6 names the overlay gives them
# (/opt/tend/compat/bin links): each works under that argv[0] with the
# options s6-overlay images pass, as its s6 namesake does; and the old
# execline import, as importas.
. "${0%/*}/../lib.sh"
plan 35

# The programs as the suite runs them (check-valgrind wraps them there).
BIN=${TEST_BINDIR:-$TOP}
B=$T/bin
mkdir -p "$B"
for p in svc svscanctl svwait svstat svok setuidgid envuidgid applyuidgid envdir softlimit log notifyoncheck ; do
  ln -s "$BIN/tend-$p" "$B/s6-$p"
done
ln -s "$BIN/logutil-service" "$B/logutil-service"
ln -s "$BIN/tend-import" "$B/import"
PATH=$B:$PATH:/usr/lib/execline/bin

mkdir "$T/env" && printf 'bar' > "$T/env/FOO"
ok 's6-envdir -fn' s6-envdir -fn "$T/env" sh -c 'test "$FOO" = bar'
ok 's6-softlimit -o 64' s6-softlimit -o 64 sh -c 'test "$(ulimit -n)" = 64'
exits 1 's6-svok on an unsupervised directory: 1, as s6-svok' s6-svok "$T"
exits 100 's6-svc -d on an unsupervised directory: 100, as s6-svc' s6-svc -d "$T"
exits 100 's6-svscanctl -t with no scanner: 100, as s6-svscanctl' s6-svscanctl -t "$T"
exits 100 's6-notifyoncheck: usage without a program' s6-notifyoncheck -c true
printf 'one\ntwo\n' | s6-log -bp -- n2 s4096 T "$T/ld" 2>"$T/err"
ok 's6-log -bp -- n2 s4096 T logdir' grep -Eq '^[0-9-]+ [0-9:.]+ +two$' "$T/ld/current"

# a supervised service, driven by the s6 names
mkdir -p "$T/sv" && printf '#!/bin/sh\nexec sleep 1000\n' > "$T/sv/run" && chmod 755 "$T/sv/run"
bg tend-supervise "$T/sv" 2>"$T/sup.err"
ok 'supervised' wait_for 50 s6-svok "$T/sv"
ok 's6-svwait -u -t 5000' s6-svwait -u -t 5000 "$T/sv"
ok 's6-svstat -u' s6-svstat -u "$T/sv"
is "$(cat "$T/out")" true 'says up'
ok 's6-svc -wd -T 5000 -d' s6-svc -wd -T 5000 -d "$T/sv"
ok 's6-svstat -o up' s6-svstat -o up "$T/sv"
is "$(cat "$T/out")" false 'says down'
ok 's6-svc -x' s6-svc -x "$T/sv"
ok 'the supervisor exits' wait_for 50 sh -c "! s6-svok '$T/sv'"

if need_root ; then
  ok 's6-setuidgid nobody' s6-setuidgid nobody sh -c 'test "$(id -u)" != 0'
  ok 's6-envuidgid -D 32768:32768 nobody then s6-applyuidgid -U' s6-envuidgid -D 32768:32768 nobody s6-applyuidgid -U sh -c 'test "$(id -u)" != 0'
  ok 's6-envuidgid -D: the default for an unknown account' s6-envuidgid -D 32768:32769 no-such-account-t0607 sh -c 'test "$UID:$GID" = 32768:32769'
  chmod 711 "$T"  # the logger, as nobody, must reach $T/pub
  mkdir -m 777 "$T/pub"
  printf 'line\n' | env S6_LOGGING_SCRIPT='n3' logutil-service "$T/pub/myapp"
  ok 'logutil-service: logs as nobody (or 32768)' sh -c "test \"\$(stat -c %u '$T/pub/myapp/current')\" -ne 0"
  ok 'with the S6_LOGGING_SCRIPT words' grep -qx line "$T/pub/myapp/current"
  mkfifo "$T/fifo"
  ( printf 'from fifo\n' > "$T/fifo" ) &
  env TEND_LOGGING_SCRIPT='n3' logutil-service -f "$T/fifo" "$T/pub/fifo"
  ok 'logutil-service -f fifo' grep -qx 'from fifo' "$T/pub/fifo/current"
else
  for i in 1 2 3 4 5 6 ; do skip 'needs root' ; done
fi
exits 100 'logutil-service without a logdir: usage' logutil-service
ok 'import -u VAR: importas -u VAR VAR' env FOO=x import -u FOO sh -c 'test "$0" = x && test -z "${FOO+set}"' '${FOO}'
ok 'import -D default, -uD0 in one word' import -D dflt BAR import -uD0 BAZ sh -c 'test "$0 $1" = "dflt 0"' '${BAR}' '${BAZ}'
exits 100 'import without a program: usage' import -u FOO

mkdir -p "$T/run/container_environment" && printf 'two\nlines' > "$T/run/container_environment/MULTI"
ok 'printcontenv VAR' env TEND_RUNTIME_DIR="$T/run" "$BIN/printcontenv" MULTI
is "$(cat "$T/out")" "two
lines" 'prints the saved value'
exits 1 'printcontenv of a variable not saved: 1' env TEND_RUNTIME_DIR="$T/run" "$BIN/printcontenv" NOPE
exits 100 'printcontenv ../x: usage' "$BIN/printcontenv" ../x
if need_root ; then
  ok 'logutil-newfifo -m 0620 -o nobody' "$BIN/logutil-newfifo" -m 0620 -o nobody "$T/nf"
  is "$(stat -c '%F %a %U' "$T/nf")" 'fifo 620 nobody' 'a fifo, that mode, that owner'
  printf x > "$T/nf2"
  ok 'an existing file is replaced' "$BIN/logutil-newfifo" "$T/nf2"
  is "$(stat -c '%F %a %U' "$T/nf2")" 'fifo 600 root' 'defaults: 0600, root'
else
  for i in 1 2 3 4 ; do skip 'needs root' ; done
fi
exits 1 'logutil-newfifo -o an unknown account: 1' "$BIN/logutil-newfifo" -o no-such-account-t0607 "$T/nf3"
finish
