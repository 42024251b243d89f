package tracking

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
)

// OrderByWaybill is orders.ByWaybill (the same checks, scope, errors and did-you-mean)
// reading, in the same statement, the order's timeline as EventsOf reads it, for a staff
// look-up that shows both: on PostgreSQL the timeline's own statement cost as much as
// the order's (a round trip, pgx and database/sql, BENCHMARKS.md "Staff look-up in one
// statement"). On SQLite it reads only with a look-up cache, which keeps the two together:
// the order, then its timeline (in-process statements; one statement would build and
// decode the timeline's JSON in our process too: not shown to pay). read is false when
// the timeline was not read: on SQLite without a cache, and for a partner without tracking:read, whom the field's @partnerScope and
// EventsOf refuse the timeline (FORBIDDEN), as before: it is not even read for them.
func (s *Service) OrderByWaybill(ctx context.Context, orders *order.Service, waybillNo string) (o *order.Order, events []*Event, read bool, err error) {
	const op = "order.ByWaybill" // the look-up's errors are ByWaybill's, whichever path
	if !s.ReadsTimelineWithOrder() || !mayReadTimeline(ctx) {
		o, err = orders.ByWaybill(ctx, waybillNo)
		return o, nil, false, err
	}
	w, where, args, err := orders.WaybillWhere(ctx, op, waybillNo)
	if err != nil {
		return nil, nil, false, err
	}
	hit, since, use := s.Cache.look(ctx, w) // use: the cache answers or keeps this look-up
	if hit != nil {
		// The statement's own condition, asked of the order in hand: the same parcels,
		// the same NOT_FOUND (with its did-you-mean) for the rest.
		if !order.CanSee(identity.PrincipalFrom(ctx), &hit.order) {
			return nil, nil, false, orders.WaybillMiss(ctx, op, w)
		}
		o, events = hit.parcel()
		return o, events, true, nil
	}
	if s.DB.Dialect == db.Postgres {
		r := s.DB.Lagging(ctx)
		if use {
			r = s.DB.R // what is kept must be the primary's, never a lagging replica's
		}
		var found []*orderWithTimeline
		if err := s.DB.Select(ctx, r, &found, withTimelineText(r, where), args...); err != nil {
			return nil, nil, false, apperr.Wrap(op, err)
		}
		if len(found) == 0 {
			return nil, nil, false, orders.WaybillMiss(ctx, op, w)
		}
		o = &found[0].Order
		if events, err = found[0].events(); err != nil {
			return nil, nil, false, apperr.Wrap(op, err)
		}
	} else if o, err = orders.ByWaybill(ctx, waybillNo); err != nil {
		return nil, nil, false, err
	} else if events, err = s.EventsOf(ctx, []string{o.ID}); err != nil {
		return nil, nil, false, err
	}
	if use {
		s.Cache.keep(since, o, events)
		events = slices.Clone(events) // the kept slice is the cache's
	}
	return o, events, true, nil
}

// ReadsTimelineWithOrder reports whether OrderByWaybill reads the timeline with the order:
// on PostgreSQL in the order's statement, on SQLite only with a look-up cache (which keeps
// the two together); without one a caller on SQLite spares itself asking whether the
// timeline is wanted, and the timeline's loader reads it.
func (s *Service) ReadsTimelineWithOrder() bool { return s.DB.Dialect == db.Postgres || s.Cache != nil }

// mayReadTimeline is EventsOf's rule: partners need tracking:read.
func mayReadTimeline(ctx context.Context) bool {
	p := identity.PrincipalFrom(ctx)
	return p == nil || p.Kind != identity.KindPartner || slices.Contains(p.Scopes, ScopeTrackingRead)
}

// orderWithTimeline is an order with its timeline as one JSON array (NULL without
// events), each event an object with Event's JSON names.
type orderWithTimeline struct {
	order.Order `bun:",extend"`
	Timeline    []byte `bun:"timeline"`
}

// events decodes the timeline. Times come as ISO 8601 with the session's offset; they
// are put in time.Local, where pgx puts a scanned timestamptz, so both paths give the
// same time.Time (and the same text in a response).
func (o *orderWithTimeline) events() ([]*Event, error) {
	if o.Timeline == nil {
		return nil, nil
	}
	var events []*Event
	if err := json.Unmarshal(o.Timeline, &events); err != nil {
		return nil, err
	}
	for _, e := range events {
		e.OccurredAt = e.OccurredAt.In(time.Local)
		e.RecordedAt = e.RecordedAt.In(time.Local)
	}
	return events, nil
}

// withTimelineTexts caches withTimelineText's texts: one per kind of caller.
var withTimelineTexts sync.Map // string → string

// withTimelineText selects the order matching where (ByWaybill's statement, unchanged,
// as a subquery) and its events, sorted as every timeline read sorts them (timelineOrder,
// here on the alias e), aggregated in the row.
func withTimelineText(r *bun.DB, where string) string {
	if t, ok := withTimelineTexts.Load(where); ok {
		return t.(string)
	}
	t := `SELECT o.*, (SELECT json_agg(json_build_object('id', e.id, 'eventKey', e.event_key, 'orderId', e.order_id,
	'status', e.status, 'exceptionReason', e.exception_reason, 'signerName', e.signer_name,
	'occurredAt', e.occurred_at, 'recordedAt', e.recorded_at, 'place', e.place, 'scannedBy', e.scanned_by,
	'note', e.note, 'sourceKind', e.source_kind, 'sourceId', e.source_id) ORDER BY e.occurred_at, e.id)
	FROM tracking_events AS e WHERE e.order_id = o.id) AS timeline
FROM (` + db.SelectFrom(r, (*order.Order)(nil), "WHERE "+where) + `) AS o`
	withTimelineTexts.Store(where, t)
	return t
}
