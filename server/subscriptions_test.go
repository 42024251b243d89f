package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/event"
)

const trackingSubscription = `subscription($w: String!) { trackingUpdated(waybillNo: $w) { waybillNo milestone trackingEvents { status } } }`

// sseSubscribe opens a server-sent-events subscription and returns a function that waits
// for the next message's data.
func sseSubscribe(t *testing.T, ctx context.Context, url, token, query string, vars map[string]any) func() map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("SSE subscribe: %d %s", resp.StatusCode, b)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				lines <- data
			}
		}
		close(lines)
	}()
	return func() map[string]any {
		t.Helper()
		select {
		case data, ok := <-lines:
			if !ok {
				t.Fatal("stream ended")
			}
			var msg map[string]any
			if err := json.Unmarshal([]byte(data), &msg); err != nil {
				t.Fatalf("bad SSE data %q", data)
			}
			return msg
		case <-time.After(5 * time.Second):
			t.Fatal("no subscription message within 5 s")
		}
		return nil
	}
}

func TestTrackingUpdatedOverSSE(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		agent, _ := s.login("CS1001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		wb := o["waybillNo"].(string)

		m := s.bus.mark()
		next := sseSubscribe(t, ctx, srv.URL, agent, trackingSubscription, map[string]any{"w": wb})
		s.bus.await(t, m, 1)
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", time.Now().Add(-time.Minute))}}, withToken(agent)).must(t)
		msg := next()
		data := msg["data"].(map[string]any)["trackingUpdated"].(map[string]any)
		if data["milestone"] != "PICKED_UP" || len(data["trackingEvents"].([]any)) != 1 {
			t.Fatalf("message: %v", msg)
		}
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "IN_TRANSIT", time.Now().Add(-30*time.Second))}}, withToken(agent)).must(t)
		data = next()["data"].(map[string]any)["trackingUpdated"].(map[string]any)
		if data["milestone"] != "IN_TRANSIT" || len(data["trackingEvents"].([]any)) != 2 {
			t.Fatalf("second message shows stale data: %v", data)
		}
	})
}

func TestSubscriptionsRefuseWhoMayNotSee(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		hz, _ := s.login("CS1006") // an agent of another depot
		r := s.post(trackingSubscription, map[string]any{"w": o["waybillNo"]}, withToken(hz))
		if len(r.Errors) == 0 {
			t.Fatalf("another depot's agent may watch the order: %s", r.Raw)
		}
		if r := s.post(trackingSubscription, map[string]any{"w": mistype(o["waybillNo"].(string))}, withToken(agent)); r.Code() != "WAYBILL_CHECK_DIGIT" {
			t.Fatalf("mistyped waybill: %s", r.Raw)
		}
	})
}

// dialSocket opens a graphql-transport-ws connection to the server at url (http://…).
func dialSocket(ctx context.Context, url string) (*websocket.Conn, error) {
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql/ws", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	return conn, err
}

// wsSubscribe speaks graphql-transport-ws.
func wsSubscribe(t *testing.T, ctx context.Context, url string, init map[string]any, query string, vars map[string]any) (*websocket.Conn, error) {
	t.Helper()
	conn, err := dialSocket(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": init}); err != nil {
		return nil, err
	}
	var ack map[string]any
	if err := wsjson.Read(ctx, conn, &ack); err != nil {
		return nil, err
	}
	if ack["type"] != "connection_ack" {
		return nil, io.ErrUnexpectedEOF
	}
	return conn, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
}

func TestRosterNotificationOverWebSocket(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		agent, _ := s.login("CS1001")

		if _, err := wsSubscribe(t, ctx, srv.URL, map[string]any{"Authorization": "Bearer not-a-token"}, `subscription { rosterNotificationAdded { id } }`, nil); err == nil {
			t.Fatal("a bad token in connection_init was accepted")
		}

		m := s.bus.mark()
		conn, err := wsSubscribe(t, ctx, srv.URL, map[string]any{"Authorization": "Bearer " + agent},
			`subscription { rosterNotificationAdded { kind message } }`, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(websocket.StatusNormalClosure, "")
		s.bus.await(t, m, 1)
		publishRosterWith(t, s, "CS1001")
		var msg map[string]any
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			t.Fatal(err)
		}
		if msg["type"] != "next" || !strings.Contains(mustJSON(msg), "ROSTER_PUBLISHED") {
			t.Fatalf("message: %v", msg)
		}
	})
}

func TestSubscriptionAcrossInstancesOnPostgres(t *testing.T) {
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
	srvA := httptest.NewServer(a.h)
	defer srvA.Close() // after the client below hangs up (defers run last-in, first-out)
	ctx, hangUp := context.WithCancel(ctx)
	defer hangUp()

	agent, _ := b.login("CS1001") // tokens from one instance work on the other
	o := b.releaseOrder(agent, b.intake(agent, orderInput()))
	wb := o["waybillNo"].(string)
	m := a.bus.mark()
	next := sseSubscribe(t, ctx, srvA.URL, agent, trackingSubscription, map[string]any{"w": wb})
	a.bus.await(t, m, 1)
	b.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", time.Now().Add(-time.Minute))}}, withToken(agent)).must(t)
	data := next()["data"].(map[string]any)["trackingUpdated"].(map[string]any)
	if data["waybillNo"] != wb || data["milestone"] != "PICKED_UP" {
		t.Fatalf("instance A did not see instance B's event: %v", data)
	}
}

// publishRosterWith has the depot's supervisor publish a one-day roster that includes
// employeeNo, which notifies them.
func publishRosterWith(t *testing.T, s *testServer, employeeNo string) {
	t.Helper()
	sup, _ := s.login("CS2001")
	me := s.post(`{ me { depot { id } } }`, nil, withToken(sup)).must(t)
	depot := me.path("me", "depot", "id")
	staff, _ := s.login(employeeNo)
	staffID := s.post(`{ me { id } }`, nil, withToken(staff)).must(t).path("me", "id")
	shift := s.post(`mutation($d: ID!) { createShiftType(input: {depotId: $d, code: "D1", name: "白班", startTime: "09:00", endTime: "18:00", night: false}) { shiftType { id } } }`,
		map[string]any{"d": depot}, withToken(sup)).must(t).path("createShiftType", "shiftType", "id")
	month := time.Now().AddDate(0, 1, 0).Format("2006-01")
	r := s.post(`mutation($d: ID!, $m: String!, $a: [ShiftAssignmentInput!]!) { assignShifts(input: {idempotencyKey: "sub-assign-0001", depotId: $d, month: $m, assignments: $a}) { roster { id version } } }`,
		map[string]any{"d": depot, "m": month, "a": []any{map[string]any{"staffId": staffID, "day": month + "-10", "shiftTypeId": shift}}}, withToken(sup)).must(t)
	s.post(`mutation($r: ID!, $v: Int!) { publishRoster(input: {idempotencyKey: "sub-publish-001", rosterId: $r, version: $v}) { roster { status } } }`,
		map[string]any{"r": r.path("assignShifts", "roster", "id"), "v": r.path("assignShifts", "roster", "version")}, withToken(sup)).must(t)
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestTicketUpdatedReachesTheDepotAndManagersOnly(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")       // the agent's depot
		mgr, _ := s.login("CS3001")       // a manager
		elsewhere, _ := s.login("CS2003") // another depot's supervisor
		hzAgent, _ := s.login("CS1006")   // an agent of that depot
		const sub = `subscription { ticketUpdated { id exceptionKind timeline { kind } } }`
		m := s.bus.mark()
		supNext := sseSubscribe(t, ctx, srv.URL, sup, sub, nil)
		mgrNext := sseSubscribe(t, ctx, srv.URL, mgr, sub, nil)
		elsewhereStream := sseSubscribeRaw(t, ctx, srv.URL, elsewhere, sub)
		s.bus.await(t, m, 3)

		tk := s.openTicket(agent)
		for name, next := range map[string]func() map[string]any{"supervisor": supNext, "manager": mgrNext} {
			got := next()["data"].(map[string]any)["ticketUpdated"].(map[string]any)
			if got["id"] != tk["id"] || got["exceptionKind"] != "DAMAGE" {
				t.Fatalf("%s heard %v", name, got)
			}
		}
		s.ticketWrite(agent, "addTicketComment", "AddTicketCommentInput", map[string]any{"ticketId": tk["id"], "body": "已联系收件人"}).must(t)
		got := supNext()["data"].(map[string]any)["ticketUpdated"].(map[string]any)
		if n := len(got["timeline"].([]any)); n != 2 {
			t.Fatalf("the comment's message shows %d timeline entries, want 2 (fresh, not cached)", n)
		}
		// A ticket of the other depot's own, opened after: the first thing its supervisor
		// hears is that one (events reach a stream in order, so had the first ticket or its
		// comment reached this stream, it would have come first).
		theirs := s.openTicket(hzAgent)
		select {
		case line := <-elsewhereStream:
			if !strings.Contains(line, theirs["id"].(string)) {
				t.Fatalf("another depot's supervisor heard about the ticket: %s", line)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the other depot's supervisor did not hear of her own depot's ticket")
		}
	})
}

// sseSubscribeRaw opens a subscription and returns its raw data lines.
func sseSubscribeRaw(t *testing.T, ctx context.Context, url, token, query string) <-chan string {
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
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("subscription refused: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				lines <- data
			}
		}
	}()
	return lines
}
