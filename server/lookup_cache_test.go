package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/tracking"
)

// cachedInstances stands up n instances on one fresh PostgreSQL database, each with its
// own connection pool and its own look-up cache listening, and one more without a cache
// (the reference: what the database says).
func cachedInstances(t *testing.T, n int) (instances []*testServer, plain *testServer) {
	t.Helper()
	url := dbtest.MigratedPostgres(t)
	keys := t.TempDir()
	open := func() *db.DB { return openTestDB(t, db.Config{URL: url}) }
	for range n {
		s := newTestServerWithBus(t, open(), event.NewLocal(quietLog), keys)
		followLookUps(t, s, tracking.NewCache(url, 100, quietLog))
		instances = append(instances, s)
	}
	return instances, newTestServerWithBus(t, open(), event.NewLocal(quietLog), keys)
}

// cacheEach runs fn on PostgreSQL, where writer and reader are two instances on one
// database, each with its own pool and cache, and on SQLite, where they are one instance
// (the embedded database serves one process) whose cache follows its writer. plain has no
// cache: what the database says.
func cacheEach(t *testing.T, fn func(t *testing.T, writer, reader, plain *testServer)) {
	t.Run("postgres", func(t *testing.T) {
		inst, plain := cachedInstances(t, 2)
		fn(t, inst[0], inst[1], plain)
	})
	t.Run("sqlite", func(t *testing.T) {
		s, plain := cachedSQLite(t)
		fn(t, s, s, plain)
	})
}

// cachedSQLite stands up one instance on a fresh SQLite file with its look-up cache
// following the writer, and one more on the same file without a cache.
func cachedSQLite(t *testing.T) (s, plain *testServer) {
	t.Helper()
	dir := dbtest.SQLiteDir(t)
	keys := t.TempDir()
	open := func() *db.DB { return openTestDB(t, db.Config{DataDir: dir}) }
	s = newTestServerWithBus(t, open(), event.NewLocal(quietLog), keys)
	followLookUps(t, s, tracking.NewLocalCache(s.app.DB, 100, quietLog))
	return s, newTestServerWithBus(t, open(), event.NewLocal(quietLog), keys)
}

// followLookUps runs c for s until the test ends, once it follows the database's changes
// (listens on PostgreSQL, follows the writer on SQLite).
func followLookUps(t testing.TB, s *testServer, c *tracking.Cache) {
	t.Helper()
	go func() { _ = c.Run(t.Context()) }()
	waitFor(t, "the look-up cache to follow the database", c.Listening)
	s.app.Tracking.Cache = c
}

// openTestDB opens the database cfg names, closed when the test ends.
func openTestDB(t *testing.T, cfg db.Config) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

const cachedLookUp = `query($w: String!) { orderByWaybill(waybillNo: $w) { ` + lookupFields + ` } }`

// releasedWaybill takes and releases an order at agent's counter and returns its number.
func releasedWaybill(s *testServer, agent string) string {
	return s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
}

// mustKeep looks wb up twice as agent: the second look-up must come from the cache, or
// what the test goes on to check is not answered by it.
func mustKeep(t *testing.T, s *testServer, agent, wb string) {
	t.Helper()
	s.post(cachedLookUp, map[string]any{"w": wb}, withToken(agent)).must(t)
	if r := s.post(cachedLookUp, map[string]any{"w": wb}, withToken(agent)).must(t); r.Statements != 0 {
		t.Fatalf("the parcel was not kept (%d statements): nothing below is answered from the cache", r.Statements)
	}
}

// A scan recorded through one instance is in the very next look-up on another, every
// time, although that instance answers unchanged parcels from its cache without a
// statement: the look-up waits for a fence on the cache's listening connection, which
// PostgreSQL answers only after delivering every announcement committed before it. On
// SQLite, the writer's commit forgets the parcel before it returns.
func TestLookUpCacheIsNeverStaleAcrossInstances(t *testing.T) {
	cacheEach(t, testLookUpCacheIsNeverStale)
}

func testLookUpCacheIsNeverStale(t *testing.T, writer, reader, plain *testServer) {
	agent, _ := writer.login("CS1001")
	wb := releasedWaybill(writer, agent)
	look := func() *gqlResult {
		t.Helper()
		return reader.post(cachedLookUp, map[string]any{"w": wb}, withToken(agent)).must(t)
	}
	first := look()
	if first.Statements == 0 {
		t.Fatal("the first look-up ran no statement: it cannot have read the parcel")
	}
	if again := look(); again.Statements != 0 || again.Raw != first.Raw {
		t.Fatalf("an unchanged parcel again: %d statements, %s against %s", again.Statements, again.Raw, first.Raw)
	}

	at := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Second)
	const rounds = 60
	for i := range rounds {
		note := fmt.Sprintf("第%d次扫描", i)
		r := writer.post(recordEvents, map[string]any{"events": []any{
			ev(key(), wb, []string{"PICKED_UP", "IN_TRANSIT"}[i%2], at.Add(time.Duration(i)*time.Minute), "note", note)}}, withToken(agent)).must(t)
		if r.path("recordTrackingEvents", "accepted") != float64(1) {
			t.Fatalf("scan %d not recorded: %s", i, r.Raw)
		}
		// The writer was told; the other instance's next look-up must show it.
		got := look()
		if !strings.Contains(got.Raw, note) || strings.Count(got.Raw, `"occurredAt"`) != i+1 {
			t.Fatalf("look-up %d after the scan was acknowledged is stale (%d statements): %s", i, got.Statements, got.Raw)
		}
		if got.Statements == 0 {
			t.Errorf("look-up %d after a change ran no statement", i)
		}
		if hit := look(); hit.Statements != 0 || hit.Raw != got.Raw {
			t.Errorf("look-up %d again: %d statements, %s", i, hit.Statements, hit.Raw)
		}
	}
	// What the cache answers is what the database says, byte for byte.
	want := plain.post(cachedLookUp, map[string]any{"w": wb}, withToken(agent)).must(t)
	if got := look(); field(t, got, "orderByWaybill") != field(t, want, "orderByWaybill") {
		t.Errorf("the cached parcel\n%s\nthe database's\n%s", got.Raw, want.Raw)
	}
	hits, misses, fences := reader.app.Tracking.Cache.Stats()
	if reader.app.DB.Dialect == db.SQLite {
		fences = 2*rounds + 2 // none: the writer is in this process
	}
	if hits < rounds || misses < rounds || fences < 2*rounds+2 {
		t.Errorf("hits %d, misses %d, fences %d: the cache was not used as the test assumes", hits, misses, fences)
	}
}

// The database announces every change, not the services: an order or its timeline
// changed by plain SQL (an operator, a migration, a job that knows nothing of the cache)
// is in the next look-up, and a renumbered order is NOT_FOUND under its old number.
func TestLookUpCacheForgetsChangesMadeByPlainSQL(t *testing.T) {
	cacheEach(t, func(t *testing.T, s, _, _ *testServer) {
		testLookUpCacheForgetsPlainSQL(t, s, func(q string, args ...any) error {
			_, err := s.app.DB.W.ExecContext(context.Background(), q, args...)
			return err
		}, nil)
	})
	// On SQLite, also a write past bun (database/sql itself on the writer's pool): the
	// change is forgotten at its commit, but nothing is kept until the writer's next
	// statement through bun says the commit has returned.
	t.Run("sqlite past bun", func(t *testing.T) {
		s, _ := cachedSQLite(t)
		testLookUpCacheForgetsPlainSQL(t, s, func(q string, args ...any) error {
			_, err := s.app.DB.W.DB.ExecContext(context.Background(), q, args...)
			return err
		}, func() {
			if _, err := s.app.DB.W.NewRaw("SELECT 1").Exec(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	})
}

// testLookUpCacheForgetsPlainSQL changes the parcel with run. settle (nil: none needed)
// runs after the look-up that shows the change, before the parcel must be kept again.
func testLookUpCacheForgetsPlainSQL(t *testing.T, s *testServer, run func(q string, args ...any) error, settle func()) {
	agent, _ := s.login("CS1001")
	wb := releasedWaybill(s, agent)
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", at, "note", "揽收")}}, withToken(agent)).must(t)
	mustKeep(t, s, agent, wb)
	look := func() *gqlResult { return s.post(cachedLookUp, map[string]any{"w": wb}, withToken(agent)) }
	exec := func(q string, args ...any) {
		t.Helper()
		if err := run(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name, sql, shows string
	}{
		{"an order's column", "UPDATE orders SET consignee_name = '欧阳修改' WHERE waybill_no = ?", "欧阳修改"},
		{"an event's note", "UPDATE tracking_events SET note = '改过的备注' WHERE order_id = (SELECT id FROM orders WHERE waybill_no = ?)", "改过的备注"},
		{"a new event", `INSERT INTO tracking_events (id, event_key, order_id, status, exception_reason, signer_name, occurred_at, recorded_at, place, scanned_by, note, source_kind, source_id)
			SELECT '0b9d3c4e-5f60-4a71-8b92-a3b4c5d6e7f8', 'plain-sql-1', order_id, 'IN_TRANSIT', '', '', occurred_at, recorded_at, '嘉兴', 'PDA-9', '手工补录', 'staff', ''
			FROM tracking_events WHERE order_id = (SELECT id FROM orders WHERE waybill_no = ?) LIMIT 1`, "手工补录"},
		{"an event deleted", "DELETE FROM tracking_events WHERE note = '改过的备注' AND order_id = (SELECT id FROM orders WHERE waybill_no = ?)", "!改过的备注"},
	}
	for _, step := range steps {
		exec(step.sql, wb)
		r := look().must(t)
		shown := strings.Contains(r.Raw, strings.TrimPrefix(step.shows, "!"))
		if shown == strings.HasPrefix(step.shows, "!") {
			t.Errorf("after %s by plain SQL the look-up is stale (%d statements): %s", step.name, r.Statements, r.Raw)
		}
		if settle != nil {
			if again := look().must(t); again.Statements == 0 {
				t.Errorf("after %s past bun, a parcel was kept before the commit was known to have returned", step.name)
			}
			settle()
			look().must(t)
		}
		if hit := look().must(t); hit.Statements != 0 {
			t.Errorf("after %s the parcel was not kept again (%d statements)", step.name, hit.Statements)
		}
	}
	// Renumbered: the old number finds nothing.
	exec("UPDATE orders SET waybill_no = ? WHERE waybill_no = ?", blindTypoNumber(t), wb)
	if r := look(); r.Code() != "NOT_FOUND" {
		t.Errorf("a renumbered order under its old number: %s", r.Raw)
	}
}

// A kept parcel is shown to exactly whom the look-up's statement would show it: another
// depot's agent, another branch's manager and a partner who does not own it get
// NOT_FOUND, as without the cache; a verifier is FORBIDDEN before any cache; the
// branch's manager sees it.
func TestLookUpCacheKeepsEachCallersReach(t *testing.T) {
	cacheEach(t, func(t *testing.T, s, _, plain *testServer) { testLookUpCacheKeepsReach(t, s, plain) })
}

func testLookUpCacheKeepsReach(t *testing.T, s, plain *testServer) {
	agent, _ := s.login("CS1001")
	wb := releasedWaybill(s, agent)
	mustKeep(t, s, agent, wb)
	partner, _ := s.partnerToken(demo.PartnerClientID, s.secret)
	for _, who := range []struct{ name, token, code string }{
		{"another depot's agent", first(s.login("CS1004")), "NOT_FOUND"},
		{"another branch's manager", first(s.login("CS3002")), "NOT_FOUND"},
		{"a partner who does not own it", partner, "NOT_FOUND"},
		{"a verifier", first(s.login("CS4001")), "FORBIDDEN"},
		{"the branch's manager", first(s.login("CS3001")), ""},
	} {
		got := s.post(cachedLookUp, map[string]any{"w": wb}, withToken(who.token))
		want := plain.post(cachedLookUp, map[string]any{"w": wb}, withToken(who.token))
		if got.Code() != who.code || fmt.Sprint(got.Errors, got.Data) != fmt.Sprint(want.Errors, want.Data) {
			t.Errorf("%s: %s, without the cache %s", who.name, got.Raw, want.Raw)
		}
		if who.code == "" && got.Statements != 0 {
			t.Errorf("%s was not answered from the cache (%d statements)", who.name, got.Statements)
		}
	}
}

// When the listening connection is lost, look-ups read the database (never the cache,
// which may have missed announcements) until it listens again; what changed meanwhile
// is shown.
func TestLookUpCacheReadsTheDatabaseWhileNotListening(t *testing.T) {
	inst, _ := cachedInstances(t, 1)
	s := inst[0]
	c := s.app.Tracking.Cache
	agent, _ := s.login("CS1001")
	wb := releasedWaybill(s, agent)
	mustKeep(t, s, agent, wb)
	look := func() *gqlResult { return s.post(cachedLookUp, map[string]any{"w": wb}, withToken(agent)).must(t) }
	ctx := context.Background()
	var killed int
	if err := s.app.DB.W.NewRaw("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()",
		tracking.CacheApplicationName).Scan(ctx, &killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d listening connections (%v), want 1", killed, err)
	}
	waitFor(t, "the cache to notice", func() bool { return !c.Listening() })
	if m := s.scrape(t); !strings.Contains(m, "cs_lookup_cache_listening 0") {
		t.Errorf("/metrics does not say the cache is not listening:\n%s", grepLines(m, "cs_lookup_cache"))
	}
	if _, err := s.app.DB.W.ExecContext(ctx, "UPDATE orders SET consignee_name = '断线期间' WHERE waybill_no = ?", wb); err != nil {
		t.Fatal(err)
	}
	if r := look(); !strings.Contains(r.Raw, "断线期间") || r.Statements != 1 {
		t.Errorf("while not listening (%d statements): %s", r.Statements, r.Raw)
	}
	waitFor(t, "the cache to listen again", c.Listening)
	look()
	if r := look(); r.Statements != 0 || !strings.Contains(r.Raw, "断线期间") {
		t.Errorf("listening again (%d statements): %s", r.Statements, r.Raw)
	}
	m := s.scrape(t)
	for _, want := range []string{"cs_lookup_cache_listening 1", `cs_lookup_cache_lookups_total{result="hit"} 2`, `cs_lookup_cache_lookups_total{result="miss"} 2`} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(m, "cs_lookup_cache"))
		}
	}
}

// grepLines returns the lines of text containing s.
func grepLines(text, s string) string {
	var out []string
	for line := range strings.Lines(text) {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}

// The public look-up shares the cache: a customer sees a scan recorded through another
// instance in the very next look-up; a kept parcel costs only the guess's two
// statements on PostgreSQL (taken, given back), a wrong guess at it one, and still
// NOT_FOUND; none on SQLite.
func TestLookUpCacheServesThePublicLookUpFresh(t *testing.T) {
	cacheEach(t, testLookUpCacheServesThePublicLookUp)
}

func testLookUpCacheServesThePublicLookUp(t *testing.T, writer, reader, plain *testServer) {
	agent, _ := writer.login("CS1001")
	wb := releasedWaybill(writer, agent)
	at := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Second)
	const public = `query($w: String!, $d: String!) { customerTracking(waybillNo: $w, phoneLast4: $d) { status events { status place occurredAt } } }`
	// The guess counts are in PostgreSQL (shared by instances), in memory on SQLite (one
	// process). Right digits at a kept parcel charge the address budget and check the
	// counts in one statement; a wrong guess takes a guess in one.
	guessStatements := int64(1)
	if reader.app.DB.Dialect == db.SQLite {
		guessStatements = 0
	}
	for i := range 20 {
		from := fromAddr(fmt.Sprintf("198.51.100.%d:4000", i+1))
		place := fmt.Sprintf("第%d号转运中心", i)
		writer.post(recordEvents, map[string]any{"events": []any{
			ev(key(), wb, []string{"PICKED_UP", "IN_TRANSIT"}[i%2], at.Add(time.Duration(i)*time.Minute), "place", place)}}, withToken(agent)).must(t)
		got := reader.post(public, map[string]any{"w": wb, "d": "4321"}, from).must(t)
		if !strings.Contains(got.Raw, place) || strings.Count(got.Raw, `"occurredAt"`) != i+1 {
			t.Fatalf("public look-up %d after the scan was acknowledged is stale: %s", i, got.Raw)
		}
		hit := reader.post(public, map[string]any{"w": wb, "d": "4321"}, from).must(t)
		if hit.Statements != guessStatements || hit.Raw != got.Raw {
			t.Errorf("public look-up %d again: %d statements, want %d (the address charged, the guesses checked): %s", i, hit.Statements, guessStatements, hit.Raw)
		}
		if wrong := reader.post(public, map[string]any{"w": wb, "d": "0000"}, from); wrong.Code() != "NOT_FOUND" || wrong.Statements != guessStatements {
			t.Errorf("a wrong guess at a kept parcel: %d statements, %s", wrong.Statements, wrong.Raw)
		}
	}
	want := plain.post(public, map[string]any{"w": wb, "d": "4321"}, fromAddr("203.0.113.9:4000")).must(t)
	if got := reader.post(public, map[string]any{"w": wb, "d": "4321"}, fromAddr("203.0.113.10:4000")).must(t); got.Raw != want.Raw {
		t.Errorf("the cached public view\n%s\nthe database's\n%s", got.Raw, want.Raw)
	}
}

// Right digits at a kept parcel take no guess, yet every limit holds as without the
// cache: an address whose guesses at the waybill are spent gets TRACKING_LOOKUP_LOCKED
// for the right digits too (nothing tells it that they are right), as does everyone once
// the waybill's ceiling is spent; the customer's repeated right look-ups leave her five
// guesses whole; and the address budget throttles right digits as it does wrong ones.
func TestLookUpCacheKeepsEveryGuessLimit(t *testing.T) {
	cacheEach(t, func(t *testing.T, writer, reader, _ *testServer) {
		agent, _ := writer.login("CS1001")
		wb, other := releasedWaybill(writer, agent), releasedWaybill(writer, agent)
		now := time.Now().UTC()
		reader.app.Tracking.Now = func() time.Time { return now } // nothing comes back meanwhile
		p := reader.app.Tracking.Lookup
		if p.MaxFailures == 0 {
			p = tracking.DefaultLookupPolicy
		}
		look := func(w, digits, addr string) *gqlResult {
			return reader.post(lookupQuery, map[string]any{"w": w, "d": digits}, fromAddr(addr+":4000"))
		}
		// hitRight looks up with the right digits and checks the cache answered it.
		hitRight := func(w, addr string) *gqlResult {
			t.Helper()
			hits, _, _ := reader.app.Tracking.Cache.Stats()
			r := look(w, "4321", addr)
			if after, _, _ := reader.app.Tracking.Cache.Stats(); after != hits+1 {
				t.Fatalf("the look-up of %s from %s was not answered from the cache: %s", w, addr, r.Raw)
			}
			return r
		}
		for _, w := range []string{wb, other} {
			look(w, "4321", "192.0.2.1").must(t)
		}
		// The customer looks again and again: no guess spent, five wrong ones still counted.
		for range 8 {
			hitRight(wb, "203.0.113.9").must(t)
		}
		for i := range p.MaxFailures {
			if r := look(wb, "0000", "203.0.113.9"); r.Code() != "NOT_FOUND" {
				t.Fatalf("the customer's wrong guess %d after her right look-ups: %s", i+1, r.Raw)
			}
		}
		// Spent: right digits are locked out like wrong ones, with the same wait.
		r := hitRight(wb, "203.0.113.9")
		if r.Code() != "TRACKING_LOOKUP_LOCKED" || r.Errors[0].Extensions["retryAfterSeconds"] != float64(180) {
			t.Fatalf("right digits from an address whose guesses are spent: %s", r.Raw)
		}
		if w := look(wb, "0000", "203.0.113.9"); w.Code() != "TRACKING_LOOKUP_LOCKED" || w.Raw != r.Raw {
			t.Errorf("wrong digits from that address answer otherwise than right ones:\n%s\n%s", w.Raw, r.Raw)
		}
		// The waybill's ceiling: spent by many addresses, it locks out everyone's right digits.
		for a := range p.WaybillMaxFailures / p.MaxFailures {
			for range p.MaxFailures {
				if r := look(other, "0000", fmt.Sprintf("198.51.100.%d", 10+a)); r.Code() != "NOT_FOUND" {
					t.Fatalf("guesser %d: %s", a, r.Raw)
				}
			}
		}
		if r := hitRight(other, "203.0.113.50"); r.Code() != "TRACKING_LOOKUP_LOCKED" {
			t.Fatalf("right digits at a waybill whose ceiling is spent: %s", r.Raw)
		}
		// The address budget: right digits spend it as wrong ones do.
		spent := 0
		for range p.PerSourcePerMinute + 1 {
			if r := look(wb, "4321", "203.0.113.77"); r.Code() == "THROTTLED" {
				break
			} else if r.Code() != "" {
				t.Fatalf("an address's right look-up: %s", r.Raw)
			}
			spent++
		}
		if spent != p.PerSourcePerMinute {
			t.Errorf("an address made %d right look-ups a minute, want %d", spent, p.PerSourcePerMinute)
		}
		if r := look(wb, "0000", "203.0.113.77"); r.Code() != "THROTTLED" {
			t.Errorf("wrong digits from the throttled address: %s", r.Raw)
		}
	})
}

// Thirty aliases of one kept parcel in one request (their fences are asked at once)
// answer thirty times the same, from the cache, without a statement; another depot's
// agent gets thirty NOT_FOUNDs.
func TestLookUpCacheAnswersThirtyAliasesAlike(t *testing.T) {
	cacheEach(t, func(t *testing.T, _, s, _ *testServer) { testLookUpCacheAnswersThirtyAliases(t, s) })
}

func testLookUpCacheAnswersThirtyAliases(t *testing.T, s *testServer) {
	agent, _ := s.login("CS1001")
	wb := releasedWaybill(s, agent)
	mustKeep(t, s, agent, wb)
	var q strings.Builder
	q.WriteString("query($w: String!) {")
	for i := range 30 {
		fmt.Fprintf(&q, " a%d: orderByWaybill(waybillNo: $w) { waybillNo trackingEvents { status } }", i)
	}
	q.WriteString(" }")
	r := s.post(q.String(), map[string]any{"w": wb}, withToken(agent)).must(t)
	if r.Statements != 0 || strings.Count(r.Raw, wb) != 30 {
		t.Errorf("30 aliases of a kept parcel: %d statements: %s", r.Statements, r.Raw)
	}
	other, _ := s.login("CS1004")
	if r := s.post(q.String(), map[string]any{"w": wb}, withToken(other)); strings.Count(r.Raw, "NOT_FOUND") != 30 || strings.Contains(r.Raw, wb+`"`) {
		t.Errorf("30 aliases from another depot: %s", r.Raw)
	}
}

func first(a, _ string) string { return a }
