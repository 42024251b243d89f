package graph

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/event"
)

// errSkip tells follow to pass over one event (a value this subscriber may not see) and
// keep the stream open.
var errSkip = errors.New("skip this event")

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
			if errors.Is(err, errSkip) {
				continue
			}
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

// skipUnseen turns "not found" and "forbidden" into errSkip: on a stream of many records,
// one the subscriber may not see is left out rather than ending the stream.
func skipUnseen(err error) error {
	if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden) {
		return errSkip
	}
	return err
}
