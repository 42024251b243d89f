// Package ingestlimit measures what the databases alone do for the least work a tracking
// ingest must do, to put beside the project's BenchmarkTrackingIngest: postgres.sh for
// PostgreSQL (pgbench), BenchmarkSQLiteIngestLimit here for SQLite.
package ingestlimit

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/expresscs/cs/internal/db"
)

// BenchmarkSQLiteIngestLimit is SQLite's own figure for tracking ingest, the same minimal
// work as postgres.sh: each batch is one transaction that inserts 1,000 events (the
// project's columns; primary key, unique event key, timeline index) and updates the 1,000
// parcels' status, through the project's SQLite connection (WAL, synchronous=FULL, one
// writer). "writers-4" is four goroutines sending at once; SQLite runs them one by one.
func BenchmarkSQLiteIngestLimit(b *testing.B) {
	for _, writers := range []int{1, 4} {
		b.Run(fmt.Sprintf("writers-%d", writers), func(b *testing.B) {
			ctx := context.Background()
			d, err := db.Open(ctx, db.Config{DataDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			for _, q := range []string{
				`CREATE TABLE orders (id TEXT PRIMARY KEY, waybill_no TEXT UNIQUE, tracking_status TEXT NOT NULL, tracking_event_at TEXT, version INTEGER NOT NULL)`,
				`WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 100000)
				 INSERT INTO orders SELECT 'o' || x, 'SD' || x, 'CREATED', NULL, 1 FROM g`,
				`CREATE TABLE tracking_events (id TEXT PRIMARY KEY, event_key TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL, status TEXT NOT NULL,
				 exception_reason TEXT NOT NULL, signer_name TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL,
				 place TEXT NOT NULL, scanned_by TEXT NOT NULL, note TEXT NOT NULL, source_kind TEXT NOT NULL, source_id TEXT NOT NULL)`,
				`CREATE INDEX tracking_events_timeline ON tracking_events (order_id, occurred_at, id)`,
				`ANALYZE`,
			} {
				if _, err := d.W.ExecContext(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			var mu sync.Mutex
			seq := 0
			batch := func() error {
				mu.Lock()
				seq++
				s := seq
				mu.Unlock()
				block := s % 100 // which 1,000 parcels, as postgres.sh's random(0, 99)
				tx, err := d.W.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer tx.Rollback()
				if _, err := tx.ExecContext(ctx, `WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 1000)
					INSERT INTO tracking_events SELECT lower(hex(randomblob(16))), ? || ':' || x, 'o' || (? * 1000 + x), 'IN_TRANSIT', '', '',
					  strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'), '上海转运中心', 'scanner-7', '快件已到达上海转运中心', 'SCANNER', 'hub-1' FROM g`, s, block); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 1000)
					UPDATE orders SET tracking_status = 'IN_TRANSIT', tracking_event_at = strftime('%Y-%m-%dT%H:%M:%fZ'), version = version + 1
					WHERE id IN (SELECT 'o' || (? * 1000 + x) FROM g)`, block); err != nil {
					return err
				}
				return tx.Commit()
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				for range writers {
					wg.Go(func() {
						if err := batch(); err != nil {
							b.Error(err)
						}
					})
				}
				wg.Wait()
			}
			b.ReportMetric(float64(b.N*writers*1000)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
