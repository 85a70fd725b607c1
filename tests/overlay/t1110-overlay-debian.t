#!/bin/sh
# Real daemons from Debian under the overlay, in a debootstrap root (built
# once with tools/mkrootfs and cached, about a minute): PostgreSQL as a
# service, stopped by SIGTERM to process 1, shuts down cleanly and starts
# again without crash recovery; nginx serves on loopback.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 8
ovl_debian 8
pgbin=$(ls -d "$DEB"/usr/lib/postgresql/*/bin | tail -n 1) ; pgbin=${pgbin#"$DEB"}
pgver=${pgbin#/usr/lib/postgresql/} ; pgver=${pgver%/bin}

ovl_file /etc/cont-init.d/10-pg 755 <<'EOS'
#!/bin/sh
mkdir -p /run/postgresql && chown postgres:postgres /run/postgresql
EOS
ovl_file /etc/services.d/postgres/run 755 <<EOS
#!/bin/sh
exec 2>&1
exec tend-setuidgid postgres $pgbin/postgres -D /var/lib/postgresql/$pgver/main -c config_file=/etc/postgresql/$pgver/main/postgresql.conf
EOS
# The data directory outlives the container: a volume.
mkdir "$T/pg"
cp -a "$DEB/var/lib/postgresql/." "$T/pg/"

id=$(ovl_start -v "$T/pg:/var/lib/postgresql" -- /init)
ok 'postgresql runs as a service' ct wait-log --timeout 30 "$id" 'ready to accept connections'
ct exec "$id" tend-setuidgid postgres psql -Atc 'select 40 + 2' > "$T/o" 2>&1
ok 'and answers' grep -qx 42 "$T/o"
ct stop -t 20 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'SIGTERM to process 1: the container stops, exit 0'
ct logs "$id" > "$T/log1" 2>&1
ok 'postgresql logged a clean shutdown' grep -q 'database system is shut down' "$T/log1"

id=$(ovl_start -v "$T/pg:/var/lib/postgresql" -- /init)
ct wait-log --timeout 30 "$id" 'ready to accept connections' >/dev/null 2>&1
ct stop -t 20 "$id" >/dev/null 2>&1
ct wait "$id" >/dev/null
ct logs "$id" > "$T/log2" 2>&1
ok 'it starts again from a cleanly shut down cluster' grep -q 'database system was shut down at' "$T/log2"
ok 'without crash recovery' sh -c "! grep -Eq 'interrupted|automatic recovery|not properly shut down' '$T/log2'"

rm -rf "$IMG/etc/services.d" "$IMG/etc/cont-init.d"
ovl_file /etc/services.d/nginx/run 755 <<'EOS'
#!/bin/sh
exec 2>&1
exec nginx -g 'daemon off;'
EOS
GET='for i in $(seq 50) ; do exec 3<>/dev/tcp/127.0.0.1/80 && break ; sleep 0.1 ; done 2>/dev/null ; printf "GET / HTTP/1.0\r\nHost: x\r\n\r\n" >&3 ; head -n 1 <&3'
ovl_run -- /init bash -c "$GET" > "$T/o" 2>&1 ; code=$?
ok 'nginx serves on loopback inside the container' grep -q '^HTTP/1.1 200 OK' "$T/o"
is "$code" 0 'the CMD exit code'
finish
