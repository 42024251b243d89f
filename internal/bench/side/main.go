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
	soak       = flag.Duration("soak", 0, "instead of rounds, load the server with the three look-ups mixed for this long on each -soak-db, reporting each -soak-window (memory must stay flat)")
	soakWindow = flag.Duration("soak-window", time.Minute, "how often a soak reports")
	soakDB     = flag.String("soak-db", "both", "the `database` a soak loads the server on: sqlite, postgres, or both (one after the other)")
	partners   = flag.Int("partner-clients", 2, "partner clients made afresh for each round (each with 10 orders and the largest budget, 1,000,000 points a minute), the connections spread over them: one budget lasts about 5 s at 3,000 look-ups/s, so two let a 5-second round run at 6,000")
)

// pageItems is the partner look-up's page length (orders(first: pageItems)); each partner
// client of a round has that many orders, so every page is full.
const pageItems = 10

// target is one server under load.
type target struct {
	name         string
	url          string
	cmd          *exec.Cmd
	done         chan struct{} // closed when the process has exited
	staff, admin string        // tokens (empty for the ceiling)
	// partner are the tokens of the partner clients of the current round (see
	// newPartners); connection c uses partner[c%len(partner)].
	partner        []string
	partnerUnit    string // the demo partner's unit, given to the clients made per round
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

	useSQLite, usePG := true, true
	if *soak > 0 {
		switch *soakDB {
		case "sqlite":
			usePG = false
		case "postgres":
			useSQLite = false
		case "both":
		default:
			return fmt.Errorf("-soak-db %q: sqlite, postgres or both", *soakDB)
		}
	}
	if *partners < 1 {
		return fmt.Errorf("-partner-clients %d: at least 1", *partners)
	}
	ceiling := &target{name: "ceiling", url: "http://" + freeAddr() + "/graphql"}
	// The partner page lists pageItems orders, the ceiling's answer *events events: a
	// second ceiling answering pageItems events is the framework's figure for a list as
	// long as the page (the reference's N set to the page's length).
	pageCeiling := &target{name: fmt.Sprintf("ceiling, %d items", pageItems), url: "http://" + freeAddr() + "/graphql"}
	if *soak == 0 {
		for _, c := range []struct {
			t     *target
			items int
		}{{ceiling, *events}, {pageCeiling, pageItems}} {
			c.t.cmd = exec.Command(*ceilingBin, strings.TrimSuffix(strings.TrimPrefix(c.t.url, "http://"), "/graphql"), fmt.Sprint(c.items))
			defer stop(c.t)
			if err := start(c.t, filepath.Join(tmp, fmt.Sprintf("ceiling-%d.log", c.items))); err != nil {
				return err
			}
		}
	}

	var servers []*target
	if useSQLite {
		sqlite := &target{name: "SQLite", url: "http://" + freeAddr() + "/graphql"}
		defer stop(sqlite)
		if err := prepare(ctx, sqlite, []string{"--data-dir", filepath.Join(tmp, "sqlite")}, tmp); err != nil {
			return fmt.Errorf("%s: %w", sqlite.name, err)
		}
		servers = append(servers, sqlite)
	}
	if usePG {
		// A name of this run's own, so two runs at once do not drop each other's database.
		pgDB, dropPG, err := freshPostgres(ctx, *pgURL, fmt.Sprintf("perf_side_%d_%s", os.Getpid(), randomHex(4)))
		if err != nil {
			return err
		}
		defer dropPG() // registered before the server's stop, so it runs after it
		postgres := &target{name: "PostgreSQL", url: "http://" + freeAddr() + "/graphql"}
		defer stop(postgres)
		if err := prepare(ctx, postgres, []string{"--data-dir", filepath.Join(tmp, "pg"), "--database-url", pgDB}, tmp); err != nil {
			return fmt.Errorf("%s: %w", postgres.name, err)
		}
		servers = append(servers, postgres)
	}
	if *soak == 0 {
		for _, c := range []*target{ceiling, pageCeiling} {
			if err := waitUp(c); err != nil {
				return err
			}
		}
	}

	lookups := []struct {
		name string
		req  func(t *target) func(c, i int) ([]byte, http.Header)
		// page: the look-up answers a list of pageItems (measured beside pageCeiling too)
		page bool
	}{
		{"staff orderByWaybill with timeline", func(t *target) func(c, i int) ([]byte, http.Header) {
			body := mustJSON(map[string]any{"query": `query($w: String!) { orderByWaybill(waybillNo: $w) { id waybillNo trackingStatus expectedArrival
  consignee { name phoneMasked addressMasked } trackingEvents { occurredAt status place note } } }`, "variables": map[string]any{"w": t.waybill}})
			h := bearer(t.staff)
			return func(int, int) ([]byte, http.Header) { return body, h }
		}, false},
		{"partner orders(first: 10) with status", func(t *target) func(c, i int) ([]byte, http.Header) {
			body := mustJSON(map[string]any{"query": fmt.Sprintf(`{ orders(first: %d) { edges { node { id waybillNo trackingStatus expectedArrival } } } }`, pageItems)})
			var hs []http.Header
			for _, p := range t.partner {
				hs = append(hs, bearer(p))
			}
			return func(c, _ int) ([]byte, http.Header) { return body, hs[c%len(hs)] }
		}, true},
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
		}, false},
	}
	ceilingReq := mustJSON(map[string]any{"query": `query($w: String!) { orderByWaybill(waybillNo: $w) { id waybillNo status expectedArrival
  consigneeName consigneePhone destination events { id occurredAt status place note } } }`, "variables": map[string]any{"w": "SD123456785CN"}})

	if *soak > 0 {
		var failed []string
		for _, t := range servers {
			// A soak's partner share spends budgets for its whole length: eight clients
			// at least (8,000,000 points a minute, about 2,200 pages a second), so it
			// measures serving and not THROTTLED (four ran out at 4,400 look-ups a second).
			if err := newPartners(t, fmt.Sprintf("s%d", os.Getpid()), max(8, *partners)); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			var reqs []func(c, i int) ([]byte, http.Header)
			for _, l := range lookups {
				reqs = append(reqs, l.req(t))
			}
			failed = append(failed, soakRun(ctx, t, func(c, i int) ([]byte, http.Header) { return reqs[(c+i)%len(reqs)](c, i) })...)
		}
		return notFigures(failed)
	}

	fmt.Printf("side by side: %d connections, %s per target, %d rounds, %d events on the parcel, %d partner client(s) of its own a round; ratios are to the ceiling in the same round\n",
		*conns, *duration, *rounds, *events, *partners)
	var failed []string
	for r := 1; r <= *rounds; r++ {
		for _, l := range lookups {
			if *only != "" && !strings.Contains(l.name, *only) {
				continue
			}
			if strings.HasPrefix(l.name, "partner") {
				// Clients of this round's own: a budget a round before spent refuses
				// this round's look-ups (THROTTLED) and measures nothing.
				for _, t := range servers {
					if err := newPartners(t, fmt.Sprintf("r%d", r), *partners); err != nil {
						return fmt.Errorf("%s: %w", t.name, err)
					}
				}
			}
			fmt.Printf("\nround %d, %s\n", r, l.name)
			round := fmt.Sprintf("round %d, %s", r, l.name)
			ceilingLoad := func(int, int) ([]byte, http.Header) { return ceilingReq, nil }
			c, cpu := load(ctx, ceiling, ceilingLoad)
			failed = append(failed, report(round, ceiling.name, c, cpu)...)
			var pc loadgen.Result
			if l.page {
				pc, cpu = load(ctx, pageCeiling, ceilingLoad)
				failed = append(failed, report(round, pageCeiling.name, pc, cpu)...)
			}
			for _, t := range servers {
				res, cpu := load(ctx, t, l.req(t))
				failed = append(failed, report(round, "ours, "+t.name, res, cpu, against{pageCeiling.name, pc}, against{"", c})...)
			}
		}
	}
	return notFigures(failed)
}

// notFigures reports the loads that had errors, which are not figures, and fails the run
// when there were any.
func notFigures(failed []string) error {
	if len(failed) == 0 {
		return nil
	}
	fmt.Printf("\n!! %d load(s) had errors and are NOT figures:\n", len(failed))
	for _, f := range failed {
		fmt.Println("!!   " + f)
	}
	return fmt.Errorf("%d load(s) had errors (above): not figures", len(failed))
}

// soakRun loads t for -soak in windows of -soak-window and prints each window's rate,
// p99 and resident memory, then the growth from the first window to the last. It returns
// the windows that had errors.
func soakRun(ctx context.Context, t *target, req func(c, i int) ([]byte, http.Header)) []string {
	fmt.Printf("soak: %s on %s, %d connections, the three look-ups mixed, reported every %s; RSS before %d MiB\n", *soak, t.name, *conns, *soakWindow, residentMiB(t.cmd.Process.Pid))
	var first, peak, last int
	var failed []string
	for w, at := 1, time.Duration(0); at < *soak; w, at = w+1, at+*soakWindow {
		r := loadgen.Run(ctx, loadgen.Config{URL: t.url, Conns: *conns, Duration: *soakWindow, Request: req})
		rss := residentMiB(t.cmd.Process.Pid)
		if w == 1 {
			first = rss
		}
		peak, last = max(peak, rss), rss
		line := fmt.Sprintf("  %6s  %8.0f req/s  p99 %9s  errors %d  RSS %3d MiB", at+*soakWindow, r.PerSecond(), ms(r.Quantile(0.99)), r.Errors, rss)
		if r.Errors > 0 {
			line += fmt.Sprintf("  !! ERRORS, first: %.200s", r.FirstError)
			failed = append(failed, fmt.Sprintf("soak on %s, window ending %s: %d errors", t.name, at+*soakWindow, r.Errors))
		}
		fmt.Println(line)
	}
	fmt.Printf("%s: RSS first window %d MiB, peak %d MiB, last %d MiB\n", t.name, first, peak, last)
	return failed
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

// ratios is r beside each ceiling load that ran: its rate as a share of the ceiling's and
// its p99 as a multiple of the ceiling's (when the ceiling's is known).
func ratios(r loadgen.Result, ceilings ...against) string {
	var out string
	for _, c := range ceilings {
		if c.r.Requests == 0 {
			continue
		}
		of := "the ceiling"
		if c.name != "" {
			of = "the " + strings.TrimPrefix(c.name, "ceiling, ") + " ceiling"
		}
		out += fmt.Sprintf("  %.2f of %s", r.PerSecond()/c.r.PerSecond(), of)
		if p99 := c.r.Quantile(0.99); p99 > 0 {
			out += fmt.Sprintf(", p99 %.1f×", float64(r.Quantile(0.99))/float64(p99))
		}
	}
	return out
}

// against is a ceiling's load to give a ratio to, by name ("" for the ceiling itself).
type against struct {
	name string
	r    loadgen.Result
}

// report prints one load's line, with its ratios to each ceiling load that ran (none for a
// ceiling's own line), and returns what to list as not a figure (the load had errors), if
// anything.
func report(round, name string, r loadgen.Result, cpu time.Duration, ceilings ...against) []string {
	line := fmt.Sprintf("  %-18s %8.0f req/s  p50 %9s  p99 %9s  server CPU %4.0f µs/req  RSS %3d MiB", name, r.PerSecond(), ms(r.Quantile(0.5)), ms(r.Quantile(0.99)),
		float64(cpu)/float64(time.Microsecond), r.RSS) + ratios(r, ceilings...)
	if r.Errors > 0 {
		line += fmt.Sprintf("\n  !! %d ERRORS: NOT A FIGURE; first: %.200s", r.Errors, r.FirstError)
	}
	fmt.Println(line)
	if r.Errors > 0 {
		return []string{fmt.Sprintf("%s, %s: %d errors", round, name, r.Errors)}
	}
	return nil
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
	var err error
	if t.staff, err = tok("--employee", "CS1001"); err != nil {
		return err
	}
	if t.admin, err = tok("--employee", "CS9001"); err != nil {
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
			ClientID string
			OrgUnit  *struct{ ID string }
		}
	}
	if err := gql(t.url, t.admin, `{ partnerClients { clientId orgUnit { id } } }`, nil, &pc); err != nil {
		return err
	}
	for _, c := range pc.PartnerClients {
		if c.ClientID == "demo-mall" && c.OrgUnit != nil {
			t.partnerUnit = c.OrgUnit.ID
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

// newPartners gives t n partner clients of their own (ids bench-<tag>-<i>-<random>), as
// the demo partner's but with the largest budget (1,000,000 points a minute), each with
// pageItems orders taken in by the staff member for it, and sets t.partner to their tokens.
func newPartners(t *target, tag string, n int) error {
	t.partner = nil
	for i := range n {
		id := fmt.Sprintf("bench-%s-%d-%s", tag, i, randomHex(3))
		in := map[string]any{"idempotencyKey": "bench-side-" + id, "name": "压测合作方 " + id, "clientId": id,
			"scopes": []string{"orders:read", "tracking:read", "webhooks"}, "budgetPerMinute": 1000000}
		if t.partnerUnit != "" {
			in["orgUnitId"] = t.partnerUnit
		}
		var made struct{ CreatePartnerClient struct{ ClientSecret string } }
		if err := gql(t.url, t.admin, `mutation($in: CreatePartnerClientInput!) { createPartnerClient(input: $in) { clientSecret } }`, map[string]any{"in": in}, &made); err != nil {
			return err
		}
		var issued struct{ IssuePartnerToken struct{ AccessToken string } }
		if err := gql(t.url, "", `mutation($in: PartnerTokenInput!) { issuePartnerToken(input: $in) { accessToken } }`,
			map[string]any{"in": map[string]any{"clientId": id, "clientSecret": made.CreatePartnerClient.ClientSecret}}, &issued); err != nil {
			return err
		}
		for o := range pageItems {
			order := map[string]any{"idempotencyKey": fmt.Sprintf("bench-side-%s-%d", id, o), "partnerClientId": id, "service": "STANDARD",
				"consignor": map[string]any{"name": "陈先生", "phone": "13816881234", "province": "上海市", "city": "上海市", "district": "浦东新区", "detail": "张江路 100 号"},
				"consignee": map[string]any{"name": "刘女士", "phone": fmt.Sprintf("139%08d", o), "province": "浙江省", "city": "杭州市", "district": "西湖区", "detail": "文三路 200 号"},
				"goods":     map[string]any{"name": "服装", "quantity": 1, "weightKg": 1.5, "volumeM3": 0.01}}
			if err := gql(t.url, t.staff, `mutation($in: IntakeOrderInput!) { intakeOrder(input: $in) { order { id } } }`, map[string]any{"in": order}, nil); err != nil {
				return err
			}
		}
		t.partner = append(t.partner, issued.IssuePartnerToken.AccessToken)
	}
	return nil
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
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
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
