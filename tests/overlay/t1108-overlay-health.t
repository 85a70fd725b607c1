#!/bin/sh
# tend health in a container that is still in stage 2: a slow cont-init
# script keeps it unhealthy (the overlay's .tend-starting marker) even
# though no service is down yet; healthy once the services are supervised.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 5

# cont-init waits (bounded) for the test to let it go
ovl_file /etc/cont-init.d/10-slow 755 <<'EOS'
#!/bin/sh
i=0
while test ! -e /run/go && test $i -lt 300 ; do sleep 0.1 ; i=$((i + 1)) ; done
EOS
ovl_file /etc/services.d/web/run 755 <<'EOS'
#!/bin/sh
exec sleep 1000
EOS
id=$(ovl_start -- /init)
ok 'stage 1 is done: the scan directory exists' wait_for 100 ct exec "$id" test -d /run/tend/service/.s6-svscan
exits 1 'during the slow cont-init script: unhealthy' ct exec "$id" tend health
cat "$T/out" "$T/err" > "$T/h"
ok 'because the container is starting' grep -q 'unhealthy: the container is starting' "$T/h"
ct exec "$id" touch /run/go
ok 'once the services are supervised and up: healthy' wait_for 100 ct exec "$id" tend health
ok 'the marker is gone' ct exec "$id" test ! -e /run/tend/service/.tend-starting
ct stop -t 5 "$id" >/dev/null 2>&1
finish
