# Sourced by every shell test: . "${0%/*}/../lib.sh"
# TAP helpers, a private temporary directory, and bounded waits.
set -u
TOP=$(cd "${0%/*}/../.." && pwd)
PATH=${TEST_BINDIR:-$TOP}:$PATH
export PATH
T=$(mktemp -d "${TMPDIR:-/tmp}/tend-test.XXXXXX") || exit 1
t_pids=
# t_sweep DIR: kills, by pid, every process whose working directory is DIR
# or below it (supervisors, services, finish scripts of a test's trees),
# until none is left. Bounded: five passes.
t_sweep () {
  for t_pass in 1 2 3 4 5 ; do
    t_left=
    for t_p in /proc/[0-9]* ; do
      t_p=${t_p#/proc/}
      test "$t_p" = "$$" && continue
      case $(readlink "/proc/$t_p/cwd" 2>/dev/null) in
        "$1"|"$1"/*) t_left="$t_left $t_p" ;;
      esac
    done
    test -z "$t_left" && return 0
    # shellcheck disable=SC2086
    kill -9 $t_left 2>/dev/null
    sleep 0.05
  done
}
t_cleanup () {
  for p in $t_pids ; do kill -9 "$p" 2>/dev/null ; done
  for p in $t_pids ; do wait "$p" 2>/dev/null ; done
  t_sweep "$T"
  rm -rf "$T"
}
trap t_cleanup EXIT
trap 'exit 1' INT TERM HUP
t_n=0 t_failed=0
plan () { echo "1..$1" ; }
pass () { t_n=$((t_n + 1)) ; echo "ok $t_n - $1" ; }
fail () { t_n=$((t_n + 1)) t_failed=$((t_failed + 1)) ; echo "not ok $t_n - $1" ; echo "# ${0##*/}: not ok $t_n - $1" 1>&2
  test -s "$T/err" && sed "s/^/#   /" "$T/err" 1>&2 ; return 0 ; }
skip () { t_n=$((t_n + 1)) ; echo "ok $t_n # SKIP $1" ; }
diag () { echo "# $*" ; }
# ok DESC CMD...: passes when CMD succeeds (its output in $T/out, $T/err).
ok () { d=$1 ; shift ; if "$@" >"$T/out" 2>"$T/err" ; then pass "$d" ; else fail "$d" ; fi ; }
# exits CODE DESC CMD...: passes when CMD exits with CODE.
exits () { w=$1 d=$2 ; shift 2 ; "$@" >"$T/out" 2>"$T/err" ; g=$?
  if test "$g" -eq "$w" ; then pass "$d" ; else fail "$d (exit $g, want $w)" ; fi ; }
# is GOT WANT DESC: string equality.
is () { if test "$1" = "$2" ; then pass "$3" ; else
  printf 'got:  %s\nwant: %s\n' "$1" "$2" > "$T/err" ; fail "$3" ; fi ; }
# wait_for TENTHS CMD...: polls CMD every 0.1 s, gives up after TENTHS tries.
wait_for () { n=$1 ; shift
  until "$@" 2>/dev/null ; do n=$((n - 1)) ; test "$n" -gt 0 || return 1 ; sleep 0.1 ; done ; }
# bg CMD...: starts CMD in the background; killed by pid at exit. Sets $!.
bg () { "$@" & t_pids="$t_pids $!" ; }
# alive PID / gone PID: a zombie counts as gone.
alive () { test -r "/proc/$1/stat" && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" ; }
gone () { ! alive "$1" ; }
need_root () { test "$(id -u)" -eq 0 ; }
finish () { test "$t_failed" -eq 0 ; exit $? ; }
