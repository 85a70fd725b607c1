# Sourced by the interop tests after ../lib.sh: . "${0%/*}/lib-interop.sh"
#
# A scenario is a shell function run once per pair (D = daemon side,
# C = client side, each "s6" or "tend"), in a background subshell whose cwd
# is a fresh scratch directory; it prints a transcript of what it observes
# (client exit codes and output, status bytes, event bytes, death tally,
# file modes), with times and pids masked. The (s6, s6) transcript must be
# the one written in the test (the documented s6 2.11 behaviour); every other
# pair's transcript must equal it. The four pairs of a scenario run at once.
#
# Helpers below start with i_; inside a scenario $D, $C and $W (the scratch
# directory, also the cwd) are set. Every wait is bounded (i_wait_*: about
# 10 s, I_WAIT tenths of a second); a wait that gives up writes a TIMEOUT
# line into the transcript.

I_PAIRS="s6:s6 tend:s6 s6:tend tend:tend"
I_BIN=${TEST_BINDIR:-$TOP}
I_WAIT=${I_WAIT:-100}
umask 022

# Everything a scenario starts runs with its cwd under $T (the scratch
# directory, a service directory or a scan directory), so the cleanup kills
# exactly those processes, by pid, supervisors first.
i_sweep () {
  for _ in 1 2 3 4 5 ; do
    i_left=$(find /proc -mindepth 2 -maxdepth 2 -name cwd \( -lname "$1" -o -lname "$1/*" \) 2>/dev/null \
      | sed -e 's|^/proc/||' -e 's|/cwd$||' | grep -vx "$$")
    test -z "$i_left" && return 0
    # shellcheck disable=SC2086
    kill -9 $i_left 2>/dev/null
    sleep 0.05
  done
}
trap 'i_sweep "$T" ; t_cleanup' EXIT
ulimit -c 0 2>/dev/null

# i_prog SIDE NAME: the program NAME (supervise, svscan, svc, svstat, svok,
# svwait, svscanctl) of SIDE.
i_prog () { if test "$1" = s6 ; then echo "s6-$2" ; else echo "$I_BIN/tend-$2" ; fi ; }

# i_missing SIDE PROGS...: the tend programs of SIDE not built yet.
i_missing () {
  test "$1" = s6 && return 0
  shift
  for i_x ; do test -x "$I_BIN/tend-$i_x" || printf ' tend-%s' "$i_x" ; done
}

i_desc () {
  i_d=$(i_prog "$1" "$3") i_c=$(i_prog "$2" "$4")
  echo "${i_d##*/} driven by ${i_c##*/}"
}

# i_scenario NAME "DAEMONS" "CLIENTS" FUNCTION EXPECTED
# Runs FUNCTION for every pair (DAEMONS: the daemon-side programs it starts,
# CLIENTS: the client-side programs it calls) and checks the transcripts:
# 4 TAP lines. The first name of each list names the pair in descriptions.
# CLIENTS "-": the scenario drives the daemon with s6's tools or signals
# only; the pairs are then (s6, s6) and (tend, s6): 2 TAP lines.
i_scenario () {
  i_name=$1 i_dp=$2 i_cp=$3 i_fn=$4 i_want=$5
  i_runners=
  i_pairs=$I_PAIRS i_others="tend:s6 s6:tend tend:tend"
  if test "$i_cp" = - ; then i_pairs="s6:s6 tend:s6" i_others=tend:s6 i_cp= ; fi
  for i_pair in $i_pairs ; do
    D=${i_pair%:*} C=${i_pair#*:}
    W=$T/$i_name.$D-$C
    mkdir "$W"
    # shellcheck disable=SC2086
    i_miss=$( (i_missing "$D" $i_dp ; i_missing "$C" $i_cp) | tr ' ' '\n' | sort -u | tr '\n' ' ')
    i_miss=${i_miss% }
    if test -n "$i_miss" ; then echo "$i_miss" > "$W.skip" ; continue ; fi
    ( cd "$W" || exit 1 ; "$i_fn" ) > "$W.tr" 2> "$W.stderr" < /dev/null &
    i_runners="$i_runners $!"
  done
  i_t0=$(date +%s.%N)
  for i_p in $i_runners ; do wait "$i_p" ; done
  diag "$i_name: $(date +%s.%N | awk -v t="$i_t0" "{ printf \"%.2f\", \$1 - t }") s"
  i_sweep "$T"
  # shellcheck disable=SC2086
  set -- $i_dp ; i_d1=$1
  # shellcheck disable=SC2086
  set -- ${i_cp:-s6} ; i_c1=$1
  i_ref=$T/$i_name.s6-s6
  test -n "${I_DUMP:-}" && test -f "$i_ref.tr" && cp "$i_ref.tr" "$I_DUMP/$i_name.tr"
  if test -f "$i_ref.skip" ; then
    skip "$i_name: s6 is not installed"
  elif test -z "$i_cp" ; then
    printf '%s\n' "$i_want" > "$i_ref.want"
    if cmp -s "$i_ref.want" "$i_ref.tr" ; then
      pass "$i_name: s6-$i_d1: documented s6 transcript"
    else
      diff -u "$i_ref.want" "$i_ref.tr" > "$T/err"
      sed 's/^/stderr: /' "$i_ref.stderr" >> "$T/err"
      fail "$i_name: s6-$i_d1: documented s6 transcript"
    fi
  else
    printf '%s\n' "$i_want" > "$i_ref.want"
    if cmp -s "$i_ref.want" "$i_ref.tr" ; then
      pass "$i_name: $(i_desc s6 s6 "$i_d1" "$i_c1"): documented s6 transcript"
    else
      diff -u "$i_ref.want" "$i_ref.tr" > "$T/err"
      sed 's/^/stderr: /' "$i_ref.stderr" >> "$T/err"
      fail "$i_name: $(i_desc s6 s6 "$i_d1" "$i_c1"): documented s6 transcript"
    fi
  fi
  for i_pair in $i_others ; do
    D=${i_pair%:*} C=${i_pair#*:}
    W=$T/$i_name.$D-$C
    i_what="$i_name: $(i_desc "$D" "$C" "$i_d1" "$i_c1") = s6 with s6"
    test -z "$i_cp" && i_what="$i_name: ${i_d1##*/}: tend-$i_d1 = s6-$i_d1"
    if test -f "$W.skip" ; then
      skip "$i_what: not built yet:$(cat "$W.skip")"
    elif test -f "$i_ref.skip" ; then
      skip "$i_what: s6 is not installed"
    elif cmp -s "$i_ref.tr" "$W.tr" ; then
      pass "$i_what"
    else
      diff -u "$i_ref.tr" "$W.tr" > "$T/err"
      sed 's/^/stderr: /' "$W.stderr" >> "$T/err"
      fail "$i_what"
    fi
  done
}

# i_plan N: N TAP lines (4 per scenario, 2 per scenario without a client
# side); skips everything without s6.
i_plan () {
  plan "$1"
  if ! command -v s6-supervise >/dev/null 2>&1 ; then
    i_k=0
    while test $i_k -lt "$1" ; do skip "s6 is not installed (apt-get install s6)" ; i_k=$((i_k + 1)) ; done
    exit 0
  fi
}

# ---- building service directories (inside a scenario) ----

# i_mksv DIR SCRIPT: a service directory whose run is "#!/bin/sh" + SCRIPT.
i_mksv () { mkdir -p "$1" && printf '#!/bin/sh\n%s\n' "$2" > "$1/run" && chmod 755 "$1/run" ; }
# i_mkfinish DIR SCRIPT
i_mkfinish () { printf '#!/bin/sh\n%s\n' "$2" > "$1/finish" && chmod 755 "$1/finish" ; }

# ---- starting daemons ----

# i_sup DIR [SIDE]: starts the supervisor of SIDE (default $D) on DIR in the
# background; its pid in $i_pid. Background jobs of sh ignore SIGINT and
# SIGQUIT, and a supervisor passes ignored signals on to its service: env
# gives the daemons the default dispositions back.
i_sup () {
  env --default-signal=INT,QUIT "$(i_prog "${2:-$D}" supervise)" "$1" >> "$W/daemon.log" 2>&1 &
  i_pid=$!
}
# i_scan DIR [SIDE|OPTIONS...]: starts the scanner of SIDE (default $D) on
# DIR, with OPTIONS; its pid in $i_pid.
i_scan () {
  i_dir=$1 i_side=$D ; shift
  case ${1:-} in s6|tend) i_side=$1 ; shift ;; esac
  env --default-signal=INT,QUIT "$(i_prog "$i_side" svscan)" "$@" "$i_dir" >> "$W/daemon.log" 2>&1 &
  i_pid=$!
}
# i_reap PID LABEL: waits (bounded) for our child PID to exit; prints
# "LABEL: exit N".
i_reap () {
  i_n=$((I_WAIT * 2))
  while kill -0 "$1" 2>/dev/null && test -r "/proc/$1/stat" && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null ; do
    i_n=$((i_n - 1))
    if test $i_n -le 0 ; then echo "$2: TIMEOUT (still running)" ; kill -9 "$1" ; wait "$1" ; return ; fi
    sleep 0.05
  done
  wait "$1"
  echo "$2: exit $?"
}

# ---- clients ----

i_norm () {
  sed -e 's/@[0-9a-f]\{24\}/@TAIN/g' -e 's/[0-9][0-9]* seconds/N seconds/g' \
      -e "s/(pid $i_stpid)/(pid =status)/" -e 's/(pid [0-9]*)/(pid ?)/'
}
# i_c TOOL ARGS...: runs the client TOOL of $C; prints its exit code and its
# output, times masked ("(pid =status)": the pid in the status file).
i_c () {
  i_t=$1 ; shift
  timeout -k 1 10 "$(i_prog "$C" "$i_t")" "$@" > "$W/c.out" 2> "$W/c.err"
  i_e=$?
  i_last=$(for i_a ; do case $i_a in -*) ;; *) echo "$i_a" ;; esac ; done | tail -n 1)
  i_stvars "$i_last"
  echo "$i_t $*: exit $i_e"
  i_norm < "$W/c.out" | sed 's/^/  /'
}
# i_svstat_o FIELDS DIR: svstat -o FIELDS; values paired with field names,
# pid and stamps compared with the status file, times masked.
# i_svstat_short LETTERS DIR: the same with svstat's short options.
i_svstat_o () {
  timeout -k 1 10 "$(i_prog "$C" svstat)" -o "$1" "$2" > "$W/c.out" 2> "$W/c.err"
  i_e=$?
  printf 'svstat -o %s %s: exit %s\n' "$1" "$2" "$i_e"
  i_svstat_pair "$(echo "$1" | tr , ' ')" "$2"
}
i_svstat_short () {
  timeout -k 1 10 "$(i_prog "$C" svstat)" -"$1" "$2" > "$W/c.out" 2> "$W/c.err"
  i_e=$?
  printf 'svstat -%s %s: exit %s\n' "$1" "$2" "$i_e"
  i_svstat_pair "$(echo "$1" | sed 's/./& /g' | tr ' ' '\n' | while read -r i_x ; do
    case $i_x in
      u) echo up ;; w) echo wantedup ;; N) echo normallyup ;; r) echo ready ;;
      p) echo pid ;; e) echo exitcode ;; s) echo signal ;; t) echo updownfor ;;
    esac
  done)" "$2"
}
i_svstat_pair () {
  i_stvars "$2"
  # shellcheck disable=SC2046
  set -- $1 -- $(cat "$W/c.out")
  i_names= ; while test "$1" != -- ; do i_names="$i_names $1" ; shift ; done ; shift
  for i_f in $i_names ; do
    i_v=${1-MISSING} ; test $# -gt 0 && shift
    case $i_f:$i_v in
      pid:"$i_stpid") i_v='=status' ;;
      updownsince:"@$i_ststamp") i_v='=status' ;;
      readysince:"@$i_stready") i_v='=status' ;;
      *for:[0-9]|*for:[0-9]*[0-9]) i_v=N ;;
    esac
    printf '  %s: %s\n' "$i_f" "$i_v"
  done
  test $# -eq 0 || echo "  extra: $*"
}

# i_cbg TOOL ARGS...: starts the client TOOL of $C in the background; its
# pid in $i_bgpid; i_cbgreap prints its exit code and output like i_c.
i_cbg () {
  i_bgdesc="$*"
  i_t=$1 ; shift
  timeout -k 1 10 "$(i_prog "$C" "$i_t")" "$@" > "$W/cbg.out" 2> "$W/cbg.err" &
  i_bgpid=$!
}
i_cbgreap () {
  wait "$i_bgpid"
  echo "$i_bgdesc: exit $?"
  i_norm < "$W/cbg.out" | sed 's/^/  /'
}
# i_wait_subs DIR N: until DIR/event holds N listener fifos.
i_wait_subs () { i_wait i_nsubs "$1" "$2" ; }
i_nsubs () { test "$(ls "$1/event" | grep -c '^ftrig1:')" -eq "$2" ; }

# ---- the status file ----

# i_stvars DIR: decodes DIR/supervise/status into i_stsum (a summary:
# pid=yes/no, wstat, flags, stamps "now" if they are TAI64N within 60 s of
# the clock, with s6's 2^62 + 37 s offset), i_stpid (decimal), i_ststamp,
# i_stready (24 hex).
i_stvars () {
  i_stpid=- i_ststamp=- i_stready=-
  if ! test -f "$1/supervise/status" ; then i_stsum=none ; return ; fi
  # shellcheck disable=SC2046
  set -- $(od -An -v -tx1 "$1/supervise/status")
  if test $# -ne 35 ; then i_stsum="$# bytes" ; return ; fi
  i_ststamp=$1$2$3$4$5$6$7$8$9${10}${11}${12}
  i_stready=${13}${14}${15}${16}${17}${18}${19}${20}${21}${22}${23}${24}
  i_stpid=$((0x${25}${26}${27}${28}${29}${30}${31}${32}))
  i_stsum="pid=$(test "$i_stpid" -ne 0 && echo yes || echo no) wstat=${33}${34} flags=${35}"
  i_now=$(date +%s)
  for i_s in "$1$2$3$4$5$6$7$8" "${13}${14}${15}${16}${17}${18}${19}${20}" ; do
    i_d=$((i_now + 0x4000000000000000 + 37 - 0x$i_s))
    if test "$i_d" -lt -2 || test "$i_d" -gt 60 ; then i_stsum="$i_stsum stamp=bad" ; return ; fi
  done
  i_stsum="$i_stsum stamps=now"
}
# i_st DIR: prints the status summary.
i_st () { i_stvars "$1" ; echo "status $1: $i_stsum" ; }
# i_stamps DIR: how the status file's readystamp compares with its stamp.
i_stamps () {
  i_stvars "$1"
  if test "$i_stready" = "$i_ststamp" ; then i_x=same
  elif test "$(printf '%s\n%s\n' "$i_stready" "$i_ststamp" | sort | head -n 1)" = "$i_stready" ; then i_x=earlier
  else i_x=later
  fi
  echo "readystamp of $1: $i_x than its stamp" | sed 's/same than/same as/'
}
# i_wait_st DIR PATTERN: until the status summary matches PATTERN (a glob).
i_wait_st () {
  i_n=$((I_WAIT * 5))
  while i_stvars "$1" ; do
    case $i_stsum in $2) return 0 ;; esac
    i_n=$((i_n - 1))
    if test $i_n -le 0 ; then echo "TIMEOUT waiting for status $1 to be $2 (is $i_stsum)" ; return 1 ; fi
    sleep 0.02
  done
}
i_up='pid=yes wstat=* flags=0[014589cd] *'

# ---- events ----

i_evfile () { echo "$W/ev.$(echo "$1" | tr / _)" ; }
# i_listen DIR: subscribes to DIR/event with a hand-made ftrig1 fifo (made
# hidden, opened read-write so it never sees EOF, renamed visible), read by
# a cat into a file. Creates event/ (3730) first if missing.
i_listen () {
  test -d "$1/event" || { mkdir -p "$1/event" && chmod 3730 "$1/event" ; }
  i_lbl=$(printf '@4000000%09x%08x:itst%02d' "$(($(date +%s) + 37))" $$ "$(ls "$1/event" | wc -l)")
  mkfifo -m 0600 "$1/event/.ftrig1:$i_lbl"
  exec 7<> "$1/event/.ftrig1:$i_lbl"
  mv "$1/event/.ftrig1:$i_lbl" "$1/event/ftrig1:$i_lbl"
  : > "$(i_evfile "$1")"
  cat <&7 >> "$(i_evfile "$1")" &
  exec 7<&-
}
i_evget () { i_ev=$(cat "$(i_evfile "$1")") ; }
# i_ev DIR: prints the events received so far.
i_ev () { i_evget "$1" ; echo "events $1: $i_ev" ; }
# i_wait_ev DIR PATTERN: until the events received match PATTERN (a glob);
# then, if the last event is u, U or D, until the status file says so too
# (the event and the status write are not ordered).
i_wait_ev () {
  i_n=$((I_WAIT * 5))
  while i_evget "$1" ; do
    case $i_ev in
      $2)
        case $i_ev in
          *[uU]) i_wait_st "$1" "$i_up" ;;
          *D) i_wait_st "$1" 'pid=no *' ;;
        esac
        return 0 ;;
    esac
    i_n=$((i_n - 1))
    if test $i_n -le 0 ; then echo "TIMEOUT waiting for events $1 to be $2 (are $i_ev)" ; return 1 ; fi
    sleep 0.02
  done
}
# i_wait CMD...: until CMD succeeds (bounded).
i_wait () {
  i_n=$((I_WAIT * 5))
  until "$@" 2>/dev/null ; do
    i_n=$((i_n - 1))
    if test $i_n -le 0 ; then echo "TIMEOUT waiting for: $*" ; return 1 ; fi
    sleep 0.02
  done
}
# i_settle: lets a daemon act on what it was just told when there is no
# event to wait for (used only to show that nothing happens).
i_settle () { sleep 0.2 ; }

# ---- other observations ----

# i_dt DIR: the death tally as s6-svdt prints it, times masked.
i_dt () { echo "death_tally $1:" ; s6-svdt "$1" 2>&1 | i_norm | sed 's/^/  /' ; }
# i_modes DIR...: file type and mode of every entry (listener fifos left out).
i_modes () {
  for i_x ; do
    find "$i_x" -name 'ftrig1:*' -prune -o -name '.ftrig1:*' -prune -o -print | sort | while read -r i_f ; do
      stat -c '%n %F %a' "$i_f"
    done
  done
}
# i_wait_unlocked DIR: until no supervisor holds DIR's lock (an exiting
# supervisor sends x just before it exits).
i_wait_unlocked () { i_wait i_unlocked "$1" ; }
i_unlocked () { ! s6-svok "$1" ; }
# i_pidof_run DIR: the pid in DIR's status file ("" if none).
i_pidof_run () { i_stvars "$1" ; test "$i_stpid" != - && test "$i_stpid" -ne 0 && echo "$i_stpid" ; }
# i_runpid DIR: waits until DIR is up (status), then its pid.
i_runpid () { i_wait_st "$1" "$i_up" >/dev/null ; i_pidof_run "$1" ; }
# i_proc PID: "alive", "stopped" or "gone".
i_proc () {
  if test -z "$1" ; then echo none ; return ; fi
  if ! test -r "/proc/$1/stat" ; then echo gone ; return ; fi
  case $(sed 's/^.*) //' "/proc/$1/stat" | cut -c1) in
    Z|X) echo gone ;; T|t) echo stopped ;; *) echo alive ;;
  esac
}
i_is_gone () { test "$(i_proc "$1")" = gone ; }
# i_wait_proc PID STATE: until i_proc PID says STATE (bounded); prints it.
i_wait_proc () { i_wait i_proc_is "$1" "$2" ; echo "process: $(i_proc "$1")" ; }
i_proc_is () { test "$(i_proc "$1")" = "$2" ; }
