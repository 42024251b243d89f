package order

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
)

// Facts and writes for the tracking capability: an order's tracking columns are kept by
// the tracking package from the parcel's events, through these methods, inside the
// transaction that records the events.

// OfWaybill loads the order with this waybill number from r (d's reader or a replica),
// whoever asks: the caller (the public look-up) checks what the asker proved. nil when
// there is none. The text is constant, so SQLite prepares it once per connection.
func OfWaybill(ctx context.Context, d *db.DB, r *bun.DB, waybillNo string) (*Order, error) {
	var found []*Order
	if err := d.Select(ctx, r, &found, db.SelectFrom(r, (*Order)(nil), "WHERE waybill_no = ?"), waybillNo); err != nil || len(found) == 0 {
		return nil, err
	}
	return found[0], nil
}

// ByID loads order id, whoever asks: the caller checks who may act on it. sql.ErrNoRows
// when there is none.
func ByID(ctx context.Context, idb bun.IDB, id string) (*Order, error) {
	o := new(Order)
	err := idb.NewSelect().Model(o).Where("id = ?", id).Scan(ctx)
	return o, err
}

// LockForTracking reads into dest the orders with these waybill numbers, only the given
// columns, locked for the rest of tx: a batch of events folds into the progress it reads
// here, so a concurrent batch on the same parcels waits for this one to commit and then
// reads what it wrote. dest is a pointer to a slice of pointers to a struct that extends
// Order (bun:",extend") with the tracking package's progress columns.
//
// On PostgreSQL the rows are locked FOR NO KEY UPDATE in id order, so two batches never
// wait on each other; the text is constant for a list of columns and the waybills one
// bound text[] (db.SelectTx: prepared once per connection, rows in binary; behind a
// pooler bun writes the array into the text). SQLite runs one writer at a time.
func LockForTracking(ctx context.Context, d *db.DB, tx bun.Tx, dest any, columns []string, waybills []string) error {
	if d.Dialect == db.Postgres {
		if waybills == nil {
			waybills = []string{}
		}
		return d.SelectTx(ctx, tx, dest, lockText(columns), waybills)
	}
	return tx.NewSelect().Model(dest).Column(columns...).Where("waybill_no IN (?)", bun.List(waybills)).Scan(ctx)
}

// lockTexts caches LockForTracking's PostgreSQL texts by their columns.
var lockTexts sync.Map // string → string

func lockText(columns []string) string {
	key := strings.Join(columns, ",")
	if t, ok := lockTexts.Load(key); ok {
		return t.(string)
	}
	t := `SELECT "` + strings.Join(columns, `", "`) + `" FROM orders WHERE waybill_no = ANY(?::text[]) ORDER BY id FOR NO KEY UPDATE`
	lockTexts.Store(key, t)
	return t
}

// Tracking is one order's tracking as its events add up to: the status shown, the
// expected arrival, and the progress the next batch folds its events into (the furthest
// milestone, the latest exception, the first pick-up, the latest out-for-delivery scan).
type Tracking struct {
	bun.BaseModel `bun:"table:_data"`

	ID                  string     `bun:"id"`
	Status              string     `bun:"tracking_status"`
	ExceptionReason     string     `bun:"tracking_exception_reason"`
	EventAt             *time.Time `bun:"tracking_event_at"`
	ETA                 time.Time  `bun:"eta"`
	BestStatus          string     `bun:"tracking_best_status"`
	BestAt              *time.Time `bun:"tracking_best_at"`
	LastExceptionReason string     `bun:"tracking_last_exception_reason"`
	LastExceptionAt     *time.Time `bun:"tracking_last_exception_at"`
	PickedUpAt          *time.Time `bun:"tracking_picked_up_at"`
	OutAt               *time.Time `bun:"tracking_out_at"`
}

// Notify is what a batch's UPDATE queues on PostgreSQL: pg_notify(Channel, p) for each of
// Payloads (the tracking announcements, sent at commit; event.Inline gives them), which
// saves the batch a statement of its own. The zero value queues nothing.
type Notify struct {
	Channel  string
	Payloads []string
}

// ApplyTracking writes the orders' tracking (rows in id order, the order their locks were
// taken in): any event means the parcel has left (stage SHIPPED); each order's version
// goes up. On PostgreSQL one UPDATE for the whole batch, the rows as arrays through unnest
// (PostgreSQL parses and plans it far faster than a VALUES list of 11,000 literals), bound
// unless pooled (db.ExecTx), and the same statement queues notify's notifications (a
// data-modifying WITH runs to completion whatever the outer query reads). On SQLite one
// UPDATE prepared once and run per row; notifications are PostgreSQL's only.
func ApplyTracking(ctx context.Context, d *db.DB, tx bun.Tx, rows []Tracking, now time.Time, notify Notify) error {
	if d.Dialect != db.Postgres {
		if len(notify.Payloads) > 0 {
			return errors.New("order.ApplyTracking: notifications are queued on PostgreSQL only")
		}
		if len(rows) == 0 {
			return nil
		}
		return applyTrackingSQLite(ctx, d, tx, rows, now)
	}
	if len(rows) == 0 && len(notify.Payloads) == 0 {
		return nil
	}
	n := len(rows)
	ids, statuses, reasons, bests, excReasons := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	eta := make([]time.Time, n)
	at, bestAt, excAt, pickedUp, out := make([]*time.Time, n), make([]*time.Time, n), make([]*time.Time, n), make([]*time.Time, n), make([]*time.Time, n)
	for i, r := range rows {
		ids[i], statuses[i], reasons[i], bests[i], excReasons[i] = r.ID, r.Status, r.ExceptionReason, r.BestStatus, r.LastExceptionReason
		at[i], eta[i], bestAt[i], excAt[i], pickedUp[i], out[i] = r.EventAt, r.ETA, r.BestAt, r.LastExceptionAt, r.PickedUpAt, r.OutAt
	}
	payloads := notify.Payloads
	if payloads == nil {
		payloads = []string{}
	}
	return d.ExecTx(ctx, tx, applyTrackingText, string(Shipped), now,
		ids, statuses, reasons, at, eta, bests, bestAt, excReasons, excAt, pickedUp, out, notify.Channel, payloads)
}

// applyTrackingText is ApplyTracking's statement on PostgreSQL, constant so that it is
// prepared once per connection.
const applyTrackingText = `WITH u AS (UPDATE orders AS o SET
		tracking_status = d.status, tracking_exception_reason = d.reason,
		tracking_event_at = d.at, eta = d.eta,
		tracking_best_status = d.best, tracking_best_at = d.best_at,
		tracking_last_exception_reason = d.exc_reason, tracking_last_exception_at = d.exc_at,
		tracking_picked_up_at = d.picked_up, tracking_out_at = d.out_at,
		stage = ?::text, version = o.version + 1, updated_at = ?::timestamptz
		FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[],
			?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
			AS d(id, status, reason, at, eta, best, best_at, exc_reason, exc_at, picked_up, out_at)
		WHERE o.id = d.id)
	SELECT pg_notify(?::text, m) FROM unnest(?::text[]) AS m`

// OpenShippedIn lists, in id order, the ids of the depot's shipped parcels still open
// (parcel_open: released and not yet signed for or returned): what a tracking round visits.
func OpenShippedIn(ctx context.Context, idb bun.IDB, depotID string) ([]string, error) {
	var ids []string
	err := idb.NewSelect().Model((*Order)(nil)).Column("id").
		Where("depot_id = ? AND parcel_open AND stage = ?", depotID, Shipped).
		OrderExpr("id").Scan(ctx, &ids)
	return ids, err
}
