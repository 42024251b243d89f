package tracking_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/retention"
	"github.com/expresscs/cs/internal/tracking"
)

// retained is a world with the retention service on its clock.
type retained struct {
	*world
	ret *retention.Service
}

func newRetained(t *testing.T, d *db.DB) *retained {
	w := newWorld(t, d)
	return &retained{world: w, ret: &retention.Service{DB: d, Now: w.clock, Tracking: &tracking.History{DB: d}}}
}

// keep sets the demo organisation's retention as its admin.
func (r *retained) keep(days *int) {
	r.t.Helper()
	ctx := r.as("CS9001")
	st, err := r.ret.Settings(ctx)
	r.must(err)
	_, err = r.ret.UpdateSettings(ctx, st.Version, days)
	r.must(err)
}

// put stores an event of the order directly, at occurredAt.
func (r *retained) put(orderID string, occurredAt time.Time) string {
	r.t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	e := &tracking.Event{ID: id, EventKey: "k-" + id, OrderID: orderID, Status: tracking.InTransit, OccurredAt: occurredAt.UTC(),
		RecordedAt: r.clock().UTC(), Place: "上海", ScannedBy: "PDA", SourceKind: "staff", SourceID: "x"}
	_, err := r.d.W.NewInsert().Model(e).Exec(context.Background())
	r.must(err)
	return id
}

// audit stores an audit row at createdAt by actor, about a record of depotID (may be nil).
func (r *retained) audit(actorKind, actorID string, depotID *string, createdAt time.Time) string {
	r.t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	_, err := r.d.W.NewInsert().Model(&identity.AuditEntry{ID: id, ActorKind: actorKind, ActorID: actorID, Action: "test",
		SubjectType: "order", SubjectID: "o", DepotID: depotID, Reason: "r", RequestID: "q", CreatedAt: createdAt.UTC()}).Exec(context.Background())
	r.must(err)
	return id
}

func (r *retained) exists(table, id string) bool {
	r.t.Helper()
	n, err := r.d.R.NewSelect().TableExpr(table).Where("id = ?", id).Count(context.Background())
	r.must(err)
	return n == 1
}

func (r *retained) run() map[string]retention.Removal {
	r.t.Helper()
	rs, err := r.ret.Run(context.Background())
	r.must(err)
	out := map[string]retention.Removal{}
	for _, x := range rs {
		out[x.OrgID+"/"+x.Table] = x
	}
	return out
}

// otherOrg adds a second organisation with a depot and an admin, and an order there (a
// copy of o), returning the admin's employee number, the depot and the order.
func (r *retained) otherOrg(o *order.Order) (string, string, string) {
	r.t.Helper()
	ctx := context.Background()
	group, err := r.ids.CreateOrgUnit(ctx, r.d.W, identity.NewOrgUnit{Kind: identity.KindGroup, Code: "OT", Name: "另一集团", TimeZone: "Asia/Shanghai"})
	r.must(err)
	depot, err := r.ids.CreateOrgUnit(ctx, r.d.W, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "OT-01", Name: "另一网点", ParentID: &group.ID, TimeZone: "Asia/Shanghai"})
	r.must(err)
	st, err := r.ids.CreateStaff(ctx, r.d.W, identity.NewStaff{EmployeeNo: "OT9001", Name: "外部", Phone: "13700000000", DepotID: depot.ID,
		Roles: []identity.Role{identity.RoleAdmin}, Password: demo.Password})
	r.must(err)
	r.staff["OT9001"] = st
	cp := r.reload(o.ID)
	cp.ID, cp.WaybillNo, cp.DepotID = uuid.Must(uuid.NewV7()).String(), "OT"+o.WaybillNo[2:], depot.ID
	_, err = r.d.W.NewInsert().Model(cp).Exec(ctx)
	r.must(err)
	return "OT9001", depot.ID, cp.ID
}

func days(n int) *int { return &n }

func TestRetentionKeepsExactlyTheSetDays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		o := r.released()
		now := r.clock()
		onTheDay := r.put(o.ID, now.AddDate(0, 0, -180))
		justBefore := r.put(o.ID, now.AddDate(0, 0, -180).Add(-time.Millisecond))
		recent := r.put(o.ID, now.AddDate(0, 0, -10))
		r.keep(days(180))
		got := r.run()
		if !r.exists("tracking_events", onTheDay) || !r.exists("tracking_events", recent) {
			t.Fatal("an event exactly 180 days old, or a recent one, was removed")
		}
		if r.exists("tracking_events", justBefore) {
			t.Fatal("an event older than 180 days was kept")
		}
		org, err := identity.OrgOf(context.Background(), d.R, o.DepotID)
		r.must(err)
		if got[org+"/tracking_events"].Rows != 1 {
			t.Fatalf("removals: %+v", got)
		}
	})
}

func TestRetentionNullKeepsForever(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		o := r.released()
		old := r.put(o.ID, r.clock().AddDate(-30, 0, 0))
		oldAudit := r.audit("staff", r.staff["CS1001"].ID, &o.DepotID, r.clock().AddDate(-30, 0, 0))
		if got := r.run(); len(got) != 0 {
			t.Fatalf("no setting, yet removed: %+v", got)
		}
		r.keep(days(180))
		r.keep(nil) // back to forever
		if got := r.run(); len(got) != 0 {
			t.Fatalf("null setting, yet removed: %+v", got)
		}
		if !r.exists("tracking_events", old) || !r.exists("audit_entries", oldAudit) {
			t.Fatal("a row was removed while the organisation keeps everything")
		}
	})
}

func TestRetentionLeavesAnotherOrganisationUntouched(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		o := r.released()
		_, otherDepot, otherOrder := r.otherOrg(o)
		old := r.clock().AddDate(0, 0, -400)
		ours := r.put(o.ID, old)
		theirs := r.put(otherOrder, old)
		ourAudit := r.audit("staff", r.staff["CS1001"].ID, nil, old)
		aboutOurDepot := r.audit("partner", "client-1", &o.DepotID, old)
		theirAudit := r.audit("staff", r.staff["OT9001"].ID, &otherDepot, old)
		partnerAudit := r.audit("partner", "client-1", nil, old)
		r.keep(days(180))
		r.run()
		if r.exists("tracking_events", ours) || r.exists("audit_entries", ourAudit) || r.exists("audit_entries", aboutOurDepot) {
			t.Fatal("our organisation's old rows were kept")
		}
		if !r.exists("tracking_events", theirs) || !r.exists("audit_entries", theirAudit) {
			t.Fatal("another organisation's rows were removed")
		}
		if !r.exists("audit_entries", partnerAudit) {
			t.Fatal("an audit row of no organisation was removed while there are two organisations")
		}
	})
}

func TestRetentionWithOneOrganisationRemovesEveryOldAuditRow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		old := r.clock().AddDate(0, 0, -400)
		partnerAudit := r.audit("partner", "client-1", nil, old)
		recent := r.audit("partner", "client-1", nil, r.clock().AddDate(0, 0, -1))
		r.keep(days(180))
		r.run()
		if r.exists("audit_entries", partnerAudit) || !r.exists("audit_entries", recent) {
			t.Fatal("with one organisation, its setting covers every audit row")
		}
	})
}

func TestRetentionDeletesInBatchesAndASecondRunRemovesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		r.ret.Batch = 2
		var logged bytes.Buffer
		r.ret.Log = slog.New(slog.NewJSONHandler(&logged, nil))
		counted := map[string]int{}
		r.ret.Removed = func(org, table string, n int) { counted[org+"/"+table] += n }
		o := r.released()
		for i := range 5 {
			r.put(o.ID, r.clock().AddDate(0, 0, -200-i))
		}
		kept := r.put(o.ID, r.clock().AddDate(0, 0, -1))
		r.keep(days(180))
		org, err := identity.OrgOf(context.Background(), d.R, o.DepotID)
		r.must(err)
		got := r.run()[org+"/tracking_events"]
		if got.Rows != 5 || got.Statements != 3 {
			t.Fatalf("want 5 rows in 3 batches of at most 2, got %+v", got)
		}
		if counted[org+"/tracking_events"] != 5 {
			t.Fatalf("counted: %v", counted)
		}
		if !strings.Contains(logged.String(), `"table":"tracking_events","rows":5,"batches":3`) || strings.Contains(logged.String(), o.WaybillNo) {
			t.Fatalf("the log says counts per organisation and table, nothing about the parcels: %s", logged.String())
		}
		again := r.run()[org+"/tracking_events"]
		if again.Rows != 0 || again.Statements != 1 {
			t.Fatalf("a second run removed more: %+v", again)
		}
		if !r.exists("tracking_events", kept) {
			t.Fatal("a recent event was removed")
		}
	})
}

func TestRetentionLeavesTheOrdersStatusAndReadBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		o := r.released()
		r.set(r.clock().AddDate(0, 0, -300))
		res := r.scan(tracking.EventInput{EventKey: r.key(), WaybillNo: o.WaybillNo, Status: tracking.PickedUp, OccurredAt: r.clock()})
		if res.Outcome != tracking.Accepted {
			t.Fatalf("pick-up: %+v", res)
		}
		r.set(r.clock().AddDate(0, 0, 300))
		status := func() string {
			var best string
			var at time.Time
			r.must(d.R.NewSelect().TableExpr("orders").Column("tracking_best_status", "tracking_picked_up_at").
				Where("id = ?", o.ID).Scan(context.Background(), &best, &at))
			return fmt.Sprintf("%s %s %s", best, at.UTC().Format(time.RFC3339Nano), r.reload(o.ID).State)
		}
		before := status()
		r.keep(days(180))
		r.run()
		evs, err := r.tracking.EventsOf(r.as("CS1001"), []string{o.ID})
		r.must(err)
		if len(evs) != 0 {
			t.Fatalf("the old event is still there: %d", len(evs))
		}
		if after := status(); after != before {
			t.Fatalf("the order's own status changed: %s → %s", before, after)
		}
		if _, err := r.orders.Get(r.as("CS1001"), o.ID); err != nil {
			t.Fatalf("the order no longer reads back: %v", err)
		}
	})
}

func TestRetentionRefusesAReplayedEventOlderThanTheCutoff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		o := r.released()
		now := r.clock()
		old := tracking.EventInput{EventKey: "PDA-07-000001", WaybillNo: o.WaybillNo, Status: tracking.PickedUp, OccurredAt: now.AddDate(0, 0, -179)}
		if res := r.scan(old); res.Outcome != tracking.Accepted {
			t.Fatalf("first scan: %+v", res)
		}
		r.keep(days(180))
		r.set(now.AddDate(0, 0, 2)) // the event is now 181 days old
		r.run()
		res := r.scan(old)
		if res.Outcome != tracking.Rejected || !apperr.Is(res.Err, apperr.TrackingEventTooOld) {
			t.Fatalf("the replay of a removed event: %+v", res)
		}
		evs, err := r.tracking.EventsOf(r.as("CS1001"), []string{o.ID})
		r.must(err)
		if len(evs) != 0 {
			t.Fatalf("the replayed event was recorded again: %d", len(evs))
		}
		fresh := tracking.EventInput{EventKey: r.key(), WaybillNo: o.WaybillNo, Status: tracking.InTransit, OccurredAt: r.clock().AddDate(0, 0, -179)}
		if res := r.scan(fresh); res.Outcome != tracking.Accepted {
			t.Fatalf("an event within the retention: %+v", res)
		}
	})
}
