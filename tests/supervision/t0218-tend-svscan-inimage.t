#!/bin/sh
# tend-svscan without -x runs each supervisor from its own image, in a
# forked child that must look as if it had exec'd tend-supervise: its
# name (cmdline, comm), its directory, its descriptors (the log pipe, the
# console holder, what the scanner inherited, none of the scanner's own),
# and, for the services, the same signal state and environment as with -x.
. "${0%/*}/../lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 14

mkdir "$T/bin"
cp "$(command -v tend-svscan)" "$T/bin/tend-svscan"  # no tend-supervise beside it
# run reads its own signal state with builtins: a shell that forks blocks
# its signals meanwhile
state='while read -r k v ; do case $k in SigBlk:|SigIgn:|SigCgt:) echo "$k $v" ;; esac ; done < /proc/$$/status > state.tmp
env | grep -v -e "^PWD=" -e "^SHLVL=" -e "^_=" -e "^OLDPWD=" | sort >> state.tmp ; mv state.tmp state'
mksv plain "$state
exec sleep 1000"
mksv logged ; mksv logged/log ; mksv s6-svscan-log
: > "$T/console" ; : > "$T/inherited"
exec 4>>"$T/console" 5>>"$T/inherited"
rm -f "$T/notif"
bg "$T/bin/tend-svscan" -d 3 -X 4 "$S" 2>"$T/svscan.err" 3>"$T/notif"
svscan=$!
exec 4>&-
ok 'no tend-supervise needed: every service is up' wait_for 50 sh -c "test -s '$S/plain/state' && for n in plain logged logged/log s6-svscan-log ; do test -s '$S/'\$n/pid || exit 1 ; done"
sp=$(suppid plain) ; sl=$(suppid logged/log) ; sg=$(suppid logged) ; sc=$(suppid s6-svscan-log)
ok 'cmdline: tend-supervise NAME, for each' test -n "$sp" -a -n "$sl" -a -n "$sg" -a -n "$sc"
is "$(cat /proc/"$sp"/comm)" tend-supervise 'comm: tend-supervise'
is "$(readlink /proc/"$sp"/cwd)" "$(cd "$S/plain" && pwd -P)" 'cwd: the service directory'
p=$(readlink /proc/"$sl"/fd/0) ; case $p in pipe:*) ;; *) p=no-pipe ;; esac
is "$p" "$(readlink /proc/"$sl"/fd/0)" "the logger's supervisor: stdin is a pipe"
is "$(readlink /proc/"$sg"/fd/1)" "$p" "the service's supervisor: stdout is the same pipe"
is "$(readlink /proc/"$sp"/fd/1)" "$(readlink /proc/$$/fd/1)" 'an unlogged service: stdout inherited'
is "$(readlink /proc/"$sc"/fd/2)" "$T/console" '-X: s6-svscan-log gets the console holder as stderr'
is "$(readlink /proc/"$sp"/fd/5)" "$T/inherited" 'a descriptor the scanner inherited is kept'
is "$(readlink /proc/"$(svpid plain)"/fd/5)" "$T/inherited" '... and passed on to run'
# Each of its own: files in its directory and one signalfd. Anything else
# (the scanner's lock, control fifo, signalfd, log pipes) is a leak.
others () {
  for f in /proc/"$1"/fd/* ; do
    n=${f##*/} l=$(readlink "$f")
    test "$(readlink /proc/$$/fd/"$n" 2>/dev/null)" = "$l" && continue  # ours too: inherited
    case $n:$l in
      0:*|1:*|2:*|5:*|*:"$2"/*|*:anon_inode:\[signalfd\]) ;;
      *) echo "$n:$l" ;;
    esac
  done
}
is "$(others "$sp" "$(cd "$S/plain" && pwd -P)")" '' "none of the scanner's descriptors"
is "$(ls -l /proc/"$sp"/fd | grep -c signalfd)" 1 'one signalfd: its own'
cp "$S/plain/state" "$T/state.inimage"
kill -QUIT "$svscan" ; wait_for 100 gone "$svscan"

# The same tree with -x and the real tend-supervise: run must see the
# same signal mask, dispositions and environment.
rm -f "$S/plain/state" "$S/.s6-svscan/lock"
bg tend-svscan -x "$S" 2>"$T/svscan.err"
svscan=$!
wait_for 50 test -s "$S/plain/state"
is "$(cat "$S/plain/state")" "$(cat "$T/state.inimage")" "run's signals and environment: as with an exec"
is "$(tr '\0' ' ' < /proc/"$(suppid plain)"/cmdline)" "tend-supervise plain " '-x: the same cmdline'
exec 5>&-
finish
