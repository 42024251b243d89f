package main

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"
)

// relayPage is one page of a connection as the walker reads it.
type relayPage struct {
	ids                         []string
	total                       float64
	hasNext, hasPrevious        bool
	startCursor, endCursor, raw string
}

// connectionWalker pages through one connection of the schema: query selects it under
// path with the variables $first, $after, $last and $before.
type connectionWalker struct {
	s     *testServer
	token string
	query string
	path  []string
}

func (w connectionWalker) page(t *testing.T, vars map[string]any) relayPage {
	t.Helper()
	r := w.s.post(w.query, vars, withToken(w.token)).must(t)
	conn, ok := r.path(w.path...).(map[string]any)
	if !ok {
		t.Fatalf("no connection at %v: %s", w.path, r.Raw)
	}
	p := relayPage{raw: r.Raw}
	p.total, _ = conn["totalCount"].(float64)
	for _, e := range conn["edges"].([]any) {
		edge := e.(map[string]any)
		p.ids = append(p.ids, edge["node"].(map[string]any)["id"].(string))
	}
	info := conn["pageInfo"].(map[string]any)
	p.hasNext, p.hasPrevious = info["hasNextPage"].(bool), info["hasPreviousPage"].(bool)
	p.startCursor, _ = info["startCursor"].(string)
	p.endCursor, _ = info["endCursor"].(string)
	return p
}

// forwards walks the whole list with first: size, checking each page's flags.
func (w connectionWalker) forwards(t *testing.T, size int) []string {
	t.Helper()
	var all []string
	vars := map[string]any{"first": size}
	for range 100 {
		p := w.page(t, vars)
		if p.hasPrevious != (len(all) > 0) {
			t.Fatalf("forward page after %d items: hasPreviousPage %v: %s", len(all), p.hasPrevious, p.raw)
		}
		all = append(all, p.ids...)
		if p.hasNext != (len(all) < int(p.total)) {
			t.Fatalf("forward page ending at %d of %v: hasNextPage %v: %s", len(all), p.total, p.hasNext, p.raw)
		}
		if !p.hasNext {
			return all
		}
		vars = map[string]any{"first": size, "after": p.endCursor}
	}
	t.Fatal("the forward walk does not end")
	return nil
}

// backwards walks the whole list with last: size from its end, returning the items in
// the order they were read (last first).
func (w connectionWalker) backwards(t *testing.T, size int) []string {
	t.Helper()
	var read []string
	vars := map[string]any{"last": size}
	for range 100 {
		p := w.page(t, vars)
		if p.hasNext != (len(read) > 0) {
			t.Fatalf("backward page before %d items: hasNextPage %v: %s", len(read), p.hasNext, p.raw)
		}
		page := slices.Clone(p.ids)
		slices.Reverse(page)
		read = append(read, page...)
		if p.hasPrevious != (len(read) < int(p.total)) {
			t.Fatalf("backward page reaching %d of %v: hasPreviousPage %v: %s", len(read), p.total, p.hasPrevious, p.raw)
		}
		if !p.hasPrevious {
			return read
		}
		vars = map[string]any{"last": size, "before": p.startCursor}
	}
	t.Fatal("the backward walk does not end")
	return nil
}

const pageVars = `$first: Int, $after: String, $last: Int, $before: String`
const pageArgs = `first: $first, after: $after, last: $last, before: $before`
const pageSelection = `{ totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`

func TestRelayConnectionsPageBackwards(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		supervisor, _ := s.login("CS2001")
		// Enough rows for several pages of each list.
		for range 5 {
			s.openTicket(agent)
		}
		o := s.intake(agent, orderInput())
		for i := range 5 {
			party := []string{"CONSIGNOR", "CONSIGNEE"}[i%2]
			s.post(`mutation($in: RevealOrderContactInput!) { revealOrderContact(input: $in) { phone } }`,
				map[string]any{"in": map[string]any{"orderId": o["id"], "party": party, "reason": "联系客户确认地址"}}, withToken(agent)).must(t)
		}
		walkers := map[string]connectionWalker{
			"orders":         {s, agent, `query(` + pageVars + `) { orders(` + pageArgs + `) ` + pageSelection + ` }`, []string{"orders"}},
			"tickets":        {s, agent, `query(` + pageVars + `) { tickets(` + pageArgs + `) ` + pageSelection + ` }`, []string{"tickets"}},
			"contactReveals": {s, agent, `query(` + pageVars + `) { contactReveals(` + pageArgs + `) ` + pageSelection + ` }`, []string{"contactReveals"}},
			"OrgUnit.staff":  {s, supervisor, `query(` + pageVars + `) { me { depot { staff(` + pageArgs + `) ` + pageSelection + ` } } }`, []string{"me", "depot", "staff"}},
		}
		for name, w := range walkers {
			t.Run(name, func(t *testing.T) {
				all := w.page(t, map[string]any{"first": 100})
				if len(all.ids) < 5 || all.hasNext || all.hasPrevious || int(all.total) != len(all.ids) {
					t.Fatalf("want one whole page of at least 5 items: %s", all.raw)
				}
				for _, size := range []int{1, 2, 3} {
					fwd := w.forwards(t, size)
					if !slices.Equal(fwd, all.ids) {
						t.Fatalf("forward walk by %d = %v, want %v", size, fwd, all.ids)
					}
					back := w.backwards(t, size)
					slices.Reverse(back)
					if !slices.Equal(back, all.ids) {
						t.Fatalf("backward walk by %d, reversed = %v, want %v", size, back, all.ids)
					}
				}
				// last alone is the end of the list, in list order.
				tail := w.page(t, map[string]any{"last": 2})
				if !slices.Equal(tail.ids, all.ids[len(all.ids)-2:]) || !tail.hasPrevious || tail.hasNext {
					t.Fatalf("last: 2 = %v: %s", tail.ids, tail.raw)
				}
				// Both cursors bound a window: after the first item, before the fourth.
				first := w.page(t, map[string]any{"first": 1})
				fourth := w.page(t, map[string]any{"first": 1, "after": w.page(t, map[string]any{"first": 3}).endCursor})
				window := w.page(t, map[string]any{"last": 10, "after": first.endCursor, "before": fourth.startCursor})
				if !slices.Equal(window.ids, all.ids[1:3]) {
					t.Fatalf("window = %v, want %v", window.ids, all.ids[1:3])
				}
				window = w.page(t, map[string]any{"first": 10, "after": first.endCursor, "before": fourth.startCursor})
				if !slices.Equal(window.ids, all.ids[1:3]) || !window.hasPrevious {
					t.Fatalf("forward window = %v, want %v: %s", window.ids, all.ids[1:3], window.raw)
				}
				// Before the first item there is nothing.
				if none := w.page(t, map[string]any{"last": 5, "before": all.startCursor}); len(none.ids) != 0 || none.hasPrevious || none.startCursor != "" {
					t.Fatalf("before the first item: %s", none.raw)
				}
			})
		}
	})
}

// A cursor is a place in the list, not a key to someone else's rows: paging backwards
// from another depot's or merchant's cursor shows only what the caller may see.
func TestBackwardPagesKeepToTheCallersReach(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		pudong, _ := s.login("CS1001")
		xuhui, _ := s.login("CS1004")
		for range 3 {
			s.intake(pudong, orderInput())
		}
		s.intake(xuhui, orderInput())
		for range 3 {
			merchant := orderInput()
			merchant["partnerClientId"] = "demo-mall"
			s.intake(pudong, merchant)
		}
		query := `query(` + pageVars + `) { orders(` + pageArgs + `) ` + pageSelection + ` }`
		walker := func(tok string) connectionWalker { return connectionWalker{s, tok, query, []string{"orders"}} }
		pudongs := walker(pudong).page(t, map[string]any{"first": 100})
		partner := s.post(`mutation($id: String!, $secret: String!) { issuePartnerToken(input: {clientId: $id, clientSecret: $secret}) { accessToken } }`,
			map[string]any{"id": "demo-mall", "secret": s.secret}).must(t).path("issuePartnerToken", "accessToken").(string)
		for name, tok := range map[string]string{"an agent of another depot": xuhui, "the demo partner": partner} {
			t.Run(name, func(t *testing.T) {
				w := walker(tok)
				own := w.page(t, map[string]any{"first": 100})
				if len(own.ids) == 0 || len(own.ids) >= len(pudongs.ids) {
					t.Fatalf("the caller should see some orders, fewer than the Pudong agent's %d: %s", len(pudongs.ids), own.raw)
				}
				for _, vars := range []map[string]any{
					{"last": 100},
					{"last": 100, "before": pudongs.endCursor},
					{"last": 100, "before": pudongs.startCursor},
					{"last": 100, "after": pudongs.endCursor},
					{"first": 100, "before": pudongs.endCursor},
				} {
					p := w.page(t, vars)
					if int(p.total) != len(own.ids) {
						t.Fatalf("%v: totalCount %v, but the caller sees %d orders", vars, p.total, len(own.ids))
					}
					for _, id := range p.ids {
						if !slices.Contains(own.ids, id) {
							t.Fatalf("%v: shows %s, an order out of the caller's reach", vars, id)
						}
					}
				}
				back := w.backwards(t, 2)
				slices.Reverse(back)
				if !slices.Equal(back, own.ids) {
					t.Fatalf("backward walk %v, want %v", back, own.ids)
				}
			})
		}
	})
}

func TestRelayPageArgumentsAreChecked(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		orders := `query(` + pageVars + `) { orders(` + pageArgs + `) ` + pageSelection + ` }`
		cursor := func(key string) string { return base64.RawURLEncoding.EncodeToString([]byte("c:" + key)) }
		cases := []struct {
			name  string
			vars  map[string]any
			code  string
			field string
		}{
			{"first and last together", map[string]any{"first": 2, "last": 2}, "BAD_USER_INPUT", "last"},
			{"first and last together, both zero", map[string]any{"first": 0, "last": 0}, "BAD_USER_INPUT", "last"},
			{"a before cursor that is not base64", map[string]any{"last": 2, "before": "!!!"}, "BAD_USER_INPUT", "before"},
			{"a before cursor of another kind", map[string]any{"last": 2, "before": base64.RawURLEncoding.EncodeToString([]byte("x:1"))}, "BAD_USER_INPUT", "before"},
			{"a before cursor with a NUL", map[string]any{"last": 2, "before": cursor("a\x00b")}, "BAD_USER_INPUT", "before"},
			{"a before cursor with a space", map[string]any{"last": 2, "before": cursor("a b")}, "BAD_USER_INPUT", "before"},
			{"a before cursor with a bidi override", map[string]any{"last": 2, "before": cursor("a\u202eb")}, "BAD_USER_INPUT", "before"},
			{"a before cursor of 10,000 characters", map[string]any{"last": 2, "before": cursor(strings.Repeat("k", 10000))}, "BAD_USER_INPUT", "before"},
			{"an after cursor with invalid UTF-8", map[string]any{"last": 2, "after": cursor("\xff\xfe")}, "BAD_USER_INPUT", "after"},
			{"a whitespace-only before cursor", map[string]any{"last": 2, "before": "   "}, "BAD_USER_INPUT", "before"},
			{"last over 100", map[string]any{"last": 101}, "PAGE_SIZE_EXCEEDED", ""},
			{"a negative last", map[string]any{"last": -1}, "PAGE_SIZE_EXCEEDED", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, lang := range []string{"zh-CN", "en"} {
					r := s.post(orders, c.vars, withToken(agent), withHeader("Accept-Language", lang))
					if r.Code() != c.code || r.Data["orders"] != nil {
						t.Fatalf("%s: %s", lang, r.Raw)
					}
					if c.field != "" && r.Errors[0].Extensions["field"] != c.field {
						t.Fatalf("field %v, want %s: %s", r.Errors[0].Extensions["field"], c.field, r.Raw)
					}
					if strings.Contains(r.Raw, "\x00") || strings.Contains(r.Raw, "kkkkkkkkkk") {
						t.Fatalf("the answer repeats the cursor: %s", r.Raw)
					}
				}
			})
		}
		// An unknown but well-formed cursor is just a place in the list: an empty page
		// or the items around it, never an error.
		for _, vars := range []map[string]any{{"last": 2, "before": cursor("zzzz")}, {"first": 2, "after": cursor("zzzz")}, {"last": 2, "before": cursor("'OR'1'='1'--")}} {
			s.post(orders, vars, withToken(agent)).must(t)
		}
		// A huge number is refused by GraphQL's Int before it reaches us.
		if r := s.post(`{ orders(last: 99999999999) { totalCount } }`, nil, withToken(agent)); len(r.Errors) == 0 {
			t.Fatalf("a last beyond Int was accepted: %s", r.Raw)
		}
	})
}
