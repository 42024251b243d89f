package roster_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/text/texttest"
)

// post has the depot's supervisor post an open shift of the December world.
func (w *world) post(day, code string) *roster.OpenShift {
	w.t.Helper()
	o, _, err := w.svc.PostOpenShift(w.as("CS2001"), w.key(), roster.OpenShiftInput{DepotID: w.depot, Day: day, ShiftTypeID: w.types[code].ID})
	w.must(err)
	return o
}

func listed(views []*roster.OpenShiftView, id string) *roster.OpenShiftView {
	i := slices.IndexFunc(views, func(v *roster.OpenShiftView) bool { return v.ID == id })
	if i < 0 {
		return nil
	}
	return views[i]
}

func TestOpenShiftClaimRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		_, _, err := w.svc.RequestLeave(w.as("CS1001"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-06", EndDay: "2026-12-06", Reason: "家中有事"})
		w.must(err)
		day4, day6, early3, senior8 := w.post("2026-12-04", "DAY"), w.post("2026-12-06", "DAY"), w.post("2026-12-03", "EARLY"), w.post("2026-12-08", "SENIOR")

		cases := []struct {
			name string
			who  string
			o    *roster.OpenShift
			now  time.Time
			want []apperr.Code
		}{
			{"a colleague free that day may claim it", "CS1001", day4, time.Time{}, nil},
			{"someone already rostered that day is double-booked", "CS1002", day4, time.Time{}, []apperr.Code{apperr.OpenShiftDoubleBooked}},
			{"a night shift ending the next morning overlaps an early shift", "CS1003", early3, time.Time{}, []apperr.Code{apperr.OpenShiftDoubleBooked}},
			{"no one on leave that day may claim it", "CS1001", day6, time.Time{}, []apperr.Code{apperr.OpenShiftOnLeave}},
			{"a shift that needs a qualification needs it, as for swaps", "CS1001", senior8, time.Time{}, []apperr.Code{apperr.OpenShiftNotQualified}},
			{"a qualified colleague may claim a shift that needs it", "CS1003", senior8, time.Time{}, nil},
			{"a shift that has started cannot be claimed", "CS1001", day4, time.Date(2026, 12, 4, 9, 30, 0, 0, shanghai), []apperr.Code{apperr.OpenShiftInPast}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				claimRuleCase(t, w, c.who, c.o, c.now, c.want)
			})
		}

		// Lawful hours: with a 35-hour standard week, CS1001's 27 hours in the week of
		// 30 Nov (shifts on the 1st, 3rd and 5th, 9 hours each) cannot take 9 more.
		admin := w.as("CS9001")
		st, err := w.svc.Settings(admin)
		w.must(err)
		weekly := 35 * 60
		_, err = w.svc.UpdateSettings(admin, roster.SettingsChange{Version: st.Version, WeeklyStandardMinutes: &weekly})
		w.must(err)
		t.Run("a claim that would put the claimant over the standard week is refused", func(t *testing.T) {
			claimRuleCase(t, w, "CS1001", day4, time.Time{}, []apperr.Code{apperr.OpenShiftHoursLimit})
			_, _, err := w.svc.ClaimOpenShift(w.as("CS1001"), w.key(), day4.ID)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Detail.ZH != "认领后您 11月30日起的一周排班 36 小时,超过每周标准工时 35 小时" ||
				ae.Detail.EN != "Taking the shift would give you 36 h in the week from 30 Nov, over the standard week of 35 h" {
				t.Fatalf("the refusal names the week and the hours: %v", err)
			}
		})
	})
}

// claimRuleCase lists the open shifts as who and claims o: claimable when want is nil,
// otherwise not offered and refused with want[0], explained in both languages.
func claimRuleCase(t *testing.T, w *world, who string, o *roster.OpenShift, now time.Time, want []apperr.Code) {
	t.Helper()
	saved := w.now
	if !now.IsZero() {
		w.now = now
	}
	defer func() { w.now = saved }()
	views, err := w.svc.OpenShifts(w.as(who), w.depot)
	w.must(err)
	v := listed(views, o.ID)
	if want == nil {
		if v == nil || len(v.Violations) > 0 {
			t.Fatalf("%s does not see the shift as claimable: %+v", who, v)
		}
		claim, _, err := w.svc.ClaimOpenShift(w.as(who), w.key(), o.ID)
		w.must(err)
		if claim.Status != roster.ClaimPending {
			t.Fatalf("claim %+v", claim)
		}
		_, _, err = w.svc.WithdrawOpenShiftClaim(w.as(who), w.key(), o.ID)
		w.must(err)
		return
	}
	if v != nil {
		t.Fatalf("%s is offered a shift they may not take: %+v", who, v)
	}
	_, _, err = w.svc.ClaimOpenShift(w.as(who), w.key(), o.ID)
	wantCode(t, err, want[0])
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Detail == nil || ae.Detail.ZH == "" || ae.Detail.EN == "" {
		t.Fatalf("the refusal is not explained in both languages: %v", err)
	}
}

func TestOpenShiftPostClaimConfirm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		sup := w.as("CS2001")

		t.Run("posting is idempotent", func(t *testing.T) {
			in := roster.OpenShiftInput{DepotID: w.depot, Day: "2026-12-10", ShiftTypeID: w.types["DAY"].ID, Note: "缺一人"}
			k := w.key()
			a, replayed, err := w.svc.PostOpenShift(sup, k, in)
			w.must(err)
			b, again, err := w.svc.PostOpenShift(sup, k, in)
			w.must(err)
			if replayed || !again || a.ID != b.ID || a.Status != roster.OpenShiftOpen || a.Note != "缺一人" {
				t.Fatalf("first %+v (%v), replay %+v (%v)", a, replayed, b, again)
			}
		})

		o := w.post("2026-12-04", "DAY")
		t.Run("colleagues who may take it are told, others not", func(t *testing.T) {
			for no, want := range map[string]bool{"CS1001": true, "CS1012": true, "CS1002": false, "CS2001": false} {
				notes, err := w.svc.MyNotifications(w.as(no), 20, false)
				w.must(err)
				told := slices.ContainsFunc(notes, func(n *roster.Notification) bool {
					return n.Kind == "OPEN_SHIFT_POSTED" && n.SubjectID == o.ID && strings.Contains(n.TextZH, "12月4日") && strings.Contains(n.TextEN, "4 Dec")
				})
				if told != want {
					t.Errorf("%s told: %v, want %v (%+v)", no, told, want, notes)
				}
			}
		})
		var claims = map[string]*roster.OpenShiftClaim{}
		t.Run("two claims at once are both recorded", func(t *testing.T) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			for _, no := range []string{"CS1001", "CS1012"} {
				wg.Add(1)
				k := w.key()
				go func() {
					defer wg.Done()
					c, _, err := w.svc.ClaimOpenShift(w.as(no), k, o.ID)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					claims[no] = c
					mu.Unlock()
				}()
			}
			wg.Wait()
			views, err := w.svc.OpenShifts(sup, w.depot)
			w.must(err)
			if v := listed(views, o.ID); v == nil || len(v.Claims) != 2 {
				t.Fatalf("the supervisor sees %+v", v)
			}
		})
		t.Run("claiming again changes nothing", func(t *testing.T) {
			c, _, err := w.svc.ClaimOpenShift(w.as("CS1001"), w.key(), o.ID)
			w.must(err)
			if c.ID != claims["CS1001"].ID || c.Status != roster.ClaimPending {
				t.Fatalf("claim %+v", c)
			}
		})
		t.Run("the supervisor is told of each claim", func(t *testing.T) {
			notes, err := w.svc.MyNotifications(sup, 20, false)
			w.must(err)
			n := 0
			for _, x := range notes {
				if x.Kind == "OPEN_SHIFT_CLAIMED" {
					n++
				}
			}
			if n != 2 {
				t.Fatalf("%d claim notifications", n)
			}
		})
		t.Run("a claimant cannot confirm themselves", func(t *testing.T) {
			o2 := w.post("2026-12-14", "DAY")
			c, _, err := w.svc.ClaimOpenShift(sup, w.key(), o2.ID)
			w.must(err)
			_, _, err = w.svc.ConfirmOpenShiftClaim(sup, w.key(), c.ID, o2.Version)
			wantCode(t, err, apperr.PartyCannotDecide)
			_, _, err = w.svc.ConfirmOpenShiftClaim(w.as("CS3001"), w.key(), c.ID, o2.Version)
			w.must(err)
		})
		t.Run("an agent cannot confirm", func(t *testing.T) {
			_, _, err := w.svc.ConfirmOpenShiftClaim(w.as("CS1002"), w.key(), claims["CS1001"].ID, o.Version)
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("two supervisors confirming at once: one wins, the other CONFLICT", func(t *testing.T) {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, c := range []struct{ who, claimant string }{{"CS2001", "CS1001"}, {"CS3001", "CS1012"}} {
				wg.Add(1)
				k := w.key()
				go func() {
					defer wg.Done()
					_, _, errs[i] = w.svc.ConfirmOpenShiftClaim(w.as(c.who), k, claims[c.claimant].ID, o.Version)
				}()
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				if err == nil {
					won++
				} else {
					wantCode(t, err, apperr.Conflict)
				}
			}
			if won != 1 {
				t.Fatalf("errors %v", errs)
			}
		})
		filled, err := w.svc.OpenShiftsByIDs(sup, []string{o.ID})
		w.must(err)
		winner := *filled[0].FilledBy
		loser := w.staff["CS1001"].ID
		if winner == loser {
			loser = w.staff["CS1012"].ID
		}
		noOf := func(id string) string {
			for no, s := range w.staff {
				if s.ID == id {
					return no
				}
			}
			return ""
		}
		t.Run("the shift becomes a normal rostered shift of the claimant", func(t *testing.T) {
			shifts, err := w.svc.MyShifts(w.as(noOf(winner)), "2026-12")
			w.must(err)
			i := slices.IndexFunc(shifts, func(a *roster.Assignment) bool { return a.Day == "2026-12-04" })
			if i < 0 || shifts[i].ShiftTypeID != w.types["DAY"].ID || filled[0].AssignmentID == nil || *filled[0].AssignmentID != shifts[i].ID {
				t.Fatalf("shifts %+v, open shift %+v", shifts, filled[0])
			}
		})
		t.Run("the other claimant is told, naming the shift in local dates", func(t *testing.T) {
			notes, err := w.svc.MyNotifications(w.as(noOf(loser)), 20, false)
			w.must(err)
			i := slices.IndexFunc(notes, func(n *roster.Notification) bool { return n.Kind == "OPEN_SHIFT_NOT_CHOSEN" })
			if i < 0 || !strings.Contains(notes[i].TextZH, "12月4日") || !strings.Contains(notes[i].TextEN, "4 Dec") {
				t.Fatalf("notifications %+v", notes)
			}
		})
		t.Run("a filled shift cannot be claimed, cancelled or withdrawn from", func(t *testing.T) {
			_, _, err := w.svc.ClaimOpenShift(w.as("CS1003"), w.key(), o.ID)
			wantCode(t, err, apperr.OpenShiftTaken)
			_, _, err = w.svc.CancelOpenShift(sup, w.key(), o.ID, filled[0].Version)
			wantCode(t, err, apperr.OpenShiftTaken)
			_, _, err = w.svc.WithdrawOpenShiftClaim(w.as(noOf(loser)), w.key(), o.ID)
			wantCode(t, err, apperr.OpenShiftTaken)
		})
		t.Run("confirming a claimant who no longer passes the rules is refused with the rule's code", func(t *testing.T) {
			o3 := w.post("2026-12-16", "DAY")
			c, _, err := w.svc.ClaimOpenShift(w.as("CS1001"), w.key(), o3.ID)
			w.must(err)
			_, _, err = w.svc.AssignShifts(sup, w.key(), w.depot, "2026-12", []roster.AssignmentInput{{StaffID: w.staff["CS1001"].ID, Day: "2026-12-16", ShiftTypeID: w.types["EARLY"].ID}})
			w.must(err)
			_, _, err = w.svc.ConfirmOpenShiftClaim(sup, w.key(), c.ID, o3.Version)
			wantCode(t, err, apperr.OpenShiftDoubleBooked)
		})
		t.Run("a cancelled shift tells its claimants and takes no more claims", func(t *testing.T) {
			o4 := w.post("2026-12-18", "DAY")
			_, _, err := w.svc.ClaimOpenShift(w.as("CS1001"), w.key(), o4.ID)
			w.must(err)
			_, _, err = w.svc.CancelOpenShift(w.as("CS1001"), w.key(), o4.ID, o4.Version)
			wantCode(t, err, apperr.Forbidden)
			got, _, err := w.svc.CancelOpenShift(sup, w.key(), o4.ID, o4.Version)
			w.must(err)
			if got.Status != roster.OpenShiftCancelled {
				t.Fatalf("status %s", got.Status)
			}
			_, _, err = w.svc.ClaimOpenShift(w.as("CS1012"), w.key(), o4.ID)
			wantCode(t, err, apperr.OpenShiftCancelled)
			notes, err := w.svc.MyNotifications(w.as("CS1001"), 20, false)
			w.must(err)
			if !slices.ContainsFunc(notes, func(n *roster.Notification) bool { return n.Kind == "OPEN_SHIFT_CANCELLED" && n.SubjectID == o4.ID }) {
				t.Fatalf("the claimant was not told: %+v", notes)
			}
		})
		t.Run("a stale version is CONFLICT", func(t *testing.T) {
			o5 := w.post("2026-12-22", "DAY")
			_, _, err := w.svc.CancelOpenShift(sup, w.key(), o5.ID, o5.Version+1)
			wantCode(t, err, apperr.Conflict)
		})
		t.Run("a claimant deactivated since claiming cannot be confirmed", func(t *testing.T) {
			o6 := w.post("2026-12-30", "DAY") // CS1012 has 18 hours that week: room under 44
			c, _, err := w.svc.ClaimOpenShift(w.as("CS1012"), w.key(), o6.ID)
			w.must(err)
			_, _, err = w.ids.Deactivate(w.as("CS9001"), w.key(), w.staff["CS1012"].ID, "离职")
			w.must(err)
			_, _, err = w.svc.ConfirmOpenShiftClaim(sup, w.key(), c.ID, o6.Version)
			wantCode(t, err, apperr.OpenShiftNotEligible)
		})
	})
}

func TestOpenShiftReach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		o := w.post("2026-12-04", "DAY")
		c, _, err := w.svc.ClaimOpenShift(w.as("CS1001"), w.key(), o.ID)
		w.must(err)
		partner := identity.WithPrincipal(context.Background(), &identity.Principal{Kind: identity.KindPartner, ID: "partner-1"})
		in := roster.OpenShiftInput{DepotID: w.depot, Day: "2026-12-12", ShiftTypeID: w.types["DAY"].ID}

		t.Run("another depot's staff cannot see or claim it", func(t *testing.T) {
			_, err := w.svc.OpenShifts(w.as("CS1004"), w.depot)
			wantCode(t, err, apperr.NotFound)
			_, _, err = w.svc.ClaimOpenShift(w.as("CS1004"), w.key(), o.ID)
			wantCode(t, err, apperr.NotFound)
			got, err := w.svc.OpenShiftsByIDs(w.as("CS1004"), []string{o.ID})
			w.must(err)
			if len(got) != 0 {
				t.Fatal("another depot's agent loads the open shift by id")
			}
		})
		t.Run("another depot's supervisor cannot post or confirm", func(t *testing.T) {
			_, _, err := w.svc.PostOpenShift(w.as("CS2002"), w.key(), in)
			wantCode(t, err, apperr.Forbidden)
			_, _, err = w.svc.ConfirmOpenShiftClaim(w.as("CS2002"), w.key(), c.ID, o.Version)
			wantCode(t, err, apperr.NotFound)
		})
		t.Run("another branch's manager cannot post or confirm", func(t *testing.T) {
			_, _, err := w.svc.PostOpenShift(w.as("CS3002"), w.key(), in)
			wantCode(t, err, apperr.Forbidden)
			_, _, err = w.svc.ConfirmOpenShiftClaim(w.as("CS3002"), w.key(), c.ID, o.Version)
			wantCode(t, err, apperr.NotFound)
			_, _, err = w.svc.CancelOpenShift(w.as("CS3002"), w.key(), o.ID, o.Version)
			wantCode(t, err, apperr.NotFound)
		})
		t.Run("the manager above the depot may post", func(t *testing.T) {
			_, _, err := w.svc.PostOpenShift(w.as("CS3001"), w.key(), in)
			w.must(err)
		})
		t.Run("a manager sees it but does not claim shifts", func(t *testing.T) {
			_, _, err := w.svc.ClaimOpenShift(w.as("CS3001"), w.key(), o.ID)
			wantCode(t, err, apperr.OpenShiftNotEligible)
		})
		t.Run("a partner token is refused", func(t *testing.T) {
			_, err := w.svc.OpenShifts(partner, w.depot)
			wantCode(t, err, apperr.Forbidden)
			_, _, err = w.svc.PostOpenShift(partner, w.key(), in)
			wantCode(t, err, apperr.Forbidden)
			_, _, err = w.svc.ClaimOpenShift(partner, w.key(), o.ID)
			wantCode(t, err, apperr.Forbidden)
			_, _, err = w.svc.ConfirmOpenShiftClaim(partner, w.key(), c.ID, o.Version)
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("bad input changes nothing", func(t *testing.T) {
			bad := in
			bad.ShiftTypeID = "no-such-type"
			_, _, err := w.svc.PostOpenShift(w.as("CS2001"), w.key(), bad)
			wantCode(t, err, apperr.BadUserInput)
			bad = in
			bad.Day = "2026-13-01"
			_, _, err = w.svc.PostOpenShift(w.as("CS2001"), w.key(), bad)
			wantCode(t, err, apperr.BadUserInput)
			w.now = time.Date(2026, 12, 12, 10, 0, 0, 0, shanghai)
			_, _, err = w.svc.PostOpenShift(w.as("CS2001"), w.key(), in)
			wantCode(t, err, apperr.OpenShiftInPast)
			w.now = time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai)
			views, err := w.svc.OpenShifts(w.as("CS2001"), w.depot)
			w.must(err)
			if len(views) != 2 {
				t.Fatalf("%d open shifts, want the two posted", len(views))
			}
		})
		texttest.Check(t, "note", true, func(v string) error {
			bad := in
			bad.Note = v
			_, _, err := w.svc.PostOpenShift(w.as("CS2001"), w.key(), bad)
			return err
		})
	})
}

// The approvals inbox counts open shifts in the coverage of a leave request: the gap is
// already offered to colleagues.
func TestInboxCoverageCountsOpenShifts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		l, _, err := w.svc.RequestLeave(w.as("CS1012"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-09", EndDay: "2026-12-09", Reason: "家中有事"})
		w.must(err)
		_, _, err = w.svc.PostOpenShift(w.as("CS2001"), w.key(), roster.OpenShiftInput{DepotID: w.depot, Day: "2026-12-09", ShiftTypeID: w.types["DAY"].ID, LeaveID: &l.ID})
		w.must(err)
		inbox, err := w.svc.Inbox(w.as("CS2001"))
		w.must(err)
		i := slices.IndexFunc(inbox, func(it *roster.InboxItem) bool { return it.Leave != nil && it.Leave.ID == l.ID })
		if i < 0 || len(inbox[i].Coverage) != 1 || inbox[i].Coverage[0].OpenShifts != 1 {
			t.Fatalf("inbox %+v", inbox)
		}
		t.Run("a leave request of another day cannot be linked", func(t *testing.T) {
			_, _, err := w.svc.PostOpenShift(w.as("CS2001"), w.key(), roster.OpenShiftInput{DepotID: w.depot, Day: "2026-12-11", ShiftTypeID: w.types["DAY"].ID, LeaveID: &l.ID})
			wantCode(t, err, apperr.BadUserInput)
		})
	})
}
