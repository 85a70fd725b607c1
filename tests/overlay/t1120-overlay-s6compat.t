#!/bin/sh
# An image written for s6-overlay v1/v2, made of its README's examples,
# boots unchanged: fix-attrs.d, cont-init.d with with-contenv and with
# execline (s6-envuidgid, multisubstitute, importas, import), a services.d run
# dropping privileges with s6-setuidgid, a finish that tests its argument
# with s6-test and stops the container with s6-svscanctl -t
# /var/run/s6/services, a log/run calling logutil-service (honouring the
# logging script setting), cont-finish.d. The s6 names are on the PATH of
# the scripts and services, not in /usr/bin nor on the CMD's PATH.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 34

mkdir -p "$IMG/var/log/myapp"
ovl_file /etc/fix-attrs.d/01-myapp-logdir 644 <<'EOS'
/var/log/myapp true nobody,32768:32768 0644 2700
EOS
ovl_file /etc/cont-init.d/01-contenv-example 755 <<'EOS'
#!/usr/bin/with-contenv sh
echo "[01] MYENV=$MYENV"
echo "[01] saved MYENV=$(cat /var/run/s6/container_environment/MYENV)"
echo "[01] printcontenv MYENV=$(printcontenv MYENV)"
echo "[01] s6-svc is $(command -v s6-svc)"
EOS
ovl_file /etc/cont-init.d/02-execline 755 <<'EOS'
#!/usr/bin/execlineb -P

with-contenv
s6-envuidgid nobody
multisubstitute
{
  importas -u -D0 UID UID
  importas -u -D0 GID GID
  importas -u MYENV MYENV
  define GREETING "hello from execline"
}
echo "[02] ${GREETING}: uid=${UID} gid=${GID} MYENV=${MYENV}"
EOS
ovl_file /etc/cont-init.d/03-import 755 <<'EOS'
#!/usr/bin/execlineb -P
with-contenv
s6-envuidgid nobody
import -u -D0 UID
import -u MYENV
echo "[03] import: uid=${UID} MYENV=${MYENV}"
EOS
ovl_file /etc/services.d/myapp/run 755 <<'EOS'
#!/usr/bin/execlineb -P
fdmove -c 2 1
s6-setuidgid nobody
sh -c "echo myapp runs as $(id -un) ; exit 3"
EOS
ovl_file /etc/services.d/myapp/finish 755 <<'EOS'
#!/usr/bin/execlineb -S1
foreground { echo "[finish] myapp exited ${1}" }
if { s6-test ${1} -ne 0 }
if { s6-test ${1} -ne 256 }

s6-svscanctl -t /var/run/s6/services
EOS
ovl_file /etc/services.d/myapp/log/run 755 <<'EOS'
#!/bin/sh
exec logutil-service /var/log/myapp
EOS
ovl_file /etc/cont-finish.d/01-save 755 <<'EOS'
#!/bin/sh
cp /var/log/myapp/current /vol/current
stat -c '%U %a' /var/log/myapp > /vol/attrs
stat -c '%U' /var/log/myapp/current >> /vol/attrs
ls -l /var/run/s6/ > /vol/links
echo "[cont-finish.d] done"
EOS
mkdir -p "$T/vol"

# The crash: run exits 3, finish stops the container, which exits 0 (no CMD).
s=$(now_ms)
exits 0 'the v2 image boots and stops itself through its finish script' ovl_run -v "$T/vol:/vol" -e MYENV=bar -- /init
cat "$T/out" "$T/err" > "$T/o"
ok "in bounded time ($(( $(now_ms) - s )) ms)" test $(( $(now_ms) - s )) -lt 10000
ok 'with-contenv sh cont-init script sees the container environment' grep -qx '\[01\] MYENV=bar' "$T/o"
ok '/var/run/s6/container_environment holds it' grep -qx '\[01\] saved MYENV=bar' "$T/o"
ok 'printcontenv prints it' grep -qx '\[01\] printcontenv MYENV=bar' "$T/o"
ok 'the s6 names are on the PATH of a with-contenv script' grep -qx '\[01\] s6-svc is /opt/tend/compat/bin/s6-svc' "$T/o"
ok 'execline cont-init: s6-envuidgid, multisubstitute, importas, define' grep -qx '\[02\] hello from execline: uid=65534 gid=65534 MYENV=bar' "$T/o"
ok 'cont-finish.d ran' grep -qx '\[cont-finish.d\] done' "$T/o"
ok 'fix-attrs.d: the logdir belongs to nobody, mode 2700' grep -qx 'nobody 2700' "$T/vol/attrs"
ok 'logutil-service logs as nobody' sed -n 2p "$T/vol/attrs" | grep -qx nobody
ok 'the run script dropped privileges with s6-setuidgid' grep -q 'myapp runs as nobody$' "$T/vol/current"
ok 'the default logging script stamps each line (T)' grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ +myapp runs as nobody$' "$T/vol/current"
ok 'execline v1 style: the standalone import of execline < 2.9' grep -qx '\[03\] import: uid=65534 MYENV=bar' "$T/o"
ok 'finish gets run'"'"'s exit code, on the logger too' grep -Eq ' \[finish\] myapp exited 3$' "$T/vol/current"
ok '/var/run/s6/services is the scan directory' grep -q 'services -> /run/tend/service$' "$T/vol/links"
ok '/var/run/s6/container_environment is the saved environment' grep -q 'container_environment -> /run/tend/container_environment$' "$T/vol/links"
ok '/var/run/s6/etc is /etc' grep -q 'etc -> /etc$' "$T/vol/links"

# The logging script setting, under its s6-overlay name.
rm -f "$T/vol/current"
exits 0 'S6_LOGGING_SCRIPT' ovl_run -v "$T/vol:/vol" -e S6_LOGGING_SCRIPT='n3 s100000' -- /init
ok 'is the script logutil-service runs: no timestamps' grep -qx 'myapp runs as nobody' "$T/vol/current"
rm -f "$T/vol/current"
exits 0 'TEND_LOGGING_SCRIPT wins' ovl_run -v "$T/vol:/vol" -e S6_LOGGING_SCRIPT='n3' -e TEND_LOGGING_SCRIPT='n3 T' -- /init
ok 'over S6_LOGGING_SCRIPT' grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ +myapp runs as nobody$' "$T/vol/current"

# docker stop while the service runs: its finish sees 256 and does not
# stop anything itself; the container stops with the CMD's code.
printf '#!/usr/bin/execlineb -P\nfdmove -c 2 1\ns6-setuidgid nobody\nsh -c "echo myapp up ; exec sleep 1000"\n' > "$IMG/etc/services.d/myapp/run"
id=$(ovl_start -v "$T/vol:/vol" -- /init sleep 1000)
ok 'the service is up' ct wait-log --timeout 10 "$id" '^\[01\] MYENV='
ok 'the CMD can drive it through /var/run/s6/services' ct exec "$id" /opt/tend/compat/bin/s6-svwait -u -t 5000 /var/run/s6/services/myapp
ok 's6-svstat under its s6 name' ct exec "$id" /opt/tend/compat/bin/s6-svstat -u /var/run/s6/services/myapp
is "$(cat "$T/out")" true 'says it is up'
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 143 'docker stop: the CMD'"'"'s code'
ok 'finish saw 256' grep -q ' \[finish\] myapp exited 256$' "$T/vol/current"
rm -rf "$IMG/etc/services.d" "$IMG/etc/cont-finish.d"

# The CMD keeps the image's PATH: the s6 names are not in /usr/bin.
ovl_run -- /init sh -c 'echo "PATH=$PATH" ; command -v s6-svc || echo no-s6-svc ; ls /usr/bin | grep -c "^s6-\|^logutil" ; ls /opt/tend/compat/bin' > "$T/o" 2>&1
ok 'the CMD keeps the image PATH' grep -qx 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$T/o"
ok 'and does not find the s6 names' grep -qx 'no-s6-svc' "$T/o"
ok 'nothing s6 in /usr/bin' grep -qx 0 "$T/o"
ok 'every compatibility name is there' sh -c "for p in s6-svc s6-svscanctl s6-svwait s6-svstat s6-svok s6-setuidgid s6-envuidgid s6-applyuidgid s6-envdir s6-softlimit s6-log s6-notifyoncheck s6-test logutil-service logutil-newfifo printcontenv import ; do grep -qx \$p '$T/o' || exit 1 ; done"

# A read-only root with a tmpfs on /run (where /var/run points): the
# links are made there. (fix-attrs.d could not change anything.)
rm -rf "$IMG/etc/fix-attrs.d"
ovl_run --read-only --tmpfs /run:exec -e S6_READ_ONLY_ROOT=1 -- /init sh -c 'ls -l /var/run/s6/' > "$T/o" 2>&1 ; code=$?
is "$code" 0 'read-only root, S6_READ_ONLY_ROOT=1: boots'
ok 'the /var/run/s6 links are on the tmpfs' grep -q 'services -> /run/tend/service$' "$T/o"

# A non-root USER cannot make /var/run/s6: skipped with a warning, not fatal.
ovl_run -u 1000 -- /init true > "$T/o" 2>&1 ; code=$?
is "$code" 0 'non-root USER: the container still runs'
ok 'and says the s6-overlay paths are skipped' grep -q "unable to create /var/run/s6 (s6-overlay's paths under /var/run/s6 are skipped)" "$T/o"
finish
