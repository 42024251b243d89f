package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket/wsjson"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
)

const setActive = `mutation($in: DeactivateStaffInput!) { deactivateStaff(input: $in) { staff { id active } replayed } }`
const reactivate = `mutation($in: ReactivateStaffInput!) { reactivateStaff(input: $in) { staff { id active } replayed } }`

func deactivation(staffID, k, reason string) map[string]any {
	return map[string]any{"in": map[string]any{"idempotencyKey": k, "staffId": staffID, "reason": reason}}
}

func TestADeactivatedPersonsAccessEndsAtOnce(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		colleague, _ := s.login("CS1002")
		agent, refresh := s.login("CS1001")
		id := s.staffID("CS1001")
		// The first request of a process loads the organisation tree; measure a warm one.
		s.post(`{ me { id } }`, nil, withToken(colleague)).must(t)
		before := s.post(`{ me { id } }`, nil, withToken(colleague)).must(t).Statements

		k := key()
		r := s.post(setActive, deactivation(id, k, "已离职"), withToken(admin), withHeader("X-Request-Id", "req-deactivate-0001")).must(t)
		if r.path("deactivateStaff", "staff", "active") != false || r.path("deactivateStaff", "replayed") != false {
			t.Fatalf("deactivate: %s", r.Raw)
		}
		r = s.post(`{ me { id } }`, nil, withToken(agent))
		if r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" || r.Errors[0].Extensions["reason"] != "TOKEN_REVOKED" {
			t.Errorf("the person's access token right after: %d %s", r.Status, r.Raw)
		}
		if r := s.post(`mutation($t: String!) { refreshSession(input: {refreshToken: $t}) { accessToken } }`, map[string]any{"t": refresh}); r.Code() != "UNAUTHENTICATED" {
			t.Errorf("the person's refresh token: %s", r.Raw)
		}
		if r := s.post(loginMutation, map[string]any{"no": "CS1001", "pw": demo.Password}); r.Code() != "INVALID_CREDENTIALS" {
			t.Errorf("the person logging in again: %s", r.Raw)
		}
		if r := s.post(`{ me { id } }`, nil, withToken(colleague)).must(t); r.Statements != before {
			t.Errorf("an ordinary request ran %d statements, %d before: the check must cost none", r.Statements, before)
		}

		// The audit log says who, whom, why, when and which request.
		var entries []identity.AuditEntry
		if err := s.app.DB.R.NewSelect().Model(&entries).Where("action = 'staff.deactivate'").Scan(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].SubjectID != mustKey(t, id) || entries[0].Reason != "已离职" ||
			entries[0].RequestID != "req-deactivate-0001" || entries[0].ActorID != mustKey(t, s.staffID("CS9001")) || entries[0].CreatedAt.IsZero() {
			t.Errorf("audit: %+v", entries)
		}

		// A retry with the same key replays; a new decision on a deactivated person conflicts.
		if r := s.post(setActive, deactivation(id, k, "已离职"), withToken(admin)).must(t); r.path("deactivateStaff", "replayed") != true {
			t.Errorf("replay: %s", r.Raw)
		}
		if r := s.post(setActive, deactivation(id, key(), "再次停用"), withToken(admin)); r.Code() != "CONFLICT" {
			t.Errorf("deactivating twice: %s", r.Raw)
		}

		// Reactivated, the person logs in again; the old token stays ended.
		r = s.post(reactivate, deactivation(id, key(), "返岗"), withToken(admin)).must(t)
		if r.path("reactivateStaff", "staff", "active") != true {
			t.Fatalf("reactivate: %s", r.Raw)
		}
		fresh, _ := s.login("CS1001")
		s.post(`{ me { id } }`, nil, withToken(fresh)).must(t)
		if r := s.post(`{ me { id } }`, nil, withToken(agent)); r.Status != http.StatusUnauthorized {
			t.Errorf("the token from before the deactivation: %s", r.Raw)
		}
		if r := s.post(reactivate, deactivation(id, key(), "返岗"), withToken(admin)); r.Code() != "CONFLICT" {
			t.Errorf("reactivating an active person: %s", r.Raw)
		}
	})
}

func TestOnlyAnAdminOfTheSameOrganisationDeactivates(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		id := s.staffID("CS1001")
		admin, _ := s.login("CS9001")
		supervisor, _ := s.login("CS2001")
		manager, _ := s.login("CS3000")
		agent, _ := s.login("CS1001")
		otherAdmin := s.adminOfAnotherOrganisation()
		partner, _ := s.partnerToken(demo.PartnerClientID, s.secret)

		for name, c := range map[string]struct{ token, code string }{
			"the person's supervisor":          {supervisor, "FORBIDDEN"},
			"the top manager":                  {manager, "FORBIDDEN"},
			"the person themself":              {agent, "FORBIDDEN"},
			"a partner":                        {partner, "FORBIDDEN"},
			"an admin of another organisation": {otherAdmin, "NOT_FOUND"},
			"nobody":                           {"", "UNAUTHENTICATED"},
		} {
			var opts []reqOpt
			if c.token != "" {
				opts = append(opts, withToken(c.token))
			}
			if r := s.post(setActive, deactivation(id, key(), "离职"), opts...); r.Code() != c.code {
				t.Errorf("%s: %s", name, r.Raw)
			}
		}
		if r := s.post(setActive, deactivation(s.staffID("CS9001"), key(), "测试"), withToken(admin)); r.Code() != "FORBIDDEN" {
			t.Errorf("an admin deactivating themself: %s", r.Raw)
		}
		for name, c := range map[string]struct{ id, key, reason, field string }{
			"a blank reason":             {id, key(), "\u3000 ", "reason"},
			"a NUL in the reason":        {id, key(), "离\x00职", "reason"},
			"a right-to-left override":   {id, key(), "离职\u202e", "reason"},
			"a 10,000-character reason":  {id, key(), strings.Repeat("长", 10000), "reason"},
			"a malformed staff id":       {"not-an-id", key(), "离职", "id"},
			"an order id for a staff id": {graph.GlobalID("Order", mustKey(t, id)), key(), "离职", "id"},
			"a short idempotency key":    {id, "k", "离职", "idempotencyKey"},
		} {
			r := s.post(setActive, deactivation(c.id, c.key, c.reason), withToken(admin))
			if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field {
				t.Errorf("%s: %s", name, r.Raw)
			}
		}
		if r := s.post(`{ me { active } }`, nil, withToken(agent)).must(t); r.path("me", "active") != true {
			t.Errorf("no refusal changed anything: %s", r.Raw)
		}
	})
}

func TestTwoAdminsDeactivatingAtOnceOneSucceeds(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		id := s.staffID("CS1001")
		a, _ := s.login("CS9001")
		b := s.secondAdmin()
		codes := make([]string, 2)
		var wg sync.WaitGroup
		for i, tok := range []string{a, b} {
			wg.Go(func() { codes[i] = s.post(setActive, deactivation(id, key(), "离职"), withToken(tok)).Code() })
		}
		wg.Wait()
		if !(codes[0] == "" && codes[1] == "CONFLICT" || codes[0] == "CONFLICT" && codes[1] == "") {
			t.Errorf("two admins at once: %q", codes)
		}
	})
}

func TestDeactivationClosesThePersonsSubscriptions(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		agent, _ := s.login("CS1001")
		colleague, _ := s.login("CS1002")
		const sub = `subscription { rosterNotificationAdded { id } }`
		mine := sseStream(t, ctx, srv.URL, agent, sub)
		theirs := sseStream(t, ctx, srv.URL, colleague, sub)
		conn, err := wsSubscribe(t, ctx, srv.URL, map[string]any{"Authorization": "Bearer " + agent}, sub, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.CloseNow()

		admin, _ := s.login("CS9001")
		s.post(setActive, deactivation(s.staffID("CS1001"), key(), "离职"), withToken(admin)).must(t)

		for line := range mine { // the server ends the stream: the channel closes
			if strings.HasPrefix(line, "data: ") {
				t.Errorf("the person's SSE stream sent %s", line)
			}
		}
		if ctx.Err() != nil {
			t.Fatal("the person's SSE stream stayed open")
		}
		for {
			var msg map[string]any
			if err := wsjson.Read(ctx, conn, &msg); err != nil {
				if ctx.Err() != nil {
					t.Fatal("the person's WebSocket stayed open")
				}
				break // closed by the server
			}
			if msg["type"] == "next" {
				t.Errorf("the person's WebSocket sent %v", msg)
			}
		}
		select {
		case line, ok := <-theirs:
			if !ok {
				t.Error("a colleague's stream ended too")
			} else if strings.HasPrefix(line, "data: ") || strings.HasPrefix(line, "event: complete") {
				t.Errorf("a colleague's stream heard %s", line)
			}
		default:
		}
	})
}

func TestDeactivationReachesAnotherInstanceOnPostgres(t *testing.T) {
	url := dbtest.MigratedPostgres(t)
	open := func() *db.DB {
		d, err := db.Open(context.Background(), db.Config{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		if _, err := d.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return d
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	busA, busB := event.NewPostgres(url, quietLog), event.NewPostgres(url, quietLog)
	for _, b := range []*event.Postgres{busA, busB} {
		go func() { _ = b.Run(ctx) }()
		<-b.Ready()
	}
	keys := t.TempDir()
	a := newTestServerWithBus(t, open(), busA, keys)
	b := newTestServerWithBus(t, open(), busB, keys)

	agent, _ := b.login("CS1001")
	b.post(`{ me { id } }`, nil, withToken(agent)).must(t)
	admin, _ := a.login("CS9001")
	a.post(setActive, deactivation(a.staffID("CS1001"), key(), "离职"), withToken(admin)).must(t)
	if r := a.post(`{ me { id } }`, nil, withToken(agent)); r.Status != http.StatusUnauthorized {
		t.Fatalf("on the instance that deactivated, at once: %s", r.Raw)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := b.post(`{ me { id } }`, nil, withToken(agent))
		if r.Status == http.StatusUnauthorized && r.Errors[0].Extensions["reason"] == "TOKEN_REVOKED" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the other instance still honours the token: %s", r.Raw)
		}
		<-time.After(10 * time.Millisecond) // wait for the notification, polling the condition
	}

	// A third instance started after the deactivation knows it from the database.
	c := newTestServerWithBus(t, open(), event.NewLocal(quietLog), keys)
	if r := c.post(`{ me { id } }`, nil, withToken(agent)); r.Status != http.StatusUnauthorized {
		t.Errorf("an instance started later: %s", r.Raw)
	}
}

// adminOfAnotherOrganisation provisions a second organisation with its own admin and
// returns the admin's token.
func (s *testServer) adminOfAnotherOrganisation() string {
	s.t.Helper()
	ctx := context.Background()
	err := s.app.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		group, err := s.app.Identity.CreateOrgUnit(ctx, tx, identity.NewOrgUnit{Kind: identity.KindGroup, Code: "OTHER", Name: "别家快递", TimeZone: "Asia/Shanghai"})
		if err != nil {
			return err
		}
		depot, err := s.app.Identity.CreateOrgUnit(ctx, tx, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "OTHER-01", Name: "别家网点", ParentID: &group.ID, TimeZone: "Asia/Shanghai"})
		if err != nil {
			return err
		}
		_, err = s.app.Identity.CreateStaff(ctx, tx, identity.NewStaff{EmployeeNo: "OT9001", Name: "别家管理员", Phone: "13700009001",
			DepotID: depot.ID, Roles: []identity.Role{identity.RoleAdmin}, Password: demo.Password})
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	tok, _ := s.login("OT9001")
	return tok
}

// secondAdmin provisions another admin in the demo organisation and returns their token.
func (s *testServer) secondAdmin() string {
	s.t.Helper()
	ctx := context.Background()
	var depot string
	if err := s.app.DB.R.NewSelect().Model((*identity.OrgUnit)(nil)).Column("id").Where("code = 'SH-PD-01'").Scan(ctx, &depot); err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.app.Identity.CreateStaff(ctx, s.app.DB.W, identity.NewStaff{EmployeeNo: "CS9002", Name: "第二管理员", Phone: "13801009002",
		DepotID: depot, Roles: []identity.Role{identity.RoleAdmin}, Password: demo.Password}); err != nil {
		s.t.Fatal(err)
	}
	tok, _ := s.login("CS9002")
	return tok
}

// mustKey decodes a global id into its domain key.
func mustKey(t *testing.T, id string) string {
	t.Helper()
	_, k, err := graph.ParseGlobalID(id, "")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// sseStream opens a subscription over server-sent events and returns its lines; the
// channel closes when the server ends the stream.
func sseStream(t *testing.T, ctx context.Context, url, token, query string) <-chan string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("subscription refused: %d", resp.StatusCode)
	}
	lines := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return lines
}
