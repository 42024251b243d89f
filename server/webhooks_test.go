package main

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/demo"
)

func TestWebhookAllowListIsForDevelopmentOnly(t *testing.T) {
	c, err := configFrom(t, "--webhook-allow-cidrs", "127.0.0.1, ::1/128")
	if err != nil || len(c.WebhookAllow) != 2 {
		t.Fatalf("development: %v %v", err, c.WebhookAllow)
	}
	if _, err := configFrom(t, "--env", "production", "--webhook-allow-cidrs", "127.0.0.1/32"); err == nil {
		t.Error("production accepted an allow-list for webhooks")
	}
	if _, err := configFrom(t, "--webhook-allow-cidrs", "not-an-address"); err == nil {
		t.Error("a malformed allow-list was accepted")
	}
	if c, err := configFrom(t, "--env", "production"); err != nil || len(c.WebhookAllow) != 0 {
		t.Errorf("production has no allow-list: %v %v", err, c.WebhookAllow)
	}
}

// deliveryJob reads the River job that sends delivery id, through River itself.
func deliveryJob(t *testing.T, d *db.DB, deliveryID string) *rivertype.JobRow {
	t.Helper()
	var rows []*rivertype.JobRow
	list := river.NewJobListParams().Kinds("webhook_delivery").First(1000)
	if d.Dialect == db.SQLite {
		c, err := river.NewClient[*sql.Tx](riversqlite.New(d.R.DB), &river.Config{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.JobList(t.Context(), list)
		if err != nil {
			t.Fatal(err)
		}
		rows = res.Jobs
	} else {
		c, err := river.NewClient[*sql.Tx](riverdatabasesql.New(d.R.DB), &river.Config{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.JobList(t.Context(), list)
		if err != nil {
			t.Fatal(err)
		}
		rows = res.Jobs
	}
	for _, j := range rows {
		var args struct {
			DeliveryID string `json:"deliveryId"`
		}
		if json.Unmarshal(j.EncodedArgs, &args) == nil && args.DeliveryID == deliveryID {
			return j
		}
	}
	t.Fatalf("no job for delivery %s", deliveryID)
	return nil
}

func TestWebhookNextRetryAtIsWhenTheQueueRunsTheRetry(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		_, secret := s.newClient(admin, map[string]any{"name": "重试商城", "clientId": "retry-1",
			"scopes": []string{"orders:read", "tracking:read", "tracking:write", "webhooks"}})
		tok, _ := s.partnerToken("retry-1", secret)
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}))
		defer srv.Close()
		s.post(`mutation($url: String!, $k: String!) { createWebhookEndpoint(input: {idempotencyKey: $k, url: $url, events: [DELIVERED]}) { endpoint { id } } }`,
			map[string]any{"url": srv.URL + "/hooks", "k": key()}, withToken(tok)).must(t)
		o := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "retry-1", "partnerClientId")))
		s.post(recordEvents, map[string]any{"events": []any{ev("r-1", o["waybillNo"].(string), "SIGNED", time.Now().Add(-time.Minute), "signerName", "刘女士")}},
			withToken(tok)).must(t)

		ctx := t.Context()
		if err := s.app.Jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.app.Jobs.Stop(ctx) }()

		query := `query { webhookEndpoints { recentDeliveries { id attempts nextRetryAt lastFailure lastError
  attemptLog { attempt attemptedAt nextRetryAt failure error statusCode } } } }`
		type attempt struct {
			AttemptedAt time.Time  `json:"attemptedAt"`
			NextRetryAt *time.Time `json:"nextRetryAt"`
			Failure     string     `json:"failure"`
			Error       string     `json:"error"`
		}
		type delivery struct {
			ID          string     `json:"id"`
			Attempts    int        `json:"attempts"`
			NextRetryAt *time.Time `json:"nextRetryAt"`
			LastFailure string     `json:"lastFailure"`
			LastError   string     `json:"lastError"`
			AttemptLog  []attempt  `json:"attemptLog"`
		}
		read := func() delivery {
			r := s.post(query, nil, withToken(tok)).must(t)
			var out struct {
				WebhookEndpoints []struct {
					RecentDeliveries []delivery `json:"recentDeliveries"`
				} `json:"webhookEndpoints"`
			}
			raw, _ := json.Marshal(r.Data)
			if err := json.Unmarshal(raw, &out); err != nil || len(out.WebhookEndpoints) != 1 || len(out.WebhookEndpoints[0].RecentDeliveries) != 1 {
				t.Fatalf("one delivery: %v %s", err, r.Raw)
			}
			return out.WebhookEndpoints[0].RecentDeliveries[0]
		}
		var deliveryKey string
		// afterFailures waits until River has recorded n failed attempts and returns the
		// delivery as the partner reads it and River's job.
		afterFailures := func(n int) (delivery, *rivertype.JobRow) {
			t.Helper()
			var d delivery
			var job *rivertype.JobRow
			waitFor(t, "failure recorded by the queue", func() bool {
				d = read()
				if d.Attempts < n {
					return false
				}
				if deliveryKey == "" {
					var row struct {
						ID string `bun:"id"`
					}
					if err := s.app.DB.R.NewSelect().Table("webhook_deliveries").Column("id").Limit(1).Scan(ctx, &row); err != nil {
						t.Fatal(err)
					}
					deliveryKey = row.ID
				}
				job = deliveryJob(t, s.app.DB, deliveryKey)
				return len(job.Errors) == n && d.Attempts == n
			})
			return d, job
		}

		d1, job := afterFailures(1)
		if d1.NextRetryAt == nil || !d1.NextRetryAt.Equal(job.ScheduledAt) {
			t.Fatalf("after one failure nextRetryAt %v, the queue runs it at %v", d1.NextRetryAt, job.ScheduledAt)
		}
		if d1.LastFailure != "HTTP_STATUS" || d1.LastError != "HTTP 503" || d1.AttemptLog[0].Failure != "HTTP_STATUS" {
			t.Errorf("the failure is logged by class: %+v", d1)
		}
		// River's backoff after the first failure is about 1 s (attempt⁴ seconds ±10 %);
		// the step after it (16 s) is what was announced before.
		if gap := d1.NextRetryAt.Sub(d1.AttemptLog[0].AttemptedAt); gap < 800*time.Millisecond || gap > 3*time.Second {
			t.Errorf("the first retry comes about a second after the attempt, not %v later", gap)
		}

		d2, job := afterFailures(2)
		if d2.NextRetryAt == nil || !d2.NextRetryAt.Equal(job.ScheduledAt) {
			t.Fatalf("after two failures nextRetryAt %v, the queue runs it at %v", d2.NextRetryAt, job.ScheduledAt)
		}
		if !d2.AttemptLog[0].NextRetryAt.Equal(*d1.NextRetryAt) || d2.AttemptLog[1].AttemptedAt.Before(*d1.NextRetryAt) {
			t.Errorf("the second attempt ran no earlier than announced: %+v", d2.AttemptLog)
		}
		if !d2.AttemptLog[1].NextRetryAt.Equal(*d2.NextRetryAt) {
			t.Errorf("the attempt log and the delivery agree: %+v", d2)
		}
		if gap := d2.NextRetryAt.Sub(d2.AttemptLog[1].AttemptedAt); gap < 14*time.Second || gap > 19*time.Second {
			t.Errorf("the second retry comes about 16 s after the attempt, not %v later", gap)
		}
		if hits.Load() != 2 {
			t.Errorf("the receiver saw %d attempts", hits.Load())
		}
	})
}

func TestDemoPartnerAuthenticatesAndSeesItsOrdersWithTracking(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		if err := demo.LoadWorkday(t.Context(), demo.Workday{Identity: s.app.Identity, Roster: s.app.Roster, Orders: s.app.Orders,
			Tracking: s.app.Tracking, Zone: s.app.Cfg.zone, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		r := s.post(issueToken, map[string]any{"id": demo.PartnerClientID, "secret": s.secret}).must(t)
		tok := r.path("issuePartnerToken", "accessToken").(string)
		scopes := s.post(`mutation($id: String!, $secret: String!) { issuePartnerToken(input: {clientId: $id, clientSecret: $secret}) { scopes } }`,
			map[string]any{"id": demo.PartnerClientID, "secret": s.secret}).must(t).path("issuePartnerToken", "scopes")
		for _, want := range []string{"orders:read", "tracking:read", "webhooks"} {
			if !slices.Contains(scopes.([]any), any(want)) {
				t.Errorf("the demo partner has %s: %v", want, scopes)
			}
		}
		orders := s.post(`{ orders(first: 20) { totalCount edges { node { waybillNo goods { name } trackingStatus milestone
  trackingEvents { status place occurredAt exceptionReason } } } } }`, nil, withToken(tok)).must(t)
		if orders.path("orders", "totalCount") != 5.0 {
			t.Fatalf("the demo partner's orders: %s", orders.Raw)
		}
		statuses, events := map[any]bool{}, 0
		for _, e := range orders.path("orders", "edges").([]any) {
			n := e.(map[string]any)["node"].(map[string]any)
			statuses[n["trackingStatus"]] = true
			events += len(n["trackingEvents"].([]any))
		}
		for _, st := range []string{"SIGNED", "IN_TRANSIT", "EXCEPTION", "OUT_FOR_DELIVERY"} {
			if !statuses[st] {
				t.Errorf("the demo partner's orders include one %s: %v", st, statuses)
			}
		}
		if events < 10 {
			t.Errorf("the demo partner's orders have %d tracking events", events)
		}
		if r := s.post(`{ webhookEndpoints { id } }`, nil, withToken(tok)).must(t); r.path("webhookEndpoints") == nil {
			t.Errorf("the demo partner may manage webhooks: %s", r.Raw)
		}
	})
}
