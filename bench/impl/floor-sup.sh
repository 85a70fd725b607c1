# shellcheck shell=bash
# Baseline: helpers/floor.c, minimal supervisors, no files (see floor.sh).
FLOOR_MODE=sup
source "$BENCH_ROOT/impl/floor.sh"
