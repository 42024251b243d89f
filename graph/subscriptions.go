package graph

import (
	"context"
	"encoding/json"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/event"
)

// follow turns the events of topic into a stream of fresh values: for each event the
// request's loaders are cleared and load re-reads the value with the subscriber's own
// rights, so a message never shows stale or forbidden data. The stream ends when the
// subscriber leaves or may no longer see the value.
func follow[T any](ctx context.Context, bus event.Bus, topic string, load func(ctx context.Context, e event.Event) (T, error)) (<-chan T, error) {
	if bus == nil {
		return nil, apperr.Wrap("graph.follow", errNoBus)
	}
	events := bus.Subscribe(ctx, topic)
	out := make(chan T, 1)
	go func() {
		defer close(out)
		for e := range events {
			LoadersFrom(ctx).ClearAll()
			v, err := load(ctx, e)
			if err != nil {
				return
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

var errNoBus = apperr.Errorf("subscriptions need an event bus")

// announced reads one id from an event's payload.
func announced(e event.Event, field string) (string, error) {
	var m map[string]string
	if err := json.Unmarshal(e.Payload, &m); err != nil {
		return "", err
	}
	return m[field], nil
}
