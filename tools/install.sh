#!/bin/sh
# install.sh -D -m MODE SRC DST: copy SRC to DST atomically (write a
# temporary file beside DST, then rename), creating DST's directory.
usage () { echo "install.sh: usage: install.sh [-D] [-m mode] src dst" 1>&2 ; exit 100 ; }
mkdirs=false mode=0755
while getopts Dm: opt ; do
  case $opt in
    D) mkdirs=true ;;
    m) mode=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
test $# -eq 2 || usage
src=$1 dst=$2
$mkdirs && { mkdir -p "${dst%/*}" || exit 111 ; }
tmp="${dst%/*}/.${dst##*/}.tmp.$$"
cp -f "$src" "$tmp" && chmod "$mode" "$tmp" && mv -f "$tmp" "$dst" || { rm -f "$tmp" ; exit 111 ; }
