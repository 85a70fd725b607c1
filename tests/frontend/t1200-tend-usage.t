#!/bin/sh
# tend: usage, the scan directory (-s, TEND_SCANDIR, TEND_RUNTIME_DIR), no
# svscan, name errors.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 19

xits 100 'no subcommand: usage' tend
ok 'which is printed' grep -q 'usage: tend' "$T/e"
xits 100 'unknown subcommand: usage' tend frobnicate
ok 'it is named' grep -q 'unknown subcommand: frobnicate' "$T/e"
xits 100 'bad option' tend status -Z
xits 0 '-h prints the usage on stdout' tend -h
xits 1 'a missing scan directory is a clear no' tend -s "$T/nowhere" status
ok 'it says so' grep -q "no scan directory $T/nowhere" "$T/e"

mksv web ; mksv db
xits 1 'a scan directory with no svscan: 1' tend status
ok 'it says no svscan is running' grep -q "no svscan is running on $S" "$T/e"
xits 1 'health without svscan: unhealthy' tend health
start_svscan
ok 'TEND_SCANDIR names the scan directory' wait_for 50 tend status
TEND_SCANDIR=$T/nowhere xits 0 '-s wins over TEND_SCANDIR' tend -s "$S" status
xits 1 'an unknown name is an error (1)' tend status nope
ok 'listing the known names' grep -q 'unknown service: nope (known: db web)' "$T/e"
tend list > "$T/list"
is "$(tr '\n' ' ' < "$T/list")" 'db web ' 'tend list prints the names, sorted'
mkdir "$T/rt" && ln -s "$S" "$T/rt/service"
env -u TEND_SCANDIR TEND_RUNTIME_DIR="$T/rt" tend list > "$T/list" 2>&1
is "$(tr '\n' ' ' < "$T/list")" 'db web ' 'without TEND_SCANDIR: $TEND_RUNTIME_DIR/service'
TEND_RUNTIME_DIR=$T/nowhere xits 0 'TEND_SCANDIR wins over TEND_RUNTIME_DIR' tend status
env -u TEND_SCANDIR TEND_RUNTIME_DIR="$T/nowhere" tend status > "$T/o" 2>&1
ok 'and the error names the directory tried' grep -q "no scan directory $T/nowhere/service" "$T/o"
finish
