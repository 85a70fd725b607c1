#!/bin/sh
# /etc/fix-attrs.d in stage 2 (tend-fixattrs): owners and modes, recursion,
# hidden files per setting, account fallbacks, malformed lines under the
# stage-2 behaviour setting, skipped as non-root.
. "${0%/*}/../lib.sh"
. "${0%/*}/lib-overlay.sh"
ovl_setup 9

mkdir -p "$IMG/data/sub" "$IMG/one"
: > "$IMG/data/f" ; : > "$IMG/data/.hidden" ; : > "$IMG/data/sub/g" ; : > "$IMG/one/file"
ovl_file /etc/fix-attrs.d/10-data 644 <<'EOS'
# path recurse account fmode dmode
/data true user 0600 0700
/one false nosuchuser,1234:5678 0640 0750
EOS
SHOW='cd / && stat -c "%n %u:%g %a" data data/f data/.hidden data/sub data/sub/g one one/file'
ovl_run -- /init sh -c "$SHOW" > "$T/o" 2>&1
ok 'a recursive rule sets owner and modes (files and directories apart)' sh -c "grep -qx 'data 1000:1000 700' '$T/o' && grep -qx 'data/f 1000:1000 600' '$T/o' && grep -qx 'data/sub 1000:1000 700' '$T/o' && grep -qx 'data/sub/g 1000:1000 600' '$T/o'"
ok 'hidden files are left alone by default' grep -qx 'data/.hidden 0:0 644' "$T/o"
ok 'an unknown account takes its uid:gid fallback; no recursion with false' sh -c "grep -qx 'one 1234:5678 750' '$T/o' && grep -qx 'one/file 0:0 644' '$T/o'"
ovl_run -e TEND_FIX_ATTRS_HIDDEN=1 -- /init sh -c "$SHOW" > "$T/o" 2>&1
ok 'TEND_FIX_ATTRS_HIDDEN=1: hidden files too' grep -qx 'data/.hidden 1000:1000 600' "$T/o"

ovl_file /etc/fix-attrs.d/20-bad 644 <<'EOS'
/data maybe user 0600 0700
EOS
ovl_run -- /init sh -c 'echo cmd-ran' > "$T/o" 2>&1 ; code=$?
is "$code" 1 'a malformed line stops the container by default'
ok 'naming the file and line' grep -q '/etc/fix-attrs.d/20-bad:1: malformed line' "$T/o"
ovl_run -e TEND_BEHAVIOUR_IF_STAGE2_FAILS=1 -- /init sh -c "$SHOW" > "$T/o" 2>&1 ; code=$?
is "$code" 0 'with behaviour 1 the container goes on'
ok 'and the good rules are applied' grep -qx 'data/f 1000:1000 600' "$T/o"
rm -f "$IMG/etc/fix-attrs.d/20-bad"
ovl_run -u 1000:1000 --tmpfs /run:exec,mode=1777 -- /init sh -c "$SHOW" > "$T/o" 2>&1
ok 'as non-root: skipped with a warning, the container runs' sh -c "grep -q 'not running as root: fix-attrs skipped' '$T/o' && grep -qx 'data/f 0:0 644' '$T/o'"
finish
