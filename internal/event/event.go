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
	// PublishEachTx is PublishTx for many events at once (one statement on PostgreSQL).
	PublishEachTx(ctx context.Context, tx bun.IDB, all []Announcement) error
	// Subscribe delivers the topic's events until ctx ends, then closes the channel.
	Subscribe(ctx context.Context, topic string) <-chan Event
}

// Announcement is one event to publish.
type Announcement struct {
	Topic   string
	Payload any
}

func encode(all []Announcement) ([]Event, error) {
	out := make([]Event, len(all))
	for i, a := range all {
		raw, err := json.Marshal(a.Payload)
		if err != nil {
			return nil, err
		}
		out[i] = Event{Topic: a.Topic, Payload: raw}
	}
	return out, nil
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
func (l *Local) PublishTx(ctx context.Context, tx bun.IDB, topic string, payload any) error {
	return l.PublishEachTx(ctx, tx, []Announcement{{topic, payload}})
}

// PublishEachTx delivers after the surrounding db.Tx commits, or at once outside one.
func (l *Local) PublishEachTx(ctx context.Context, _ bun.IDB, all []Announcement) error {
	events, err := encode(all)
	if err != nil {
		return err
	}
	deliver := func() {
		for _, e := range events {
			l.deliver(e)
		}
	}
	if !db.AfterCommit(ctx, deliver) {
		deliver()
	}
	return nil
}
