#!/bin/sh
# tend-log: when the writer of its input pipe goes away while the pipe is
# still full, the lines left in it are written whole. tee() may show less
# than the pipe holds, so "writer gone" alone must not make the last bytes
# seen a final, newline-less line (that cut one line in two).
. "${0%/*}/../lib.sh"
plan 4

seq -f 'seq=%.0f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' 1 300000 > "$T/in"
whole () { cat "$T/$1"/@* "$T/$1/current" 2>/dev/null > "$T/$1.all" ; test "$(grep -vc '^@[0-9a-f]* seq=' "$T/$1.all")" = 0 ; }
for r in 1 2 ; do
  cat "$T/in" | tend-log n1000 s1000000 t "$T/d$r" 2>"$T/err$r"
  ok "run $r: every line whole (a fast writer that exits with a full pipe)" whole "d$r"
  is "$(wc -l < "$T/d$r.all" | tr -d ' ')" 300000 "run $r: every line there"
done
finish
