#!/bin/sh
# docker stop (SIGTERM to process 1): the CMD and the services get SIGTERM,
# a slow service is waited for, one that ignores SIGTERM is killed after
# the grace time, the container exits as soon as everything is gone, with
# the CMD's exit code. SIGINT does the same; orphans are reaped.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 15

# A CMD that exits 7 on SIGTERM.
CMD='trap "echo cmd-got-term ; exit 7" TERM ; echo cmd-up ; while : ; do sleep 1 & wait $! ; done'
ovl_file /etc/services.d/prompt/run 755 <<'EOS'
#!/bin/sh
echo prompt-up
exec sleep 1000
EOS

# stop_ms ID: docker stop, prints how long it took in ms
stop_ms () { s=$(now_ms) ; ct stop -t "${2:-20}" "$1" >/dev/null 2>&1 ; echo $(( $(now_ms) - s )) ; }

id=$(ovl_start -- /init sh -c "$CMD")
ok 'prompt: the service and the CMD are up' ct wait-log --timeout 10 "$id" 'cmd-up'
ok 'prompt: the service runs' ct wait-log --timeout 10 "$id" 'prompt-up'
ms=$(stop_ms "$id")
is "$(ct wait "$id")" 7 'stopped: the container exits with the CMD exit code'
ok "prompt services stop at once, no fixed sleep ($ms ms < 2500, the kill grace time is 3000)" test "$ms" -lt 2500
ct logs "$id" > "$T/o" 2>&1
ok 'the CMD got SIGTERM' grep -q cmd-got-term "$T/o"

# No CMD: the container runs its services until it is stopped, then exits 0.
id=$(ovl_start -- /init)
ct wait-log --timeout 10 "$id" 'prompt-up' >/dev/null 2>&1
ok 'no CMD: the container keeps running' sh -c "ct () { '$TOP/tools/container' \"\$@\" ; } ; ct inspect '$id' | grep -q running"
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'no CMD, stopped: exit 0'

# SIGINT behaves like SIGTERM.
id=$(ovl_start -- /init sh -c "$CMD")
ct wait-log --timeout 10 "$id" 'prompt-up' >/dev/null 2>&1
ct kill -s INT "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 7 'SIGINT to process 1: graceful stop, the CMD exit code kept'

# A service that needs 2 s to stop finishes, its last write is on disk;
# a second SIGTERM does not cut the shutdown short.
rm -rf "$IMG/etc/services.d/prompt"
mkdir -p "$T/vol"
ovl_file /etc/services.d/slow/run 755 <<'EOS'
#!/bin/sh
trap 'sleep 2 ; echo last-write > /vol/slow ; exit 0' TERM
echo slow-up
while : ; do sleep 1 & wait $! ; done
EOS
id=$(ovl_start -v "$T/vol:/vol" -e TEND_SERVICES_GRACETIME=8000 -- /init sh -c "$CMD")
ct wait-log --timeout 10 "$id" 'slow-up' >/dev/null 2>&1
ct kill -s TERM "$id" >/dev/null 2>&1
sleep 0.3
ms=$(stop_ms "$id")
is "$(ct wait "$id")" 7 'slow service: exit code of the CMD'
ok 'the slow service finished: its last write is there' grep -qx last-write "$T/vol/slow"

# A service that ignores SIGTERM is killed after the services grace time,
# and the whole stop stays bounded.
rm -rf "$IMG/etc/services.d/slow"
ovl_file /etc/services.d/stubborn/run 755 <<'EOS'
#!/bin/sh
trap '' TERM
echo stubborn-up
while : ; do sleep 1 ; done
EOS
id=$(ovl_start -e TEND_SERVICES_GRACETIME=1000 -e TEND_KILL_GRACETIME=1000 -- /init sh -c "$CMD")
ct wait-log --timeout 10 "$id" 'stubborn-up' >/dev/null 2>&1
ms=$(stop_ms "$id")
is "$(ct wait "$id")" 7 'stubborn service: the CMD exit code is still kept'
ok "stubborn service killed after the grace time: stop took $ms ms (1000..6000)" test "$ms" -ge 900 -a "$ms" -lt 6000
ct logs "$id" > "$T/o" 2>&1
ok 'the scanner says it had to kill' grep -q 'killing what is left' "$T/o"

# Orphans: 200 background children whose parents exit at once are reaped.
rm -rf "$IMG/etc/services.d"
id=$(ovl_start -- /init sh -c 'i=0 ; while [ $i -lt 200 ] ; do ( sleep 0.2 & ) ; i=$((i + 1)) ; done ; echo storm-done ; exec sleep 1000')
ct wait-log --timeout 10 "$id" 'storm-done' >/dev/null 2>&1
zombies () { ct exec "$id" sh -c 'cat /proc/[0-9]*/stat 2>/dev/null' | awk '$3 == "Z"' | wc -l ; }
nozombie () { test "$(zombies)" -eq 0 && test "$(ct exec "$id" sh -c 'ls -d /proc/[0-9]* | wc -l')" -lt 10 ; }
ok 'orphan storm: every orphan is reaped' wait_for 50 nozombie
ms=$(stop_ms "$id")
is "$(ct wait "$id")" 143 'a CMD without a handler killed by the stop: 143'
finish
