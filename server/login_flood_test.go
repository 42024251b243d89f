package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

func TestWrongPasswordsFromOneAddressDoNotStopTheOwnerFromAnother(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		attacker, owner := fromAddr("198.51.100.7:4000"), fromAddr("203.0.113.9:5000")
		for i := range 5 {
			r := s.post(loginMutation, map[string]any{"no": "CS1002", "pw": "guess"}, attacker)
			if r.Code() != "INVALID_CREDENTIALS" {
				t.Fatalf("wrong password %d: %s", i+1, r.Raw)
			}
		}
		r := s.post(loginMutation, map[string]any{"no": "CS1002", "pw": demo.Password}, attacker, withHeader("Accept-Language", "en"))
		if r.Code() != "ACCOUNT_LOCKED" || r.Errors[0].Extensions["retryAfterSeconds"] != float64(1) ||
			r.Errors[0].Message != "Too many failed logins; try again in 1 s" {
			t.Fatalf("the guesser's address waits, and is told how long: %s", r.Raw)
		}
		s.post(loginMutation, map[string]any{"no": "CS1002", "pw": demo.Password}, owner).must(t)
	})
}

// BenchmarkLoginFlood sends 200 concurrent wrong-password logins at the production
// argon2id cost (64 MiB each) through the real HTTP server, each from its own address and
// for its own employee number, so that no throttle stops them before the password check:
// only the bound on checks running at once (--max-password-checks, by default one per
// core up to 4) keeps memory down.
// It reports the process's peak resident memory (VmHWM, reset before each flood), how
// many logins were checked and how many were told to retry (THROTTLED).
func BenchmarkLoginFlood(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs Linux /proc to read the peak resident memory")
	}
	s := newTestServer(b, dbtest.SQLite(b))
	// As `serve` sizes it by default (--max-password-checks).
	slots := identity.PasswordChecksFor(debug.SetMemoryLimit(-1), runtime.GOMAXPROCS(0))
	s.app.Identity.Gate = identity.NewDefaultPasswordGate(slots)
	s.app.Cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	srv := httptest.NewServer(newRouter(s.app, newMetrics(s.app.DB)))
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 200
	const flood = 200
	var checked, throttled, other int
	var peak, baseline int64
	round := 0
	for b.Loop() {
		round++
		debug.FreeOSMemory()
		resetPeakRSS(b)
		baseline = max(baseline, procStatus(b, "VmRSS:"))
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range flood {
			wg.Go(func() {
				body, _ := json.Marshal(map[string]any{"query": loginMutation,
					"variables": map[string]any{"no": fmt.Sprintf("FL%04d%03d", round, i), "pw": "wrong-password"}})
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", round%250, i/250, i%250))
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				var out gqlResult
				_ = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				mu.Lock()
				defer mu.Unlock()
				switch out.Code() {
				case "INVALID_CREDENTIALS":
					checked++
				case "THROTTLED":
					throttled++
				default:
					other++
				}
			})
		}
		wg.Wait()
		peak = max(peak, procStatus(b, "VmHWM:"))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(float64(baseline)/(1<<20), "before-RSS-MB")
	b.ReportMetric(float64(slots), "checks-at-once")
	b.ReportMetric(float64(checked)/float64(round), "checked/flood")
	b.ReportMetric(float64(throttled)/float64(round), "throttled/flood")
	if other > 0 {
		b.Errorf("%d logins answered neither INVALID_CREDENTIALS nor THROTTLED", other)
	}
	if peak > 300<<20 {
		b.Errorf("peak resident memory %d MiB during a flood of %d logins, over 300 MiB", peak>>20, flood)
	}
}

// resetPeakRSS resets the process's VmHWM (Linux: "5" to /proc/self/clear_refs).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Fatalf("reset the peak resident memory: %v", err)
	}
}

// procStatus reads a memory figure of /proc/self/status in bytes: VmRSS (resident now) or
// VmHWM (the peak since the last reset).
func procStatus(b *testing.B, field string) int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatalf("no %s in /proc/self/status", field)
	return 0
}
