package order

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
)

// applyTrackingSQLite is ApplyTracking on SQLite: one UPDATE by id, prepared once and run
// for each row in order with its values bound (DB.ExecEach), instead of one UPDATE from a
// VALUES list of 11,000 literals that SQLite parsed anew for every batch. Times are bound
// as the text bun writes, so they are stored as before.
func applyTrackingSQLite(ctx context.Context, d *db.DB, tx bun.Tx, rows []Tracking, now time.Time) error {
	at := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return db.TimeArg(*t)
	}
	var stage, updated any = string(Shipped), db.TimeArg(now) // boxed once for the batch
	args := make([]any, 13)
	_, err := d.ExecEach(ctx, tx, `UPDATE orders SET tracking_status = ?, tracking_exception_reason = ?, tracking_event_at = ?,
		eta = ?, tracking_best_status = ?, tracking_best_at = ?, tracking_last_exception_reason = ?,
		tracking_last_exception_at = ?, tracking_picked_up_at = ?, tracking_out_at = ?,
		stage = ?, version = version + 1, updated_at = ? WHERE id = ?`, len(rows), func(i int) []any {
		r := rows[i]
		args[0], args[1], args[2], args[3], args[4], args[5] = r.Status, r.ExceptionReason, at(r.EventAt), db.TimeArg(r.ETA), r.BestStatus, at(r.BestAt)
		args[6], args[7], args[8], args[9], args[10], args[11], args[12] = r.LastExceptionReason, at(r.LastExceptionAt), at(r.PickedUpAt), at(r.OutAt), stage, updated, r.ID
		return args
	})
	return err
}
