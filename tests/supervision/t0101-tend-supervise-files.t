#!/bin/sh
# tend-supervise: what it creates in a service directory, with which
# modes; the same as real s6-supervise on an identical directory.
. "${0%/*}/../lib.sh"
. "${0%/*}/supervise-lib.sh"
plan 19

# modes DIR: type+mode and size of everything supervise made.
modes () {
  for f in event supervise supervise/lock supervise/control supervise/status supervise/death_tally ; do
    printf '%s %s %s\n' "$f" "$(stat -c '%A %s' "$1/$f")"
  done
}

mksv a
start a
wait_for 50 isup a
is "$(mode "$T/a/event")" 'drwx-ws--T' 'event/ is 3730'
is "$(stat -c %g "$T/a/event")" "$(id -g)" 'event/ belongs to our group'
is "$(mode "$T/a/supervise")" 'drwx------' 'supervise/ is 0700'
is "$(mode "$T/a/supervise/lock")" '-rw-r--r--' 'supervise/lock is 0644'
is "$(mode "$T/a/supervise/control")" 'prw-------' 'supervise/control is a fifo, 0600'
is "$(stat -c '%A %s' "$T/a/supervise/status")" '-rw-r--r-- 35' 'status: 35 bytes, 0666 & ~umask'
is "$(stat -c '%A %s' "$T/a/supervise/death_tally")" '-rw-r--r-- 0' 'death_tally: empty at start'
ok 'no status.new left behind' test ! -e "$T/a/supervise/status.new"

# The same directory under real s6-supervise, the same umask.
mksv b
bg s6-supervise "$T/b" ; s6=$!
wait_for 50 isup b
modes "$T/a" > "$T/modes.tend"
modes "$T/b" > "$T/modes.s6"
ok 'same files and modes as s6-supervise' cmp "$T/modes.tend" "$T/modes.s6"
kill "$s6" "$s_sup"
wait_for 50 gone "$s_sup"

# umask 077: the status file follows it, the fixed modes do not.
mksv c
( umask 077 ; exec tend-supervise "$T/c" ) 2>/dev/null & t_pids="$t_pids $!" ; c=$!
wait_for 50 isup c
is "$(stat -c '%A' "$T/c/supervise/status")" '-rw-------' 'umask 077: status 0600'
is "$(mode "$T/c/supervise/lock") $(mode "$T/c/supervise/control") $(mode "$T/c/event")" \
   '-rw-r--r-- prw------- drwx-ws--T' 'umask 077: lock, control, event unchanged'
kill "$c"

# An existing event/ is used as it is; death_tally is truncated at start.
mksv d
mkdir -m 755 "$T/d/event" "$T/d/supervise"
printf 'x' > "$T/d/event/keep"
printf '0123456789abcd' > "$T/d/supervise/death_tally"
start d
wait_for 50 isup d
is "$(mode "$T/d/event")" 'drwxr-xr-x' 'an existing event/ keeps its mode'
ok 'and its contents' test -f "$T/d/event/keep"
is "$(stat -c %s "$T/d/supervise/death_tally")" 0 'death_tally truncated at start'
kill "$s_sup"

# supervise/ as a symlink: to an existing directory, or dangling (its
# target is made).
mksv e ; mkdir "$T/e-state" ; ln -s "$T/e-state" "$T/e/supervise"
start e
ok 'supervise -> existing directory: accepted' wait_for 50 test -p "$T/e-state/control"
ok 'and the lock is there' s6-svok "$T/e"
kill "$s_sup"
mksv f ; ln -s "$T/f-state" "$T/f/supervise"
start f
is "$(mode "$T/f-state")" 'drwx------' 'dangling supervise symlink: target made 0700'
kill "$s_sup" ; wait_for 50 gone "$s_sup"
start f
ok 'and reused at the next start' wait_for 50 isup f
mksv g ; ln -s "$T/g-event" "$T/g/event"
start g
is "$(mode "$T/g-event")" 'drwx-ws--T' 'dangling event symlink: target made 3730'
finish
