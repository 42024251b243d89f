package checklist_test

import (
	"context"
	"errors"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

// The roster asks the checklist (roster.Service.ShiftInUse) before it removes a shift:
// a self-check recorded on it keeps it, and a refused batch removes nothing.
func TestAShiftWithACheckOnRecordCannotBeRemovedFromTheRoster(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.now = at(3, 8)
		checked, free := w.shift("CS1001", 3), w.shift("CS1001", 5)
		_, _, err := w.svc.StartSelfCheck(w.as("CS1001"), w.key(), checked, checklist.Appearance)
		w.must(err)

		inUse, err := checklist.ShiftsWithChecks(context.Background(), d.R, []string{checked, free})
		w.must(err)
		if !inUse[checked] || inUse[free] || len(inUse) != 1 {
			t.Fatalf("shifts with checks: %v", inUse)
		}

		sup := w.as("CS2001")
		remove := func(days ...string) error {
			var items []roster.AssignmentInput
			for _, day := range days {
				items = append(items, roster.AssignmentInput{StaffID: w.staff["CS1001"].ID, Day: day})
			}
			_, _, err := w.roster.AssignShifts(sup, w.key(), w.depot, "2026-12", items)
			return err
		}
		err = remove("2026-12-05", "2026-12-03")
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.ShiftHasChecks || ae.Extra["day"] != "2026-12-03" {
			t.Fatalf("removing a shift with a self-check on record: %v", err)
		}
		if w.shift("CS1001", 3) != checked || w.shift("CS1001", 5) != free {
			t.Fatal("a refused batch removed a shift")
		}
		w.must(remove("2026-12-05"))
		left, err := d.R.NewSelect().Model((*roster.Assignment)(nil)).Where("id = ?", free).Exists(context.Background())
		w.must(err)
		if left || w.shift("CS1001", 3) != checked {
			t.Fatal("a shift without checks is removed, the checked one stays")
		}
	})
}
