package checklist_test

import (
	"context"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

// calendarOf is the roster's holiday calendar as checklist.WorkingDays: the roster
// service itself once it answers IsWorkingDay, until then the same rule over its public
// Holidays list (which reads the caller's organisation from the context).
func calendarOf(rs *roster.Service) checklist.WorkingDays {
	if wd, ok := any(rs).(checklist.WorkingDays); ok {
		return wd
	}
	return holidayList{rs}
}

type holidayList struct{ rs *roster.Service }

func (h holidayList) IsWorkingDay(ctx context.Context, _ string, day time.Time) (bool, error) {
	days, err := h.rs.Holidays(ctx, day.Year())
	if err != nil {
		return false, err
	}
	for _, d := range days {
		if d.Day == day.Format("2006-01-02") {
			return d.Kind == roster.Workday, nil
		}
	}
	return day.Weekday() != time.Saturday && day.Weekday() != time.Sunday, nil
}

// December 2026: Saturday the 5th becomes an adjusted working day (调休), Monday the 7th
// a holiday; Wednesday the 9th and Sunday the 13th stay ordinary. CS1001 works odd days.
func TestWeekdayAndWeekendItemsFollowTheHolidayCalendar(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent, mgr, sup := w.as("CS1001"), w.as("CS3001"), w.as("CS2001")
		workday, holiday := roster.Workday, roster.Holiday
		_, err := w.roster.SetHoliday(mgr, "2026-12-05", &workday, "调休上班", "")
		w.must(err)
		_, err = w.roster.SetHoliday(mgr, "2026-12-07", &holiday, "公司假日", "")
		w.must(err)

		// A weekend-only item (a casual-dress reminder) shows the other half of the rule.
		in := checklist.TemplateRevision{Kind: checklist.Appearance, TitleZH: "仪容仪表自查", TitleEN: "Appearance check",
			Items: []checklist.ItemInput{
				{Code: "UNIFORM", TextZH: "穿着公司制服", TextEN: "Company uniform worn", Weight: 2, AppliesOn: checklist.Weekdays},
				{Code: "BADGE", TextZH: "佩戴工牌", TextEN: "Staff badge worn", Weight: 2, AppliesOn: checklist.AllDays},
				{Code: "CASUAL_NEAT", TextZH: "便装整洁", TextEN: "Casual dress neat", Weight: 1, AppliesOn: checklist.Weekends},
			}}
		_, _, err = w.svc.ReviseTemplate(mgr, w.key(), in)
		w.must(err)

		for _, c := range []struct {
			name    string
			day     int
			working bool
		}{
			{"an ordinary Wednesday is a uniform day", 9, true},
			{"an ordinary Sunday is badge only", 13, false},
			{"a Saturday made a working day (调休) is a uniform day", 5, true},
			{"a holiday Monday is badge only", 7, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				w.now = at(c.day, 8)
				check, _, err := w.svc.StartSelfCheck(agent, w.key(), w.shift("CS1001", c.day), checklist.Appearance)
				w.must(err)
				items := w.items(check.ID)
				if (items["UNIFORM"] != "") != c.working || (items["CASUAL_NEAT"] != "") == c.working || items["BADGE"] == "" {
					t.Fatalf("Dec %d items %v, want working day = %v", c.day, items, c.working)
				}
				// A supervisor's spot inspection on the same day applies the same rule.
				w.now = at(c.day, 10)
				insp, _, err := w.svc.StartInspection(sup, w.key(), w.staff["CS1001"].ID, checklist.Appearance)
				w.must(err)
				if got := w.items(insp.ID); (got["UNIFORM"] != "") != c.working || got["BADGE"] == "" {
					t.Fatalf("inspection on Dec %d items %v, want working day = %v", c.day, got, c.working)
				}
			})
		}

		// Without a calendar, Monday to Friday are the working days.
		plain := &checklist.Service{DB: d, Roster: w.roster, Media: w.media, Zone: shanghai, Now: func() time.Time { return at(5, 10) }}
		insp, _, err := plain.StartInspection(sup, w.key(), w.staff["CS1012"].ID, checklist.Appearance)
		w.must(err)
		if got := w.items(insp.ID); got["UNIFORM"] != "" || got["CASUAL_NEAT"] == "" {
			t.Fatalf("Saturday without a calendar: %v", got)
		}
	})
}
