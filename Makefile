# policysite — build the site in content/ and test the project.
# `make build` and `make test` are all a new machine needs (Go 1.26).

GO       ?= go
BIN      := bin/policysite
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS  := -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME ?= 20s

.PHONY: all build site test bench check lint fuzz clean

all: build

# Build the binary, then the site in content/ into public/.
build: $(BIN)
	$(BIN) build --source . --dest public

$(BIN): $(shell find cmd generator templates -type f) go.mod go.sum
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/policysite

# Every test: unit, golden, property (over ../shared/corpora when present),
# command-line scripts.
test:
	$(GO) vet ./...
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Validate the site in content/ without touching public/.
check: $(BIN)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && $(BIN) build --source . --dest "$$tmp/public"

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff

# Run each fuzz target for FUZZTIME.
fuzz:
	$(GO) test ./generator/content -run '^$$' -fuzz FuzzParseRevision -fuzztime $(FUZZTIME)
	$(GO) test ./generator/content -run '^$$' -fuzz FuzzParseConfig -fuzztime $(FUZZTIME)
	$(GO) test ./generator/render -run '^$$' -fuzz FuzzRender -fuzztime $(FUZZTIME)
	$(GO) test ./generator/diff -run '^$$' -fuzz FuzzCompare -fuzztime $(FUZZTIME)

clean:
	rm -rf bin public
