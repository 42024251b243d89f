// Package event carries live notifications between the services that cause them and the
// GraphQL subscriptions that show them: in-process on SQLite (one instance), and through
// PostgreSQL LISTEN/NOTIFY when several instances share a database, so an event raised on
// one instance reaches subscribers on all. Events announce; they are not the record: what
// happened is always in the database, and a subscriber reloads it with its own rights.
package event

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
)

// Event is one announcement on a topic, such as "order:<id>" or "staff:<id>".
type Event struct {
	Topic   string          `json:"t"`
	Payload json.RawMessage `json:"p"`
}

// Bus publishes events and delivers them to subscribers.
type Bus interface {
	// PublishTx announces payload on topic when the transaction tx (or, outside a
	// transaction, the statement) commits; a rolled-back change announces nothing.
	PublishTx(ctx context.Context, tx bun.IDB, topic string, payload any) error
	// Subscribe delivers the topic's events until ctx ends, then closes the channel.
	Subscribe(ctx context.Context, topic string) <-chan Event
}

// subscriberBuffer bounds how far a slow subscriber may fall behind; beyond it events are
// dropped for that subscriber (it can reload what it missed) rather than stalling others.
const subscriberBuffer = 64

// fanout delivers events to the subscribers of this process.
type fanout struct {
	log  *slog.Logger
	mu   sync.Mutex
	subs map[string]map[chan Event]struct{}
}

func newFanout(log *slog.Logger) *fanout {
	return &fanout{log: log, subs: map[string]map[chan Event]struct{}{}}
}

func (f *fanout) Subscribe(ctx context.Context, topic string) <-chan Event {
	ch := make(chan Event, subscriberBuffer)
	f.mu.Lock()
	if f.subs[topic] == nil {
		f.subs[topic] = map[chan Event]struct{}{}
	}
	f.subs[topic][ch] = struct{}{}
	f.mu.Unlock()
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		delete(f.subs[topic], ch)
		if len(f.subs[topic]) == 0 {
			delete(f.subs, topic)
		}
		f.mu.Unlock()
		close(ch)
	}()
	return ch
}

func (f *fanout) deliver(e Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch := range f.subs[e.Topic] {
		select {
		case ch <- e:
		default:
			f.log.Warn("event dropped for a slow subscriber", "topic", e.Topic)
		}
	}
}

// Local is the in-process bus for a single instance (the SQLite default).
type Local struct{ *fanout }

// NewLocal returns an in-process bus.
func NewLocal(log *slog.Logger) *Local { return &Local{newFanout(log)} }

// PublishTx delivers after the surrounding db.Tx commits, or at once outside one.
func (l *Local) PublishTx(ctx context.Context, _ bun.IDB, topic string, payload any) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	e := Event{Topic: topic, Payload: raw}
	if !db.AfterCommit(ctx, func() { l.deliver(e) }) {
		l.deliver(e)
	}
	return nil
}
