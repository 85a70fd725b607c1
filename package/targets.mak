# What this package builds and installs. A program exists when
# src/<group>/deps-exe/<program> lists its objects and libraries; a library
# when src/<dir>/deps-lib/<name> lists its objects. package/deps.mak
# (tools/gen-deps.sh) turns those lists into rules.

BIN_TARGETS := $(sort $(notdir $(wildcard src/*/deps-exe/*)))
LIB_TARGETS := $(patsubst %,lib%.a,$(sort $(notdir $(wildcard src/*/deps-lib/*))))
