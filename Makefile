# The two commands: `make run` and `make test`. Everything else is a helper.
JOBS ?= $(shell nproc)
# ccache hits across clones at different paths (CI clones afresh): hash
# paths relative to the tree, not absolute ones.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true
RELEASE := build/release
TESTBUILD := build/asan
FUZZBUILD := build/fuzz
DATA ?= data
LISTEN ?= 127.0.0.1:8080

.PHONY: run test setup build build-test web test-unit test-integration test-browser test-fuzz bench clean

setup:
	@scripts/setup.sh

$(RELEASE)/build.ninja:
	@cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOUDONG_TESTS=OFF -DLOUDONG_WERROR=OFF >/dev/null

build: setup $(RELEASE)/build.ninja web
	@cmake --build $(RELEASE) -j $(JOBS) --target loudong

web:
	@if [ -f web/package.json ]; then scripts/build-web.sh; fi

run: build
	@$(RELEASE)/loudong serve --listen $(LISTEN) --data $(DATA)

$(TESTBUILD)/build.ninja:
	@cmake -S . -B $(TESTBUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLOUDONG_SANITIZE=ON -DLOUDONG_WERROR=ON -DCMAKE_CXX_FLAGS="-O1 -g1" >/dev/null

build-test: setup $(TESTBUILD)/build.ninja web
	@cmake --build $(TESTBUILD) -j $(JOBS)

test: build-test
	@scripts/run-tests.sh

test-unit: build-test
	@scripts/run-tests.sh unit

test-integration: build-test
	@scripts/run-tests.sh integration

test-browser: build-test
	@scripts/run-tests.sh browser

test-fuzz: setup
	@scripts/run-tests.sh fuzz

bench: setup
	@cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOUDONG_TESTS=OFF -DLOUDONG_BENCH=ON -DLOUDONG_WERROR=OFF >/dev/null
	@cmake --build build/bench -j $(JOBS)

clean:
	rm -rf build
