package roster_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/text/texttest"
)

func minutes(v int) *int { return &v }

// mark has employee no mark a day of December.
func (w *world) mark(no, day string, kind roster.AvailabilityKind, start, end *int) *roster.AvailabilityMark {
	w.t.Helper()
	m, _, err := w.svc.MarkAvailability(w.as(no), w.key(), roster.AvailabilityInput{Day: day, Kind: kind, StartMinute: start, EndMinute: end, Reason: "孩子开家长会"})
	w.must(err)
	return m
}

func TestAvailabilityInputRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ok := roster.AvailabilityInput{Day: "2026-12-04", Kind: roster.Unavailable, Reason: "孩子开家长会"}
		cases := []struct {
			name  string
			edit  func(in *roster.AvailabilityInput)
			field string
		}{
			{"a whole day may be marked", func(*roster.AvailabilityInput) {}, ""},
			{"a time range within the day may be marked", func(in *roster.AvailabilityInput) {
				in.StartMinute, in.EndMinute = minutes(8*60), minutes(12*60)
			}, ""},
			{"prefer not is a kind", func(in *roster.AvailabilityInput) { in.Kind = roster.PreferNot }, ""},
			{"a day is YYYY-MM-DD", func(in *roster.AvailabilityInput) { in.Day = "2026-13-01" }, "day"},
			{"a day that has passed cannot be marked", func(in *roster.AvailabilityInput) { in.Day = "2026-11-09" }, "day"},
			{"the kind is UNAVAILABLE or PREFER_NOT", func(in *roster.AvailabilityInput) { in.Kind = "MAYBE" }, "kind"},
			{"a range needs both ends", func(in *roster.AvailabilityInput) { in.StartMinute = minutes(60) }, "startMinute"},
			{"a range starts before it ends", func(in *roster.AvailabilityInput) {
				in.StartMinute, in.EndMinute = minutes(12*60), minutes(12*60)
			}, "startMinute"},
			{"a range lies within the day", func(in *roster.AvailabilityInput) {
				in.StartMinute, in.EndMinute = minutes(20*60), minutes(25*60)
			}, "startMinute"},
			{"a reason is required", func(in *roster.AvailabilityInput) { in.Reason = "" }, "reason"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := ok
				c.edit(&in)
				before, err := w.svc.MyAvailability(w.as("CS1001"), "2026-12")
				w.must(err)
				_, _, err = w.svc.MarkAvailability(w.as("CS1001"), w.key(), in)
				after, err2 := w.svc.MyAvailability(w.as("CS1001"), "2026-12")
				w.must(err2)
				if c.field == "" {
					w.must(err)
					if len(after) != len(before)+1 {
						t.Fatalf("%d marks after, %d before", len(after), len(before))
					}
					return
				}
				var ae *apperr.Error
				if !apperr.Is(err, apperr.BadUserInput) || !errors.As(err, &ae) || ae.Field != c.field {
					t.Fatalf("want BAD_USER_INPUT on %s, got %v", c.field, err)
				}
				if len(after) != len(before) {
					t.Fatal("bad input changed the marks")
				}
			})
		}
		texttest.Check(t, "reason", false, func(v string) error {
			in := ok
			in.Reason = v
			_, _, err := w.svc.MarkAvailability(w.as("CS1001"), w.key(), in)
			return err
		})
	})
}

func TestAvailabilityMarkIsIdempotentAndRemovable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		in := roster.AvailabilityInput{Day: "2026-12-04", Kind: roster.PreferNot, Reason: "看病"}
		a, replayed, err := w.svc.MarkAvailability(w.as("CS1001"), "avail-key-1", in)
		w.must(err)
		b, replayed2, err := w.svc.MarkAvailability(w.as("CS1001"), "avail-key-1", in)
		w.must(err)
		if replayed || !replayed2 || a.ID != b.ID {
			t.Fatalf("a retry with the same key returns the first mark: %v %v %s %s", replayed, replayed2, a.ID, b.ID)
		}
		t.Run("a colleague cannot remove someone else's mark", func(t *testing.T) {
			gone, err := w.svc.RemoveAvailability(w.as("CS1002"), a.ID)
			w.must(err)
			if gone {
				t.Fatal("a colleague removed the mark")
			}
			gone, err = w.svc.RemoveAvailability(w.as("CS2001"), a.ID)
			w.must(err)
			if gone {
				t.Fatal("the supervisor removed the mark")
			}
		})
		t.Run("the person removes their mark, and removing twice is fine", func(t *testing.T) {
			gone, err := w.svc.RemoveAvailability(w.as("CS1001"), a.ID)
			w.must(err)
			again, err := w.svc.RemoveAvailability(w.as("CS1001"), a.ID)
			w.must(err)
			if !gone || again {
				t.Fatalf("removed %v, then %v", gone, again)
			}
			ms, err := w.svc.MyAvailability(w.as("CS1001"), "2026-12")
			w.must(err)
			if len(ms) != 0 {
				t.Fatalf("%d marks left", len(ms))
			}
		})
	})
}

func TestAvailabilityReach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		m := w.mark("CS1001", "2026-12-04", roster.Unavailable, nil, nil)
		partner := identity.WithPrincipal(context.Background(), &identity.Principal{Kind: identity.KindPartner, ID: "partner-1"})
		sees := func(no string) {
			t.Helper()
			ms, err := w.svc.DepotAvailability(w.as(no), w.depot, "2026-12")
			w.must(err)
			if len(ms) != 1 || ms[0].ID != m.ID || ms[0].Reason != "孩子开家长会" {
				t.Fatalf("%s sees %+v", no, ms)
			}
		}
		t.Run("the depot's supervisor sees marks with their reasons", func(t *testing.T) { sees("CS2001") })
		t.Run("the manager above the depot sees them", func(t *testing.T) { sees("CS3001") })
		t.Run("the organisation's admin sees them", func(t *testing.T) { sees("CS9001") })
		t.Run("the person sees their own with the reason", func(t *testing.T) {
			ms, err := w.svc.MyAvailability(w.as("CS1001"), "2026-12")
			w.must(err)
			if len(ms) != 1 || ms[0].Reason != "孩子开家长会" {
				t.Fatalf("%+v", ms)
			}
		})
		t.Run("a colleague is refused the depot's marks", func(t *testing.T) {
			_, err := w.svc.DepotAvailability(w.as("CS1002"), w.depot, "2026-12")
			wantCode(t, err, apperr.Forbidden)
			ms, err := w.svc.MyAvailability(w.as("CS1002"), "2026-12")
			w.must(err)
			if len(ms) != 0 {
				t.Fatal("a colleague's own list shows someone else's mark")
			}
		})
		t.Run("another depot's supervisor is refused", func(t *testing.T) {
			_, err := w.svc.DepotAvailability(w.as("CS2002"), w.depot, "2026-12")
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("another branch's manager is refused", func(t *testing.T) {
			_, err := w.svc.DepotAvailability(w.as("CS3002"), w.depot, "2026-12")
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("a partner token is refused", func(t *testing.T) {
			_, err := w.svc.DepotAvailability(partner, w.depot, "2026-12")
			wantCode(t, err, apperr.Forbidden)
			_, err = w.svc.MyAvailability(partner, "2026-12")
			wantCode(t, err, apperr.Forbidden)
			_, _, err = w.svc.MarkAvailability(partner, w.key(), roster.AvailabilityInput{Day: "2026-12-04", Kind: roster.Unavailable, Reason: "x"})
			wantCode(t, err, apperr.Forbidden)
			_, err = w.svc.RemoveAvailability(partner, m.ID)
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("a bad month is refused", func(t *testing.T) {
			_, err := w.svc.DepotAvailability(w.as("CS2001"), w.depot, "2026-13")
			wantCode(t, err, apperr.BadUserInput)
		})
	})
}

// Assigning against availability warns, never refuses: one warning per shift, naming the
// person and the day, UNAVAILABLE worded firmly and PREFER_NOT softly; a time range
// warns only when the shift overlaps it.
func TestRosterAgainstAvailabilityWarns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.mark("CS1001", "2026-12-03", roster.Unavailable, nil, nil)
		w.mark("CS1001", "2026-12-03", roster.PreferNot, nil, nil)
		w.mark("CS1012", "2026-12-05", roster.PreferNot, nil, nil)
		w.mark("CS1001", "2026-12-07", roster.Unavailable, minutes(19*60), minutes(23*60)) // after the day shift
		w.mark("CS1002", "2026-12-04", roster.Unavailable, minutes(17*60), minutes(20*60)) // overlaps 9–18
		w.mark("CS1002", "2026-12-05", roster.Unavailable, nil, nil)                       // no shift that day
		r := w.december()
		ws, err := w.svc.AvailabilityWarningsOfRoster(context.Background(), r)
		w.must(err)
		type got struct{ day, zh, en string }
		var all []got
		for _, x := range ws {
			if x.Violation.Code != apperr.RosterAgainstAvailability {
				t.Fatalf("code %s", x.Violation.Code)
			}
			all = append(all, got{x.Day, x.Violation.ZH, x.Violation.EN})
		}
		want := []got{
			{"2026-12-03", "张伟 已标记 12月3日 不能上班", "张伟 marked 3 Dec as unavailable"},
			{"2026-12-04", "李娜 已标记 12月4日 不能上班", "李娜 marked 4 Dec as unavailable"},
			{"2026-12-05", "", ""},
		}
		if len(all) != len(want) {
			t.Fatalf("warnings %+v", all)
		}
		for i := range 2 {
			if all[i] != want[i] {
				t.Errorf("warning %d: %+v, want %+v", i, all[i], want[i])
			}
		}
		if all[2].day != "2026-12-05" || ws[2].Kind != roster.PreferNot || ws[2].StaffID != w.staff["CS1012"].ID {
			t.Errorf("prefer-not warning %+v", ws[2])
		}
		if r.Status != roster.RosterPublished {
			t.Fatal("the marks kept the roster from publishing")
		}
	})
}

// Open shifts are not offered to someone who marked the day UNAVAILABLE (nor across a
// marked time range); PREFER_NOT does not hide them, and claiming stays possible.
func TestOpenShiftsSkipWhoMarkedTheDayUnavailable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		day4, day6, day16 := w.post("2026-12-04", "DAY"), w.post("2026-12-06", "DAY"), w.post("2026-12-16", "DAY")
		w.mark("CS1001", "2026-12-04", roster.Unavailable, nil, nil)
		w.mark("CS1001", "2026-12-06", roster.PreferNot, nil, nil)
		w.mark("CS1001", "2026-12-16", roster.Unavailable, minutes(20*60), minutes(22*60)) // after the day shift
		views, err := w.svc.OpenShifts(w.as("CS1001"), w.depot)
		w.must(err)
		if listed(views, day4.ID) != nil {
			t.Error("a shift on a day marked unavailable is offered")
		}
		if listed(views, day6.ID) == nil || listed(views, day16.ID) == nil {
			t.Error("PREFER_NOT, or a marked time the shift does not touch, hid a shift")
		}
		views, err = w.svc.OpenShifts(w.as("CS2001"), w.depot)
		w.must(err)
		if listed(views, day4.ID) == nil {
			t.Error("the supervisor no longer sees the shift")
		}
	})
}

// Nobody is told of a new open shift they would not be offered: a mark of UNAVAILABLE
// over the day (or over the shift's hours) keeps the notice away, as it keeps the shift
// off their list; PREFER_NOT and a marked time the shift does not touch do not.
func TestOpenShiftPostedIsNotToldToWhoMarkedItUnavailable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		w.mark("CS1001", "2026-12-04", roster.Unavailable, nil, nil)
		w.mark("CS1012", "2026-12-04", roster.PreferNot, nil, nil)
		w.mark("CS1001", "2026-12-16", roster.Unavailable, minutes(20*60), minutes(22*60)) // after the day shift
		w.mark("CS1012", "2026-12-16", roster.Unavailable, minutes(17*60), minutes(19*60)) // overlaps 9–18
		day4, day16 := w.post("2026-12-04", "DAY"), w.post("2026-12-16", "DAY")
		told := func(no, id string) bool {
			notes, err := w.svc.MyNotifications(w.as(no), 50, false)
			w.must(err)
			return slices.ContainsFunc(notes, func(n *roster.Notification) bool { return n.Kind == "OPEN_SHIFT_POSTED" && n.SubjectID == id })
		}
		for _, c := range []struct {
			no, day, id string
			want        bool
		}{
			{"CS1001", "4th, whole day unavailable", day4.ID, false},
			{"CS1012", "4th, prefer not", day4.ID, true},
			{"CS1001", "16th, unavailable after the shift", day16.ID, true},
			{"CS1012", "16th, unavailable during the shift", day16.ID, false},
		} {
			if got := told(c.no, c.id); got != c.want {
				t.Errorf("%s on the %s: told %v, want %v", c.no, c.day, got, c.want)
			}
		}
	})
}
