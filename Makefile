# The two commands a newcomer needs: `make run` and `make test`. Everything else is
# below them. Go builds without cgo (SQLite is the pure-Go modernc.org/sqlite).
SHELL := /bin/bash
GO ?= go
NPM ?= npm
export CGO_ENABLED ?= 0
BIN := bin/server
DATA_DIR ?= data

.PHONY: check-node check-tidy check-migrations migration-sums run build pwa pwa-deps test test-go-pwa test-go test-go-rest fuzz test-pwa e2e bench bench-side bench-go bench-scale bench-pwa generate lint ensure-postgres ensure-browser clean

## run: build everything, migrate the embedded SQLite database, load demo data, serve API + PWA on :8080
run: build
	$(BIN) serve --data-dir $(DATA_DIR) --seed-demo --webhook-allow-cidrs 127.0.0.1/32

## build: the PWA, then the server binary with the PWA embedded
build: pwa
	$(GO) build -buildvcs=auto -ldflags "-X main.version=$$(git describe --tags --always --dirty 2>/dev/null || echo dev)" -o $(BIN) ./server

pwa/node_modules/.package-lock.json: pwa/package-lock.json pwa/package.json | check-node
	cd pwa && $(NPM) ci --no-audit --no-fund
pwa-deps: pwa/node_modules/.package-lock.json

# The PWA is built when a file it is built from is newer than the build (make test's unit
# tests and e2e both need it; one build serves both).
PWA_SOURCES := $(shell find pwa/src pwa/public -type f 2>/dev/null) $(wildcard pwa/index.html pwa/package.json pwa/package-lock.json pwa/tsconfig.json pwa/vite.config.ts pwa/scripts/size.mjs)
pwa: pwa/dist/app/index.html
pwa/dist/app/index.html: $(PWA_SOURCES) | pwa-deps
	cd pwa && $(NPM) run build

## test: every test: Go on SQLite and PostgreSQL, PWA unit tests, end-to-end in Chromium
test: check-node check-tidy check-migrations test-go-pwa e2e

# make test's first part. ./server's tests take longer than all the other packages'
# together (and `go test ./...` would start them last), so they run in a go test of their
# own started at once; beside them, one after the other, the other packages and the PWA's
# unit tests. Every part runs even if one fails; any failure fails. Fuzz targets run their
# seed corpora and saved findings as plain tests here; fuzzing itself is `make fuzz` (a
# short run in make test cost a coverage-instrumented build of each target's packages,
# minutes on an empty build cache, for seconds of fuzzing).
test-go-pwa: ensure-postgres pwa-deps
	$(call beside_server_tests,test-go-rest test-pwa)

# beside_server_tests runs ./server's tests (.ci/server-tests: two halves at once) in the
# background while make runs the targets given (one after the other, each even if one
# before failed); any failure fails.
define beside_server_tests
@echo ".ci/server-tests (./server in two halves), beside: $(1)"
@.ci/server-tests & server=$$!; \
rc=0; $(MAKE) --no-print-directory -k $(1) || rc=1; \
wait $$server || rc=1; exit $$rc
endef

ensure-postgres:
	@.ci/ensure-postgres || [ "$$CI" != "true" ]

ensure-browser:
	@.ci/ensure-browser || [ "$$CI" != "true" ]

# ./server's tests take longer than all the other packages' together and `go test ./...`
# starts them last, so they run in a go test of their own started at once beside the rest.
test-go: ensure-postgres pwa-deps
	$(call beside_server_tests,test-go-rest)

# every Go package but ./server
test-go-rest: ensure-postgres
	$(GO) test -count=1 -timeout 25m $$($(GO) list ./... | grep -v '/server$$')

## fuzz: every Go native fuzz test in the module for FUZZTIME each (default 60s)
fuzz:
	FUZZTIME=$${FUZZTIME:-60s} .ci/fuzz

test-pwa: pwa
	cd pwa && $(NPM) run check:size && $(NPM) run test:unit

e2e: pwa ensure-browser
	cd pwa && $(NPM) run e2e

## bench: the side-by-side harness, server benchmarks (SQLite and PostgreSQL), the million-order scale figures, the PWA's size and Lighthouse figures
bench: bench-side bench-go bench-scale bench-pwa

## bench-side: tracking look-ups beside the bare-gqlgen ceiling and ingest beside the databases' own figures (about 5 minutes on a quiet machine)
# Look-ups: the ceiling (internal/bench/ceiling), `serve` on SQLite and on PostgreSQL with
# the demo data, interleaved rounds from a Go load generator; ratios come from one round.
# The partner page (10 orders) is also given beside a ceiling answering 10 items.
# Ingest: ours then the database's own minimal work, one right after the other.
SIDE_FLAGS ?= -rounds 2 -duration 3s
bench-side: ensure-postgres
	$(GO) build -o bin/bench/server ./server
	$(GO) build -o bin/bench/ceiling ./internal/bench/ceiling
	$(GO) run ./internal/bench/side -server bin/bench/server -ceiling bin/bench/ceiling $(SIDE_FLAGS)
	$(GO) test -run '^$$' -bench 'TrackingIngest/writers-./postgres' -benchtime 5x -count 1 ./server
	internal/bench/ingestlimit/postgres.sh 5
	$(GO) test -run '^$$' -bench 'TrackingIngest/writers-./sqlite' -benchtime 5x -count 1 ./server
	$(GO) test -run '^$$' -bench 'SQLiteIngestLimit' -benchtime 5x -count 1 ./internal/bench/ingestlimit

# HTTP benchmarks run for a time; ingest runs 20 rounds of 1,000-event batches per writer,
# so each parcel ends with a few dozen events, more than a real journey has.
bench-go: ensure-postgres
	$(GO) test -run '^$$' -bench 'Me|NodeLookups|OrderByWaybill|PartnerOrders|ReplicaLookups' -benchtime 3s -count 1 ./server
	$(GO) test -run '^$$' -bench 'TrackingIngest' -benchtime 20x -count 1 ./server
	$(GO) test -run '^$$' -bench 'LoginFlood' -benchtime 3x -count 1 ./server
	$(GO) test -run '^$$' -bench 'Take' -count 1 ./internal/ratelimit
	$(GO) test -run '^$$' -bench 'Edge' -count 1 ./server

## bench-scale: the issue-21 queries with the demo's orders and after loading 1,000,000 orders and 3,000,000 events into one depot (PostgreSQL; 100,000 on SQLite); SCALE_ORDERS=n changes the size, SCALE_EXPLAIN=1 prints PostgreSQL's plans
bench-scale: ensure-postgres
	$(GO) test -run '^$$' -bench 'Scale' -benchtime 1x -count 1 -timeout 60m ./server

# Lighthouse is installed only for benchmarks: its dependency tree declares a package as
# "latest", which `npm ci` cannot lock.
bench-pwa: pwa ensure-browser
	cd pwa && $(NPM) install --no-save --no-audit --no-fund lighthouse@12.8.2 && $(NPM) run bench

## generate: gqlgen server code and the PWA's typed operations from schema/*.graphqls
generate: pwa-deps
	$(GO) tool gqlgen generate
	$(GO) test -count=1 -run TestReadmeErrorTable ./internal/apperr -update
	cd pwa && $(NPM) run generate

## lint: gofmt, go vet, staticcheck, TypeScript strict
lint: pwa-deps
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	cd pwa && $(NPM) run typecheck

clean:
	rm -rf bin pwa/dist/app

## check-tidy: go.mod and go.sum are exactly what `go mod tidy` would write (CI runs it)
# A shipped migration is never edited: SHA256SUMS only grows (migrations/sums_test.go checks the files).
check-migrations:
	@.ci/check-migrations

## check-node: the installed Node.js is within pwa/package.json's engines range (^20.19.0 || >=22.12.0)
check-node:
	@.ci/check-node

## migration-sums: freeze the migrations that ship with this commit (append their SHA-256 to migrations/SHA256SUMS)
migration-sums:
	.ci/migration-sums

check-tidy:
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }
