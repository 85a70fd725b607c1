#!/bin/sh
# tend-notifyoncheck: bad options, no supervisor, bad notification-fd,
# failed exec; same exit codes as Debian's s6-notifyoncheck 2.11.
. "${0%/*}/../lib.sh"
. "${0%/*}/notifyoncheck-lib.sh"

if ! noc_have_clients || test -z "$(noc_supervisors)" ; then
  plan 1 ; skip 'needs s6 (s6-supervise, s6-svc, s6-svstat, s6-svok)' ; finish
fi
IMPLS=tend-notifyoncheck
command -v s6-notifyoncheck >/dev/null && IMPLS="$IMPLS s6-notifyoncheck"
set -- $IMPLS
plan $((19 * $# + 3))

mkdir "$T/plain"
mksv sv ''
touch "$T/sv/down"   # supervised, never started: we run the program by hand
start "$(noc_supervisors | cut -d' ' -f1)" sv || echo "# supervisor did not start"

for p in $IMPLS ; do
  cd "$T/sv" || exit 1
  exits 100 "$p: no argument: usage" $p
  exits 100 "$p: options but no prog: usage" $p -s 10 -n 2
  exits 100 "$p: unknown option: usage" $p -x true
  exits 100 "$p: -s not a number: usage" $p -s abc true
  exits 100 "$p: -n negative: usage" $p -n -1 true
  exits 100 "$p: -T empty: usage" $p -T '' true
  exits 100 "$p: -3 not a number: usage" $p -3 x true
  exits 100 "$p: -t with trailing garbage: usage" $p -t 10ms true

  cd "$T/plain" || exit 1
  exits 100 "$p: not in a supervised directory: 100" $p -3 1 true
  cd "$T/sv" || exit 1

  mv notification-fd nfd.save
  exits 111 "$p: no ./notification-fd: 111" $p true 3>/dev/null
  printf 'abc\n' > notification-fd
  exits 100 "$p: garbage in ./notification-fd: 100" $p true 3>/dev/null
  : > notification-fd
  exits 100 "$p: empty ./notification-fd: 100" $p true 3>/dev/null
  printf '3 \n' > notification-fd
  exits 100 "$p: trailing space in ./notification-fd: 100" $p true 3>/dev/null
  printf '3' > notification-fd
  # exits at once: data/check fails and -n 1 is the only try
  exits 0 "$p: ./notification-fd without a newline is fine" $p -s 0 -n 1 true 3>/dev/null
  mv nfd.save notification-fd
  exits 111 "$p: notification fd not open: 111" $p true 3>&-
  exits 111 "$p: -3 fd not open: 111" $p -3 7 true 7>&-
  exits 0 "$p: -3 overrides ./notification-fd" $p -s 0 -n 1 -3 7 true 3>&- 7>/dev/null
  exits 127 "$p: prog not found: 127" $p -s 0 -n 1 /nonexistent/prog 3>/dev/null
  exits 126 "$p: prog not executable: 126" $p -s 0 -n 1 ./notification-fd 3>/dev/null
done
# One-line messages, program name first.
cd "$T/plain" || exit 1
tend-notifyoncheck -3 1 true 2>"$T/msg"
is "$(cat "$T/msg")" 'tend-notifyoncheck: fatal: no supervisor running in the current directory' 'message: no supervisor'
tend-notifyoncheck -q true 2>"$T/msg"
is "$(cat "$T/msg")" 'tend-notifyoncheck: usage: tend-notifyoncheck [ -d ] [ -3 notiffd ] [ -s initialsleep ] [ -T globaltimeout ] [ -t localtimeout ] [ -w waitingtime ] [ -n tries ] [ -c checkprog ] prog...' 'message: usage'
cd "$T/sv" || exit 1
printf 'abc\n' > notification-fd
tend-notifyoncheck true 3>/dev/null 2>"$T/msg"
is "$(cat "$T/msg")" 'tend-notifyoncheck: fatal: invalid ./notification-fd' 'message: invalid notification-fd'
echo 3 > notification-fd
cd / || exit 1
stop sv
finish
