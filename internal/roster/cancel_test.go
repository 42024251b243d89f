package roster_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

// notified reports whether employeeNo has a notification of kind.
func notified(w *world, no, kind string) bool {
	w.t.Helper()
	notes, err := w.svc.MyNotifications(w.as(no), 50, false)
	w.must(err)
	return slices.ContainsFunc(notes, func(n *roster.Notification) bool { return n.Kind == kind })
}

func TestCancelShiftSwap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		// Seven December swaps are made below; a limit of 4 leaves room for the ones that
		// stay active.
		st, err := w.svc.Settings(w.as("CS3001"))
		w.must(err)
		four := 4
		_, err = w.svc.UpdateSettings(w.as("CS3001"), roster.SettingsChange{Version: st.Version, MaxSwapsPerMonth: &four})
		w.must(err)
		// ask makes a swap request by CS1001 for Dec reqDay against CS1002's colDay,
		// brought to the given state.
		ask := func(reqDay, colDay int, to roster.SwapStatus) *roster.ShiftSwap {
			sw, _, err := w.svc.RequestShiftSwap(w.as("CS1001"), w.key(), w.proposal("CS1001", reqDay, "CS1002", colDay), "私事")
			w.must(err)
			if to == roster.SwapPendingColleague {
				return sw
			}
			sw, _, err = w.svc.RespondToShiftSwap(w.as("CS1002"), w.key(), sw.ID, sw.Version, to != roster.SwapDeclined)
			w.must(err)
			if to == roster.SwapApproved || to == roster.SwapRejected {
				d := roster.Approve
				if to == roster.SwapRejected {
					d = roster.Reject
				}
				sw, _, err = w.svc.DecideShiftSwap(w.as("CS2001"), w.key(), sw.ID, sw.Version, d, "已阅")
				w.must(err)
			}
			return sw
		}
		cases := []struct {
			name    string
			days    [2]int
			state   roster.SwapStatus
			who     string
			stale   bool
			want    apperr.Code // "" when the swap is withdrawn
			toldWho []string
		}{
			{"the requester withdraws a swap waiting for the colleague", [2]int{1, 2}, roster.SwapPendingColleague, "CS1001", false, "", []string{"CS1002"}},
			{"the requester withdraws a swap waiting for the supervisor", [2]int{5, 6}, roster.SwapPendingApproval, "CS1001", false, "", []string{"CS1002", "CS2001"}},
			{"only the requester may withdraw a swap", [2]int{9, 10}, roster.SwapPendingColleague, "CS1002", false, apperr.Forbidden, nil},
			{"a declined swap cannot be withdrawn", [2]int{13, 14}, roster.SwapDeclined, "CS1001", false, apperr.RequestAlreadyDecided, nil},
			{"a rejected swap cannot be withdrawn", [2]int{17, 18}, roster.SwapRejected, "CS1001", false, apperr.RequestAlreadyDecided, nil},
			{"an approved swap cannot be withdrawn", [2]int{21, 22}, roster.SwapApproved, "CS1001", false, apperr.RequestAlreadyDecided, nil},
			{"withdrawing with a version from before the colleague answered is a conflict", [2]int{25, 26}, roster.SwapPendingApproval, "CS1001", true, apperr.Conflict, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				sw := ask(c.days[0], c.days[1], c.state)
				version := sw.Version
				if c.stale {
					version--
				}
				got, replayed, err := w.svc.CancelShiftSwap(w.as(c.who), w.key(), sw.ID, version)
				if c.want != "" {
					wantCode(t, err, c.want)
					stored, err := w.svc.SwapsByIDs(w.as("CS2001"), []string{sw.ID})
					w.must(err)
					if stored[0].Status != c.state || stored[0].Version != sw.Version {
						t.Fatalf("a refused withdrawal must write nothing: %s v%d", stored[0].Status, stored[0].Version)
					}
					return
				}
				w.must(err)
				if replayed || got.Status != roster.SwapCancelled || got.Version != sw.Version+1 {
					t.Fatalf("withdrawn: %s v%d replayed %v", got.Status, got.Version, replayed)
				}
				for _, no := range c.toldWho {
					if !notified(w, no, "SWAP_CANCELLED") {
						t.Errorf("%s was not told of the withdrawal", no)
					}
				}
			})
		}

		t.Run("withdrawing is idempotent: by key, and again after it is done", func(t *testing.T) {
			sw := ask(29, 30, roster.SwapPendingColleague)
			key := w.key()
			first, _, err := w.svc.CancelShiftSwap(w.as("CS1001"), key, sw.ID, sw.Version)
			w.must(err)
			again, replayed, err := w.svc.CancelShiftSwap(w.as("CS1001"), key, sw.ID, sw.Version)
			w.must(err)
			if !replayed || again.Version != first.Version {
				t.Fatal("a retried withdrawal must return the first result")
			}
			again, _, err = w.svc.CancelShiftSwap(w.as("CS1001"), w.key(), sw.ID, sw.Version)
			w.must(err)
			if again.Status != roster.SwapCancelled || again.Version != first.Version {
				t.Fatalf("withdrawing twice must change nothing: %s v%d", again.Status, again.Version)
			}
			_, _, err = w.svc.RespondToShiftSwap(w.as("CS1002"), w.key(), sw.ID, first.Version, true)
			wantCode(t, err, apperr.Conflict)
		})

		t.Run("a withdrawn swap no longer counts against the monthly limit", func(t *testing.T) {
			// Three of CS1001's seven December swaps are active (one approved, two
			// pending); the four withdrawn, declined or rejected ones do not count.
			vs, err := w.svc.CheckShiftSwap(w.as("CS1001"), w.proposal("CS1001", 15, "CS1002", 16))
			w.must(err)
			if len(vs) != 0 {
				t.Fatalf("a fourth active swap under a limit of 4: %v", codes(vs))
			}
		})
	})
}

func TestCancelShiftSwapRacesTheSupervisor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		sw, _, err := w.svc.RequestShiftSwap(w.as("CS1001"), w.key(), w.proposal("CS1001", 3, "CS1002", 4), "")
		w.must(err)
		sw, _, err = w.svc.RespondToShiftSwap(w.as("CS1002"), w.key(), sw.ID, sw.Version, true)
		w.must(err)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		wg.Add(2)
		go func(ctx context.Context, key string) {
			defer wg.Done()
			_, _, errs[0] = w.svc.CancelShiftSwap(ctx, key, sw.ID, sw.Version)
		}(w.as("CS1001"), w.key())
		go func(ctx context.Context, key string) {
			defer wg.Done()
			_, _, errs[1] = w.svc.DecideShiftSwap(ctx, key, sw.ID, sw.Version, roster.Approve, "同意")
		}(w.as("CS2001"), w.key())
		wg.Wait()
		got, err := w.svc.SwapsByIDs(w.as("CS2001"), []string{sw.ID})
		w.must(err)
		switch {
		case errs[0] == nil && apperr.Is(errs[1], apperr.Conflict):
			if got[0].Status != roster.SwapCancelled || w.shift("CS1001", 3) == "" {
				t.Fatalf("the withdrawal won but status is %s or the roster changed", got[0].Status)
			}
		case errs[1] == nil && apperr.Is(errs[0], apperr.RequestAlreadyDecided):
			if got[0].Status != roster.SwapApproved {
				t.Fatalf("the approval won but status is %s", got[0].Status)
			}
		default:
			t.Fatalf("want one winner and one clear refusal, got %v", errs)
		}
	})
}

func TestCancelLeave(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		ask := func(day string) *roster.LeaveRequest {
			l, _, err := w.svc.RequestLeave(w.as("CS1001"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "ANNUAL"), StartDay: day, EndDay: day, Reason: "休假"})
			w.must(err)
			return l
		}
		decide := func(l *roster.LeaveRequest, who string, d roster.Decision) *roster.LeaveRequest {
			l, _, err := w.svc.DecideLeave(w.as(who), w.key(), l.ID, l.Version, d, "已阅")
			w.must(err)
			return l
		}
		cases := []struct {
			name    string
			day     string
			prepare func(*roster.LeaveRequest) *roster.LeaveRequest
			who     string
			stale   bool
			want    apperr.Code
			toldWho []string
		}{
			{"the requester withdraws leave waiting at the first level", "2026-12-03", nil, "CS1001", false, "", []string{"CS2001"}},
			{"the requester withdraws leave after the first level approved", "2026-12-05",
				func(l *roster.LeaveRequest) *roster.LeaveRequest { return decide(l, "CS2001", roster.Approve) }, "CS1001", false, "", []string{"CS2001", "CS3001"}},
			{"only the requester may withdraw leave", "2026-12-07", nil, "CS2001", false, apperr.Forbidden, nil},
			{"approved leave cannot be withdrawn", "2026-12-09",
				func(l *roster.LeaveRequest) *roster.LeaveRequest {
					return decide(decide(l, "CS2001", roster.Approve), "CS3001", roster.Approve)
				}, "CS1001", false, apperr.RequestAlreadyDecided, nil},
			{"rejected leave cannot be withdrawn", "2026-12-11",
				func(l *roster.LeaveRequest) *roster.LeaveRequest { return decide(l, "CS2001", roster.Reject) }, "CS1001", false, apperr.RequestAlreadyDecided, nil},
			{"withdrawing with a version from before a level approved is a conflict", "2026-12-13",
				func(l *roster.LeaveRequest) *roster.LeaveRequest { return decide(l, "CS2001", roster.Approve) }, "CS1001", true, apperr.Conflict, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				l := ask(c.day)
				if c.prepare != nil {
					l = c.prepare(l)
				}
				version := l.Version
				if c.stale {
					version--
				}
				got, _, err := w.svc.CancelLeave(w.as(c.who), w.key(), l.ID, version)
				if c.want != "" {
					wantCode(t, err, c.want)
					stored, err := w.svc.LeavesByIDs(w.as("CS2001"), []string{l.ID})
					w.must(err)
					if stored[0].Status != l.Status || stored[0].Version != l.Version {
						t.Fatalf("a refused withdrawal must write nothing: %s v%d", stored[0].Status, stored[0].Version)
					}
					return
				}
				w.must(err)
				if got.Status != roster.LeaveCancelled {
					t.Fatalf("status %s", got.Status)
				}
				for _, no := range c.toldWho {
					if !notified(w, no, "LEAVE_CANCELLED") {
						t.Errorf("%s was not told of the withdrawal", no)
					}
				}
				// The approver can no longer decide it, and the days are free again.
				_, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), l.ID, got.Version, roster.Approve, "")
				wantCode(t, err, apperr.Conflict)
				again, _, err := w.svc.CancelLeave(w.as("CS1001"), w.key(), l.ID, l.Version)
				w.must(err)
				if again.Version != got.Version {
					t.Fatal("withdrawing twice must change nothing")
				}
				ask(c.day)
			})
		}

		t.Run("withdrawal and the last approval at once: one wins", func(t *testing.T) {
			l := decide(ask("2026-12-15"), "CS2001", roster.Approve)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			wg.Add(2)
			go func(ctx context.Context, key string) {
				defer wg.Done()
				_, _, errs[0] = w.svc.CancelLeave(ctx, key, l.ID, l.Version)
			}(w.as("CS1001"), w.key())
			go func(ctx context.Context, key string) {
				defer wg.Done()
				_, _, errs[1] = w.svc.DecideLeave(ctx, key, l.ID, l.Version, roster.Approve, "")
			}(w.as("CS3001"), w.key())
			wg.Wait()
			ok := (errs[0] == nil && apperr.Is(errs[1], apperr.Conflict)) || (errs[1] == nil && apperr.Is(errs[0], apperr.RequestAlreadyDecided))
			if !ok {
				t.Fatalf("want one winner and one clear refusal, got %v", errs)
			}
		})
	})
}
