#!/bin/sh
# tend-supervise: usage, setup errors and their exit codes, one instance
# per service directory.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 17

exits 100 'no argument: usage (100)' tend-supervise
exits 100 'two arguments: usage (100)' tend-supervise "$T/a" "$T/b"
said 'usage line on stderr' '^tend-supervise: usage: tend-supervise servicedir$'
exits 111 'missing directory: 111' tend-supervise "$T/nonexistent"
said 'message names the directory' "^tend-supervise: fatal: unable to chdir to $T/nonexistent: No such file or directory\$"
: > "$T/file"
exits 111 'not a directory: 111' tend-supervise "$T/file"

mksv bad1 ; : > "$T/bad1/supervise"
exits 100 'supervise is a file: 100' tend-supervise "$T/bad1"
said 'says what is wrong' "^tend-supervise $T/bad1: fatal: supervise exists and is not a directory"
mksv bad2 ; : > "$T/bad2/event"
exits 100 'event is a file: 100' tend-supervise "$T/bad2"
mksv bad3 ; mkdir -m 700 "$T/bad3/supervise" ; : > "$T/bad3/supervise/control"
exits 100 'supervise/control is not a fifo: 100' tend-supervise "$T/bad3"

# Unreadable (not searchable) directory, as an unprivileged user.
mksv locked ; chmod 700 "$T/locked" ; chmod 711 "$T"
if need_root ; then
  exits 111 'unsearchable directory: 111' setpriv --reuid=65534 --regid=65534 --clear-groups tend-supervise "$T/locked"
  said 'with a clear message' "unable to chdir to $T/locked: Permission denied"
  mksv ro ; mkdir -p "$T/ro" ; chmod 755 "$T/ro"
  exits 111 'unwritable directory: 111' setpriv --reuid=65534 --regid=65534 --clear-groups tend-supervise "$T/ro"
else
  skip 'needs root' ; skip 'needs root' ; skip 'needs root'
fi

# One supervisor per directory, whichever implementation holds the lock.
mksv one
start one
exits 100 'a second tend-supervise is refused: 100' tend-supervise "$T/one"
said 'saying another instance runs' 'another instance'
exits 100 'real s6-supervise is refused too' s6-supervise "$T/one"
kill "$s_sup" ; wait "$s_sup" 2>/dev/null
mksv two
bg s6-supervise "$T/two" ; s6=$!
wait_for 50 s6-svok "$T/two"
exits 100 'tend-supervise refuses a directory held by s6-supervise' tend-supervise "$T/two"
kill "$s6"
finish
