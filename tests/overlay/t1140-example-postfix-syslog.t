#!/bin/sh
# examples/postfix-syslog over the real tarball: mail goes in over SMTP and
# is logged through syslogd; syslogd killed comes back and logging goes
# on; the mail daemon killed stops the container with its code.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 11
ovl_example postfix-syslog

# mail FROM USER: one SMTP session inside the container, the replies in $T/smtp
mail () {
  ct exec "$id" sh -c "printf 'HELO test\r\nMAIL FROM:<$1>\r\nRCPT TO:<$2@example.com>\r\nDATA\r\nSubject: from $1\r\n\r\n..hello\r\n.\r\nQUIT\r\n' | nc 127.0.0.1 25" > "$T/smtp" 2>&1
}
pid_of () { ct exec "$id" tend-svstat -o pid "/run/tend/service/$1" ; }

# shellcheck disable=SC2086
id=$(ovl_start $EXENV -- /init)
# shellcheck disable=SC2086
ok 'both services come up, syslogd ready: tend health says so' wait_for 300 ct exec "$id" $EXHEALTH
ok 'the mail daemon logs its start through syslogd' ct wait-log --timeout 10 "$id" '^syslogd: .*maild.*listening on port 25'
mail alice@example.org alice
ok 'an SMTP client hands over a message' grep -q '^250 ok: delivered' "$T/smtp"
ct exec "$id" cat /var/mail/alice > "$T/o" 2>&1
ok 'delivered to /var/mail/alice' grep -qx '\.hello' "$T/o"
ok 'and logged through syslogd on the container stdout' ct wait-log --timeout 10 "$id" '^syslogd: .*maild: delivered mail from <alice@example.org>'

old=$(pid_of syslogd)
ct exec "$id" kill -9 "$old"
restarted () { p=$(pid_of syslogd) && test "$p" != "$old" && test "$p" != -1 && ct exec "$id" tend-svwait -U -t 100 /run/tend/service/syslogd ; }
ok 'syslogd killed: its supervisor starts it again' wait_for 50 restarted
# shellcheck disable=SC2086
ok 'the container goes on' ct exec "$id" $EXHEALTH
mail bob@example.org alice
ok 'logging goes on through the new syslogd' ct wait-log --timeout 10 "$id" '^syslogd: .*maild: delivered mail from <bob@example.org>'

s=$(now_ms)
ct exec "$id" kill -TERM "$(pid_of maild)"
is "$(ct wait --timeout 10 "$id")" 143 'the mail daemon killed (SIGTERM): the container stops with its code, 128 + 15'
ok "promptly ($(( $(now_ms) - s )) ms)" test $(( $(now_ms) - s )) -lt 5000
ct logs "$id" > "$T/log" 2>&1
ok 'saying why' grep -q 'essential service maild' "$T/log"
finish
