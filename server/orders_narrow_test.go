package main

import (
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/telemetry"
)

// listFields are every field a narrow page of orders answers (graph.orderListFields);
// any other field makes the page read every column. statusFields are those a status page
// answers from its fewer columns.
const (
	listFields = `__typename id waybillNo state stage createdAt expectedArrival trackingStatus trackingExceptionReason late
  consignee { __typename name city district } goods { __typename name }`
	statusFields = `__typename id waybillNo state expectedArrival trackingStatus trackingExceptionReason late`
)

// A page selecting only the list's fields (a narrow page) answers byte for byte what the
// same page answers when a field outside them makes it read every column: for staff and a
// partner, the phone list's fields and a status page's, on the plain and the late-only
// page, over orders showing every value those fields can show. An order loaded by id in
// the same request (node, a ticket's order) is still the whole order, and the scope is
// the same.
func TestNarrowOrdersPageAnswersAsTheFullPage(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		otherDepot, _ := s.login("CS1004")
		tracking := []string{"orders:read", "tracking:read"}
		_, secret := s.newClient(admin, map[string]any{"name": "窄页商户", "clientId": "narrow-mall", "scopes": tracking})
		_, otherSecret := s.newClient(admin, map[string]any{"name": "别家商户", "clientId": "narrow-other", "scopes": tracking})
		partner, _ := s.partnerToken("narrow-mall", secret)
		otherPartner, _ := s.partnerToken("narrow-other", otherSecret)

		in := func() map[string]any { return with(orderInput(), "narrow-mall", "partnerClientId") }
		released := func() string { return s.releaseOrder(agent, s.intake(agent, in()))["waybillNo"].(string) }
		record := func(events ...any) {
			r := s.post(recordEvents, map[string]any{"events": events}, withToken(agent)).must(t)
			if r.path("recordTrackingEvents", "accepted") != float64(len(events)) {
				t.Fatalf("events not recorded: %s", r.Raw)
			}
		}
		set := func(wb, column string, v any) {
			if _, err := s.app.DB.W.NewUpdate().Table("orders").Set(column+" = ?", v).Where("waybill_no = ?", wb).Exec(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		at := time.Now().Add(-6 * time.Hour).UTC().Truncate(time.Second)
		past := time.Now().Add(-2 * time.Hour).UTC()

		pending := s.intake(agent, with(in(), map[string]any{"name": "王五", "phone": "13900001111", "province": "江苏省",
			"city": "南京市", "district": "鼓楼区", "detail": "中山路 1 号"}, "consignee"))
		_ = released() // CREATED, on time
		moving := released()
		record(ev(key(), moving, "PICKED_UP", at), ev(key(), moving, "IN_TRANSIT", at.Add(time.Hour)))
		damaged := released()
		record(ev(key(), damaged, "EXCEPTION", at, "exceptionReason", "DAMAGED"))
		signed := released()
		record(ev(key(), signed, "SIGNED", at, "signerName", "欧阳娜娜"))
		set(signed, "eta", past) // delivered late is not late
		late := released()
		record(ev(key(), late, "OUT_FOR_DELIVERY", at))
		set(late, "eta", past) // EXCEPTION with LATE
		lateException := released()
		record(ev(key(), lateException, "EXCEPTION", at, "exceptionReason", "ADDRESS_PROBLEM"))
		set(lateException, "eta", past) // late, keeps its own reason
		cancelled := released()
		set(cancelled, "eta", past)
		set(cancelled, "state", "CANCELLED") // a cancelled parcel is never late
		set(cancelled, "stage", "PACKED")

		const wide = " version" // a plain column outside the list's fields
		page := func(tok, args, fields string) []map[string]json.RawMessage {
			t.Helper()
			r := s.post(`{ orders(first: 50`+args+`) { edges { node { `+fields+` } } } }`, nil, withToken(tok)).must(t)
			var body struct {
				Data struct {
					Orders struct {
						Edges []struct {
							Node map[string]json.RawMessage `json:"node"`
						} `json:"edges"`
					} `json:"orders"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(r.Raw), &body); err != nil {
				t.Fatal(err)
			}
			var nodes []map[string]json.RawMessage
			for _, e := range body.Data.Orders.Edges {
				nodes = append(nodes, e.Node)
			}
			return nodes
		}
		for _, c := range []struct {
			name, tok, args, fields string
			min                     int
			shows                   []string
		}{
			{"staff", agent, "", listFields, 8, []string{`"PENDING_VERIFICATION"`, `"CANCELLED"`, `"PACKED"`, `"CREATED"`, `"IN_TRANSIT"`,
				`"DAMAGED"`, `"SIGNED"`, `"LATE"`, `"ADDRESS_PROBLEM"`, `"南京市"`, `"鼓楼区"`, `"王五"`, `"服装"`, "true", "false", "null"}},
			{"partner", partner, "", listFields, 8, []string{`"PENDING_VERIFICATION"`, `"CANCELLED"`, `"DAMAGED"`, `"LATE"`, `"ADDRESS_PROBLEM"`, "true", "null"}},
			{"partner, status fields", partner, "", statusFields, 8, []string{`"DAMAGED"`, `"LATE"`, `"SIGNED"`, "true", "false", "null"}},
			{"staff, late only", agent, ", lateOnly: true", listFields, 2, []string{`"LATE"`, `"ADDRESS_PROBLEM"`, "true"}},
			{"partner, late only, status fields", partner, ", lateOnly: true", statusFields, 2, []string{`"LATE"`, "true"}},
		} {
			narrow, full := page(c.tok, c.args, c.fields), page(c.tok, c.args, c.fields+wide)
			if len(narrow) < c.min || len(narrow) != len(full) {
				t.Fatalf("%s: %d orders narrow, %d full, want at least %d", c.name, len(narrow), len(full), c.min)
			}
			var all strings.Builder
			for i := range narrow {
				if v := string(full[i]["version"]); v == "" || v == "0" {
					t.Fatalf("%s: the full page read no version (%q): it is narrow too, and compares nothing", c.name, v)
				}
				delete(full[i], "version")
				if !slices.Equal(slices.Sorted(maps.Keys(narrow[i])), slices.Sorted(maps.Keys(full[i]))) {
					t.Fatalf("%s: fields %v against %v", c.name, slices.Sorted(maps.Keys(narrow[i])), slices.Sorted(maps.Keys(full[i])))
				}
				for k, v := range narrow[i] {
					if string(v) != string(full[i][k]) {
						t.Errorf("%s: order %d's %s reads %s narrow, %s from every column", c.name, i, k, v, full[i][k])
					}
					all.WriteString(string(v))
				}
			}
			for _, want := range c.shows {
				if !strings.Contains(all.String(), want) {
					t.Errorf("%s: no order shows %s, so it compares nothing there", c.name, want)
				}
			}
		}

		// A narrow page beside loads of one of its orders by id: the whole order, as when
		// asked alone (a narrow row must never stand for it). node(id:) of the order loads
		// it at once, beside the page; a ticket's order loads it after the ticket's own
		// loader has waited (exact: 250 ms), when the page is long in.
		const whole = `id waybillNo version state stage trackingStatus expectedArrival consignee { name phoneMasked addressMasked }
		  goods { name quantity weightKg } handling { keepDry } requests { invoiceTitle cardText }`
		const narrowPage = `orders(first: 50) { edges { node { id waybillNo trackingStatus } } }`
		ticketed := s.releaseOrder(agent, s.intake(agent, in()))
		ticket := s.post(fromOrderMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": ticketed["id"],
			"kind": "EXCEPTION", "exceptionKind": "DAMAGE", "note": "外箱破损"}}, withToken(agent)).must(t).path("createTicketFromOrder", "ticket", "id")
		for _, c := range []struct {
			name, query string
			vars        map[string]any
			path        []string
		}{
			{"node(id:) beside the page", `query($id: ID!) { ` + narrowPage + ` node(id: $id) { ... on Order { ` + whole + ` } } }`,
				map[string]any{"id": ticketed["id"]}, []string{"node"}},
			{"a ticket's order after the page", `query($id: ID!) { ` + narrowPage + ` node(id: $id) { ... on Ticket { order { ` + whole + ` } } } }`,
				map[string]any{"id": ticket}, []string{"node", "order"}},
		} {
			alone := s.post(`query($id: ID!) { node(id: $id) { ... on Order { `+whole+` } } }`, map[string]any{"id": ticketed["id"]}, withToken(agent)).must(t)
			beside := s.post(c.query, c.vars, withToken(agent), exact).must(t)
			got, _ := json.Marshal(beside.path(c.path...))
			want, _ := json.Marshal(alone.path("node"))
			if string(got) != string(want) || !strings.Contains(string(got), `"上海某某贸易有限公司"`) || !strings.Contains(string(got), `"quantity":2`) {
				t.Errorf("%s answers\n%s\nalone\n%s", c.name, got, want)
			}
		}

		// The same scope: another depot's agent and another partner see none of them.
		ours := []string{pending["waybillNo"].(string), ticketed["waybillNo"].(string), moving, damaged, signed, late, lateException, cancelled}
		for name, tok := range map[string]string{"another depot's agent": otherDepot, "another partner": otherPartner} {
			for _, fields := range []string{listFields, listFields + wide} {
				for _, n := range page(tok, "", fields) {
					if slices.Contains(ours, strings.Trim(string(n["waybillNo"]), `"`)) {
						t.Errorf("%s sees %s", name, n["waybillNo"])
					}
				}
			}
		}
	})
}

// The narrow page really reads only the list's columns (not a consignee's phone or
// address), a status page fewer than the phone's list, on the plain and the late-only
// page; a field outside the list's makes it read every column again.
func TestNarrowOrdersPageReadsOnlyTheListColumns(t *testing.T) {
	t.Setenv("OTEL_SDK_DISABLED", "")
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		exp := tracetest.NewInMemoryExporter()
		tr, err := telemetry.New(t.Context(), telemetry.Config{Exporter: exp, Version: "test"})
		if err != nil || tr == nil {
			t.Fatalf("tracing: %v %v", tr, err)
		}
		t.Cleanup(func() { _ = tr.Shutdown(context.Background()) })
		s := newTestServerTraced(t, d, event.NewLocal(quietLog), t.TempDir(), tr)
		agent, _ := s.login("CS1001")
		s.releaseOrder(agent, s.intake(agent, orderInput()))

		// Three sets: a status page's, the phone list's (and the receiver, the goods, stage
		// and creation), and every column.
		const status, summary, every = "status", "summary", "every"
		for _, c := range []struct {
			name, query, set string
		}{
			{"the partner bench's page", `{ orders(first: 10) { edges { cursor node { id waybillNo trackingStatus expectedArrival } } } }`, status},
			{"every status field", `{ orders(first: 10) { edges { node { __typename id waybillNo state expectedArrival trackingStatus trackingExceptionReason late } } } }`, status},
			{"the list's fields", `{ orders(first: 10) { edges { node { ` + listFields + ` } } } }`, summary},
			{"the list's fields through fragments", `query { orders(first: 10) { ...Page } } fragment Page on OrderConnection { edges { node { ... on Node { id } ...Row } } }
			  fragment Row on Order { waybillNo late consignee { ... on OrderContact { name } } }`, summary},
			{"late only", `{ orders(first: 10, lateOnly: true) { edges { node { id trackingStatus } } } }`, status},
			{"late only, the list's fields", `{ orders(first: 10, lateOnly: true) { edges { node { ` + listFields + ` } } } }`, summary},
			{"a consignee's masked phone", `{ orders(first: 10) { edges { node { id consignee { name phoneMasked } } } } }`, every},
			{"a field in a fragment", `query { orders(first: 10) { edges { node { id ...Row } } } } fragment Row on Order { goods { quantity } }`, every},
			{"late only, the version", `{ orders(first: 10, lateOnly: true) { edges { node { id version } } } }`, every},
		} {
			exp.Reset()
			s.post(c.query, nil, withToken(agent)).must(t)
			if err := tr.ForceFlush(context.Background()); err != nil {
				t.Fatal(err)
			}
			texts := orderPageStatements(exp)
			if len(texts) != 1 {
				t.Fatalf("%s: %d statements read the page: %q", c.name, len(texts), texts)
			}
			// bun's template of a query it built names "every column" by their number.
			all := regexp.MustCompile(`"order"\.'(\d+) columns'`).FindStringSubmatch(texts[0])
			reads := func(column string) bool {
				return strings.Contains(texts[0], `"order"."`+column+`"`) || all != nil && all[1] == strconv.Itoa(len(allOrderColumns(t, s)))
			}
			for _, column := range []string{"id", "depot_id", "partner_client_id", "waybill_no", "state", "eta", "tracking_status", "tracking_exception_reason"} {
				if !reads(column) {
					t.Errorf("%s: the page does not read %s: %s", c.name, column, texts[0])
				}
			}
			for _, column := range []string{"consignee_name", "consignee_city", "goods_name", "stage", "created_at"} {
				if reads(column) != (c.set != status) {
					t.Errorf("%s: reads %s %v, want %v: %s", c.name, column, reads(column), c.set != status, texts[0])
				}
			}
			for _, column := range []string{"consignee_phone", "consignee_detail", "consignor_name", "version", "goods_quantity"} {
				if reads(column) != (c.set == every) {
					t.Errorf("%s: reads %s %v, want %v: %s", c.name, column, reads(column), c.set == every, texts[0])
				}
			}
		}
	})
}

// allOrderColumns are the columns of order.Order.
func allOrderColumns(t *testing.T, s *testServer) []string {
	t.Helper()
	var cols []string
	for _, f := range s.app.DB.R.Table(reflect.TypeFor[order.Order]()).Fields {
		cols = append(cols, f.Name)
	}
	if len(cols) < 40 {
		t.Fatalf("orders has %d columns", len(cols))
	}
	return cols
}

// orderPageStatements are the texts of the statements that read a page of orders.
func orderPageStatements(exp *tracetest.InMemoryExporter) []string {
	var out []string
	for _, sp := range exp.GetSpans() {
		for _, a := range sp.Attributes {
			if st := a.Value.AsString(); a.Key == "db.statement" && strings.Contains(st, `FROM "orders" AS "order"`) && strings.Contains(st, "LIMIT") &&
				!strings.Contains(st, "count(") {
				out = append(out, st)
			}
		}
	}
	return out
}
