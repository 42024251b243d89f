package partner

import (
	"context"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// bucketClient stores a client to charge and returns the service.
func bucketClient(t testing.TB, d *db.DB, id string, budget int) *Service {
	t.Helper()
	c := &Client{ID: id, Name: id, ClientID: id, SecretHash: "x", ScopesCSV: ScopeOrdersRead, Active: true,
		BudgetPerMinute: budget, CreatedAt: time.Now().UTC()}
	if _, err := d.W.NewInsert().Model(c).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &Service{DB: d, Now: time.Now}
}

func TestBucketRefillsTakesAndRefuses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := bucketClient(t, d, "bucket-1", 600) // 10 points a second
		ctx := context.Background()
		t0 := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
		steps := []struct {
			name     string
			at       time.Duration
			cost     int
			left     float64
			admitted bool
		}{
			{"a new client starts full", 0, 250, 350, true},
			{"a second charge takes from what is left", 0, 300, 50, true},
			{"a charge that does not fit takes nothing", 0, 100, 50, false},
			{"five seconds refill fifty points", 5 * time.Second, 100, 0, true},
			{"a clock behind the last charge refills nothing", -time.Minute, 1, 0, false},
			{"the bucket holds at most one minute's worth", time.Hour, 1, 599, true},
			{"a request costlier than the whole budget never fits", time.Hour, 601, 599, false},
		}
		for _, st := range steps {
			left, ok, err := s.takeFromBucket(ctx, "bucket-1", 600, t0.Add(st.at), st.cost)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if ok != st.admitted || left < st.left-1e-6 || left > st.left+1e-6 {
				t.Errorf("%s: left %v admitted %v, want %v %v", st.name, left, ok, st.left, st.admitted)
			}
		}
	})
}

// BenchmarkSharedBucketCharge measures the one statement a partner request adds to
// charge its cost against its bucket (shared on PostgreSQL, in memory on SQLite).
func BenchmarkSharedBucketCharge(b *testing.B) {
	for _, dial := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(dial.name, func(b *testing.B) {
			d := dial.open(b)
			s := bucketClient(b, d, "bench-1", 1_000_000)
			ctx := context.Background()
			counter := &db.StatementCounter{}
			ctx = db.WithStatementCounter(ctx, counter)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, ok, err := s.takeFromBucket(ctx, "bench-1", 1_000_000, time.Now(), 1); err != nil || !ok {
					b.Fatal(ok, err)
				}
			}
			b.ReportMetric(float64(counter.Count())/float64(b.N), "statements/op")
		})
	}
}
