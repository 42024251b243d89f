package partner_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/partner"
)

// webhookPartner creates a partner client with the webhooks scope and returns a context
// acting as it.
func webhookPartner(t *testing.T, d *db.DB) context.Context {
	t.Helper()
	ids := identity.NewService(d, nil)
	pc, _, err := ids.CreatePartnerClient(t.Context(), d.W, "挂钩商城", "hook-"+uuid.NewString()[:8], []string{partner.ScopeWebhooks}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return identity.WithPrincipal(t.Context(), &identity.Principal{Kind: identity.KindPartner, ID: pc.ID,
		Roles: []identity.Role{identity.RolePartner}, Scopes: []string{partner.ScopeWebhooks}})
}

func key() string { return uuid.NewString() }

var jobIDs atomic.Int64

func TestWebhookURLsToSpecialPurposeAddressesAreRefusedAtRegistration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		// Production settings: https only, nothing allowed beyond the public Internet.
		svc := &partner.Service{DB: d, Now: time.Now}
		ctx := webhookPartner(t, d)
		refused := []struct {
			name, url, reason string
		}{
			{"the shared address space (100.64.0.0/10) is refused", "https://100.64.0.1/hooks", "ADDRESS_NOT_ALLOWED"},
			{"an IPv4-mapped loopback address is refused", "https://[::ffff:127.0.0.1]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"the IPv6 loopback is refused", "https://[::1]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"the IPv4 loopback is refused", "https://127.0.0.1/hooks", "ADDRESS_NOT_ALLOWED"},
			{"a loopback address with a trailing dot is refused", "https://127.0.0.1./hooks", "ADDRESS_NOT_ALLOWED"},
			{"'this network' (0.0.0.0/8) is refused", "https://0.0.0.0/hooks", "ADDRESS_NOT_ALLOWED"},
			{"private use (10/8) is refused", "https://10.1.2.3/hooks", "ADDRESS_NOT_ALLOWED"},
			{"private use (172.16/12) is refused", "https://172.16.0.1/hooks", "ADDRESS_NOT_ALLOWED"},
			{"private use (192.168/16) is refused", "https://192.168.1.1/hooks", "ADDRESS_NOT_ALLOWED"},
			{"link-local (cloud metadata) is refused", "https://169.254.169.254/latest/meta-data", "ADDRESS_NOT_ALLOWED"},
			{"multicast is refused", "https://224.0.0.1/hooks", "ADDRESS_NOT_ALLOWED"},
			{"the documentation range is refused", "https://192.0.2.10/hooks", "ADDRESS_NOT_ALLOWED"},
			{"benchmarking addresses are refused", "https://198.18.0.1/hooks", "ADDRESS_NOT_ALLOWED"},
			{"reserved (240/4) and broadcast are refused", "https://255.255.255.255/hooks", "ADDRESS_NOT_ALLOWED"},
			{"NAT64 of a loopback address is refused", "https://[64:ff9b::7f00:1]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"6to4 is refused", "https://[2002:7f00:1::1]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"IPv6 unique-local is refused", "https://[fd00::1]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"IPv6 link-local with a zone is refused", "https://[fe80::1%25eth0]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"IPv6 documentation is refused", "https://[2001:db8::1]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"IPv6 multicast is refused", "https://[ff02::1]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"the unspecified IPv6 address is refused", "https://[::]/hooks", "ADDRESS_NOT_ALLOWED"},
			{"localhost is refused", "https://localhost/hooks", "ADDRESS_NOT_ALLOWED"},
			{"a name under localhost is refused", "https://api.localhost:8443/hooks", "ADDRESS_NOT_ALLOWED"},
			{"a one-label name is refused", "https://intranet/hooks", "ADDRESS_NOT_ALLOWED"},
			{"an .internal name is refused", "https://db.corp.internal/hooks", "ADDRESS_NOT_ALLOWED"},
			{"a decimal IPv4 address is refused", "https://2130706433/hooks", "ADDRESS_NOT_ALLOWED"},
			{"an octal-looking address is refused", "https://0177.0.0.1/hooks", "ADDRESS_NOT_ALLOWED"},
			{"a hex IPv4 label is refused", "https://a.0x7f/hooks", "ADDRESS_NOT_ALLOWED"},
			{"plain http is refused in production", "http://example.com/hooks", "SCHEME_NOT_ALLOWED"},
			{"another scheme is refused", "ftp://example.com/hooks", "SCHEME_NOT_ALLOWED"},
			{"a relative URL is refused", "/hooks", "MALFORMED"},
			{"credentials in the URL are refused", "https://user:pw@example.com/hooks", "MALFORMED"},
			{"a NUL character is refused", "https://example.com/\x00hooks", "MALFORMED"},
			{"a control character in the host is refused", "https://exam\x07ple.com/hooks", "MALFORMED"},
			{"a bidi override in the host is refused", "https://exa\u202emple.com/hooks", "MALFORMED"},
			{"a full-width space in the host is refused", "https://exa\u3000mple.com/hooks", "MALFORMED"},
			{"whitespace only is refused", " \u3000 \t", "MALFORMED"},
			{"an empty URL is refused", "", "MALFORMED"},
			{"10,000 characters are refused", "https://example.com/" + strings.Repeat("a", 10000), "MALFORMED"},
			{"a port out of range is refused", "https://example.com:70000/hooks", "MALFORMED"},
			{"a huge port is refused", "https://example.com:99999999999999999999/hooks", "MALFORMED"},
			{"a label over 63 characters is refused", "https://" + strings.Repeat("a", 64) + ".com/hooks", "MALFORMED"},
		}
		for _, c := range refused {
			_, _, err := svc.CreateEndpoint(ctx, key(), c.url, []partner.EventType{partner.EventDelivered})
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.WebhookURLInvalid || ae.Extra["field"] != "url" || ae.Extra["reason"] != c.reason {
				t.Errorf("%s: %v %+v", c.name, err, ae)
			}
		}
		if n, err := d.R.NewSelect().Model((*partner.Endpoint)(nil)).Count(ctx); err != nil || n != 0 {
			t.Errorf("refusals registered nothing: %d %v", n, err)
		}
		accepted := []string{"https://hooks.example.com/cs", "https://8.8.8.8:8443/hooks", "https://[2606:4700:4700::1111]/hooks",
			"https://xn--fiqs8s.example.com/hooks", "https://hooks.example.com./cs"}
		for _, u := range accepted {
			if _, _, err := svc.CreateEndpoint(ctx, key(), u, []partner.EventType{partner.EventDelivered}); err != nil {
				t.Errorf("a public URL %s is accepted: %v", u, err)
			}
		}
	})
}

// sender is a delivery worker over a service whose egress allows only allow.
type sender struct {
	svc *partner.Service
	w   *partner.DeliverWorker
	ctx context.Context
}

func newSender(t *testing.T, d *db.DB, allow ...netip.Prefix) *sender {
	svc := &partner.Service{DB: d, Now: time.Now, AllowHTTP: true, WebhookAllow: allow}
	return &sender{svc: svc, w: &partner.DeliverWorker{Svc: svc}, ctx: webhookPartner(t, d)}
}

// deliver stores an endpoint at rawURL (as if registered when its name resolved
// elsewhere) and a delivery for it, runs one attempt and returns the attempt logged and
// the error the job returned.
func (s *sender) deliver(t *testing.T, ctx context.Context, rawURL string) (*partner.Attempt, *partner.Delivery, error) {
	t.Helper()
	p := identity.PrincipalFrom(s.ctx)
	ep := &partner.Endpoint{ID: uuid.NewString(), ClientID: p.ID, URL: rawURL, EventCSV: "DELIVERED", Secret: partner.NewSigningSecret(),
		Active: true, CreatedAt: time.Now()}
	d := &partner.Delivery{ID: uuid.NewString(), EndpointID: ep.ID, EventID: uuid.NewString(), EventType: partner.EventDelivered,
		Payload: `{"type":"DELIVERED"}`, Status: partner.DeliveryPending, CreatedAt: time.Now()}
	if _, err := s.svc.DB.W.NewInsert().Model(ep).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.DB.W.NewInsert().Model(d).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	job := &river.Job[partner.DeliverArgs]{JobRow: &rivertype.JobRow{ID: jobIDs.Add(1), Attempt: 1, MaxAttempts: 25},
		Args: partner.DeliverArgs{DeliveryID: d.ID}}
	workErr := s.w.Work(ctx, job)
	at := new(partner.Attempt)
	if err := s.svc.DB.R.NewSelect().Model(at).Where("delivery_id = ?", d.ID).Scan(t.Context()); err != nil {
		t.Fatalf("attempt logged: %v (work: %v)", err, workErr)
	}
	if err := s.svc.DB.R.NewSelect().Model(d).WherePK().Scan(t.Context()); err != nil {
		t.Fatal(err)
	}
	return at, d, workErr
}

// countingServer counts the requests that reach it.
func countingServer(t *testing.T, ln net.Listener, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	if ln != nil {
		srv.Listener.Close()
		srv.Listener = ln
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &n
}

// assertClassOnly checks that nothing the partner or an operator reads names an address
// or quotes an OS error.
func assertClassOnly(t *testing.T, what string, at *partner.Attempt, d *partner.Delivery, workErr error, want partner.Failure) {
	t.Helper()
	if at.Failure != want || d.LastFailure != want {
		t.Errorf("%s: failure %q / %q, want %q", what, at.Failure, d.LastFailure, want)
	}
	for _, s := range []string{at.FailureText(), d.LastFailureText(), workErr.Error()} {
		for _, leak := range []string{"127.0.0", "::1", "localhost", "dial", "connect:", "lookup", "tcp", "x509", "i/o"} {
			if strings.Contains(s, leak) {
				t.Errorf("%s: %q reveals %q", what, s, leak)
			}
		}
	}
}

func TestWebhookDeliveriesDialOnlyPermittedAddresses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, hits := countingServer(t, nil, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
		port := srv.Listener.Addr().(*net.TCPAddr).Port

		// Production egress: a host name that resolves to 127.0.0.1 (localhost here; any
		// partner's DNS name could start to) is refused when dialled, and nothing is sent.
		prod := newSender(t, d)
		at, dl, err := prod.deliver(t, t.Context(), "http://localhost:"+itoa(port)+"/hooks")
		assertClassOnly(t, "a name resolving to loopback", at, dl, err, partner.FailureAddressNotAllowed)
		if at.FailureText() != "address not allowed" || at.NextRetryAt == nil || dl.Status != partner.DeliveryPending {
			t.Errorf("the attempt is logged as refused and retried later: %+v", at)
		}
		if hits.Load() != 0 {
			t.Errorf("the loopback receiver was reached %d times", hits.Load())
		}
		at, dl, err = prod.deliver(t, t.Context(), srv.URL+"/hooks")
		assertClassOnly(t, "a loopback literal stored earlier", at, dl, err, partner.FailureAddressNotAllowed)
		if hits.Load() != 0 {
			t.Errorf("the loopback receiver was reached %d times", hits.Load())
		}

		// With 127.0.0.1 allowed (tests and development only) the same receiver is reached.
		dev := newSender(t, d, netip.MustParsePrefix("127.0.0.1/32"))
		at, dl, err = dev.deliver(t, t.Context(), srv.URL+"/hooks")
		if err != nil || at.Failure != "" || dl.Status != partner.DeliveryDelivered || hits.Load() != 1 {
			t.Fatalf("the allowed receiver gets the delivery: %v %+v %d", err, at, hits.Load())
		}
	})
}

func TestWebhookRedirectsAreNotFollowed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		// The redirect points at another loopback address, outside what this sender may
		// reach: it must never be contacted, whatever the receiver answers.
		ln, err := net.Listen("tcp", "127.0.0.2:0")
		if err != nil {
			t.Skipf("no 127.0.0.2 on this machine: %v", err)
		}
		private, privateHits := countingServer(t, ln, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
		for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			redirector, _ := countingServer(t, nil, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, private.URL+"/internal", code)
			})
			s := newSender(t, d, netip.MustParsePrefix("127.0.0.1/32"))
			at, dl, err := s.deliver(t, t.Context(), redirector.URL+"/hooks")
			assertClassOnly(t, "a redirect", at, dl, err, partner.FailureRedirect)
			if at.StatusCode == nil || *at.StatusCode != code || at.FailureText() != "HTTP "+itoa(code)+": redirects are not followed" {
				t.Errorf("the redirect is logged with its status: %+v %q", at, at.FailureText())
			}
		}
		if privateHits.Load() != 0 {
			t.Errorf("the redirect target was reached %d times", privateHits.Load())
		}
	})
}

func TestWebhookAttemptLogHoldsTheClassOfFailureOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSender(t, d, netip.MustParsePrefix("127.0.0.1/32"))

		busy, _ := countingServer(t, nil, func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "upstream 10.0.0.7 is down", http.StatusServiceUnavailable)
		})
		at, dl, err := s.deliver(t, t.Context(), busy.URL)
		assertClassOnly(t, "HTTP 503", at, dl, err, partner.FailureHTTPStatus)
		if at.FailureText() != "HTTP 503" || strings.Contains(err.Error(), "10.0.0.7") {
			t.Errorf("a 503 reads HTTP 503: %q %v", at.FailureText(), err)
		}

		closed, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := closed.Addr().String()
		closed.Close()
		at, dl, err = s.deliver(t, t.Context(), "http://"+addr+"/hooks")
		assertClassOnly(t, "nothing listening", at, dl, err, partner.FailureConnectionRefused)
		if at.FailureText() != "connection refused" {
			t.Errorf("a closed port reads connection refused: %q", at.FailureText())
		}

		tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
		t.Cleanup(tlsSrv.Close)
		at, dl, err = s.deliver(t, t.Context(), tlsSrv.URL+"/hooks")
		assertClassOnly(t, "an untrusted certificate", at, dl, err, partner.FailureTLS)

		hangup, _ := countingServer(t, nil, func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		})
		at, dl, err = s.deliver(t, t.Context(), hangup.URL+"/hooks")
		assertClassOnly(t, "a connection closed without an answer", at, dl, err, partner.FailureConnectionReset)

		// A receiver that never answers: the attempt's deadline (River's job timeout in
		// production) ends it as a timeout.
		release := make(chan struct{})
		silent, _ := countingServer(t, nil, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		})
		t.Cleanup(func() { close(release) }) // before the server's Close, which waits for the handler
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		at, dl, err = s.deliver(t, ctx, silent.URL+"/hooks")
		if at == nil {
			t.Fatal("no attempt logged")
		}
		assertClassOnly(t, "no answer", at, dl, err, partner.FailureTimeout)

	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// Attempts logged before failure classes held the HTTP client's error text, which could
// name an address inside our network; the migration reduces each to its class. The
// migration's statements are run again here over rows written the old way.
func TestOldAttemptErrorsAreReducedToTheirClass(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		raw, err := os.ReadFile(filepath.Join("..", "..", "migrations", string(d.Dialect), "20261204120000_webhook_failure_classes.tx.up.sql"))
		if err != nil {
			t.Fatal(err)
		}
		s := newSender(t, d)
		p := identity.PrincipalFrom(s.ctx)
		ep := &partner.Endpoint{ID: uuid.NewString(), ClientID: p.ID, URL: "https://hooks.example.com/", EventCSV: "DELIVERED",
			Secret: partner.NewSigningSecret(), Active: true, CreatedAt: time.Now()}
		if _, err := d.W.NewInsert().Model(ep).Exec(t.Context()); err != nil {
			t.Fatal(err)
		}
		code := func(n int) *int { return &n }
		old := []struct {
			text string
			code *int
			want partner.Failure
		}{
			{`Post "https://hooks.example.com/": dial tcp 10.0.3.7:443: connect: connection refused`, nil, partner.FailureConnectionRefused},
			{`Post "https://hooks.example.com/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, nil, partner.FailureTimeout},
			{`Post "https://hooks.example.com/": dial tcp: lookup hooks.example.com on 127.0.0.53:53: no such host`, nil, partner.FailureDNS},
			{`Post "https://hooks.example.com/": tls: failed to verify certificate: x509: certificate has expired`, nil, partner.FailureTLS},
			{`Post "https://hooks.example.com/": read tcp 172.17.0.2:51234->93.184.216.34:443: read: connection reset by peer`, nil, partner.FailureConnectionReset},
			{`Post "https://hooks.example.com/": dial tcp 192.168.1.9:443: connect: no route to host`, nil, partner.FailureNetwork},
			{`receiver answered 503`, code(503), partner.FailureHTTPStatus},
			{`receiver answered 302`, code(302), partner.FailureRedirect},
		}
		var ids []string
		for i, o := range old {
			dl := &partner.Delivery{ID: uuid.NewString(), EndpointID: ep.ID, EventID: uuid.NewString(), EventType: partner.EventDelivered,
				Payload: "{}", Status: partner.DeliveryFailed, Attempts: 1, LastStatusCode: o.code, LastFailure: partner.Failure(o.text), CreatedAt: time.Now()}
			at := &partner.Attempt{ID: uuid.NewString(), DeliveryID: dl.ID, Attempt: 1, StatusCode: o.code, Failure: partner.Failure(o.text),
				AttemptedAt: time.Now().Add(time.Duration(i) * time.Second)}
			if _, err := d.W.NewInsert().Model(dl).Exec(t.Context()); err != nil {
				t.Fatal(err)
			}
			if _, err := d.W.NewInsert().Model(at).Exec(t.Context()); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, dl.ID)
		}
		for _, stmt := range strings.Split(string(raw), "--bun:split") {
			if strings.Contains(stmt, "UPDATE") {
				if _, err := d.W.ExecContext(t.Context(), stmt); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i, o := range old {
			dl := &partner.Delivery{ID: ids[i]}
			at := new(partner.Attempt)
			if err := d.R.NewSelect().Model(dl).WherePK().Scan(t.Context()); err != nil {
				t.Fatal(err)
			}
			if err := d.R.NewSelect().Model(at).Where("delivery_id = ?", ids[i]).Scan(t.Context()); err != nil {
				t.Fatal(err)
			}
			if at.Failure != o.want || dl.LastFailure != o.want {
				t.Errorf("%q became %q / %q, want %q", o.text, at.Failure, dl.LastFailure, o.want)
			}
		}
	})
}
