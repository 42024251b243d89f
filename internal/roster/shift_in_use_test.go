package roster_test

import (
	"context"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

// Whether a shift may go is the checklist's answer (ShiftInUse): a roster service
// without it removes no existing shift, rather than removing one a check refers to.
func TestWithoutShiftInUseNoShiftIsRemoved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		shift := w.shift("CS1001", 3)
		w.svc.ShiftInUse = nil
		sup := w.as("CS2001")
		remove := []roster.AssignmentInput{{StaffID: w.staff["CS1001"].ID, Day: "2026-12-03"}}
		_, _, err := w.svc.AssignShifts(sup, w.key(), w.depot, "2026-12", remove)
		wantCode(t, err, apperr.Internal)
		if w.shift("CS1001", 3) != shift {
			t.Fatal("the shift was removed without asking whether a check refers to it")
		}
		// Wired to the checklist, which finds no check on it: it goes.
		w.svc.ShiftInUse = checklist.ShiftsWithChecks
		_, _, err = w.svc.AssignShifts(sup, w.key(), w.depot, "2026-12", remove)
		w.must(err)
		left, err := d.R.NewSelect().Model((*roster.Assignment)(nil)).Where("id = ?", shift).Exists(context.Background())
		w.must(err)
		if left {
			t.Fatal("a shift without checks is removed")
		}
	})
}
