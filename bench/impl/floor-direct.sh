# shellcheck shell=bash
# Baseline: helpers/floor.c without supervisors (see floor.sh).
FLOOR_MODE=direct
source "$BENCH_ROOT/impl/floor.sh"
