# tend's Makefile: generic rules only. The programs are listed in
# package/targets.mak, their objects in package/deps.mak (tools/gen-deps.sh).

it: all

CC = $(error run ./configure first)
-include config.mak
include package/targets.mak
include package/deps.mak

INSTALL := ./tools/install.sh
UNIT_SOURCES := $(wildcard tests/unit/*.c)
UNIT_TESTS := $(UNIT_SOURCES:.c=.t)
PROVE_FLAGS ?=
TESTS ?= tests/

.PHONY: it all install install-bin install-lib install-include check check-build check-sanitizers check-valgrind bench clean distclean

all: $(LIB_TARGETS) $(BIN_TARGETS)

%.o: %.c
	exec $(CC) -Isrc/include -Isrc/include-local $(CPPFLAGS_AUTO) $(CPPFLAGS) $(CFLAGS_AUTO) $(CFLAGS) -c -o $@ $<

lib%.a:
	rm -f $@
	exec $(AR) rc $@ $^

$(BIN_TARGETS):
	exec $(CC) $(CFLAGS_AUTO) $(CFLAGS) $(LDFLAGS_AUTO) $(LDFLAGS) -o $@ $^ $(EXTRA_LIBS) $(LDLIBS)

tests/unit/%.t: tests/unit/%.c libtend.a
	exec $(CC) -Isrc/include -Isrc/include-local $(CPPFLAGS_AUTO) $(CPPFLAGS) $(CFLAGS_AUTO) $(CFLAGS) $(LDFLAGS_AUTO) $(LDFLAGS) -o $@ $< libtend.a $(SKARNET_LIB) $(LDLIBS)

install: install-bin install-lib install-include

install-bin: $(BIN_TARGETS)
	for p in $(BIN_TARGETS) ; do $(INSTALL) -D -m 755 $$p $(DESTDIR)$(bindir)/$$p || exit 1 ; done

install-lib: $(LIB_TARGETS)
	for l in $(LIB_TARGETS) ; do $(INSTALL) -D -m 644 $$l $(DESTDIR)$(libdir)/$$l || exit 1 ; done

install-include:
	for h in src/include/tend/*.h ; do $(INSTALL) -D -m 644 $$h $(DESTDIR)$(includedir)/tend/$${h##*/} || exit 1 ; done

check-build: all $(UNIT_TESTS)

check: check-build
	TEST_BINDIR=$(CURDIR) prove -r $(PROVE_FLAGS) $(TESTS)

check-sanitizers:
	./tools/check-sanitizers.sh

check-valgrind:
	./tools/check-valgrind.sh

bench: all
	./bench/run.sh

.PHONY: overlay
overlay:
	./tools/overlay/build.sh

clean:
	rm -f $(BIN_TARGETS) $(LIB_TARGETS) $(UNIT_TESTS) src/*/*.o

distclean: clean
	rm -f config.mak src/include/tend/config.h

.DELETE_ON_ERROR:
