package main

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/tracking"
)

const lookupQuery = `query($w: String!, $d: String!) { customerTracking(waybillNo: $w, phoneLast4: $d) { status signedBy } }`

func fromAddr(addr string) reqOpt { return func(r *http.Request) { r.RemoteAddr = addr } }

func TestTenConcurrentWrongGuessesReachTheLimit(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		now := time.Now().UTC()
		s.app.Tracking.Now = func() time.Time { return now } // nothing comes back while they run
		ctx := tracking.WithLookupSource(context.Background(), "198.51.100.7")
		codes := make([]apperr.Code, 10)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Go(func() {
				_, err := s.app.Tracking.CustomerLookup(ctx, wb, "0000")
				codes[i] = apperr.CodeOf(err)
			})
		}
		wg.Wait()
		count := map[apperr.Code]int{}
		for _, c := range codes {
			count[c]++
		}
		if count[apperr.NotFound] != tracking.DefaultLookupPolicy.MaxFailures || count[apperr.TrackingLookupLocked] != 10-tracking.DefaultLookupPolicy.MaxFailures {
			t.Fatalf("10 wrong guesses at once were answered %v: every one must count", count)
		}
		if _, err := s.app.Tracking.CustomerLookup(ctx, wb, "4321"); !apperr.Is(err, apperr.TrackingLookupLocked) {
			t.Errorf("after the limit even the right digits from that address wait: %v", err)
		}
	})
}

func TestOneGuesserCannotLockTheCustomerOut(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		now := time.Now().UTC()
		s.app.Tracking.Now = func() time.Time { return now }
		for i := range 5 {
			if r := s.post(lookupQuery, map[string]any{"w": wb, "d": "0000"}, fromAddr("198.51.100.7:4000")); r.Code() != "NOT_FOUND" {
				t.Fatalf("wrong guess %d: %s", i+1, r.Raw)
			}
		}
		r := s.post(lookupQuery, map[string]any{"w": wb, "d": "0001"}, fromAddr("198.51.100.7:4000"))
		if r.Code() != "TRACKING_LOOKUP_LOCKED" || r.Errors[0].Extensions["retryAfterSeconds"] != float64(180) {
			t.Fatalf("the sixth guess from the guesser waits until one comes back (three minutes): %s", r.Raw)
		}
		// The customer, elsewhere, is not affected, and looking up with the right digits
		// again and again spends no guess.
		for i := range 8 {
			if r := s.post(lookupQuery, map[string]any{"w": wb, "d": "4321"}, fromAddr("203.0.113.9:5000")); r.Code() != "" {
				t.Fatalf("the customer's look-up %d from another address: %s", i+1, r.Raw)
			}
		}
		// An IPv6 guesser is counted by its /64: changing the last bits is the same guesser.
		for i := range 5 {
			addr := "[2001:db8:1:2::" + string(rune('a'+i)) + "]:4000"
			if r := s.post(lookupQuery, map[string]any{"w": wb, "d": "0000"}, fromAddr(addr)); r.Code() != "NOT_FOUND" {
				t.Fatalf("IPv6 wrong guess %d: %s", i+1, r.Raw)
			}
		}
		if r := s.post(lookupQuery, map[string]any{"w": wb, "d": "0000"}, fromAddr("[2001:db8:1:2::ffff]:4000")); r.Code() != "TRACKING_LOOKUP_LOCKED" {
			t.Errorf("another address of the same /64 is the same guesser: %s", r.Raw)
		}
		// Time gives guesses back: one every three minutes.
		now = now.Add(3 * time.Minute)
		if r := s.post(lookupQuery, map[string]any{"w": wb, "d": "4321"}, fromAddr("198.51.100.7:4000")); r.Code() != "" {
			t.Errorf("three minutes later the guesser's address has one guess again: %s", r.Raw)
		}
	})
}

func TestAWaybillsCeilingStopsACrowdOfGuessers(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		other := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		now := time.Now().UTC()
		s.app.Tracking.Now = func() time.Time { return now }
		p := tracking.DefaultLookupPolicy
		for a := range p.WaybillMaxFailures / p.MaxFailures {
			addr := "198.51.100." + strconv.Itoa(10+a) + ":4000"
			for range p.MaxFailures {
				if r := s.post(lookupQuery, map[string]any{"w": wb, "d": "0000"}, fromAddr(addr)); r.Code() != "NOT_FOUND" {
					t.Fatalf("guesser %s: %s", addr, r.Raw)
				}
			}
		}
		r := s.post(lookupQuery, map[string]any{"w": wb, "d": "4321"}, fromAddr("203.0.113.9:5000"))
		if r.Code() != "TRACKING_LOOKUP_LOCKED" {
			t.Fatalf("after %d wrong guesses from every address together the waybill waits: %s", p.WaybillMaxFailures, r.Raw)
		}
		if r := s.post(lookupQuery, map[string]any{"w": other, "d": "4321"}, fromAddr("203.0.113.9:5000")); r.Code() != "" {
			t.Errorf("another waybill is not affected: %s", r.Raw)
		}
	})
}

func TestThePublicLookupShowsWhoSignedMasked(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		r := s.post(lookupQuery, map[string]any{"w": wb, "d": "4321"}).must(t)
		if r.path("customerTracking", "signedBy") != nil {
			t.Fatalf("nobody has signed yet: %s", r.Raw)
		}
		at := time.Now().Add(-2 * time.Hour)
		s.post(recordEvents, map[string]any{"events": []any{
			ev(key(), wb, "PICKED_UP", at),
			ev(key(), wb, "SIGNED", at.Add(time.Hour), "signerName", "欧阳娜娜"),
		}}, withToken(agent)).must(t)
		r = s.post(lookupQuery, map[string]any{"w": wb, "d": "4321"}).must(t)
		if r.path("customerTracking", "status") != "SIGNED" || r.path("customerTracking", "signedBy") != "欧***" {
			t.Errorf("the signer is shown as carriers show it: %s", r.Raw)
		}
	})
}

func TestMaskName(t *testing.T) {
	for name, want := range map[string]string{"张三": "张*", "欧阳娜娜": "欧***", "张": "张*", " 李四 ": "李*", "": "", "Ann": "A**"} {
		if got := tracking.MaskName(name); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLookupInputsAreRefusedBeforeAnyGuessCounts(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		for name, c := range map[string]struct{ w, d, field string }{
			"a NUL in the waybill":         {wb[:5] + "\x00" + wb[5:], "4321", "waybillNo"},
			"a right-to-left override":     {"\u202e" + wb, "4321", "waybillNo"},
			"10,000 characters":            {strings.Repeat("9", 10000), "4321", "waybillNo"},
			"full-width spaces only":       {"\u3000\u3000", "4321", "waybillNo"},
			"letters for digits":           {wb, "43a1", "phoneLast4"},
			"full-width digits":            {wb, "４３２１", "phoneLast4"},
			"five digits":                  {wb, "54321", "phoneLast4"},
			"a NUL among the digits":       {wb, "43\x0021", "phoneLast4"},
			"a huge number for the digits": {wb, "99999999999999999999", "phoneLast4"},
		} {
			r := s.post(lookupQuery, map[string]any{"w": c.w, "d": c.d})
			if r.Code() != "BAD_USER_INPUT" && r.Code() != "WAYBILL_CHECK_DIGIT" || r.Statements != 0 {
				t.Errorf("%s: %s (%d statements)", name, r.Raw, r.Statements)
			}
			if r.Code() == "BAD_USER_INPUT" && r.Errors[0].Extensions["field"] != c.field {
				t.Errorf("%s names %v", name, r.Errors[0].Extensions["field"])
			}
		}
		for i := range 5 { // none of the refusals cost a guess
			if r := s.post(lookupQuery, map[string]any{"w": wb, "d": "0000"}); r.Code() != "NOT_FOUND" {
				t.Fatalf("wrong guess %d: %s", i+1, r.Raw)
			}
		}
	})
}

// The public look-up's round trips. On PostgreSQL the counts are shared rows: the address
// budget and both guess counts are charged in one statement; then the order is read, and
// a right guess is given back to both in the statement that reads its events (a
// data-modifying WITH ahead of the read). On SQLite the counts are
// in this process's memory and only the two reads remain. A wrong guess keeps its charge:
// the charge and the order's read.
func TestThePublicLookupsStatementsAreFew(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		right, wrong := 2, 1
		if s.app.DB.Dialect == db.Postgres {
			right, wrong = 3, 2
		}
		r := s.post(lookupQuery, map[string]any{"w": wb, "d": "4321"}, fromAddr("198.51.100.23:4000")).must(t)
		if r.Statements != int64(right) {
			t.Errorf("a right guess ran %d statements, want %d", r.Statements, right)
		}
		r = s.post(lookupQuery, map[string]any{"w": wb, "d": "0000"}, fromAddr("198.51.100.23:4000"))
		if r.Code() != string(apperr.NotFound) || r.Statements != int64(wrong) {
			t.Errorf("a wrong guess: %s, %d statements, want %d", r.Raw, r.Statements, wrong)
		}
	})
}

// On PostgreSQL /metrics counts the statements that charged shared buckets and the charges
// they carried: ten public look-ups at once (each an address charge and two guesses, given
// back) make at least as many charges as statements, and every charge is counted. SQLite
// keeps its buckets in memory and reports neither.
func TestRateLimitBatchesShowInMetrics(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Go(func() {
				s.post(lookupQuery, map[string]any{"w": wb, "d": "4321"}, fromAddr("198.51.100."+strconv.Itoa(40+i)+":4000"))
			})
		}
		wg.Wait()
		m := s.scrape(t)
		batches, charges := metricValue(m, "cs_ratelimit_batches_total"), metricValue(m, "cs_ratelimit_batched_charges_total")
		if s.app.DB.Dialect == db.SQLite {
			if batches >= 0 || charges >= 0 {
				t.Errorf("SQLite reports batches of charges:\n%s", grepLines(m, "cs_ratelimit"))
			}
			return
		}
		// Each look-up: the address and both guesses taken (one batch element each), then
		// the guesses given back with the events (inside the read, not batched).
		if charges != 30 || batches < 1 || batches > 10 {
			t.Errorf("10 look-ups: %v batches carrying %v charges:\n%s", batches, charges, grepLines(m, "cs_ratelimit"))
		}
	})
}

// metricValue is the value of an unlabelled series in a scrape, or -1 when absent.
func metricValue(text, name string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}
