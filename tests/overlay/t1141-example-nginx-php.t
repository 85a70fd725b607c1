#!/bin/sh
# examples/nginx-php over the real tarball, in the cached Debian root:
# php-fpm made ready by its check, nginx started only once it is, PHP
# pages served; with php-fpm down a restarted nginx waits for it.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 11
ovl_debian 11
ovl_example nginx-php
GET='exec 3<>/dev/tcp/127.0.0.1/80 && printf "GET /index.php HTTP/1.0\r\nHost: x\r\n\r\n" >&3 && cat <&3'
get () { ct exec "$id" bash -c "$GET" > "$T/o" 2>&1 ; }
served () { get && grep -q '^hello from PHP' "$T/o" ; }
refused () { ! get && grep -q 'Connection refused' "$T/o" ; }
# the pid of nginx's run script while it waits: a tend-svwait is its child
waiting () { ct exec "$id" sh -c 'for f in /proc/[0-9]*/cmdline ; do tr "\0" " " < $f | grep -q "^tend-svwait -U ../php-fpm" && exit 0 ; done 2>/dev/null ; exit 1' ; }

# shellcheck disable=SC2086
id=$(ovl_start $EXENV -- /init)
# shellcheck disable=SC2086
ok 'tend health turns 0: php-fpm up and ready, nginx up' wait_for 300 ct exec "$id" $EXHEALTH
ct exec "$id" tend status > "$T/o" 2>&1
ok 'php-fpm ready, by its check' grep -Eq '^php-fpm +up +[0-9]+ +[0-9a-z]+ +yes' "$T/o"
ok 'nginx serves' wait_for 50 get
ok 'a PHP page, run by php-fpm' grep -q '^hello from PHP [0-9.]* via fpm-fcgi' "$T/o"

exits 0 'tend stop php-fpm' ct exec "$id" tend stop php-fpm
exits 0 'tend restart nginx' ct exec "$id" tend restart nginx
ok 'with php-fpm down, nginx waits for it' wait_for 50 waiting
ok 'and does not listen' refused
exits 0 'tend start php-fpm' ct exec "$id" tend start php-fpm
ok 'then nginx starts and serves PHP again' wait_for 50 served
ct stop -t 10 "$id" >/dev/null 2>&1
is "$(ct wait "$id")" 0 'docker stop: the container exits 0'
finish
