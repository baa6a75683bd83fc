# skillcert - build, run, test, bench.
#
#   make            build ./skillcert
#   make run        install what is missing, build, serve a demo on SQLite
#   make test       install what is missing, build, run every test tier
#   make bench      measure (figures go to docs/performance.md)
#   make asan       build build/asan/skillcert with ASan + UBSan
#   make check      the include rule between layers and banned calls
#   make fuzz       build the libFuzzer drivers (clang) and run each one
#                   FUZZ_SECONDS (default 60) over a copy of its corpus
#
# MODE=release (default) or MODE=asan selects the build directory
# (MODE=fuzz, build/fuzz/, is what `make fuzz` uses: clang, ASan + UBSan).

MODE    ?= release
BUILD   := build/$(MODE)
VERSION := 0.1.0
PKGS    := libmicrohttpd jansson libsodium sqlite3 libpq pangocairo xlsxwriter \
           libzip expat libqrencode libjpeg zlib libcurl

CC      ?= cc
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wvla \
           -Wwrite-strings -Wformat=2 -Werror
CFLAGS_MODE_release := -O2 -g
CFLAGS_MODE_asan    := -O1 -g -fsanitize=address,undefined \
                       -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS_MODE_asan   := -fsanitize=address,undefined
# the fuzz build: clang, every object instrumented for libFuzzer, ASan and
# UBSan; only the drivers link libFuzzer itself (-fsanitize=fuzzer)
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
CFLAGS_MODE_fuzz := -O1 -g -Wno-format-nonliteral -fsanitize=fuzzer-no-link,address,undefined \
                    -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS_MODE_fuzz := -fsanitize=fuzzer,address,undefined
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  := -std=c11 -D_GNU_SOURCE -DSKILLCERT_VERSION='"$(VERSION)"' \
           -Isrc $(WARN) $(CFLAGS_MODE_$(MODE)) $(PKG_CFLAGS) -MMD -MP
LDLIBS  := $(PKG_LIBS) -lcsv -lpthread -lm
LDFLAGS := $(LDFLAGS_MODE_$(MODE))

SRC      := $(filter-out src/main.c,$(wildcard src/*/*.c))
OBJ      := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o $(BUILD)/gen/assets.o \
            $(BUILD)/gen/standards.o $(BUILD)/gen/subsidy.o $(BUILD)/gen/competitions.o \
            $(BUILD)/gen/commendations.o $(BUILD)/gen/apprenticeships.o \
            $(BUILD)/gen/post_specs.o $(BUILD)/gen/supervision.o $(BUILD)/gen/api_shapes.o
LIB      := $(BUILD)/libskillcert.a
MIGRATIONS := $(sort $(wildcard migrations/*/*.sql))
ASSETS     := $(sort $(wildcard static/*))
# assets from npm (package-lock.json pins them; `make deps` installs them),
# embedded under their base name beside static/*
NPM_ASSETS := node_modules/echarts/dist/echarts.min.js
STANDARDS  := $(sort $(wildcard standards/*.json))
SUBSIDY    := $(sort $(wildcard subsidy/*.json))
COMPETITIONS := $(sort $(wildcard competitions/*.json))
COMMENDATIONS := $(sort $(wildcard commendations/*.json))
APPRENTICESHIPS := $(sort $(wildcard apprenticeships/*.json))
POST_SPECS := $(sort $(wildcard post_specs/*.json))
SUPERVISION := $(sort $(wildcard supervision/*.json))
# the OpenAPI shapes of the JSON API (src/api/openapi.c)
API_SHAPES := $(sort $(wildcard src/api/shapes/*.json))
EMBED    := build/tools/embed

UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
STORE_BIN  := $(BUILD)/tests/store_contract
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

ifeq ($(MODE),release)
BIN := skillcert
else
BIN := $(BUILD)/skillcert
endif

.PHONY: all deps run test bench asan check clean tests-bin fuzz fuzz-bin format format-check
all: $(BIN)

$(BIN): $(BUILD)/src/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(EMBED): tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/migrations.c: $(MIGRATIONS) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) store_migrations migrations/ $@ $(MIGRATIONS)

$(BUILD)/gen/assets.c: $(ASSETS) $(NPM_ASSETS) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) web_assets static/ $@ $(ASSETS) $(NPM_ASSETS)

$(NPM_ASSETS):
	@echo "$@ is missing: run make deps (npm ci installs the pinned packages)" >&2
	@exit 1

$(BUILD)/gen/standards.c: $(STANDARDS) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) standard_files standards/ $@ $(STANDARDS)

$(BUILD)/gen/subsidy.c: $(SUBSIDY) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) subsidy_files subsidy/ $@ $(SUBSIDY)

$(BUILD)/gen/competitions.c: $(COMPETITIONS) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) competition_files competitions/ $@ $(COMPETITIONS)

$(BUILD)/gen/commendations.c: $(COMMENDATIONS) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) commendation_files commendations/ $@ $(COMMENDATIONS)

$(BUILD)/gen/apprenticeships.c: $(APPRENTICESHIPS) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) apprenticeship_files apprenticeships/ $@ $(APPRENTICESHIPS)

$(BUILD)/gen/post_specs.c: $(POST_SPECS) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) post_spec_files post_specs/ $@ $(POST_SPECS)

$(BUILD)/gen/supervision.c: $(SUPERVISION) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) supervision_files supervision/ $@ $(SUPERVISION)

$(BUILD)/gen/api_shapes.c: $(API_SHAPES) $(EMBED)
	@mkdir -p $(dir $@)
	$(EMBED) api_shape_files src/api/shapes/ $@ $(API_SHAPES)

# test programs: unit tests (cmocka) and the store contract suite
tests-bin: $(UNIT_BIN) $(STORE_BIN) $(BIN)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka

$(STORE_BIN): tests/store/store_contract.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka

# libFuzzer drivers (tests/fuzz/fuzz_*.c): the library built by clang into
# build/fuzz/, one binary per driver
ifeq ($(MODE),fuzz)
fuzz-bin: $(FUZZ_BIN)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)
else
fuzz-bin:
	@$(MAKE) --no-print-directory MODE=fuzz CC=$(FUZZ_CC) fuzz-bin
endif

fuzz: fuzz-bin
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS)

deps:
	@bash scripts/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	./skillcert demo --data demo-data --listen 127.0.0.1:8080

test: deps
	@bash tests/run.sh

bench:
	@bash scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory all
	@bash bench/http.sh
	@bash bench/import.sh
	@bash bench/certs.sh
	@bash bench/pg.sh
	@bash bench/pdf.sh
	@node bench/verify-timing.mjs
	@bash bench/exam.sh

asan:
	@$(MAKE) --no-print-directory MODE=asan tests-bin

check:
	@bash tests/check-source.sh

# formatting: .clang-format (clang-format 14, Debian 12) over the C sources
# of src/ and the unit, store and fuzz tests. The catalog src/core/i18n.c is
# left out: its table is one entry a line, sorted, however long the line.
CLANG_FORMAT ?= clang-format
FORMAT_SRC    = $(filter-out src/core/i18n.c,$(sort $(shell find src tests/unit tests/store \
                  tests/fuzz -name '*.[ch]')))

format:
	@$(CLANG_FORMAT) -i $(FORMAT_SRC)

# fails, naming each place, when make format would change a file
format-check:
	@$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_SRC)

clean:
	rm -rf build skillcert

-include $(OBJ:.o=.d) $(BUILD)/src/main.d
