#!/bin/sh
# tend-log against Debian's s6-log 2.11: same input, same script, same
# stdout, stderr, status files and exit code.
. "${0%/*}/../lib.sh"
. "${0%/*}/log-lib.sh"
plan 22
same 'stdout' 'a\nb\n\nc\n' 1
same 'selection + - f' 'abc\nxbc\nzzz\n' - +^a 1 -b f 1 + 1
same 'deselect then f' 'one\ntwo\n' -- -o 1 f 2
same 'prefix p, sticky, after stamps' 'x\n' pfoo 1 p 1 pbar t 1
same 't applies to the next action only' 'x\ny\n' t 1 1
same 'T applies to the next action only' 'x\n' T 1 1
same 't and T together' 'x\n' T t 1
same 'alert 2, truncated at 200 bytes' "$(printf '%0300d' 0)\\nshort\\n" 2
same 'alert with stamp' 'x\n' t 2
same 'status file, padded' 'one\ntwo\n' =st
same 'status file, long line cut' "$(printf '%01500d' 0)\\n" =st
same 'status with prefix and stamp' 'x\n' pP t =st
same 'line limit 100: split' "$(printf '%0250d' 0)\\n" -l 100 1
same 'line limit below 48 means 48' "$(printf '%0100d' 0)\\n" -l 1 1
same 'line limit 0: none' "$(printf '%010000d' 0)\\n" -l 0 1
same 'default line limit 8192' "$(printf '%09000d' 0)\\n" 1
same 'regex anchors and classes' 'ERROR x\nwarn\nerror\n' - '+^[A-Z]+ ' 1 '-^[a-z]' 1
same 'extraneous trailing directives: silent' 'x\n' 1 n3
same 'extraneous trailing selection: warned' 'x\n' -- 1 -x
same 'extraneous trailing f: warned' 'x\n' 1 f
same 'extraneous trailing t: silent' 'x\n' 1 t
same 'several actions to stdout keep line order' 'a1\nb1\na2\n' - +a 1 - +b 1
finish
