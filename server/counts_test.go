package main

import (
	"context"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/today"
)

const countsQuery = `{ myCounts { swapsToAnswer approvalsWaiting unreadNotices unreadNotifications ticketsDueSoon total } }`

func (f *rosterFixture) counts(t *testing.T, who string) (map[string]any, int64) {
	t.Helper()
	r := f.s.post(countsQuery, nil, withToken(f.tok[who])).must(t)
	return r.path("myCounts").(map[string]any), r.Statements
}

func TestMyCountsFollowWhatWaitsAndClearWhenActedOn(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		s.app.Today.Now = s.app.Roster.Now
		base := s.post(`{ __typename }`, nil, withToken(f.tok["CS1002"])).must(t).Statements

		before, n := f.counts(t, "CS1002")
		if n-base > 2 {
			t.Fatalf("myCounts ran %d statements beyond the request's own %d; it must count in one or two", n-base, base)
		}
		r := s.post(`mutation($k: String!, $p: ShiftSwapProposalInput!) { requestShiftSwap(input: {idempotencyKey: $k, proposal: $p, reason: "家里有事"}) { `+swapFields+` } }`,
			map[string]any{"k": "counts-swap-1", "p": f.proposal("CS1001", 3, "CS1002", 4)}, withToken(f.tok["CS1001"])).must(t)
		c, _ := f.counts(t, "CS1002")
		if c["swapsToAnswer"] != before["swapsToAnswer"].(float64)+1 || c["unreadNotifications"] != before["unreadNotifications"].(float64)+1 {
			t.Fatalf("a swap request to answer counts for the colleague: before %v, after %v", before, c)
		}
		if sup, _ := f.counts(t, "CS2001"); sup["approvalsWaiting"] != 0.0 {
			t.Fatalf("nothing waits for the supervisor before the colleague accepts: %v", sup)
		}
		id := r.path("requestShiftSwap", "shiftSwap", "id").(string)
		r = s.post(`mutation($id: ID!, $v: Int!) { respondToShiftSwap(input: {idempotencyKey: "counts-accept-1", shiftSwapId: $id, version: $v, accept: true}) { `+swapFields+` } }`,
			map[string]any{"id": id, "v": r.path("requestShiftSwap", "shiftSwap", "version")}, withToken(f.tok["CS1002"])).must(t)
		if c, _ := f.counts(t, "CS1002"); c["swapsToAnswer"] != before["swapsToAnswer"] {
			t.Fatalf("answering clears the colleague's count: %v", c)
		}
		sup, n := f.counts(t, "CS2001")
		inbox := s.post(inboxQuery, nil, withToken(f.tok["CS2001"])).must(t).path("approvalsInbox").([]any)
		if sup["approvalsWaiting"] != 1.0 || len(inbox) != 1 {
			t.Fatalf("the accepted swap waits for the supervisor: counts %v, inbox %d", sup, len(inbox))
		}
		if n-base > 2 {
			t.Fatalf("a supervisor's myCounts ran %d statements beyond the request's own", n-base)
		}
		s.post(`mutation($id: ID!, $v: Int!) { decideShiftSwap(input: {idempotencyKey: "counts-decide-1", id: $id, version: $v, decision: APPROVE, comment: "同意"}) { `+swapFields+` } }`,
			map[string]any{"id": id, "v": r.path("respondToShiftSwap", "shiftSwap", "version")}, withToken(f.tok["CS2001"])).must(t)
		if sup, _ := f.counts(t, "CS2001"); sup["approvalsWaiting"] != 0.0 {
			t.Fatalf("deciding clears the supervisor's count: %v", sup)
		}
		s.post(`mutation($u: Time!) { markRosterNotificationsRead(input: {upTo: $u}) { count } }`,
			map[string]any{"u": s.app.Roster.Now().Add(time.Minute).Format(time.RFC3339)}, withToken(f.tok["CS1002"])).must(t)
		if c, _ := f.counts(t, "CS1002"); c["unreadNotifications"] != 0.0 || c["total"] != c["unreadNotices"].(float64)+c["ticketsDueSoon"].(float64) {
			t.Fatalf("reading the notifications clears them: %v", c)
		}
	})
}

func TestMyCountsChangedSendsTheNewCountsWhenSomethingArrives(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		s.app.Today.Now = s.app.Roster.Now
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		p, err := s.app.Identity.Authenticate(ctx, f.tok["CS1002"])
		if err != nil {
			t.Fatal(err)
		}
		ch, err := s.app.Resolver().Subscription().MyCountsChanged(identity.WithPrincipal(ctx, p))
		if err != nil {
			t.Fatal(err)
		}
		sp, err := s.app.Identity.Authenticate(ctx, f.tok["CS2001"])
		if err != nil {
			t.Fatal(err)
		}
		supCh, err := s.app.Resolver().Subscription().MyCountsChanged(identity.WithPrincipal(ctx, sp))
		if err != nil {
			t.Fatal(err)
		}
		next := func(ch <-chan *today.Counts) *today.Counts {
			t.Helper()
			select {
			case c := <-ch:
				return c
			case <-time.After(20 * time.Second):
				t.Fatal("no counts arrived")
			}
			return nil
		}
		first, supFirst := next(ch), next(supCh)
		r := s.post(`mutation($k: String!, $p: ShiftSwapProposalInput!) { requestShiftSwap(input: {idempotencyKey: $k, proposal: $p, reason: "家里有事"}) { `+swapFields+` } }`,
			map[string]any{"k": "counts-live-1", "p": f.proposal("CS1001", 3, "CS1002", 4)}, withToken(f.tok["CS1001"])).must(t)
		if c := next(ch); c.SwapsToAnswer != first.SwapsToAnswer+1 {
			t.Fatalf("after a swap request the colleague's counts say %+v (were %+v)", c, first)
		}
		id := r.path("requestShiftSwap", "shiftSwap", "id").(string)
		r = s.post(`mutation($id: ID!, $v: Int!) { respondToShiftSwap(input: {idempotencyKey: "counts-live-accept", shiftSwapId: $id, version: $v, accept: true}) { `+swapFields+` } }`,
			map[string]any{"id": id, "v": r.path("requestShiftSwap", "shiftSwap", "version")}, withToken(f.tok["CS1002"])).must(t)
		if c := next(supCh); c.ApprovalsWaiting != supFirst.ApprovalsWaiting+1 {
			t.Fatalf("an accepted swap reaches the supervisor's counts: %+v (were %+v)", c, supFirst)
		}
		// Decided by another supervisor's phone or this one: the count falls back, although
		// the decision notifies only the two colleagues.
		s.post(`mutation($id: ID!, $v: Int!) { decideShiftSwap(input: {idempotencyKey: "counts-live-decide", id: $id, version: $v, decision: APPROVE, comment: "同意"}) { `+swapFields+` } }`,
			map[string]any{"id": id, "v": r.path("respondToShiftSwap", "shiftSwap", "version")}, withToken(f.tok["CS2001"])).must(t)
		if c := next(supCh); c.ApprovalsWaiting != supFirst.ApprovalsWaiting {
			t.Fatalf("a decided swap leaves the supervisor's counts: %+v", c)
		}
	})
}

func TestMyUpcomingShiftsNameTheShiftThePlaceAndWhoElseIsOn(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s) // December: 张伟 and CS1012 odd days, 李娜 and 黄磊 even days
		q := `{ myUpcomingShifts(first: 2) { shift { day startsAt shiftType { code } } depot { name } coworkers { employeeNo } } }`
		r := s.post(q, nil, withToken(f.tok["CS1001"])).must(t)
		list := r.path("myUpcomingShifts").([]any)
		if len(list) != 0 {
			t.Fatalf("on Nov 10 the December roster is more than a fortnight away: %s", r.Raw)
		}
		at := time.Date(2026, 11, 30, 20, 0, 0, 0, shanghaiZone)
		s.app.Roster.Now = func() time.Time { return at }
		r = s.post(q, nil, withToken(f.tok["CS1001"])).must(t)
		list = r.path("myUpcomingShifts").([]any)
		if len(list) != 2 {
			t.Fatalf("two shifts ahead: %s", r.Raw)
		}
		first := list[0].(map[string]any)
		if first["shift"].(map[string]any)["day"] != "2026-12-01" || first["depot"].(map[string]any)["name"] == "" {
			t.Fatalf("the next shift is Dec 1 at the depot: %s", r.Raw)
		}
		co := first["coworkers"].([]any)
		if len(co) != 1 || co[0].(map[string]any)["employeeNo"] != "CS1012" {
			t.Fatalf("CS1012 works the same shift: %s", r.Raw)
		}
		if list[1].(map[string]any)["shift"].(map[string]any)["day"] != "2026-12-03" {
			t.Fatalf("then Dec 3: %s", r.Raw)
		}
		base := s.post(`{ __typename }`, nil, withToken(f.tok["CS1001"])).must(t).Statements
		five := s.post(`{ myUpcomingShifts(first: 5) { shift { id shiftType { code } } depot { name } coworkers { name } } }`, nil, withToken(f.tok["CS1001"])).must(t)
		if n := five.Statements - base; n > 5 {
			t.Fatalf("five shifts with their coworkers ran %d statements; loaders should batch them", n)
		}
	})
}
