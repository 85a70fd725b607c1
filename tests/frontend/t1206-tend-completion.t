#!/bin/sh
# The bash completion script: syntax, subcommands, options, service names
# (from -s or TEND_SCANDIR), signals.
. "${0%/*}/../lib.sh"
. "${0%/*}/tend-lib.sh"
plan 12

C=$TOP/src/frontend/tend.bash-completion
if ! command -v bash >/dev/null ; then
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 ; do skip 'no bash' ; done ; finish
fi
ok 'bash -n: the script parses' bash -n "$C"
mksv web ; mksv worker ; mksv db ; mksv db/log

# comp WORDS...: what _tend proposes for the last word (the cursor's)
comp () {
  bash -c '. "$1" ; shift ; COMP_WORDS=("$@") ; COMP_CWORD=$(($# - 1)) ; _tend ; for w in "${COMPREPLY[@]}" ; do printf "%s\\n" "$w" ; done | sort | tr "\n" " "' comp "$C" "$@"
}
ok 'complete -F _tend tend is registered' bash -c ". '$C' ; complete -p tend | grep -q -- '-F _tend tend\$'"
is "$(comp tend st)" 'start status stop ' 'subcommands by prefix'
is "$(comp tend '')" 'health kill list logs once reload restart signal start status stop tree ' 'every subcommand'
is "$(comp tend start w)" 'web worker ' 'service names by prefix (TEND_SCANDIR)'
is "$(comp tend logs d)" 'db db/log ' 'loggers too'
is "$(TEND_SCANDIR=$T/nowhere comp tend -s "$S" status we)" 'web ' '-s DIR wins'
is "$(comp tend stop web w)" 'web worker ' 'more names after the first'
is "$(comp tend signal H)" 'HUP ' 'signal: a signal name first'
is "$(comp tend signal HUP w)" 'web worker ' 'then names'
is "$(comp tend logs -)" '--follow --lines -f -n ' 'options of a subcommand'
is "$(comp tend tree '')" '' 'tree takes no names'
finish
