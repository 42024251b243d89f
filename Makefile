# The two commands a newcomer needs: `make run` and `make test`. Everything else is
# below them. Go builds without cgo (SQLite is the pure-Go modernc.org/sqlite).
SHELL := /bin/bash
GO ?= go
NPM ?= npm
export CGO_ENABLED ?= 0
BIN := bin/server
DATA_DIR ?= data

.PHONY: run build pwa pwa-deps test test-go test-pwa e2e bench bench-go bench-pwa generate lint ensure-postgres ensure-browser clean

## run: build everything, migrate the embedded SQLite database, load demo data, serve API + PWA on :8080
run: build
	$(BIN) serve --data-dir $(DATA_DIR) --seed-demo

## build: the PWA, then the server binary with the PWA embedded
build: pwa
	$(GO) build -o $(BIN) ./server

pwa/node_modules/.package-lock.json: pwa/package-lock.json pwa/package.json
	cd pwa && $(NPM) ci --no-audit --no-fund
pwa-deps: pwa/node_modules/.package-lock.json

pwa: pwa-deps
	cd pwa && $(NPM) run build

## test: every test: Go on SQLite and PostgreSQL, PWA unit tests, end-to-end in Chromium
test: test-go test-pwa e2e

ensure-postgres:
	@.ci/ensure-postgres || [ "$$CI" != "true" ]

ensure-browser:
	@.ci/ensure-browser || [ "$$CI" != "true" ]

test-go: ensure-postgres
	$(GO) test -count=1 -timeout 10m ./...

test-pwa: pwa
	cd pwa && $(NPM) run check:size && $(NPM) run test:unit

e2e: pwa ensure-browser
	cd pwa && $(NPM) run e2e

## bench: server benchmarks (SQLite and PostgreSQL) and the PWA's size and Lighthouse figures
bench: bench-go bench-pwa

# HTTP benchmarks run for a time; ingest runs 20 rounds of 1,000-event batches per writer,
# so each parcel ends with a few dozen events, more than a real journey has.
bench-go: ensure-postgres
	$(GO) test -run '^$$' -bench 'Me|NodeLookups|OrderByWaybill|PartnerOrders' -benchtime 3s -count 1 ./server
	$(GO) test -run '^$$' -bench 'TrackingIngest' -benchtime 20x -count 1 ./server
	$(GO) test -run '^$$' -bench 'Take' -count 1 ./internal/ratelimit

# Lighthouse is installed only for benchmarks: its dependency tree declares a package as
# "latest", which `npm ci` cannot lock.
bench-pwa: pwa ensure-browser
	cd pwa && $(NPM) install --no-save --no-audit --no-fund lighthouse@12.8.2 && $(NPM) run bench

## generate: gqlgen server code and the PWA's typed operations from schema/*.graphqls
generate: pwa-deps
	$(GO) tool gqlgen generate
	cd pwa && $(NPM) run generate

## lint: gofmt, go vet, staticcheck, TypeScript strict
lint: pwa-deps
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	cd pwa && $(NPM) run typecheck

clean:
	rm -rf bin pwa/dist/app
