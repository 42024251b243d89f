package tracking

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
)

// insertEventSQLite stores one event unless its key is stored already. Run once per
// event of a batch, prepared once (db.ExecEach): SQLite parsed the batch's single
// INSERT of 13,000 literals anew each time, which cost more than the runs.
const insertEventSQLite = `INSERT INTO tracking_events (id, event_key, order_id, status, exception_reason, signer_name,
	occurred_at, recorded_at, place, scanned_by, note, source_kind, source_id)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING`

// insertSQLite is insert on SQLite: each event is inserted with its values bound, and a
// run that changed no row met a stored key (ON CONFLICT DO NOTHING, as one statement did
// before; the batch holds the write lock, so no other batch inserts meanwhile). Times are
// bound as the text bun writes, so they are stored as before.
func (s *Service) insertSQLite(ctx context.Context, tx bun.Tx, events []*Event) (map[string]bool, error) {
	var recorded any = db.TimeArg(events[0].RecordedAt) // boxed once: the batch's events share it
	args := make([]any, 13)
	changed, err := s.DB.ExecEach(ctx, tx, insertEventSQLite, len(events), func(i int) []any {
		e := events[i]
		at := recorded
		if !e.RecordedAt.Equal(events[0].RecordedAt) {
			at = db.TimeArg(e.RecordedAt)
		}
		args[0], args[1], args[2], args[3], args[4], args[5] = e.ID, e.EventKey, e.OrderID, string(e.Status), string(e.ExceptionReason), e.SignerName
		args[6], args[7], args[8], args[9], args[10], args[11], args[12] = db.TimeArg(e.OccurredAt), at, e.Place, e.ScannedBy, e.Note, e.SourceKind, e.SourceID
		return args
	})
	if err != nil {
		return nil, err
	}
	stored := make(map[string]bool, len(events))
	for i, n := range changed {
		if n > 0 {
			stored[events[i].EventKey] = true
		}
	}
	return stored, nil
}
