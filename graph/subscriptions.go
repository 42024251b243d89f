package graph

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
)

// errSkip tells follow to pass over one event (a value this subscriber may not see) and
// keep the stream open.
var errSkip = errors.New("skip this event")

// follow turns the events of topic into a stream of fresh values: for each event the
// request's loaders are cleared and load re-reads the value with the subscriber's own
// rights, so a message never shows stale or forbidden data. The stream ends when the
// subscriber leaves, may no longer see the value, or has their session ended
// (deactivation).
func follow[T any](ctx context.Context, bus event.Bus, topic string, load func(ctx context.Context, e event.Event) (T, error)) (<-chan T, error) {
	if bus == nil {
		return nil, apperr.Wrap("graph.follow", errNoBus)
	}
	ctx = identity.UntilSessionEnds(ctx)
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

// followCounts sends the caller's counts now and again after each event on any of
// topics, only when they changed. It ends like follow: when the subscriber leaves or
// their session ends.
func followCounts[T comparable](ctx context.Context, bus event.Bus, topics []string, load func(ctx context.Context) (*T, error)) (<-chan *T, error) {
	if bus == nil {
		return nil, apperr.Wrap("graph.followCounts", errNoBus)
	}
	first, err := load(ctx)
	if err != nil {
		return nil, err
	}
	ctx = identity.UntilSessionEnds(ctx)
	merged := make(chan struct{}, 1)
	for _, topic := range topics {
		events := bus.Subscribe(ctx, topic)
		go func() {
			for range events {
				select {
				case merged <- struct{}{}:
				default: // a recount is already due; it will see this change too
				}
			}
		}()
	}
	out := make(chan *T, 1)
	out <- first
	go func() {
		defer close(out)
		last := *first
		for {
			select {
			case <-ctx.Done():
				return
			case <-merged:
			}
			v, err := load(ctx)
			if err != nil {
				return
			}
			if *v == last {
				continue
			}
			last = *v
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
