# policysite — build the site in content/ and test the project.
# `make build` and `make test` are all a new machine needs (Go 1.26.8 or newer).

GO       ?= go
BIN      := bin/policysite
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS  := -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
ACTIONLINT  := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
BENCHSTAT   := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
FUZZTIME ?= 20s

# A memory file system for temporary files (tests, benchmarks): /dev/shm
# where it is writable and has a gigabyte free (a container's is often
# 64 MB), else none, and the system's temporary folder is used.
MEMTMP ?= $(shell test -d /dev/shm && test -w /dev/shm && \
  test "$$(df -Pk /dev/shm | awk 'NR == 2 { print $$4 }')" -gt 1048576 2>/dev/null && echo /dev/shm)
TESTPARALLEL ?= $(shell n=$$(( $$(nproc 2>/dev/null || echo 2) / 2 )); [ "$$n" -ge 1 ] || n=1; echo $$n)

.PHONY: all build wasm test screenshots tools bench hugo bench-scale benchstat check lint fuzz quality clean

all: build

# Build the binary, then the site in content/ into public/.
build: $(BIN)
	$(BIN) build --source . --dest public

# Linked statically (cgo off: Go's own DNS resolver, the one thing cgo would
# serve): a dynamically linked policysite started 1.7 ms slower, the C
# library's loading, in a build of some 50 ms (docs/performance.md), and a
# static binary runs on any Linux, a minimal CI image's too.
$(BIN): $(shell find cmd generator templates -type f) go.mod go.sum
	CGO_ENABLED=0 $(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/policysite

# The compare page's diff: the Go of the diff pages built to WebAssembly,
# with the Go toolchain's wasm_exec.js, into the theme (templates/), where
# they are committed (TestCompareWasm checks they are up to date).
wasm:
	$(GO) generate ./templates

# Test-only tools from the npm registry (axe-core, the Nu HTML checker,
# gitlab-ci-local and a Node.js new enough for it), installed into
# internal/sitetest/npm; skipped, with a message, without npm.
TOOLS       := internal/sitetest/npm
SCREENSHOTS := screenshots

$(TOOLS)/node_modules/.installed: $(TOOLS)/package.json
	@if command -v npm >/dev/null; then \
	  cd $(TOOLS) && npm install --no-package-lock --no-audit --no-fund --ignore-scripts --loglevel=error && touch node_modules/.installed; \
	else echo "npm is not installed: the accessibility and HTML validation tests will skip (CI runs them)"; fi

tools: $(TOOLS)/node_modules/.installed

# Every test: unit, golden, property (over ../shared/corpora when present),
# command-line scripts, browser and HTML validation (with the tools above).
# The test binaries are linked without DWARF (-ldflags=-w), which no test
# reads (stack traces keep their files and lines): a third less linking.
# go test runs vet's surest checks; make lint runs all of vet, and more.
# The tests' processes (and the compiler's) collect garbage at five times
# their live heap, not twice: they are short and their heaps small (the
# generator's tests peak at 250 MB instead of 120), and collecting was a
# fifth of their processor time. A test that needs Go's default sets it.
# The tests' temporary folders, and go test's test binaries, go to memory
# (MEMTMP): creating, writing and removing the thousands of small files of
# the sites they build cost the generator's tests more than a quarter of
# their processor time on disk. go test runs as many test binaries at once as
# there are cores; each runs its parallel tests TESTPARALLEL at a time, half
# the cores: on two, both binaries at once already keep both cores busy,
# and more tests at once in each only made them contend (process starts,
# page tables: an eighth more processor time, for no less wall time).
# The page keys' hashing (generator/valuehash), whose Memo workers fill at
# once, runs again under the race detector: a key made of a torn sum would
# let the cache give a page another page's bytes. So does the theme
# (generator/theme), which pages made at once ask what its templates read
# while html/template rewrites them. The detector needs cgo, a C compiler:
# without one it skips, with a message (CI installs gcc).
test: tools
	$(if $(MEMTMP),TMPDIR=$(MEMTMP)) GOGC=400 POLICYSITE_TOOLS=$(CURDIR)/$(TOOLS)/node_modules $(GO) test -ldflags=-w -parallel $(TESTPARALLEL) ./...
	@if [ "$$($(GO) env CGO_ENABLED)" = 1 ]; then \
	  echo "$(GO) test -race ./generator/valuehash ./generator/theme"; $(GO) test -race ./generator/valuehash ./generator/theme; \
	else echo "no C compiler (cgo is off): the race detector's run of generator/valuehash and generator/theme skips (CI runs it)"; fi

# Screenshots of every kind of page of the demo, phone and desktop, for
# people to look at (Chromium, as the browser tests).
screenshots:
	POLICYSITE_SCREENSHOTS=$(CURDIR)/$(SCREENSHOTS) $(GO) test ./internal/sitetest -run '^TestScreenshots$$' -count 1
	@echo "Screenshots of every kind of page, phone and desktop: $(SCREENSHOTS)/"

# Benchmarks: loading, rendering, diffing and writing, and whole-process
# builds of the corpus, of goldmark alone over the same files, and of
# synthetic sites of 100 and 1000 revisions (ms per revision, peak memory).
# Compare two runs: make bench > old.txt, change, make bench > new.txt,
# then make benchstat OLD=old.txt NEW=new.txt.
# BenchmarkCorpusRatios prints the ratios of docs/performance.md, over
# goldmark and over Hugo: the hugo target builds Hugo, at the version the
# targets were set against, from the Go module proxy into bin/ (a minute
# or two, again only after make clean), and bench puts bin/ first on the
# PATH, so that the ratio is to that Hugo whatever else is installed. Where
# it cannot be built (offline), bench goes on without it (a bin/hugo of
# another version is removed), and the ratio is to a hugo on the PATH, or
# skipped; the benchmark names the one it used. The benchmarks' files go to
# a memory file system where there is one, so that they time the program,
# not the disk.
BENCHCOUNT ?= 5
BENCHTMP   ?= $(MEMTMP)
HUGO       := github.com/gohugoio/hugo@v0.165.0
bench: hugo
	$(if $(BENCHTMP),TMPDIR=$(BENCHTMP)) PATH="$(CURDIR)/bin:$$PATH" $(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) ./...

# Hugo without the extended build tag (no LibSass, which the yardstick's
# site does not use), so without cgo too.
hugo:
	@if [ -x bin/hugo ] && bin/hugo version | grep -q ' $(lastword $(subst @, ,$(HUGO))) '; then :; \
	elif GOBIN=$(CURDIR)/bin CGO_ENABLED=0 $(GO) install $(HUGO); then echo "built $(HUGO) into bin/hugo"; \
	else rm -f bin/hugo; echo "could not build $(HUGO): no ratio to this Hugo (bench uses a hugo on the PATH, if any)"; fi

# The scale run of docs/performance.md: 100 and SCALE revisions (a minute
# or two for 10,000), built in turn; prints ×100 and the larger's peak-MB.
SCALE ?= 10000
bench-scale:
	$(if $(BENCHTMP),TMPDIR=$(BENCHTMP)) POLICYSITE_SCALE=$(SCALE) $(GO) test -run '^$$' -bench '^BenchmarkScale$$' -benchtime 1x -count 1 ./cmd/policysite

OLD ?= old.txt
NEW ?= new.txt
benchstat:
	$(GO) run $(BENCHSTAT) $(OLD) $(NEW)

# Check the site in content/ as build would, and lint it, writing nothing.
check: $(BIN)
	$(BIN) check --source .

# gofmt, vet, staticcheck, tidy; shellcheck on the shell scripts (CI's and the
# recipes' with their test fakes) where it is installed (.ci/run installs it);
# actionlint on .github/workflows, which also runs shellcheck on their run: steps.
SHELLSCRIPTS = .ci/run ci/*.sh internal/recipes/testdata/fakebin/*
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff
	@if command -v shellcheck >/dev/null; then echo "shellcheck $(SHELLSCRIPTS)"; shellcheck $(SHELLSCRIPTS); \
	elif [ -n "$$CI" ]; then echo "shellcheck is missing: .ci/run installs it (apt-get install shellcheck)"; exit 1; \
	else echo "shellcheck is not installed: the shell scripts, and the workflows' run: steps, are not linted (apt-get install shellcheck; CI does)"; fi
	$(GO) run $(ACTIONLINT)

# Print the diff quality measure: words marked against a minimal word diff,
# and the pairings, labels and "unchanged" claims a lawyer would object to.
quality:
	$(GO) test ./generator/diff -run 'TestDiffQuality$$' -count 1 -v

# Run each fuzz target for FUZZTIME.
fuzz:
	$(GO) test ./generator/content -run '^$$' -fuzz FuzzParseRevision -fuzztime $(FUZZTIME)
	$(GO) test ./generator/content -run '^$$' -fuzz FuzzParseConfig -fuzztime $(FUZZTIME)
	$(GO) test ./generator/content -run '^$$' -fuzz FuzzSameText -fuzztime $(FUZZTIME)
	$(GO) test ./generator/content -run '^$$' -fuzz FuzzIndexControl -fuzztime $(FUZZTIME)
	$(GO) test ./generator/render -run '^$$' -fuzz FuzzRender -fuzztime $(FUZZTIME)
	$(GO) test ./generator/diff -run '^$$' -fuzz FuzzCompare -fuzztime $(FUZZTIME)
	$(GO) test ./generator/diff -run '^$$' -fuzz FuzzDiffRunes -fuzztime $(FUZZTIME)

clean:
	rm -rf bin public $(SCREENSHOTS) $(TOOLS)/node_modules
