// Command side is the side-by-side harness of `make bench-side`: it starts the framework
// ceiling (internal/bench/ceiling: bare gqlgen serving the same response shape from
// memory) and the project's own server on SQLite and on PostgreSQL (`serve` with the demo
// data), then runs interleaved rounds of the three tracking look-ups — ceiling, ours on
// SQLite, ours on PostgreSQL, one after another — and prints requests/s, p50, p99 and the
// ratio to the ceiling measured in the same round. The machine is shared and noisy, so
// only ratios from one round compare.
//
//	go run ./internal/bench/side -server /tmp/server -ceiling /tmp/ceiling
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/expresscs/cs/internal/bench/loadgen"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench-side:", err)
		os.Exit(1)
	}
}

var (
	serverBin  = flag.String("server", "", "the project's server `binary`")
	ceilingBin = flag.String("ceiling", "", "the ceiling `binary` (internal/bench/ceiling)")
	rounds     = flag.Int("rounds", 2, "interleaved rounds")
	duration   = flag.Duration("duration", 5*time.Second, "load per target and look-up in a round")
	conns      = flag.Int("conns", 32, "connections (as wrk -c32)")
	pgURL      = flag.String("pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL `URL` (a database perf_side_<pid>_<random> is made there for the run and dropped after)")
	events     = flag.Int("events", 5, "tracking events on the looked-up parcel (and in the ceiling's answer)")
	only       = flag.String("only", "", "run only the look-ups whose name contains this")
	soak       = flag.Duration("soak", 0, "instead of rounds, load the server on PostgreSQL with the three look-ups mixed for this long, reporting each -soak-window (memory must stay flat)")
	soakWindow = flag.Duration("soak-window", time.Minute, "how often a soak reports")
)

// target is one server under load.
type target struct {
	name           string
	url            string
	cmd            *exec.Cmd
	done           chan struct{} // closed when the process has exited
	staff          string        // tokens (empty for the ceiling)
	partner        string
	waybill, last4 string
	// public are the parcels (waybill, last four phone digits) customers look up.
	public [][2]string
}

func run() error {
	flag.Parse()
	if *serverBin == "" || *ceilingBin == "" {
		return fmt.Errorf("-server and -ceiling are required")
	}
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "bench-side-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	ceiling := &target{name: "ceiling", url: "http://" + freeAddr() + "/graphql"}
	ceiling.cmd = exec.Command(*ceilingBin, strings.TrimSuffix(strings.TrimPrefix(ceiling.url, "http://"), "/graphql"), fmt.Sprint(*events))
	defer stop(ceiling)
	if err := start(ceiling, filepath.Join(tmp, "ceiling.log")); err != nil {
		return err
	}

	// A name of this run's own, so two runs at once do not drop each other's database.
	pgDB, dropPG, err := freshPostgres(ctx, *pgURL, fmt.Sprintf("perf_side_%d_%s", os.Getpid(), randomHex(4)))
	if err != nil {
		return err
	}
	defer dropPG() // registered before the servers' stops, so it runs after them
	sqlite := &target{name: "SQLite", url: "http://" + freeAddr() + "/graphql"}
	postgres := &target{name: "PostgreSQL", url: "http://" + freeAddr() + "/graphql"}
	for _, t := range []struct {
		t    *target
		args []string
	}{
		{sqlite, []string{"--data-dir", filepath.Join(tmp, "sqlite")}},
		{postgres, []string{"--data-dir", filepath.Join(tmp, "pg"), "--database-url", pgDB}},
	} {
		defer stop(t.t)
		if err := prepare(ctx, t.t, t.args, tmp); err != nil {
			return fmt.Errorf("%s: %w", t.t.name, err)
		}
	}
	if err := waitUp(ceiling); err != nil {
		return err
	}

	lookups := []struct {
		name string
		req  func(t *target) func(c, i int) ([]byte, http.Header)
	}{
		{"staff orderByWaybill with timeline", func(t *target) func(c, i int) ([]byte, http.Header) {
			body := mustJSON(map[string]any{"query": `query($w: String!) { orderByWaybill(waybillNo: $w) { id waybillNo trackingStatus expectedArrival
  consignee { name phoneMasked addressMasked } trackingEvents { occurredAt status place note } } }`, "variables": map[string]any{"w": t.waybill}})
			h := bearer(t.staff)
			return func(int, int) ([]byte, http.Header) { return body, h }
		}},
		{"partner orders(first: 10) with status", func(t *target) func(c, i int) ([]byte, http.Header) {
			body := mustJSON(map[string]any{"query": `{ orders(first: 10) { edges { node { id waybillNo trackingStatus expectedArrival } } } }`})
			h := bearer(t.partner)
			return func(int, int) ([]byte, http.Header) { return body, h }
		}},
		{"public customerTracking over the demo parcels", func(t *target) func(c, i int) ([]byte, http.Header) {
			var bodies [][]byte
			for _, p := range t.public {
				bodies = append(bodies, mustJSON(map[string]any{"query": `query($w: String!, $p: String!) { customerTracking(waybillNo: $w, phoneLast4: $p) { waybillNo status
  expectedArrival destinationCity events { occurredAt status place } } }`, "variables": map[string]any{"w": p[0], "p": p[1]}}))
			}
			// Each request comes from its own customer's address (through the trusted
			// proxy), as public look-ups do (one address may look up 30 times a minute),
			// for one of the demo's parcels in turn: customers look up their own parcels,
			// and every look-up counts against its parcel's guess ceiling, so one parcel
			// looked up by everyone at once would measure one counter row's lock.
			return func(c, i int) ([]byte, http.Header) {
				return bodies[(c*7919+i)%len(bodies)], http.Header{"X-Forwarded-For": {fmt.Sprintf("10.%d.%d.%d", c%256, i/256%256, i%256)}}
			}
		}},
	}
	ceilingReq := mustJSON(map[string]any{"query": `query($w: String!) { orderByWaybill(waybillNo: $w) { id waybillNo status expectedArrival
  consigneeName consigneePhone destination events { id occurredAt status place note } } }`, "variables": map[string]any{"w": "SD123456785CN"}})

	if *soak > 0 {
		return soakRun(ctx, postgres, func(c, i int) ([]byte, http.Header) {
			return lookups[(c+i)%len(lookups)].req(postgres)(c, i)
		})
	}

	fmt.Printf("side by side: %d connections, %s per target, %d rounds, %d events on the parcel; ratios are to the ceiling in the same round\n",
		*conns, *duration, *rounds, *events)
	for r := 1; r <= *rounds; r++ {
		for _, l := range lookups {
			if *only != "" && !strings.Contains(l.name, *only) {
				continue
			}
			fmt.Printf("\nround %d, %s\n", r, l.name)
			c, cpu := load(ctx, ceiling, func(int, int) ([]byte, http.Header) { return ceilingReq, nil })
			report("ceiling", c, c, cpu)
			for _, t := range []*target{sqlite, postgres} {
				r, cpu := load(ctx, t, l.req(t))
				report("ours, "+t.name, r, c, cpu)
			}
		}
	}
	return nil
}

// soakRun loads t for -soak in windows of -soak-window and prints each window's rate,
// p99 and resident memory, then the growth from the first window to the last.
func soakRun(ctx context.Context, t *target, req func(c, i int) ([]byte, http.Header)) error {
	fmt.Printf("soak: %s on %s, %d connections, the three look-ups mixed, reported every %s\n", *soak, t.name, *conns, *soakWindow)
	var first, peak, last int
	for w, at := 1, time.Duration(0); at < *soak; w, at = w+1, at+*soakWindow {
		r := loadgen.Run(ctx, loadgen.Config{URL: t.url, Conns: *conns, Duration: *soakWindow, Request: req})
		rss := residentMiB(t.cmd.Process.Pid)
		if w == 1 {
			first = rss
		}
		peak, last = max(peak, rss), rss
		fmt.Printf("  %6s  %8.0f req/s  p99 %9s  errors %d  RSS %3d MiB\n", at+*soakWindow, r.PerSecond(), ms(r.Quantile(0.99)), r.Errors, rss)
	}
	fmt.Printf("RSS first window %d MiB, peak %d MiB, last %d MiB\n", first, peak, last)
	return nil
}

// load runs the load generator against t and returns, beside its result, the CPU time
// t's process spent per successful request: a figure the other work on a shared machine
// disturbs much less than requests/s.
func load(ctx context.Context, t *target, req func(c, i int) ([]byte, http.Header)) (loadgen.Result, time.Duration) {
	before := cpuTime(t.cmd.Process.Pid)
	r := loadgen.Run(ctx, loadgen.Config{URL: t.url, Conns: *conns, Duration: *duration, Request: req})
	used := cpuTime(t.cmd.Process.Pid) - before
	r.RSS = residentMiB(t.cmd.Process.Pid)
	if r.Requests == 0 || before < 0 {
		return r, 0
	}
	return r, used / time.Duration(r.Requests)
}

// residentMiB is a process's resident memory now, in MiB (0 when unknown).
func residentMiB(pid int) int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int
			fmt.Sscan(rest, &kb)
			return kb / 1024
		}
	}
	return 0
}

// cpuTime is the user and system CPU time of a process so far (-1 when unknown: not
// Linux).
func cpuTime(pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// Fields after the command name (which may hold spaces) in parentheses; utime and
	// stime are the 14th and 15th fields of the line, in clock ticks (100 a second).
	f := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	var ut, st int64
	if len(f) < 13 {
		return -1
	}
	fmt.Sscan(f[11], &ut)
	fmt.Sscan(f[12], &st)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// ms prints a duration in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func report(name string, r, ceiling loadgen.Result, cpu time.Duration) {
	line := fmt.Sprintf("  %-18s %8.0f req/s  p50 %9s  p99 %9s  server CPU %4.0f µs/req  RSS %3d MiB", name, r.PerSecond(), ms(r.Quantile(0.5)), ms(r.Quantile(0.99)),
		float64(cpu)/float64(time.Microsecond), r.RSS)
	if name != "ceiling" && ceiling.Requests > 0 {
		line += fmt.Sprintf("  %.2f of the ceiling, p99 %.1f×", r.PerSecond()/ceiling.PerSecond(), float64(r.Quantile(0.99))/float64(ceiling.Quantile(0.99)))
	}
	if r.Errors > 0 {
		line += fmt.Sprintf("  (%d refused; first: %.200s)", r.Errors, r.FirstError)
	}
	fmt.Println(line)
}

// prepare loads the demo data, mints tokens, starts `serve`, gives the demo partner the
// largest budget (so the load measures serving, not the budget's refusals) and puts
// the configured number of events on a released parcel of the staff member's depot.
func prepare(ctx context.Context, t *target, base []string, tmp string) error {
	logf := filepath.Join(tmp, strings.ToLower(t.name)+".log")
	if _, err := output(append([]string{"seed"}, base...)...); err != nil {
		return err
	}
	tok := func(args ...string) (string, error) {
		out, err := output(append(append([]string{"token"}, base...), append(args, "--ttl", "2h")...)...)
		return strings.TrimSpace(out), err
	}
	var admin string
	var err error
	if t.staff, err = tok("--employee", "CS1001"); err != nil {
		return err
	}
	if admin, err = tok("--employee", "CS9001"); err != nil {
		return err
	}
	if t.partner, err = tok("--partner", "demo-mall"); err != nil {
		return err
	}
	u, _ := url.Parse(t.url)
	t.cmd = exec.Command(*serverBin, append(append([]string{"serve"}, base...), "--listen", u.Host,
		"--trusted-proxies", "127.0.0.1/32", "--log-level", "error")...)
	if err := start(t, logf); err != nil {
		return err
	}
	if err := waitUp(t); err != nil {
		return fmt.Errorf("%w (log: %s)", err, logf)
	}
	var pc struct {
		PartnerClients []struct {
			ID, Name, ClientID string
			Scopes             []string
			OrgUnit            *struct{ ID string }
		}
	}
	if err := gql(t.url, admin, `{ partnerClients { id name clientId scopes orgUnit { id } } }`, nil, &pc); err != nil {
		return err
	}
	for _, c := range pc.PartnerClients {
		if c.ClientID != "demo-mall" {
			continue
		}
		in := map[string]any{"idempotencyKey": fmt.Sprintf("bench-side-%d", time.Now().UnixNano()), "id": c.ID, "name": c.Name,
			"scopes": c.Scopes, "budgetPerMinute": 1000000}
		if c.OrgUnit != nil {
			in["orgUnitId"] = c.OrgUnit.ID
		}
		if err := gql(t.url, admin, `mutation($in: UpdatePartnerClientInput!) { updatePartnerClient(input: $in) { client { id } } }`, map[string]any{"in": in}, nil); err != nil {
			return err
		}
	}
	var list struct {
		Orders struct {
			Edges []struct {
				Node struct {
					WaybillNo      string
					State          string
					Consignee      struct{ PhoneMasked string }
					TrackingEvents []struct{ Status string }
				}
			}
		}
	}
	if err := gql(t.url, t.staff, `{ orders(first: 50) { edges { node { waybillNo state consignee { phoneMasked } trackingEvents { status } } } } }`, nil, &list); err != nil {
		return err
	}
	for _, e := range list.Orders.Edges {
		if p := e.Node.Consignee.PhoneMasked; len(p) >= 4 {
			t.public = append(t.public, [2]string{e.Node.WaybillNo, p[len(p)-4:]})
		}
	}
	for _, e := range list.Orders.Edges {
		n := e.Node
		if n.State != "RELEASED" || len(n.TrackingEvents) > *events || len(n.Consignee.PhoneMasked) < 4 {
			continue
		}
		t.waybill, t.last4 = n.WaybillNo, n.Consignee.PhoneMasked[len(n.Consignee.PhoneMasked)-4:]
		var evs []any
		steps := []string{"IN_TRANSIT", "ARRIVED_AT_HUB"}
		for i := len(n.TrackingEvents); i < *events; i++ {
			evs = append(evs, map[string]any{"eventKey": fmt.Sprintf("bench-side-%d", i), "waybillNo": n.WaybillNo, "status": steps[i%2],
				"occurredAt": time.Now().Add(time.Duration(i-*events) * time.Minute).Format(time.RFC3339), "place": "上海转运中心", "scannedBy": "PDA-BENCH"})
		}
		if len(evs) > 0 {
			var res struct{ RecordTrackingEvents struct{ Accepted int } }
			if err := gql(t.url, t.staff, `mutation($e: [TrackingEventInput!]!) { recordTrackingEvents(input: {events: $e}) { accepted } }`, map[string]any{"e": evs}, &res); err != nil {
				return err
			}
			if res.RecordTrackingEvents.Accepted != len(evs) {
				return fmt.Errorf("recorded %d of %d events on %s", res.RecordTrackingEvents.Accepted, len(evs), n.WaybillNo)
			}
		}
		return nil
	}
	return fmt.Errorf("no released parcel with at most %d events among the staff member's first 50 orders", *events)
}

func output(args ...string) (string, error) {
	cmd := exec.Command(*serverBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("server %s: %w: %s", args[0], err, errb.String())
	}
	return out.String(), nil
}

// freeAddr is a loopback address with a port nobody listens on now (other sessions on
// this machine run servers too).
func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func start(t *target, logFile string) error {
	f, err := os.Create(logFile)
	if err != nil {
		return err
	}
	t.cmd.Stdout, t.cmd.Stderr = f, f
	if err := t.cmd.Start(); err != nil {
		return err
	}
	t.done = make(chan struct{})
	go func() { _ = t.cmd.Wait(); f.Close(); close(t.done) }()
	return nil
}

func stop(t *target) {
	if t.done != nil {
		_ = t.cmd.Process.Signal(os.Interrupt)
		<-t.done
	}
}

// waitUp polls the target's address until it accepts connections (30 s at most); its
// process exiting first is an error.
func waitUp(t *target) error {
	p, _ := url.Parse(t.url)
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-t.done:
			return fmt.Errorf("%s exited at start", t.name)
		default:
		}
		c, err := net.DialTimeout("tcp", p.Host, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not start: %w", t.url, err)
		}
		time.Sleep(100 * time.Millisecond) // polling a process we started, not synchronising a test
	}
}

// freshPostgres creates the database name on the server of the admin URL and returns its
// URL and a function that drops it.
func freshPostgres(ctx context.Context, admin, name string) (string, func(), error) {
	c, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", nil, err
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	drop := func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err == nil {
			_, err = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench-side: drop database %s: %v\n", name, err)
		}
	}
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	return u.String(), drop, nil
}

// randomHex is n random bytes in hexadecimal.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func bearer(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// gql posts one operation and decodes its data into out; any error is returned.
func gql(u, token, query string, vars map[string]any, out any) error {
	req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(mustJSON(map[string]any{"query": query, "variables": vars})))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var env struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.Unmarshal(raw, &env); err != nil || len(env.Errors) > 0 {
		return fmt.Errorf("%s: %s", strings.Fields(query)[0], raw)
	}
	if out != nil {
		return json.Unmarshal(env.Data, out)
	}
	return nil
}
