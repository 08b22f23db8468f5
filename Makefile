# tides — build.  `make` builds build/tides; `make check` runs every test;
# `make demo` builds and runs the main job.  Any build installs missing
# Debian packages when run as root, else stops with the exact apt-get line.
#
# Profiles: the default is the developer profile (-Werror, assertions on);
# `make asan` builds into build-asan/ with ASan+UBSan and runs the tests there;
# `make release` builds build-rel/ with -DNDEBUG for benchmarks.

PKGS     := sqlite3 icu-uc icu-i18n zlib libzip
O        ?= build
CC       ?= cc
OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2 -Wvla
EXTRA    ?=
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS := -Iinclude -Isrc -I$(O)/gen -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DTIDES_DATADIR='"$(CURDIR)/data"'
CFLAGS   := -std=c11 $(OPT) $(WARN) $(EXTRA) $(PKG_CFLAGS) -MMD -MP
LDLIBS   := $(PKG_LIBS) -lpthread -lm

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
GEN_SRC  := $(O)/gen/cameo-table.c
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(O)/%.o) $(GEN_SRC:.c=.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(O)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)

.PHONY: all check demo asan valgrind tsan release bench fuzz clean deps unit
all: $(O)/tides

deps:
	@sh scripts/deps.sh

$(O)/.deps-ok: scripts/deps.sh
	@sh scripts/deps.sh
	@mkdir -p $(O) && touch $@

$(O)/gen/cameo-table.c: data/cameo.tsv scripts/gen-cameo.awk | $(O)/.deps-ok
	@mkdir -p $(dir $@)
	awk -f scripts/gen-cameo.awk data/cameo.tsv > $@.tmp && mv $@.tmp $@

$(O)/%.o: %.c | $(O)/.deps-ok $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(O)/gen/%.o: $(O)/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(O)/libtides.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/tides: $(CLI_OBJ) $(O)/libtides.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(O)/libtides.a $(LDLIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/test.h $(O)/libtides.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(O)/libtides.a $(LDLIBS)

unit: $(UNIT_BIN)

check: $(O)/tides $(UNIT_BIN)
	@sh scripts/deps.sh --test
	@sh tests/run.sh $(O)

demo: deps
	@$(MAKE) --no-print-directory $(O)/tides
	@sh scripts/demo.sh $(O)

asan:
	@sh scripts/deps.sh --asan
	@$(MAKE) --no-print-directory O=build-asan CC=clang \
	  OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" check

valgrind:
	@$(MAKE) --no-print-directory O=build-vg OPT="-O1 -g" build-vg/tides unit
	@TIDES_VALGRIND=1 sh tests/run.sh build-vg

# ThreadSanitizer over the multi-threaded paths (code/import --threads)
tsan:
	@$(MAKE) --no-print-directory O=build-tsan CC=clang OPT="-O1 -g -fsanitize=thread" build-tsan/tides
	@for t in tests/cli/630-threads.sh tests/cli/632-threads-formats.sh tests/cli/634-threads-dicts.sh tests/cli/635-threads-db.sh tests/cli/636-threads-db-full.sh tests/cli/631-import-threads.sh tests/cli/212-import-threads-batches.sh tests/cli/214-import-threads-blocks.sh tests/cli/219-import-threads-emit.sh tests/cli/225-import-threads-emit-writer.sh tests/cli/226-import-threads-commit-fails.sh tests/cli/640-cluster.sh; do \
	  d=$$(mktemp -d); TMP=$$d TIDES=$(CURDIR)/build-tsan/tides ROOT=$(CURDIR) TSAN_OPTIONS=halt_on_error=1 \
	  sh $$t > $$d.log 2>&1 && echo "$$t: ok (tsan)" || { echo "$$t: FAILED (tsan)"; tail -30 $$d.log; exit 1; }; \
	  rm -rf $$d $$d.log; done

release:
	@$(MAKE) --no-print-directory O=build-rel OPT="-O2 -g -DNDEBUG" build-rel/tides

bench: release
	@sh bench/run.sh build-rel

fuzz:
	@sh fuzz/run.sh $(or $(FUZZ_SECONDS),60) $(FUZZ_TARGETS)

clean:
	rm -rf build build-asan build-vg build-rel build-fuzz build-tsan

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
