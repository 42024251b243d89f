package checklist_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/media/mediatest"
	"github.com/expresscs/cs/internal/roster"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

type world struct {
	t      *testing.T
	ids    *identity.Service // reach of the callers
	d      *db.DB
	now    time.Time
	svc    *checklist.Service
	media  *media.Service
	roster *roster.Service
	staff  map[string]*identity.Staff
	depot  string
	keyN   int
}

func at(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 0, 0, 0, shanghai) }

// newWorld loads the demo organisation and publishes a December day-shift roster at
// SH-PD-01: CS1001 and CS1012 on odd days, CS1002 on even days, 09:00–18:00.
func newWorld(t *testing.T, d *db.DB) *world {
	ids := identity.NewService(d, nil)
	ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), ids, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ids: ids, d: d, staff: map[string]*identity.Staff{}, now: time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai)}
	now := func() time.Time { return w.now }
	rs := &roster.Service{DB: d, Zone: shanghai, Now: now, ShiftInUse: checklist.ShiftsWithChecks}
	w.media = &media.Service{DB: d, Store: &media.DiskStore{Dir: t.TempDir()}, Secret: []byte("0123456789abcdef0123456789abcdef"), MaxBytes: 64 << 10, Now: now}
	w.roster = rs
	w.svc = &checklist.Service{DB: d, Roster: rs, Media: w.media, Zone: shanghai, Now: now, WorkingDays: calendarOf(rs)}
	var all []*identity.Staff
	w.must(d.R.NewSelect().Model(&all).Scan(context.Background()))
	for _, s := range all {
		w.staff[s.EmployeeNo] = s
	}
	w.depot = w.staff["CS1001"].DepotID
	sup := w.as("CS2001")
	st, err := rs.CreateShiftType(sup, roster.NewShiftType{DepotID: w.depot, Code: "DAY", Name: "白班", StartMinute: 9 * 60, EndMinute: 18 * 60})
	w.must(err)
	var items []roster.AssignmentInput
	for day := 1; day <= 31; day++ {
		people := []string{"CS1002"}
		if day%2 == 1 {
			people = []string{"CS1001", "CS1012"}
		}
		for _, no := range people {
			items = append(items, roster.AssignmentInput{StaffID: w.staff[no].ID, Day: fmt.Sprintf("2026-12-%02d", day), ShiftTypeID: st.ID})
		}
	}
	r, _, err := rs.AssignShifts(sup, w.key(), w.depot, "2026-12", items)
	w.must(err)
	_, _, err = rs.PublishRoster(sup, w.key(), r.ID, r.Version)
	w.must(err)
	return w
}

func (w *world) as(no string) context.Context {
	p, err := w.ids.PrincipalOf(context.Background(), w.staff[no])
	w.must(err)
	return identity.WithPrincipal(context.Background(), p)
}

func (w *world) key() string { w.keyN++; return fmt.Sprintf("test-key-%04d", w.keyN) }

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) shift(no string, day int) string {
	var a roster.Assignment
	w.must(w.d.R.NewSelect().Model(&a).Where("staff_id = ? AND day = ?", w.staff[no].ID, fmt.Sprintf("2026-12-%02d", day)).Scan(context.Background()))
	return a.ID
}

func (w *world) count(table string) int {
	n, err := w.d.R.NewSelect().TableExpr(table).Count(context.Background())
	w.must(err)
	return int(n)
}

// items maps a check's item codes to check-item ids.
func (w *world) items(checkID string) map[string]string {
	var rows []struct {
		ID   string `bun:"id"`
		Code string `bun:"code"`
	}
	w.must(w.d.R.NewSelect().TableExpr("checklist_check_items AS ci").Join("JOIN checklist_items AS i ON i.id = ci.item_id").
		ColumnExpr("ci.id, i.code").Where("ci.check_id = ?", checkID).Scan(context.Background(), &rows))
	out := map[string]string{}
	for _, r := range rows {
		out[r.Code] = r.ID
	}
	return out
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("want %s, got %v", code, err)
	}
}

func pngBytes(t *testing.T, shade uint8) []byte { return mediatest.PNG(t, 4, shade) }

func TestPhotoEvidenceIsCheckedStoredOnceAndShownOnlyToThoseAllowed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		cases := []struct {
			name string
			data []byte
			code apperr.Code
		}{
			{"a photo over the size limit is refused", append(pngBytes(t, 1), make([]byte, 70<<10)...), apperr.PhotoTooLarge},
			{"a text file is not an image", []byte("hello, this is not a photo at all"), apperr.PhotoNotImage},
			{"a file with PNG magic that does not decode is not an image", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 40)...), apperr.PhotoNotImage},
		}
		for _, c := range cases {
			_, _, err := w.media.Upload(agent, bytes.NewReader(c.data), time.Time{})
			wantCode(t, err, c.code)
		}
		if n := w.count("media_photos"); n != 0 {
			t.Fatalf("refused uploads stored %d photos", n)
		}
		ph, replayed, err := w.media.Upload(agent, bytes.NewReader(pngBytes(t, 7)), w.now.Add(-time.Minute))
		w.must(err)
		if replayed || ph.ContentType != "image/png" {
			t.Fatalf("first upload: %+v replayed=%v", ph, replayed)
		}
		again, replayed, err := w.media.Upload(agent, bytes.NewReader(pngBytes(t, 7)), time.Time{})
		w.must(err)
		if !replayed || again.ID != ph.ID || w.count("media_photos") != 1 {
			t.Fatal("an identical upload by the same person must return the first photo")
		}
		for no, visible := range map[string]bool{"CS1001": true, "CS2001": true, "CS3001": true, "CS1012": false, "CS2002": false} {
			got, err := w.media.PhotosByIDs(w.as(no), []string{ph.ID})
			w.must(err)
			if (len(got) == 1) != visible {
				t.Errorf("%s sees the photo: %v, want %v", no, len(got) == 1, visible)
			}
		}
		// Attaching to another capability's record: only the uploader's own photos.
		own, err := media.OwnPhotos(context.Background(), d.W, w.staff["CS1001"].ID, []string{ph.ID, ph.ID})
		w.must(err)
		if len(own) != 1 || own[0].ID != ph.ID {
			t.Fatalf("OwnPhotos of the uploader = %+v, want the one photo once", own)
		}
		_, err = media.OwnPhotos(context.Background(), d.W, w.staff["CS1002"].ID, []string{ph.ID})
		wantCode(t, err, apperr.NotFound)
		attached, err := w.media.AttachedPhotos(w.as("CS2002"), []string{ph.ID, "no-such-photo"})
		w.must(err)
		if len(attached) != 1 {
			t.Fatalf("AttachedPhotos = %d photos, want 1 (the owning capability decides visibility)", len(attached))
		}
	})
}

func TestSelfCheckInspectionActionsNoticesAndScoreSheet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent, sup := w.as("CS1001"), w.as("CS2001")
		w.now = at(3, 8) // Thursday, an hour before the day shift

		templates, err := w.svc.Templates(agent, nil)
		w.must(err)
		if len(templates) != 3 {
			t.Fatalf("want 3 default templates, got %d", len(templates))
		}
		_, err = w.svc.SetDressCode(agent, w.staff["CS1001"].ID, "CLEAN_SHAVEN_SHORT_HAIR")
		w.must(err)
		_, err = w.svc.SetDressCode(w.as("CS1012"), w.staff["CS1001"].ID, "LONG_HAIR_TIED")
		wantCode(t, err, apperr.Forbidden)

		refusals := []struct {
			name  string
			shift string
			code  apperr.Code
		}{
			{"a check for a shift not rostered to the caller is refused", w.shift("CS1002", 4), apperr.CheckShiftNotRostered},
			{"a check for an unknown shift is refused", "no-such-shift", apperr.CheckShiftNotRostered},
			{"a check for a shift two days ahead is not due", w.shift("CS1001", 5), apperr.CheckNotDue},
		}
		for _, c := range refusals {
			_, _, err := w.svc.StartSelfCheck(agent, w.key(), c.shift, checklist.Appearance)
			if !apperr.Is(err, c.code) {
				t.Errorf("%s: want %s, got %v", c.name, c.code, err)
			}
		}
		if w.count("checklist_checks") != 0 {
			t.Fatal("refused checks left rows behind")
		}

		c, _, err := w.svc.StartSelfCheck(agent, "start-appearance", w.shift("CS1001", 3), checklist.Appearance)
		w.must(err)
		again, replayed, err := w.svc.StartSelfCheck(agent, "start-appearance", w.shift("CS1001", 3), checklist.Appearance)
		w.must(err)
		other, _, err := w.svc.StartSelfCheck(agent, w.key(), w.shift("CS1001", 3), checklist.Appearance)
		w.must(err)
		if !replayed || again.ID != c.ID || other.ID != c.ID {
			t.Fatal("a shift has one self-check of a kind, however often it is started")
		}
		items := w.items(c.ID)
		if len(items) != 10 || items["UNIFORM"] == "" || items["NO_BEARD"] == "" || items["HAIR_TIED_BACK"] != "" {
			t.Fatalf("weekday items for the clean-shaven profile: %v", items)
		}

		_, _, err = w.svc.AnswerItem(agent, w.key(), checklist.Answer{CheckItemID: items["UNIFORM"], Passed: true})
		wantCode(t, err, apperr.CheckPhotoRequired)
		photo, _, err := w.media.Upload(agent, bytes.NewReader(pngBytes(t, 9)), time.Time{})
		w.must(err)
		ans := checklist.Answer{CheckItemID: items["UNIFORM"], Passed: true, PhotoID: photo.ID}
		_, _, err = w.svc.AnswerItem(agent, "answer-uniform", ans)
		w.must(err)
		_, replayed, err = w.svc.AnswerItem(agent, "answer-uniform", ans)
		w.must(err)
		if !replayed {
			t.Fatal("a retried answer with the same key is a replay")
		}
		_, _, err = w.svc.AnswerItem(agent, w.key(), ans)
		wantCode(t, err, apperr.CheckItemAnswered)
		_, _, err = w.svc.AnswerItem(agent, "answer-uniform", checklist.Answer{CheckItemID: items["UNIFORM"], Passed: false, PhotoID: photo.ID})
		wantCode(t, err, apperr.IdempotencyKeyReused)
		var answered int64
		answered, err = w.d.R.NewSelect().TableExpr("checklist_check_items").Where("check_id = ? AND passed IS NOT NULL", c.ID).Count(context.Background())
		w.must(err)
		if answered != 1 {
			t.Fatalf("an item answered by retries is stored once, got %d answers", answered)
		}
		_, _, err = w.svc.AnswerItem(sup, w.key(), checklist.Answer{CheckItemID: items["BADGE"], Passed: true, PhotoID: photo.ID})
		wantCode(t, err, apperr.Forbidden)
		for code, id := range items {
			if code == "UNIFORM" {
				continue
			}
			a := checklist.Answer{CheckItemID: id, Passed: code != "NO_SLIPPERS", PhotoID: photo.ID}
			_, _, err := w.svc.AnswerItem(agent, w.key(), a)
			w.must(err)
		}
		checks, err := w.svc.ChecksByIDs(agent, []string{c.ID})
		w.must(err)
		if checks[0].Status != checklist.CheckCompleted || *checks[0].Score != 92 {
			t.Fatalf("11 of 12 weight passed scores 92, got %+v", checks[0])
		}

		// Weekends: the badge, not the uniform.
		w.now = at(5, 8)
		weekend, _, err := w.svc.StartSelfCheck(agent, w.key(), w.shift("CS1001", 5), checklist.Appearance)
		w.must(err)
		wk := w.items(weekend.ID)
		if wk["UNIFORM"] != "" || wk["SHIRT_TUCKED"] != "" || wk["BADGE"] == "" {
			t.Fatalf("weekend items: %v", wk)
		}

		// Notices: the pre-shift item is satisfied by read receipts.
		w.now = at(3, 7)
		n, _, err := w.svc.PublishNotice(sup, w.key(), checklist.NewNotice{Kind: checklist.RateChange, Title: "12月运价调整", Body: "首重上调 1 元", DepotID: w.depot})
		w.must(err)
		_, _, err = w.svc.PublishNotice(agent, w.key(), checklist.NewNotice{Kind: checklist.Announcement, Title: "x", Body: "y", DepotID: w.depot})
		wantCode(t, err, apperr.Forbidden)
		w.now = at(3, 8)
		_, err = w.svc.MarkNoticeRead(agent, n.ID)
		w.must(err)
		_, err = w.svc.MarkNoticeRead(agent, n.ID)
		w.must(err)
		preShift := func(ctx context.Context, no string) map[string]bool {
			c, _, err := w.svc.StartSelfCheck(ctx, w.key(), w.shift(no, 3), checklist.PreShift)
			w.must(err)
			items := w.items(c.ID)
			_, _, err = w.svc.AnswerItem(ctx, w.key(), checklist.Answer{CheckItemID: items["NOTICES_READ"], Passed: true})
			wantCode(t, err, apperr.CheckItemAutomatic)
			for code, id := range items {
				if code != "NOTICES_READ" {
					_, _, err := w.svc.AnswerItem(ctx, w.key(), checklist.Answer{CheckItemID: id, Passed: true})
					w.must(err)
				}
			}
			its, err := w.svc.ItemsOfChecks(ctx, []string{c.ID})
			w.must(err)
			out := map[string]bool{}
			for _, it := range its {
				if it.ID == items["NOTICES_READ"] {
					out["NOTICES_READ"] = *it.Passed
				}
			}
			return out
		}
		if !preShift(agent, "CS1001")["NOTICES_READ"] {
			t.Error("someone who read the latest notices passes the notices item")
		}
		if preShift(w.as("CS1012"), "CS1012")["NOTICES_READ"] {
			t.Error("someone with an unread notice fails the notices item")
		}

		// Spot inspection of someone on duty, a failed item and its corrective action.
		w.now = at(3, 10)
		_, _, err = w.svc.StartInspection(sup, w.key(), w.staff["CS1002"].ID, checklist.Conduct)
		wantCode(t, err, apperr.CheckNotOnDuty)
		_, _, err = w.svc.StartInspection(w.as("CS2002"), w.key(), w.staff["CS1001"].ID, checklist.Conduct)
		wantCode(t, err, apperr.Forbidden)
		insp, _, err := w.svc.StartInspection(sup, w.key(), w.staff["CS1001"].ID, checklist.Conduct)
		w.must(err)
		evidence, _, err := w.media.Upload(sup, bytes.NewReader(pngBytes(t, 200)), time.Time{})
		w.must(err)
		ii := w.items(insp.ID)
		for code, id := range ii {
			a := checklist.Answer{CheckItemID: id, Passed: code != "AT_POST"}
			if code == "AT_POST" {
				a.PhotoID, a.Note = evidence.ID, "10:00 离岗 15 分钟"
			}
			_, _, err := w.svc.AnswerItem(sup, w.key(), a)
			w.must(err)
		}
		if got, _ := w.media.PhotosByIDs(agent, []string{evidence.ID}); len(got) != 1 {
			t.Error("the person inspected may see the evidence photo")
		}
		if got, _ := w.media.PhotosByIDs(w.as("CS1012"), []string{evidence.ID}); len(got) != 0 {
			t.Error("a colleague may not see the evidence photo")
		}
		_, _, err = w.svc.RaiseAction(sup, w.key(), checklist.NewAction{CheckItemID: ii["NO_SNACKS"], AssigneeID: w.staff["CS1001"].ID, DueOn: "2026-12-04", Description: "x"})
		wantCode(t, err, apperr.ActionItemNotFailed)
		_, _, err = w.svc.RaiseAction(w.as("CS1012"), w.key(), checklist.NewAction{CheckItemID: ii["AT_POST"], AssigneeID: w.staff["CS1001"].ID, DueOn: "2026-12-04", Description: "x"})
		wantCode(t, err, apperr.NotFound) // a colleague does not see another's inspection
		act, _, err := w.svc.RaiseAction(sup, w.key(), checklist.NewAction{CheckItemID: ii["AT_POST"], AssigneeID: w.staff["CS1001"].ID, DueOn: "2026-12-04", Description: "离岗须报备"})
		w.must(err)
		w.now = at(5, 10)
		overdue, err := w.svc.OverdueActions(sup, w.depot)
		w.must(err)
		if len(overdue) != 1 || overdue[0].ID != act.ID {
			t.Fatalf("the open action past its due date is overdue: %v", overdue)
		}
		_, err = w.svc.OverdueActions(agent, w.depot)
		wantCode(t, err, apperr.Forbidden)
		_, _, err = w.svc.VerifyAction(sup, w.key(), act.ID, act.Version)
		wantCode(t, err, apperr.ActionStatusInvalid)
		act, _, err = w.svc.CompleteAction(agent, w.key(), act.ID, act.Version, "已报备")
		w.must(err)
		// Two supervisors verify at once: one succeeds, one conflicts.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, who := range []string{"CS2001", "CS3001"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = w.svc.VerifyAction(w.as(who), w.key()+who, act.ID, act.Version)
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) || !apperr.Is(errs[0], apperr.Conflict) && !apperr.Is(errs[1], apperr.Conflict) {
			t.Fatalf("two verifications at once: want one success and one CONFLICT, got %v / %v", errs[0], errs[1])
		}

		// The month's score sheet, its sign-off and what it freezes.
		w.now = at(20, 10)
		_, _, err = w.svc.SignOffScoreSheet(sup, w.key(), w.staff["CS1001"].ID, "2026-12", "")
		wantCode(t, err, apperr.BadUserInput)
		w.now = time.Date(2027, 1, 2, 10, 0, 0, 0, shanghai)
		sheets, err := w.svc.ScoreSheets(sup, w.depot, "2026-12")
		w.must(err)
		var mine *checklist.ScoreSheet
		for _, sh := range sheets {
			if sh.StaffID == w.staff["CS1001"].ID {
				mine = sh
			}
		}
		if mine == nil || mine.ShiftsRostered != 16 || mine.ChecksCompleted != 3 || mine.ItemsFailed != 2 ||
			mine.SelfChecksMissed != 15 || mine.MissingClockIns != 16 || mine.ActionsRaised != 1 || mine.ActionsClosed != 1 {
			t.Fatalf("CS1001's December sheet: %+v", mine)
		}
		_, err = w.svc.ScoreSheets(agent, w.depot, "2026-12")
		wantCode(t, err, apperr.Forbidden)
		signed, _, err := w.svc.SignOffScoreSheet(sup, w.key(), w.staff["CS1001"].ID, "2026-12", "良好")
		w.must(err)
		if !signed.SignedOff() || *signed.AverageScore != *mine.AverageScore {
			t.Fatalf("signed sheet: %+v", signed)
		}
		_, _, err = w.svc.SignOffScoreSheet(sup, w.key(), w.staff["CS1001"].ID, "2026-12", "again")
		wantCode(t, err, apperr.ScoreSheetSignedOff)
		_, _, err = w.svc.AnswerItem(agent, w.key(), checklist.Answer{CheckItemID: wk["BADGE"], Passed: true, PhotoID: photo.ID})
		wantCode(t, err, apperr.ScoreSheetSignedOff)
		var still int64
		still, err = w.d.R.NewSelect().TableExpr("checklist_check_items").Where("id = ? AND passed IS NULL", wk["BADGE"]).Count(context.Background())
		w.must(err)
		if still != 1 {
			t.Fatal("a refused change after sign-off must leave the result as it was")
		}
		csv, err := w.svc.ScoreSheetCSV(sup, w.depot, "2026-12")
		w.must(err)
		if !strings.HasPrefix(csv, "\uFEFF工号") || !strings.Contains(csv, w.staff["CS1001"].Name) || !strings.Contains(csv, "良好") {
			t.Fatalf("CSV export: %q", csv)
		}
	})
}
