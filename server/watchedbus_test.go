package main

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
)

// watchedBus is the test server's event bus, counting the subscriptions that clients open,
// so that a test publishes once the subscription is in place instead of sleeping and
// hoping it is. The instance's own standing subscriptions (sessions, the org tree) are not
// counted.
type watchedBus struct {
	event.Bus
	mu      sync.Mutex
	opened  int
	changed chan struct{} // closed and replaced at every counted subscription
}

func watchBus(bus event.Bus) *watchedBus {
	return &watchedBus{Bus: bus, changed: make(chan struct{})}
}

func (w *watchedBus) Subscribe(ctx context.Context, topic string) <-chan event.Event {
	ch := w.Bus.Subscribe(ctx, topic) // registered when it returns
	if topic == identity.SessionsTopic || topic == identity.OrgTopic {
		return ch
	}
	w.mu.Lock()
	w.opened++
	close(w.changed)
	w.changed = make(chan struct{})
	w.mu.Unlock()
	return ch
}

// mark is the number of client subscriptions opened so far.
func (w *watchedBus) mark() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.opened
}

// await waits until n more client subscriptions than mark have been opened.
func (w *watchedBus) await(t testing.TB, mark, n int) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		w.mu.Lock()
		opened, changed := w.opened, w.changed
		w.mu.Unlock()
		if opened >= mark+n {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("%d of %d subscriptions opened within 5 s", opened-mark, n)
		}
	}
}

func TestWatchedBusWaitsForTheSubscription(t *testing.T) {
	w := watchBus(event.NewLocal(quietLog))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := w.mark()
	w.Subscribe(ctx, identity.SessionsTopic) // the instance's own: not counted
	if w.mark() != m {
		t.Fatal("a standing subscription was counted")
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		w.Subscribe(ctx, "tracking:X")
	}()
	w.await(t, m, 1)
	if w.mark() != m+1 {
		t.Fatalf("mark %d after one subscription from %d", w.mark(), m)
	}
}

// Unwrap is the bus watched, so that event.Inline sees the PostgreSQL bus through it (the
// tracking ingest then queues its announcements in its UPDATE, as in production).
func (w *watchedBus) Unwrap() event.Bus { return w.Bus }
