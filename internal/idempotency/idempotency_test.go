package idempotency_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/idempotency"
)

type result struct {
	N int `json:"n"`
}

func TestConcurrentFirstAttemptsApplyOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var applied atomic.Int32
		run := func(key, fp string) (result, bool, error) {
			var out result
			var replayed bool
			err := d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
				var err error
				out, replayed, err = idempotency.Do(ctx, tx, "actor-1", key, "test.op", fp, time.Now().UTC(),
					func(context.Context) (result, error) {
						time.Sleep(20 * time.Millisecond) // widen the race window
						return result{N: int(applied.Add(1))}, nil
					})
				return err
			})
			return out, replayed, err
		}
		var wg sync.WaitGroup
		results := make([]result, 6)
		replays := make([]bool, 6)
		for i := range results {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				var err error
				results[i], replays[i], err = run("key-00000001", "fp")
				if err != nil {
					t.Errorf("attempt %d: %v", i, err)
				}
			}(i)
		}
		wg.Wait()
		if applied.Load() != 1 {
			t.Fatalf("applied %d times, want 1", applied.Load())
		}
		firsts := 0
		for i, r := range results {
			if r.N != 1 {
				t.Errorf("attempt %d returned %+v, want the first result", i, r)
			}
			if !replays[i] {
				firsts++
			}
		}
		if firsts != 1 {
			t.Errorf("%d attempts claimed to be first", firsts)
		}
		if _, _, err := run("key-00000001", "other"); !apperr.Is(err, apperr.IdempotencyKeyReused) {
			t.Errorf("same key, other request: %v", err)
		}
		if _, _, err := run("key-00000002", "fp"); err != nil || applied.Load() != 2 {
			t.Errorf("a new key must apply: %v", err)
		}
	})
}

func TestFailedAttemptLeavesTheKeyFree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		attempt := func(fail bool) error {
			return d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
				_, _, err := idempotency.Do(ctx, tx, "actor-1", "key-00000003", "test.op", "fp", time.Now().UTC(),
					func(context.Context) (result, error) {
						if fail {
							return result{}, apperr.E("test", apperr.Conflict)
						}
						return result{N: 7}, nil
					})
				return err
			})
		}
		if err := attempt(true); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("first attempt: %v", err)
		}
		if err := attempt(false); err != nil {
			t.Fatalf("a refused attempt must not burn the key: %v", err)
		}
	})
}

func TestValidateKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"7f1c2d8e-0000-4000-8000-000000000001": true, "short": false, "has space 123": false, "中文中文中文中文": false,
	} {
		if err := idempotency.ValidateKey("op", key); (err == nil) != ok {
			t.Errorf("ValidateKey(%q) = %v", key, err)
		}
	}
}
