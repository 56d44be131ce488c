# User-facing wrapper around CMake/CTest and the ocivanilla binary. See README.md.
#   make            build (Release) into build/
#   make test       build and run every test (unit, integration, SDK conformance, sanitizers)
#   make demo       build, start the local simulator, run the main job end to end
#   make format / check-format / tidy / check   layout, clang-tidy, and everything CI runs
#   make install PREFIX=/usr/local
#   make launch NAME=lab-manager SHAPE=VM.Standard.A1.Flex MEMORY=8 OCPUS=2   (and list, terminate, ...)
SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build-asan
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all build deps test test-unit test-asan demo install bench fuzz format check-format tidy check clean \
        launch list terminate tag start stop cleanup plan plan-check plan-status plan-apply doctor

all: build

deps:
	@scripts/deps.sh build

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Every test: the Release build (warnings as errors in CI), then the ASan+UBSan build.
test:
	@scripts/deps.sh test
	@scripts/run-tests.sh

test-unit: build
	@ctest --test-dir $(BUILD) -L unit --output-on-failure -j $(JOBS)

test-asan:
	@scripts/deps.sh test
	@ONLY_ASAN=1 scripts/run-tests.sh

demo: build
	@scripts/demo.sh $(BUILD)

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

bench: build
	@scripts/deps.sh bench
	@bench/run.sh $(BUILD)

fuzz:
	@scripts/fuzz.sh

# Layout (.clang-format) and checks (.clang-tidy), with clang 14 as Debian 12 ships it.
format:
	@scripts/deps.sh lint
	@clang-format-14 -i $$(git ls-files '*.cpp' '*.hpp')

check-format:
	@scripts/deps.sh lint
	@clang-format-14 --dry-run -Werror $$(git ls-files '*.cpp' '*.hpp') && echo "check-format: clean"

tidy:
	@scripts/tidy.sh $(BUILD)

# The format check, clang-tidy and every test. (With CI=true, `make test` runs the first two too.)
check: check-format tidy test

clean:
	@rm -rf $(BUILD) $(ASAN_BUILD)

# ---- wrappers around the binary -------------------------------------------------------------
# Values come from make's command line and reach scripts/make-cli.sh through the environment,
# never through shell text, so spaces and quotes are passed as they are. Empty ones are not passed.
# BIN=path/to/ocivanilla runs that binary and skips the build (tests, installed copies).
ifeq ($(strip $(BIN)),)
WRAPPER_DEPS := build
else
WRAPPER_DEPS :=
endif
launch list terminate tag start stop cleanup plan plan-check plan-status plan-apply doctor: $(WRAPPER_DEPS)
	@OVL_BIN="$${BIN:-$(BUILD)/ocivanilla}" scripts/make-cli.sh $@
