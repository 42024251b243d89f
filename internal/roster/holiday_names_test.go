package roster_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestEnglishHolidayDutyRefusalsUseTheHolidaysEnglishName(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		admin := w.as("CS9001")
		holiday := roster.Holiday
		_, err := w.svc.SetHoliday(admin, "2026-12-25", &holiday, "公司庆典", "Company Day")
		w.must(err)
		_, err = w.svc.SetHoliday(admin, "2026-12-27", &holiday, "店庆", "")
		w.must(err)
		_, err = w.svc.SetHoliday(admin, "2026-12-29", &holiday, "店庆", "Shop\u202eDay")
		if apperr.CodeOf(err) != apperr.BadUserInput || fieldOf(err) != "nameEn" {
			t.Errorf("an English name with a bidi override is refused naming nameEn: %v", err)
		}

		for _, c := range []struct {
			day, wantEN string
		}{
			{"2026-12-25", "2026-12-25 is holiday duty (Company Day); no leave on holiday duty"},
			{"2026-12-27", "2026-12-27 is holiday duty; no leave on holiday duty"},
		} {
			_, _, err := w.svc.RequestLeave(w.as("CS1012"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "ANNUAL"), StartDay: c.day, EndDay: c.day, Reason: "回老家"})
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.LeaveHolidayDuty || e.Detail == nil {
				t.Fatalf("leave on %s: want LEAVE_HOLIDAY_DUTY, got %v", c.day, err)
			}
			if e.Detail.EN != c.wantEN || hasHan(e.Detail.EN) {
				t.Errorf("the English refusal for %s: %q, want %q", c.day, e.Detail.EN, c.wantEN)
			}
			if !strings.Contains(e.Detail.ZH, "节假日值班不允许请假") {
				t.Errorf("the Chinese refusal for %s: %q", c.day, e.Detail.ZH)
			}
		}

		days, err := w.svc.Holidays(w.as("CS1001"), 2027)
		w.must(err)
		for _, h := range days {
			if h.NameEN == "" || hasHan(h.NameEN) {
				t.Errorf("the default calendar names %s (%s) in English: %q", h.Day, h.Name, h.NameEN)
			}
		}
		if len(days) == 0 {
			t.Fatal("the default calendar has 2027's holidays")
		}
	})
}

func fieldOf(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
