#!/bin/sh
# tend-svstat on every kind of status file, written by hand under a live
# supervisor (which holds the lock and leaves the file alone: the service is
# down and normally down): human line, -n, every field, short options,
# byte for byte as s6-svstat 2.11.
. "${0%/*}/../lib.sh"
. "${0%/*}/svclient-lib.sh"
cases='0:0:0:0:0 0:0:0:0:8 3:1:0:0x000f:0x0c 3:1:0:0x0700:0x0c 3:1:123:0x0700:0x0f
3:1:123:0x0009:0x02 3:1:123:0x0009:0x0a 3:1:123:0x0009:0x0e 3:1:123:0x0009:0x0b
3:-200:123:0:0x0d 3:-200:0:0x0028:0x0d 3:2:0:0x0080:0x0d 3:1:0:0xffff:0xff
3:1:0:0x0f00:0xf0 70:60:123:0:0x08 3:2:123:0:0x00 3:2:0:0x0100:0x00 3:2:0:0x0100:0x04
3:1:0xffffffff:0:0x04 3:1:0x100000001:0:0x04 3:1:0x100000000:0:0x04 3:1:0x80000000:0:0x06'
all=up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor
ncases=$(echo $cases | wc -w)
plan $((ncases * 2 + 4))
if ! have_s6 ; then
  n=0 ; while test $n -lt $((ncases * 2 + 4)) ; do skip 's6 not installed' ; n=$((n + 1)) ; done
  exit 0
fi
mksv sv
: > "$T/sv/down"
start s6-supervise sv ; sup=$c_sup

for c in $cases ; do
  # shellcheck disable=SC2046
  putstatus sv $(echo "$c" | tr : ' ')
  for d in 0 1 ; do
    if test $d = 1 ; then : > "$T/sv/down" ; else rm -f "$T/sv/down" ; fi
    r=ok
    for o in '' -n "-o $all" "-n -o $all" -uwNrpest ; do
      # shellcheck disable=SC2086
      "s6-svstat" $o "$T/sv" > "$T/a" 2>&1 ; ea=$?
      # shellcheck disable=SC2086
      "tend-svstat" $o "$T/sv" > "$T/b" 2>&1 ; eb=$?
      # shellcheck disable=SC2086
      "s6-svstat" $o "$T/sv" > "$T/c" 2>&1 ; ec=$?
      if ! { test $ea = $eb && cmp -s "$T/a" "$T/b" ; } && ! { test $ec = $eb && cmp -s "$T/c" "$T/b" ; } ; then
        r="$o: s6 '$(cat "$T/a")' tend '$(cat "$T/b")'"
        break
      fi
    done
    if test "$r" = ok ; then pass "status $c, down file $d: same output" ; else echo "$r" > "$T/err" ; fail "status $c, down file $d: same output" ; fi
  done
done

# A stamp in the future reads as now (0 seconds, updownsince = the clock).
putstatus sv -100 -100 0 0 0x08
is "$(tend-svstat -o updownfor "$T/sv")" 0 'future stamp: updownfor 0'
since=$(tend-svstat -o updownsince "$T/sv")
now=$(printf '@40000000%08x' $(($(date +%s) + 37)))
case $since in
  "$now"*|@40000000$(printf '%08x' $(($(date +%s) + 36)))*) pass 'future stamp: updownsince is the clock' ;;
  *) echo "got $since, clock $now" > "$T/err" ; fail 'future stamp: updownsince is the clock' ;;
esac
same 'future readystamp: left alone, readyfor as s6-svstat prints it' svstat -o readyfor "$T/sv"
case $(cat "$T/tend.out") in
  1844674407370955151[6-8]) pass '... wrapped around (2^64 - 100 s)' ;;
  *) cat "$T/tend.out" > "$T/err" ; fail '... wrapped around (2^64 - 100 s)' ;;
esac
stop sv "$sup"
finish
