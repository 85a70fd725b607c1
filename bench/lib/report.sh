#!/bin/bash
# report.sh RAW.tsv [REF_IMPL] - markdown tables from raw.tsv: one table per
# (test, metric, parameter) with median / min / max / n per implementation
# and the ratio of each median to the reference implementation's median
# (default: BENCH_REF, else s6, else the first implementation seen).
# Microsecond values are shown in milliseconds.
raw=${1:?usage: report.sh RAW.tsv [REF]}
ref=${2:-${BENCH_REF:-s6}}
order=${BENCH_ORDER:-"$ref $ref:t tend tend_s6log s6:t s6 s6_notify runit daemontools minreaper"}
awk -F'\t' -v ref="$ref" -v order="$order" '
NR == 1 { next }
{
    g = $1 SUBSEP $2 SUBSEP $3
    if (!(g in seen)) { seen[g] = 1; groups[++ng] = g; unit[g] = $7; gt[ng] = $1 }
    if (!($1 in tseen)) { tseen[$1] = 1; tests[++nt] = $1 }
    k = g SUBSEP $4
    if (!(k in kseen)) { kseen[k] = 1; gi[g] = gi[g] SUBSEP $4 }
    if ($6 == "NA" || $6 == "") { na[k]++ } else { n[k]++; v[k, n[k]] = $6 + 0 }
}
function sortk(k, m,   i, j, t) {
    for (i = 2; i <= m; i++) { t = v[k, i]; for (j = i - 1; j > 0 && v[k, j] > t; j--) v[k, j + 1] = v[k, j]; v[k, j + 1] = t }
}
function med(k, m) { return (m % 2) ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2 }
function rfmt(r) { return (r >= 10) ? sprintf("%.1f", r) : (r >= 0.1) ? sprintf("%.2f", r) : sprintf("%.3f", r) }
function fmt(x, u) {
    if (u == "us") return sprintf("%.2f", x / 1000)
    if (u == "Ir" || u == "bytes" || u == "lines/s" || u == "lines") return sprintf("%.0f", x)
    if (x == int(x)) return sprintf("%d", x)
    return sprintf("%.2f", x)
}
END {
    last = ""
    # groups ordered by test (first appearance), then by first appearance
    no2 = 0
    for (t = 1; t <= nt; t++) for (i = 1; i <= ng; i++) if (gt[i] == tests[t]) ordg[++no2] = groups[i]
    for (i = 1; i <= ng; i++) {
        g = ordg[i]; split(g, p, SUBSEP); u = unit[g]; du = (u == "us") ? "ms" : u
        if (p[1] != last) { printf "\n### %s\n", p[1]; last = p[1] }
        printf "\n**%s** (%s) [%s]\n\n", p[2], p[3], du
        m = split(substr(gi[g], 2), im0, SUBSEP)
        # fixed order: names listed in "order" first, then the rest as seen
        # (a name also matches its variants "name:variant", e.g. s6:t)
        no = split(order, ord, " "); m = 0; delete used
        for (o = 1; o <= no; o++) for (j = 1; j <= length(im0); j++) {
            x = im0[j]; if (x == ord[o] && !(x in used)) { im[++m] = x; used[x] = 1 }
        }
        for (o = 1; o <= no; o++) for (j = 1; j <= length(im0); j++) {
            x = im0[j]; b = x; sub(/:.*/, "", b)
            if (b == ord[o] && !(x in used)) { im[++m] = x; used[x] = 1 }
        }
        for (j = 1; j <= length(im0); j++) if (!(im0[j] in used)) { im[++m] = im0[j]; used[im0[j]] = 1 }
        # reference: ref itself, else its first variant present
        gref = ref
        if (!((g SUBSEP ref) in kseen)) for (j = 1; j <= m; j++) { b = im[j]; sub(/:.*/, "", b); if (b == ref) { gref = im[j]; break } }
        printf "| impl | median | min | max | n | ratio to %s |\n|---|---:|---:|---:|---:|---:|\n", gref
        rk = g SUBSEP gref; rm = ""
        if (n[rk] > 0) { sortk(rk, n[rk]); rm = med(rk, n[rk]) }
        for (j = 1; j <= m; j++) {
            k = g SUBSEP im[j]
            if (n[k] > 0) {
                sortk(k, n[k]); md = med(k, n[k])
                r = (rm != "" && rm != 0) ? rfmt(md / rm) : "-"
                printf "| %s | %s | %s | %s | %d%s | %s |\n", im[j], fmt(md, u), fmt(v[k, 1], u), fmt(v[k, n[k]], u), n[k], (na[k] ? " (+" na[k] " NA)" : ""), r
            } else {
                printf "| %s | NA | | | 0 (%d NA) | - |\n", im[j], na[k]
            }
        }
    }
}' "$raw"
