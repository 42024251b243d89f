package checklist_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// figures is what a sheet says about the month, without who signed it and when.
func figures(sh *checklist.ScoreSheet) checklist.ScoreSheet {
	f := *sh
	f.ID, f.Comment, f.SignedOffBy, f.SignedOffAt = "", "", nil, nil
	if f.AverageScore != nil {
		avg := *f.AverageScore
		f.AverageScore = &avg
	}
	return f
}

func sameFigures(a, b *checklist.ScoreSheet) bool {
	fa, fb := figures(a), figures(b)
	for _, p := range [][2]**int{{&fa.AverageScore, &fb.AverageScore}, {&fa.NightShifts, &fb.NightShifts},
		{&fa.WeekendShifts, &fb.WeekendShifts}, {&fa.HolidayShifts, &fb.HolidayShifts}} {
		x, y := *p[0], *p[1]
		if (x == nil) != (y == nil) || x != nil && *x != *y {
			return false
		}
		*p[0], *p[1] = nil, nil
	}
	return fa == fb
}

// csvRow returns the CSV row of an employee number.
func csvRow(t *testing.T, text, employeeNo string) []string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if r[0] == employeeNo {
			return r
		}
	}
	t.Fatalf("no CSV row for %s in %q", employeeNo, text)
	return nil
}

func TestASignedOffScoreSheetReadsExactlyAsSignedForever(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		sup, agent := w.as("CS2001"), w.as("CS1001")
		w.now = time.Date(2027, 1, 2, 10, 0, 0, 0, shanghai)
		before, err := w.svc.MyScoreSheet(agent, "2026-12")
		w.must(err)
		if before.ShiftsRostered != 16 || before.MissingClockIns != 16 || before.SelfChecksMissed != 16 {
			t.Fatalf("CS1001's live December sheet: %+v", before)
		}
		beforeCSV, err := w.svc.ScoreSheetCSV(sup, w.depot, "2026-12")
		w.must(err)
		signed, _, err := w.svc.SignOffScoreSheet(sup, w.key(), w.staff["CS1001"].ID, "2026-12", "按时签核")
		w.must(err)
		if !sameFigures(signed, before) {
			t.Fatalf("sign-off stores the figures as they were: %+v, was %+v", signed, before)
		}
		read := func(when string) {
			t.Helper()
			mine, err := w.svc.MyScoreSheet(agent, "2026-12")
			w.must(err)
			if !sameFigures(mine, before) || !mine.SignedOff() || mine.Comment != "按时签核" {
				t.Errorf("%s, myScoreSheet reads as signed: got %+v, signed %+v", when, mine, before)
			}
			all, err := w.svc.ScoreSheets(sup, w.depot, "2026-12")
			w.must(err)
			for _, sh := range all {
				if sh.StaffID == w.staff["CS1001"].ID && !sameFigures(sh, before) {
					t.Errorf("%s, scoreSheets reads as signed: got %+v, signed %+v", when, sh, before)
				}
			}
			text, err := w.svc.ScoreSheetCSV(sup, w.depot, "2026-12")
			w.must(err)
			got, was := csvRow(t, text, "CS1001"), csvRow(t, beforeCSV, "CS1001")
			if strings.Join(got[:20], ",") != strings.Join(was[:20], ",") {
				t.Errorf("%s, the CSV row reads as signed:\n got %v\nwas %v", when, got[:20], was[:20])
			}
			if !strings.Contains(got[20], "王芳") {
				t.Errorf("%s, the CSV names the signer: %v", when, got)
			}
		}
		read("right after sign-off")
		// More activity: a colleague's sheet is still live and the months roll on.
		w.now = time.Date(2027, 3, 1, 10, 0, 0, 0, shanghai)
		read("two months later")
		read("on a second read")
		colleague, err := w.svc.MyScoreSheet(w.as("CS1012"), "2026-12")
		w.must(err)
		if colleague.SignedOff() || colleague.ShiftsRostered != 16 {
			t.Errorf("an unsigned colleague's sheet stays live: %+v", colleague)
		}
	})
}

func TestTheScoreSheetCSVNamesASignerFromOutsideTheDepot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.now = time.Date(2027, 1, 2, 10, 0, 0, 0, shanghai)
		manager := w.as("CS3001") // 刘强 works at SH-PD-01 and manages Shanghai
		other := w.staff["CS1004"].DepotID
		_, _, err := w.svc.SignOffScoreSheet(manager, w.key(), w.staff["CS1004"].ID, "2026-12", "")
		w.must(err)
		text, err := w.svc.ScoreSheetCSV(manager, other, "2026-12")
		w.must(err)
		if row := csvRow(t, text, "CS1004"); row[20] != "是 Yes (刘强)" {
			t.Fatalf("the signed cell names the manager who signed: %q", row[20])
		}
	})
}

// The month's nights, weekend rest days and holidays are on the sheet and in the CSV, and
// a sheet signed off before they were counted reads them back as unknown, not as 0.
func TestTheScoreSheetCountsUnpopularDutyAndOldSignedSheetsSayUnknown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		sup := w.as("CS2001")
		w.now = time.Date(2027, 1, 2, 10, 0, 0, 0, shanghai)
		mine, err := w.svc.MyScoreSheet(w.as("CS1001"), "2026-12")
		w.must(err)
		if mine.NightShifts == nil || mine.WeekendShifts == nil || mine.HolidayShifts == nil {
			t.Fatalf("a live sheet without duty: %+v", mine)
		}
		// CS1001 works the odd days of December: Sat 5, Sun 13, Sat 19 and Sun 27 are
		// weekend rest days; no nights, no public holiday.
		if *mine.NightShifts != 0 || *mine.WeekendShifts != 4 || *mine.HolidayShifts != 0 {
			t.Fatalf("CS1001's December duty: nights %d weekends %d holidays %d", *mine.NightShifts, *mine.WeekendShifts, *mine.HolidayShifts)
		}
		text, err := w.svc.ScoreSheetCSV(sup, w.depot, "2026-12")
		w.must(err)
		if row := csvRow(t, text, "CS1001"); row[17] != "0" || row[18] != "4" || row[19] != "0" {
			t.Fatalf("CSV duty cells %q", row[17:20])
		}

		_, _, err = w.svc.SignOffScoreSheet(sup, w.key(), w.staff["CS1001"].ID, "2026-12", "")
		w.must(err)
		// As a sheet signed before duty was counted is stored: without the figures.
		_, err = d.W.NewUpdate().Model((*checklist.ScoreSheet)(nil)).Set("night_shifts = NULL, weekend_shifts = NULL, holiday_shifts = NULL").
			Where("staff_id = ?", w.staff["CS1001"].ID).Exec(context.Background())
		w.must(err)
		mine, err = w.svc.MyScoreSheet(w.as("CS1001"), "2026-12")
		w.must(err)
		if !mine.SignedOff() || mine.NightShifts != nil || mine.WeekendShifts != nil || mine.HolidayShifts != nil {
			t.Fatalf("an old signed sheet reads back duty it never had: %+v", mine)
		}
		text, err = w.svc.ScoreSheetCSV(sup, w.depot, "2026-12")
		w.must(err)
		if row := csvRow(t, text, "CS1001"); row[17] != "" || row[18] != "" || row[19] != "" {
			t.Fatalf("CSV duty cells of an old signed sheet %q", row[17:20])
		}
	})
}
