package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/tracking"
)

// BenchmarkReplicaLookups measures a staff orderByWaybill (with its timeline) and the
// public customerTracking on one private primary, then on the same primary with a hot
// standby (pg_basebackup -R) serving the look-ups. On one machine the standby competes
// with the primary and the server for the same cores: the figures show the routing's
// cost and what moves, not what a replica on its own host adds.
func BenchmarkReplicaLookups(b *testing.B) {
	primary := dbtest.PrivatePostgres(b)
	standby := primary.Standby()
	ctx := context.Background()
	open := func(replicas ...string) *db.DB {
		d, err := db.Open(ctx, db.Config{URL: primary.URL(), ReplicaURLs: replicas})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		return d
	}
	first := open()
	if _, err := first.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	s := newTestServer(b, first)
	token, _ := s.login("CS1001")
	wb := benchTrackedOrder(b, s, token)
	dbtest.WaitReplayed(b, primary.SQL(), standby.SQL())

	staff, _ := json.Marshal(map[string]any{"query": `query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo milestone expectedArrival
		trackingEvents { status occurredAt place } consignee { city phoneMasked } } }`, "variables": map[string]any{"w": wb}})
	public, _ := json.Marshal(map[string]any{"query": lookupQuery, "variables": map[string]any{"w": wb, "d": "5678"}})
	servers := map[string]*testServer{"primary-only": s}
	withReplica := open(standby.URL())
	withReplica.CheckReplicas(ctx)
	// The same application on the same primary, its look-ups routed to the standby.
	app := *s.app
	app.DB = withReplica
	app.wireServices()
	servers["replica-1"] = &testServer{t: b, app: &app, h: newRouter(&app, newMetrics(withReplica)), bus: s.bus}
	for _, setup := range []string{"primary-only", "replica-1"} {
		srv := servers[setup]
		srv.app.Tracking.Lookup = tracking.LookupPolicy{MaxFailures: 1 << 20, Window: 15 * time.Minute, WaybillMaxFailures: 1 << 20} // the benchmark's clients guess at once from one address
		for name, body := range map[string][]byte{"orderByWaybill": staff, "customerTracking": public} {
			b.Run(name+"/"+setup, func(b *testing.B) {
				before := withReplica.ReplicaReads()[db.RedactURL(standby.URL())]
				benchHTTP(b, srv, token, body)
				if setup == "replica-1" {
					b.ReportMetric(float64(withReplica.ReplicaReads()[db.RedactURL(standby.URL())]-before)/float64(b.N), "replica-reads/op")
				}
			})
		}
	}
}
