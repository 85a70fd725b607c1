# Sourced by the tend-log tests (t1000-t1099) after ../lib.sh:
#   . "${0%/*}/log-lib.sh"
# have_s6log: Debian's s6-log is there to compare with.
have_s6log () { test -x /usr/bin/s6-log ; }

# same DESC INPUT ARGS...: runs s6-log and tend-log with ARGS on the same
# INPUT (printf format); their stdout, stderr (program name and stamps
# normalized) and exit codes must be equal.
norm () { sed -e 's/^tend-log:/s6-log:/' -e 's/@4000[0-9a-f]\{20\}/@STAMP/g' \
  -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{9\}/ISO/g' ; }
same () {
  s_d=$1 s_in=$2 ; shift 2
  if ! have_s6log ; then skip "$s_d: no s6-log" ; return ; fi
  rm -rf "$T/s6" "$T/tend" ; mkdir "$T/s6" "$T/tend"
  printf "$s_in" > "$T/in"
  ( cd "$T/s6" && s6-log "$@" < "$T/in" > out 2> err ; echo "exit $?" >> out )
  ( cd "$T/tend" && tend-log "$@" < "$T/in" > out 2> err ; echo "exit $?" >> out )
  for s_f in "$T/s6"/* "$T/tend"/* ; do
    test -f "$s_f" && { norm < "$s_f" > "$s_f.n" ; mv "$s_f.n" "$s_f" ; }
  done
  if diff -r "$T/s6" "$T/tend" > "$T/err" 2>&1 ; then pass "$s_d" ; else fail "$s_d" ; fi
}

# lines FILES...: the lines of the files, in order
# inorder N FILE: FILE holds 1..N in order (duplicates of a line allowed
# right after it), every line whole ("<n> <padding>")
inorder () {
  awk -v N="$1" 'BEGIN { e = 1 ; bad = 0 }
    $0 !~ /^[0-9]+ x+$/ { bad++ ; next }
    { v = $1 + 0 ; if (v == e) e++ ; else if (v > e) { print "gap at " e ", got " v ; exit 1 } }
    END { if (e - 1 != N || bad) { print "last " e - 1 ", bad " bad ; exit 1 } }' "$2"
}
# logdir_all DIR: archives (oldest first), then current
logdir_all () { cat $(ls "$1"/@* 2>/dev/null | sort) "$1/current" ; }
# bgin CMD...: like bg, with stdin from fd 3 (sh gives an asynchronous
# command /dev/null as stdin unless it is redirected on the command itself)
bgin () { "$@" <&3 & t_pids="$t_pids $!" ; }
