#!/bin/sh
# examples/postgres over the real tarball, in the cached Debian root:
# healthy once postgres accepts connections; docker stop (SIGTERM to
# process 1) makes it shut down cleanly; the next start needs no crash
# recovery and finds the data.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 12
ovl_debian 12
ovl_example postgres
psql () { ct exec "$id" tend-setuidgid postgres psql -h /run/postgresql -Atc "$1" > "$T/o" 2>&1 ; }
# The data directory outlives the container: a volume.
mkdir "$T/pg"
cp -a "$DEB/var/lib/postgresql/." "$T/pg/"

# shellcheck disable=SC2086
id=$(ovl_start $EXENV -v "$T/pg:/var/lib/postgresql" -- /init)
# shellcheck disable=SC2086
ok 'tend health turns 0 once postgres is ready' wait_for 300 ct exec "$id" $EXHEALTH
ct exec "$id" tend status postgres > "$T/o" 2>&1
ok 'ready, by its check' grep -Eq '^postgres +up +[0-9]+ +[0-9a-z]+ +yes' "$T/o"
psql 'create table t (x int) ; insert into t values (42)'
ok 'it takes writes' test $? -eq 0
s=$(now_ms)
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'docker stop: the container exits 0'
ok "in less than the grace time ($(( $(now_ms) - s )) ms)" test $(( $(now_ms) - s )) -lt 8000
ct logs "$id" > "$T/log1" 2>&1
ok 'postgres got its down-signal, SIGINT (fast shutdown)' grep -q 'received fast shutdown request' "$T/log1"
ok 'and logged a clean shutdown' grep -q 'database system is shut down' "$T/log1"
ok 'nothing was killed' sh -c "! grep -Eq 'SIGKILL|still running' '$T/log1'"

# shellcheck disable=SC2086
id=$(ovl_start $EXENV -v "$T/pg:/var/lib/postgresql" -- /init)
# shellcheck disable=SC2086
wait_for 300 ct exec "$id" $EXHEALTH
psql 'select x from t'
ok 'the next start finds the data' grep -qx 42 "$T/o"
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'stopped again'
ct logs "$id" > "$T/log2" 2>&1
ok 'it started from a cleanly shut down cluster' grep -q 'database system was shut down at' "$T/log2"
ok 'without crash recovery' sh -c "! grep -Eq 'interrupted|automatic recovery|not properly shut down' '$T/log2'"
finish
