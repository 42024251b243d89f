package graph

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
)

// Concurrent first uses of a lazy loader (sibling resolvers in goroutines) build one
// loader, and every load gets its own value.
func TestALazyLoaderIsBuiltOnceUnderConcurrentFirstUse(t *testing.T) {
	var fetched atomic.Int32
	var z Lazy[string, string]
	z.set(nil, func(*Resolver) fetch[string] {
		return func(_ context.Context, keys []string) ([]string, []error) {
			fetched.Add(int32(len(keys)))
			out := make([]string, len(keys))
			for i, k := range keys {
				out[i] = "v" + k
			}
			return out, nil
		}
	})
	var wg sync.WaitGroup
	built := make([]any, 32)
	for i := range built {
		wg.Go(func() {
			built[i] = z.get()
			k := string(rune('a' + i%8))
			if v, err := z.Load(context.Background(), k); err != nil || v != "v"+k {
				t.Errorf("load %s: %q %v", k, v, err)
			}
		})
	}
	wg.Wait()
	for _, b := range built {
		if b != built[0] {
			t.Fatal("two loaders were built for one request")
		}
	}
	if n := fetched.Load(); n != 8 {
		t.Errorf("8 distinct keys fetched %d times in all: the one loader caches", n)
	}
}

// Clearing a request's loaders builds none of them.
func TestClearAllLeavesUnusedLoadersUnbuilt(t *testing.T) {
	l := NewLoaders(&Resolver{})
	l.ClearAll()
	if l.StaffByID.loader.Load() != nil || l.OrderByID.loader.Load() != nil {
		t.Error("ClearAll built loaders nobody used")
	}
}
