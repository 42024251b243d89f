package checklist_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

// readers returns the employee numbers ReadReceipts gives the caller for noticeID, in its
// order, each with "+" when read and "!" when reminded.
func (w *world) readers(ctx context.Context, noticeID string) []string {
	w.t.Helper()
	rs, err := w.svc.ReadReceipts(ctx, []string{noticeID})
	w.must(err)
	no := map[string]string{}
	for k, s := range w.staff {
		no[s.ID] = k
	}
	var out []string
	for _, r := range rs {
		if r.NoticeID != noticeID {
			w.t.Fatalf("asked for %s, got a receipt of %s", noticeID, r.NoticeID)
		}
		s := no[r.StaffID]
		if r.ReadAt != nil {
			s += "+"
		}
		if r.RemindedAt != nil {
			s += "!"
		}
		out = append(out, s)
	}
	return out
}

func TestSupervisorsSeeWhoHasReadANoticeInWhatTheyOversee(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.now = at(3, 7)
		// 刘强 runs 上海分公司: his notice to everyone reaches both Shanghai depots.
		n, _, err := w.svc.PublishNotice(w.as("CS3001"), w.key(), checklist.NewNotice{Kind: checklist.RouteChange, Title: "线路变更", Body: "浦东线改道"})
		w.must(err)
		w.now = at(3, 8)
		_, err = w.svc.MarkNoticeRead(w.as("CS1002"), n.ID)
		w.must(err)
		_, err = w.d.W.NewUpdate().TableExpr("staff").Set("active = ?", false).Where("employee_no = 'CS1003'").Exec(context.Background())
		w.must(err)

		pudong := []string{"CS1001", "CS1012", "CS2001", "CS3000", "CS3001", "CS4001", "CS9001", "CS1002+"}
		if got := w.readers(w.as("CS2001"), n.ID); !slices.Equal(got, pudong) {
			t.Errorf("the Pudong supervisor sees %v, want their depot's active staff, unread first: %v", got, pudong)
		}
		if got := w.readers(w.as("CS2002"), n.ID); !slices.Equal(got, []string{"CS1004", "CS1005", "CS1010", "CS2002"}) {
			t.Errorf("the Xuhui supervisor sees %v, want only Xuhui's staff", got)
		}
		if got := w.readers(w.as("CS3001"), n.ID); len(got) != len(pudong)+4 {
			t.Errorf("the branch manager sees %v, want both Shanghai depots", got)
		}
		if got := w.readers(w.as("CS2003"), n.ID); len(got) != 0 {
			t.Errorf("a Hangzhou supervisor sees %v of a Shanghai notice", got)
		}
		if got := w.readers(w.as("CS1001"), n.ID); len(got) != 0 || w.svc.SeesReadReceipts(w.as("CS1001")) {
			t.Errorf("an agent sees %v", got)
		}
		if w.svc.SeesReadReceipts(w.as("CS4001")) {
			t.Error("the group verifier oversees nobody's reading")
		}
		// A depot's own notice is not another depot's supervisor's business.
		own, _, err := w.svc.PublishNotice(w.as("CS2001"), w.key(), checklist.NewNotice{Kind: checklist.Announcement, Title: "早会", Body: "8:30", DepotID: w.depot})
		w.must(err)
		if got := w.readers(w.as("CS2002"), own.ID); len(got) != 0 {
			t.Errorf("the Xuhui supervisor sees %v of a Pudong notice", got)
		}
	})
}

func (w *world) notes(kind string) int {
	n, err := w.d.R.NewSelect().TableExpr("roster_notifications").Where("kind = ?", kind).Count(context.Background())
	w.must(err)
	return int(n)
}

func TestRemindingTheUnreadRemindsEachOnceAndOnlyThoseOverseen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.now = at(3, 7)
		n, _, err := w.svc.PublishNotice(w.as("CS2001"), w.key(), checklist.NewNotice{Kind: checklist.RateChange, Title: "12月运价调整", Body: "首重上调 1 元", DepotID: w.depot})
		w.must(err)
		for _, no := range []string{"CS1001", "CS3000", "CS3001", "CS4001", "CS9001"} {
			_, err = w.svc.MarkNoticeRead(w.as(no), n.ID)
			w.must(err)
		}
		sup := w.as("CS2001")
		w.now = at(3, 9)
		key := w.key()
		r, replayed, err := w.svc.RemindUnread(sup, key, n.ID)
		w.must(err)
		want := []string{w.staff["CS1002"].ID, w.staff["CS1003"].ID, w.staff["CS1012"].ID}
		if replayed || !slices.Equal(r.StaffIDs, want) {
			t.Fatalf("reminded %v (replayed %v), want the unread but the caller: %v", r.StaffIDs, replayed, want)
		}
		if got := w.notes(checklist.NoticeUnread); got != 3 {
			t.Fatalf("%d reminders recorded, want 3", got)
		}
		if got := w.readers(sup, n.ID); !slices.Equal(got, []string{"CS1002!", "CS1003!", "CS1012!", "CS2001", "CS1001+", "CS3000+", "CS3001+", "CS4001+", "CS9001+"}) {
			t.Errorf("after the reminder the receipts read %v", got)
		}
		all, err := w.roster.MyNotifications(w.as("CS1002"), 10, true)
		w.must(err)
		mine := slices.DeleteFunc(all, func(n *roster.Notification) bool { return n.Kind != checklist.NoticeUnread })
		if len(mine) != 1 || mine[0].Kind != checklist.NoticeUnread || mine[0].SubjectType != "Notice" || mine[0].SubjectID != n.ID ||
			!strings.Contains(mine[0].TextZH, "12月运价调整") || !strings.Contains(mine[0].TextEN, "王芳") {
			t.Errorf("the reminded person's notifications: %+v", mine)
		}

		// The phone retries: the same answer, nobody reminded twice.
		r2, replayed, err := w.svc.RemindUnread(sup, key, n.ID)
		w.must(err)
		if !replayed || !slices.Equal(r2.StaffIDs, want) || w.notes(checklist.NoticeUnread) != 3 {
			t.Errorf("a retry reminded again or answered differently: %v replayed %v, %d reminders", r2.StaffIDs, replayed, w.notes(checklist.NoticeUnread))
		}
		other, _, err := w.svc.PublishNotice(sup, w.key(), checklist.NewNotice{Kind: checklist.Announcement, Title: "早会", Body: "8:30", DepotID: w.depot})
		w.must(err)
		_, _, err = w.svc.RemindUnread(sup, key, other.ID)
		wantCode(t, err, apperr.IdempotencyKeyReused)

		// Everyone has read it: nobody to remind, and no refusal.
		for _, no := range []string{"CS1002", "CS1003", "CS1012", "CS2001"} {
			_, err = w.svc.MarkNoticeRead(w.as(no), n.ID)
			w.must(err)
		}
		r3, _, err := w.svc.RemindUnread(sup, w.key(), n.ID)
		w.must(err)
		if len(r3.StaffIDs) != 0 || w.notes(checklist.NoticeUnread) != 3 {
			t.Errorf("reminded %v when everyone had read it", r3.StaffIDs)
		}

		refusals := []struct {
			name, who, key, notice string
			code                   apperr.Code
		}{
			{"an agent may not remind", "CS1001", w.key(), n.ID, apperr.Forbidden},
			{"the group verifier may not remind", "CS4001", w.key(), n.ID, apperr.Forbidden},
			{"another depot's supervisor cannot find the notice", "CS2002", w.key(), n.ID, apperr.NotFound},
			{"another branch's manager cannot find the notice", "CS3002", w.key(), n.ID, apperr.NotFound},
			{"an unknown notice", "CS2001", w.key(), "00000000-0000-0000-0000-000000000000", apperr.NotFound},
			{"a notice id with NUL and bidi overrides", "CS2001", w.key(), "\x00\u202e" + n.ID, apperr.NotFound},
			{"a notice id of 10,000 characters", "CS2001", w.key(), strings.Repeat("9", 10000), apperr.NotFound},
			{"a short key", "CS2001", "short", n.ID, apperr.BadUserInput},
			{"a key with a NUL", "CS2001", "key-\x00-00001", n.ID, apperr.BadUserInput},
			{"a whitespace key", "CS2001", "          ", n.ID, apperr.BadUserInput},
		}
		for _, c := range refusals {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := w.svc.RemindUnread(w.as(c.who), c.key, c.notice)
				wantCode(t, err, c.code)
			})
		}
		_, _, err = w.svc.RemindUnread(context.Background(), w.key(), n.ID)
		wantCode(t, err, apperr.Unauthenticated)
		if got := w.notes(checklist.NoticeUnread); got != 3 {
			t.Errorf("refused reminders left %d reminders, want 3", got)
		}
	})
}
