package tracking

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/ratelimit"
	"github.com/expresscs/cs/internal/retention"
	"github.com/expresscs/cs/internal/text"
)

// Service is the tracking capability.
type Service struct {
	DB     *db.DB
	Zone   *time.Location // the organisation's zone, for promised arrivals
	Now    func() time.Time
	Lookup LookupPolicy
	// Events, when set, announces each order whose tracking changed on topic
	// OrderTopic(id) once the change commits (for the trackingUpdated subscription).
	Events event.Bus
	// Recorded, when set, is called inside the transaction that stores new events, with
	// those events and their orders, so what it writes (webhook deliveries) commits or
	// rolls back with them. The orders carry only id, waybill number, depot, partner,
	// state, service and required arrival (see trackedColumns).
	Recorded func(ctx context.Context, tx bun.Tx, events []*Event, orders map[string]*order.Order) error
	// Calendar, when set, is the organisation's working-day calendar (roster.Service): a
	// parcel out for delivery after the 20:00 cut-off is expected on the next working
	// day. Without it, on the next day.
	Calendar WorkingDays

	// Cache, when set, keeps the parcels staff and partners look up with their timeline
	// (OrderByWaybill) and customers look up (CustomerLookup), never stale: across
	// instances on PostgreSQL (NewCache), for this process's writes on SQLite
	// (NewLocalCache).
	Cache *Cache

	// Limiter budgets customer look-ups per client address (keys LookupKey); by default
	// ratelimit.New(DB).
	Limiter *ratelimit.Limiter
	// Guesses counts the look-up's guesses (see admitLookup); by default Limiter when its
	// buckets are shared (PostgreSQL), else ratelimit.NewFor(DB, Lookup.Window).
	Guesses *ratelimit.Limiter

	limiterOnce, guessesOnce sync.Once
}

// WorkingDays tells whether a day is a working day in an organisation's calendar.
// It is asked inside the batch's transaction.
type WorkingDays interface {
	IsWorkingDayIn(ctx context.Context, idb bun.IDB, orgID string, day time.Time) (bool, error)
}

// OrderTopic is the event topic of one order's tracking.
func OrderTopic(orderID string) string { return "order:" + orderID }

// announcements are the events published for a batch, one per order touched; none
// without a bus.
func (s *Service) announcements(touched map[string]*trackedOrder) []event.Announcement {
	if s.Events == nil {
		return nil
	}
	all := make([]event.Announcement, 0, len(touched))
	for id := range touched {
		all = append(all, event.Announcement{Topic: OrderTopic(id), Payload: trackingChanged{OrderID: id}})
	}
	return all
}

// trackingChanged is the payload announced on OrderTopic ({"orderId": …}); a struct
// encodes several times faster than the map it replaced, with the same JSON.
type trackingChanged struct {
	OrderID string `json:"orderId"`
}

// Partner scopes for tracking.
const (
	ScopeTrackingRead  = "tracking:read"
	ScopeTrackingWrite = "tracking:write"
	// ScopeTrackingScan is a registered scanner's or hub's: it records events on the
	// orders of every depot under the unit its client is assigned to.
	ScopeTrackingScan = "tracking:scan"
)

// MaxBatch is the most events one request may carry.
const MaxBatch = 1000

// How far a scanner's clock may run ahead of the server's.
const maxClockSkew = 5 * time.Minute

// EventInput is one event as a scanner or partner sends it.
type EventInput struct {
	// EventKey identifies the event across retries: a UUID or the scanner's id and
	// sequence number. The same key is stored once.
	EventKey        string
	WaybillNo       string
	Status          Status
	ExceptionReason ExceptionReason
	SignerName      string
	OccurredAt      time.Time
	Place           string
	ScannedBy       string
	Note            string
}

// Outcome says what became of one event of a batch.
type Outcome string

// The outcomes.
const (
	Accepted  Outcome = "ACCEPTED"  // stored now
	Duplicate Outcome = "DUPLICATE" // stored before under the same key; nothing changed
	Rejected  Outcome = "REJECTED"  // not stored; see the error
)

// EventResult is the answer for one event, in the order sent.
type EventResult struct {
	Index    int
	EventKey string
	Outcome  Outcome
	Err      error // set when rejected: a coded error
	Event    *Event
}

// The text rules of an event's free-text fields (see internal/text).
var (
	eventKeyRule  = text.Rule{Field: "eventKey", Max: 100}
	signerRule    = text.Rule{Field: "signerName", Max: text.NameMax}
	placeRule     = text.Rule{Field: "place", Max: text.ShortMax}
	scannedByRule = text.Rule{Field: "scannedBy", Max: text.ShortMax}
	eventNoteRule = text.Rule{Field: "note", Max: text.ReasonMax, Optional: true, Multiline: true}
)

// validate checks one event on its own, returning it normalised.
func (in EventInput) validate(op string, now time.Time) (EventInput, error) {
	var err error
	if in.EventKey, err = eventKeyRule.Clean(op, in.EventKey); err != nil {
		return in, err
	}
	w, err := order.NormalizeWaybillNo(op, in.WaybillNo)
	if err != nil {
		return in, err
	}
	in.WaybillNo = w
	if _, ok := group[in.Status]; !ok && in.Status != Exception {
		return in, apperr.Invalid(op, "status", "轨迹状态无效", "Unknown tracking status")
	}
	switch in.Status {
	case Exception:
		if !scannerReasons[in.ExceptionReason] {
			return in, apperr.Invalid(op, "exceptionReason", "异常须注明原因", "An exception needs a reason")
		}
	case Signed:
		in.ExceptionReason = ""
		if in.SignerName, err = signerRule.Clean(op, in.SignerName); err != nil {
			return in, err
		}
	default:
		in.ExceptionReason = ""
	}
	if in.Status != Signed {
		in.SignerName = ""
	}
	if in.OccurredAt.IsZero() || in.OccurredAt.After(now.Add(maxClockSkew)) {
		return in, apperr.E(op, apperr.TrackingTimeInvalid).
			Explain("轨迹时间为空或晚于当前时间,请检查扫描设备时间", "The event time is missing or in the future; check the scanner's clock")
	}
	in.OccurredAt = in.OccurredAt.UTC().Truncate(time.Millisecond)
	if in.Place, err = placeRule.Clean(op, in.Place); err != nil {
		return in, err
	}
	if in.ScannedBy, err = scannedByRule.Clean(op, in.ScannedBy); err != nil {
		return in, err
	}
	if in.Note, err = eventNoteRule.Clean(op, in.Note); err != nil {
		return in, err
	}
	return in, nil
}

// sameEvent reports whether a stored event is the one sent again (b): every field a
// sender gives is the same. Any difference under the same key (a corrected place, another
// scanner, a note) is a reused key, refused, so a correction is never silently lost.
func sameEvent(stored, b *Event) bool {
	return stored.OrderID == b.OrderID && stored.Status == b.Status && stored.OccurredAt.Equal(b.OccurredAt) &&
		stored.ExceptionReason == b.ExceptionReason && stored.SignerName == b.SignerName &&
		stored.Place == b.Place && stored.ScannedBy == b.ScannedBy && stored.Note == b.Note
}

// scan is what makes two events the same scan whatever their keys: the parcel, the
// milestone, the time and the place. A scanner that resends a scan under a new key (a
// reinstalled app, a second device syncing the same queue) gets DUPLICATE.
type scan struct {
	orderID string
	status  Status
	at      int64 // Unix milliseconds (event times are stored to the millisecond)
	place   string
}

func scanOf(e *Event) scan {
	return scan{orderID: e.OrderID, status: e.Status, at: e.OccurredAt.UnixMilli(), place: e.Place}
}

// storedScans loads the stored events that may be the same scans as events: those of
// their orders within their span of time (the timeline index answers it), by scan.
func storedScans(ctx context.Context, tx bun.Tx, events []*Event) (map[scan]*Event, error) {
	ids := make([]string, 0, len(events))
	seen := map[string]bool{}
	from, to := events[0].OccurredAt, events[0].OccurredAt
	for _, e := range events {
		if !seen[e.OrderID] {
			seen[e.OrderID] = true
			ids = append(ids, e.OrderID)
		}
		if e.OccurredAt.Before(from) {
			from = e.OccurredAt
		}
		if e.OccurredAt.After(to) {
			to = e.OccurredAt
		}
	}
	var stored []*Event
	q := tx.NewSelect().Model(&stored).Where("occurred_at >= ? AND occurred_at <= ?", from, to)
	if tx.Dialect().Name() == dialect.PG {
		q = q.Where("order_id = ANY(?::text[])", pgdialect.Array(ids))
	} else {
		q = q.Where("order_id IN (?)", bun.List(ids))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	out := make(map[scan]*Event, len(stored))
	for _, e := range stored {
		out[scanOf(e)] = e
	}
	return out, nil
}

// RecordEvents stores a batch of up to 1,000 events in one transaction and answers for
// each one. Events may arrive in any order: the timeline sorts by event time and the
// current status follows the milestone rules. An event key seen before with the same
// content is a DUPLICATE; with any other content (place, scanner and note included) it
// is rejected (TRACKING_EVENT_KEY_REUSED). The same scan (waybill, status, time, place)
// sent again under a new key is a DUPLICATE of the stored one.
// Who may scan: staff with an order-handling role on the orders of the depots they reach;
// a partner client with tracking:write on its own orders; a registered scanner or hub
// (tracking:scan) on the orders of the depots under its assigned unit. Anyone else's
// event is refused NOT_FOUND, exactly as for a waybill that does not exist, so a scan
// never tells who may not see an order that it exists. Per event: BAD_USER_INPUT,
// WAYBILL_CHECK_DIGIT, TRACKING_TIME_INVALID, TRACKING_EVENT_KEY_REUSED, NOT_FOUND,
// ORDER_NOT_RELEASED, ORDER_CANCELLED, TRACKING_EVENT_TOO_OLD (older than the
// organisation's retention: its key may have been deleted, so it is not recorded again).
// For the request: TRACKING_BATCH_TOO_LARGE, FORBIDDEN.
func (s *Service) RecordEvents(ctx context.Context, batch []EventInput) ([]EventResult, error) {
	const op = "tracking.RecordEvents"
	p := identity.PrincipalFrom(ctx)
	if err := mayRecord(op, p); err != nil {
		return nil, err
	}
	if len(batch) == 0 {
		return nil, apperr.Invalid(op, "events", "请至少提交一条轨迹", "Send at least one event")
	}
	if len(batch) > MaxBatch {
		return nil, apperr.E(op, apperr.TrackingBatchTooLarge).With("max", MaxBatch)
	}
	in := &ingest{s: s, op: op, p: p, now: s.Now().UTC()}
	waybills := in.validate(batch)
	if len(waybills) == 0 {
		return in.results, nil
	}
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		orders, err := s.lockOrders(ctx, tx, waybills)
		if err != nil {
			return err
		}
		if err := in.loadCutoffs(ctx, tx, orders); err != nil {
			return err
		}
		in.sort(orders)
		if err := in.dropRescans(ctx, tx); err != nil {
			return err
		}
		if err := in.insert(ctx, tx); err != nil {
			return err
		}
		if err := in.settleRepeats(); err != nil || len(in.fresh) == 0 {
			return err
		}
		return in.apply(ctx, tx)
	})
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return in.results, nil
}

// mayRecord refuses callers who may not record events at all (see RecordEvents); which
// orders they may scan is checked per event.
func mayRecord(op string, p *identity.Principal) error {
	switch {
	case p == nil:
		return apperr.E(op, apperr.Unauthenticated)
	case p.Kind == identity.KindPartner && !slices.Contains(p.Scopes, ScopeTrackingWrite) && !slices.Contains(p.Scopes, ScopeTrackingScan):
		return apperr.E(op, apperr.Forbidden)
	case p.Kind == identity.KindStaff && !p.HasAnyRole(identity.RoleAgent, identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin):
		return apperr.E(op, apperr.Forbidden)
	}
	return nil
}

// ingest is one RecordEvents batch on its way through the steps of its transaction:
// validate, sort into first occurrences and repeats, drop scans stored under another key,
// insert, settle the repeats, apply to the orders and announce.
type ingest struct {
	s   *Service
	op  string
	p   *identity.Principal
	now time.Time

	results []EventResult // one per event sent, in order
	valid   []EventInput  // the validated input, where results[i] is not Rejected

	// firsts are each key's first occurrence, to be inserted; repeats are later ones and
	// keys stored before, to be compared with what is stored.
	firsts, repeats []*candidate
	asScan          map[string]*candidate // keys whose first event was a scan stored before
	stored          map[string]*Event     // by key: what the database holds after the insert
	fresh           []*Event              // the events inserted
	touched         map[string]*trackedOrder
	cutoffs         map[string]time.Time // by depot: events before it are past retention
}

type candidate struct {
	i int
	e *Event
	o *trackedOrder
}

func (in *ingest) reject(i int, err error) { in.results[i].Outcome, in.results[i].Err = Rejected, err }

// validate checks each event on its own and returns the waybills of those that pass.
func (in *ingest) validate(batch []EventInput) []string {
	in.results = make([]EventResult, len(batch))
	in.valid = make([]EventInput, len(batch))
	var waybills []string
	for i, raw := range batch {
		v, err := raw.validate(in.op, in.now)
		in.results[i] = EventResult{Index: i, EventKey: v.EventKey}
		if err != nil {
			in.reject(i, err)
			continue
		}
		in.valid[i] = v
		waybills = append(waybills, v.WaybillNo)
	}
	return waybills
}

// lockOrders reads the orders the batch scans, locked (order.LockForTracking): the batch
// folds its events into the progress it reads here, so a concurrent batch on the same
// parcels waits for this one to commit and then reads what it wrote, and locks are taken
// in id order, so two batches never wait on each other.
func (s *Service) lockOrders(ctx context.Context, tx bun.Tx, waybills []string) (map[string]*trackedOrder, error) {
	var orders []*trackedOrder
	if err := order.LockForTracking(ctx, s.DB, tx, &orders, trackedColumns, waybills); err != nil {
		return nil, err
	}
	byWaybill := make(map[string]*trackedOrder, len(orders))
	for _, o := range orders {
		byWaybill[o.WaybillNo] = o
	}
	return byWaybill, nil
}

// loadCutoffs reads the retention cutoff of each depot the batch's orders belong to (one
// statement; the organisation tree comes from the caller's reach).
func (in *ingest) loadCutoffs(ctx context.Context, tx bun.Tx, orders map[string]*trackedOrder) error {
	var depots []string
	for _, o := range orders {
		if !slices.Contains(depots, o.DepotID) {
			depots = append(depots, o.DepotID)
		}
	}
	var err error
	in.cutoffs, err = retention.CutoffsOfDepots(ctx, tx, depots, in.now)
	return err
}

// sort refuses the events of orders the caller may not scan and sorts the rest: each
// key's first occurrence is inserted unless the key is stored already (ON CONFLICT DO
// NOTHING, which also waits out a concurrent batch sending it); later occurrences in the
// batch, and keys stored before, are compared with what is stored: the same event is a
// DUPLICATE, another one a reused key.
func (in *ingest) sort(byWaybill map[string]*trackedOrder) {
	seen := map[string]bool{}
	for i := range in.results {
		if in.results[i].Outcome == Rejected {
			continue
		}
		v := in.valid[i]
		o := byWaybill[v.WaybillNo]
		if err := in.s.mayReport(in.op, in.p, o.order()); err != nil {
			in.reject(i, err)
			continue
		}
		if cut, ok := in.cutoffs[o.DepotID]; ok && v.OccurredAt.Before(cut) {
			in.reject(i, apperr.E(in.op, apperr.TrackingEventTooOld).With("keptDays", int(in.now.Sub(cut).Hours()/24)).
				Explain("轨迹时间早于本机构的保留期限,该轨迹不再记录", "The event is older than the organisation keeps tracking history; it is not recorded"))
			continue
		}
		c := &candidate{i: i, o: o, e: &Event{ID: uuid.Must(uuid.NewV7()).String(), EventKey: v.EventKey, OrderID: o.ID,
			Status: v.Status, ExceptionReason: v.ExceptionReason, SignerName: v.SignerName, OccurredAt: v.OccurredAt,
			RecordedAt: in.now, Place: v.Place, ScannedBy: v.ScannedBy, Note: v.Note, SourceKind: string(in.p.Kind), SourceID: in.p.ID}}
		if seen[v.EventKey] {
			in.repeats = append(in.repeats, c)
			continue
		}
		seen[v.EventKey] = true
		in.firsts = append(in.firsts, c)
	}
}

// dropRescans answers DUPLICATE for the same scan under another key, stored before or
// earlier in this batch, and keeps it from the insert. The orders are locked, so a
// concurrent batch's scans are seen.
func (in *ingest) dropRescans(ctx context.Context, tx bun.Tx) error {
	if len(in.firsts) == 0 {
		return nil
	}
	all := make([]*Event, len(in.firsts))
	for j, c := range in.firsts {
		all[j] = c.e
	}
	scans, err := storedScans(ctx, tx, all)
	if err != nil {
		return err
	}
	in.asScan = map[string]*candidate{}
	var kept []*candidate
	for _, c := range in.firsts {
		if prev := scans[scanOf(c.e)]; prev != nil && prev.EventKey != c.e.EventKey {
			in.results[c.i].Outcome, in.results[c.i].Event = Duplicate, prev
			in.asScan[c.e.EventKey] = c
			continue
		}
		scans[scanOf(c.e)] = c.e
		kept = append(kept, c)
	}
	in.firsts = kept
	return nil
}

// insert stores the first occurrences; a key stored before (or by a concurrent batch)
// makes its event a repeat, compared with the stored one.
func (in *ingest) insert(ctx context.Context, tx bun.Tx) error {
	if len(in.firsts) == 0 {
		return nil
	}
	events := make([]*Event, len(in.firsts))
	for j, c := range in.firsts {
		events[j] = c.e
	}
	inserted, err := in.s.insert(ctx, tx, events)
	if err != nil {
		return err
	}
	in.stored = make(map[string]*Event, len(in.firsts))
	in.touched = map[string]*trackedOrder{}
	var conflicted []string
	for _, c := range in.firsts {
		if !inserted[c.e.EventKey] {
			conflicted = append(conflicted, c.e.EventKey)
			in.repeats = append(in.repeats, c)
			continue
		}
		in.stored[c.e.EventKey] = c.e
		in.fresh = append(in.fresh, c.e)
		c.o.Add(c.e)
		in.touched[c.o.ID] = c.o
		in.results[c.i].Outcome, in.results[c.i].Event = Accepted, c.e
	}
	if len(conflicted) == 0 {
		return nil
	}
	var before []*Event
	q := tx.NewSelect().Model(&before)
	if in.s.DB.Dialect == db.Postgres {
		// The key table names the event's order and time: the order index of one partition
		// finds it (event_key is unique only there, see insert).
		q = q.Join("JOIN tracking_event_keys AS k ON k.event_key = ?TableAlias.event_key AND k.order_id = ?TableAlias.order_id AND k.occurred_at = ?TableAlias.occurred_at").
			Where("k.event_key IN (?)", bun.List(conflicted))
	} else {
		q = q.Where("event_key IN (?)", bun.List(conflicted))
	}
	if err := q.Scan(ctx); err != nil {
		return err
	}
	for _, e := range before {
		in.stored[e.EventKey] = e
	}
	return nil
}

// settleRepeats answers each repeat: DUPLICATE when it is the stored event again,
// TRACKING_EVENT_KEY_REUSED when its content differs.
func (in *ingest) settleRepeats() error {
	for _, c := range in.repeats {
		prev := in.stored[c.e.EventKey]
		if first := in.asScan[c.e.EventKey]; prev == nil && first != nil {
			// The key's first event in this batch was a scan stored before: the same
			// event again is that duplicate too, another one reuses the key.
			if sameEvent(first.e, c.e) {
				in.results[c.i].Outcome, in.results[c.i].Event = Duplicate, in.results[first.i].Event
			} else {
				in.reject(c.i, apperr.E(in.op, apperr.TrackingEventKeyReused))
			}
			continue
		}
		switch {
		case prev == nil:
			return fmt.Errorf("event key %q neither inserted nor found", c.e.EventKey)
		case sameEvent(prev, c.e):
			in.results[c.i].Outcome, in.results[c.i].Event = Duplicate, prev
		default:
			in.reject(c.i, apperr.E(in.op, apperr.TrackingEventKeyReused))
		}
	}
	return nil
}

// apply folds the inserted events into their orders' status and ETA (order.ApplyTracking:
// one statement for the batch, rows in id order), announces the changes (live updates)
// and hands them to Recorded (webhooks), all in the transaction. With the PostgreSQL bus
// the UPDATE's statement queues the announcements itself (event.Inline), one statement
// fewer; any other bus is published to after it.
func (in *ingest) apply(ctx context.Context, tx bun.Tx) error {
	s := in.s
	rows, err := s.trackingRows(ctx, tx, in.touched)
	if err != nil {
		return err
	}
	all := s.announcements(in.touched)
	var notify order.Notify
	inline := false
	if all != nil && s.DB.Dialect == db.Postgres {
		if notify.Channel, notify.Payloads, inline, err = event.Inline(s.Events, all); err != nil {
			return err
		}
	}
	if err := order.ApplyTracking(ctx, s.DB, tx, rows, in.now, notify); err != nil {
		return err
	}
	if all != nil && !inline {
		if err := s.Events.PublishEachTx(ctx, tx, all); err != nil {
			return err
		}
	}
	plain := make(map[string]*order.Order, len(in.touched))
	for id, o := range in.touched {
		plain[id] = &o.Order
	}
	if s.Recorded != nil {
		return s.Recorded(ctx, tx, in.fresh, plain)
	}
	return nil
}

// mayScan reports whether p may add an event to o (see RecordEvents).
func mayScan(p *identity.Principal, o *order.Order) bool {
	if p.Kind != identity.KindPartner {
		return p.Reach().Covers(o.DepotID, identity.StaffRoles...)
	}
	own := o.PartnerClientID != nil && *o.PartnerClientID == p.ID
	return own && slices.Contains(p.Scopes, ScopeTrackingWrite) ||
		slices.Contains(p.Scopes, ScopeTrackingScan) && p.Reach().Covers(o.DepotID, identity.RolePartner)
}

// mayReport checks that p may add an event to o: NOT_FOUND when o does not exist or p may
// not scan it (the same answer), then whether the order can take events.
func (s *Service) mayReport(op string, p *identity.Principal, o *order.Order) error {
	if o == nil || !mayScan(p, o) {
		return apperr.E(op, apperr.NotFound)
	}
	switch o.State {
	case order.Cancelled:
		return apperr.E(op, apperr.OrderCancelled)
	case order.PendingVerification:
		return apperr.E(op, apperr.OrderNotReleased)
	}
	return nil
}

// trackedOrder is an order with the progress its events add up to.
type trackedOrder struct {
	order.Order `bun:",extend"`
	Progress
}

// trackedColumns are what recording reads of an order: who may report on it (its depot
// and partner), what its ETA is counted from, and its progress so far. Only these are loaded, so the orders
// handed to Recorded carry these fields and no others.
var trackedColumns = []string{"id", "waybill_no", "depot_id", "partner_client_id", "state", "service", "required_arrival_at", "created_at",
	"tracking_best_status", "tracking_best_at", "tracking_last_exception_reason", "tracking_last_exception_at",
	"tracking_picked_up_at", "tracking_out_at"}

// order is the plain order, or nil when t is (an unknown waybill).
func (t *trackedOrder) order() *order.Order {
	if t == nil {
		return nil
	}
	return &t.Order
}

// insert stores new events, skipping any whose key is stored already, and returns the
// keys it stored. On PostgreSQL the columns go as arrays through unnest: one short
// statement with thirteen parameters instead of a VALUES list of 13,000 literals, which
// took most of a batch's time to parse. There tracking_events is partitioned by month and
// cannot hold event_key unique on its own, so the statement first inserts the keys into
// tracking_event_keys (event_key PRIMARY KEY, not partitioned) and stores the events whose
// key it inserted: a key is recorded once whatever time a replay carries, and a concurrent
// batch sending the same key waits on that key's index entry as it did before.
func (s *Service) insert(ctx context.Context, tx bun.Tx, events []*Event) (map[string]bool, error) {
	var keys []string
	if s.DB.Dialect != db.Postgres {
		return s.insertSQLite(ctx, tx, events)
	}
	n := len(events)
	ids, eventKeys, orders, statuses, reasons, signers := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	occurred, places, scanners, notes := make([]time.Time, n), make([]string, n), make([]string, n), make([]string, n)
	for i, e := range events {
		ids[i], eventKeys[i], orders[i], statuses[i], reasons[i], signers[i] = e.ID, e.EventKey, e.OrderID, string(e.Status), string(e.ExceptionReason), e.SignerName
		occurred[i], places[i], scanners[i], notes[i] = e.OccurredAt, e.Place, e.ScannedBy, e.Note
	}
	first := events[0]
	err := s.DB.SelectTx(ctx, tx, &keys, insertPostgres, ids, eventKeys, orders, statuses, reasons, signers, occurred, places,
		scanners, notes, first.RecordedAt, first.SourceKind, first.SourceID)
	return setOf(keys), err
}

// insertPostgres is insert's statement on PostgreSQL: a constant text, so that
// db.SelectTx prepares it once per connection and binds the ten columns as arrays.
const insertPostgres = `WITH u AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			?::timestamptz[], ?::text[], ?::text[], ?::text[])
			AS u (id, event_key, order_id, status, exception_reason, signer_name, occurred_at, place, scanned_by, note)),
		k AS (INSERT INTO tracking_event_keys (event_key, order_id, occurred_at)
			SELECT event_key, order_id, occurred_at FROM u ON CONFLICT (event_key) DO NOTHING RETURNING event_key)
		INSERT INTO tracking_events (id, event_key, order_id, status, exception_reason, signer_name,
		occurred_at, place, scanned_by, note, recorded_at, source_kind, source_id)
		SELECT u.id, u.event_key, u.order_id, u.status, u.exception_reason, u.signer_name, u.occurred_at, u.place,
			u.scanned_by, u.note, ?::timestamptz, ?::text, ?::text FROM u JOIN k ON k.event_key = u.event_key
		RETURNING event_key`

func setOf(keys []string) map[string]bool {
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out
}

// trackingRows are the touched orders' tracking rows, in id order (the order their locks
// were taken in).
func (s *Service) trackingRows(ctx context.Context, tx bun.Tx, touched map[string]*trackedOrder) ([]order.Tracking, error) {
	ids := make([]string, 0, len(touched))
	for id := range touched {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	rows := make([]order.Tracking, 0, len(ids))
	cal := &batchCalendar{s: s, tx: tx, orgs: map[string]string{}, days: map[string]bool{}}
	for _, id := range ids {
		o := touched[id]
		st, reason, at := o.Current()
		p := o.Progress
		rows = append(rows, order.Tracking{ID: id, Status: string(st), ExceptionReason: string(reason), EventAt: at,
			ETA:        p.ExpectedArrival(&o.Order, s.Zone, cal.of(ctx, o.DepotID)),
			BestStatus: string(p.BestStatus), BestAt: p.BestAt, LastExceptionReason: string(p.ExceptionReason), LastExceptionAt: p.ExceptionAt,
			PickedUpAt: p.PickedUpAt, OutAt: p.OutAt})
	}
	return rows, cal.err
}

// batchCalendar answers "is this a delivery day?" for the orders of one batch from the
// organisation's working-day calendar, asking each organisation about each day once. It
// is only asked for parcels that went out after the cut-off.
type batchCalendar struct {
	s    *Service
	tx   bun.Tx
	orgs map[string]string // depot → organisation
	days map[string]bool   // organisation and day → working day
	err  error
}

// of is the calendar of the organisation depotID belongs to; nil without a calendar.
func (c *batchCalendar) of(ctx context.Context, depotID string) func(time.Time) bool {
	if c.s.Calendar == nil {
		return nil
	}
	return func(day time.Time) bool {
		if c.err != nil {
			return true
		}
		org, ok := c.orgs[depotID]
		if !ok {
			if org, c.err = identity.OrgOf(ctx, c.tx, depotID); c.err != nil {
				return true
			}
			c.orgs[depotID] = org
		}
		k := org + " " + day.In(c.s.Zone).Format(time.DateOnly)
		working, ok := c.days[k]
		if !ok {
			if working, c.err = c.s.Calendar.IsWorkingDayIn(ctx, c.tx, org, day); c.err != nil {
				return true
			}
			c.days[k] = working
		}
		return working
	}
}

// RequireFollower refuses, before anything is watched, a partner without tracking:read:
// following an order's tracking live is reading it, and a stream whose every message
// fails would look like silence. FORBIDDEN; staff pass (their order access is checked
// with the order).
func RequireFollower(ctx context.Context) error {
	if p := identity.PrincipalFrom(ctx); p != nil && p.Kind == identity.KindPartner && !slices.Contains(p.Scopes, ScopeTrackingRead) {
		return apperr.E("tracking.Follow", apperr.Forbidden).With("scope", ScopeTrackingRead)
	}
	return nil
}

// timelineOrder is how every read of a timeline sorts it: by event time, then id (the
// one-statement look-up's json_agg sorts the same, in timeline.go).
const timelineOrder = " ORDER BY occurred_at, id"

// EventsOf loads the timelines of the given orders, each sorted by event time (for
// dataloaders; the orders were loaded through a visibility check). Partners need
// tracking:read.
func (s *Service) EventsOf(ctx context.Context, orderIDs []string) ([]*Event, error) {
	const op = "tracking.EventsOf"
	if p := identity.PrincipalFrom(ctx); p != nil && p.Kind == identity.KindPartner && !slices.Contains(p.Scopes, ScopeTrackingRead) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	var out []*Event
	// One text however many orders (db.Select: prepared once on SQLite).
	in, arg := s.DB.In("order_id", orderIDs)
	r := s.DB.Lagging(ctx)
	err := s.DB.Select(ctx, r, &out, db.SelectFrom(r, (*Event)(nil), "WHERE "+in+timelineOrder), arg)
	return out, apperr.Wrap(op, err)
}
