package event_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/event"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func receive(t *testing.T, ch <-chan event.Event) (event.Event, bool) {
	t.Helper()
	select {
	case e := <-ch:
		return e, true
	case <-time.After(2 * time.Second):
		return event.Event{}, false
	}
}

// checkBus publishes through pub (on database d) and expects delivery on sub.
func checkBus(t *testing.T, d *db.DB, pub, sub event.Bus) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := sub.Subscribe(ctx, "order:1")
	other := sub.Subscribe(ctx, "order:2")

	err := d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return pub.PublishTx(ctx, tx, "order:1", map[string]string{"status": "SIGNED"})
	})
	if err != nil {
		t.Fatal(err)
	}
	e, ok := receive(t, ch)
	if !ok || e.Topic != "order:1" || string(e.Payload) != `{"status":"SIGNED"}` {
		t.Fatalf("committed event not delivered: %+v %v", e, ok)
	}

	err = d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := pub.PublishTx(ctx, tx, "order:1", "rolled back"); err != nil {
			return err
		}
		return errors.New("refuse")
	})
	if err == nil {
		t.Fatal("transaction should have failed")
	}
	_ = d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error { return pub.PublishTx(ctx, tx, "order:1", "second") })
	if e, ok := receive(t, ch); !ok || string(e.Payload) != `"second"` {
		t.Fatalf("after a rollback the next event should be the committed one, got %s %v", e.Payload, ok)
	}
	select {
	case e := <-other:
		t.Fatalf("a subscriber of another topic got %+v", e)
	default:
	}
	cancel()
	if _, open := <-ch; open {
		t.Error("channel not closed when the subscriber's context ended")
	}
}

func TestLocalBusDeliversAfterCommitOnly(t *testing.T) {
	d := dbtest.SQLite(t)
	bus := event.NewLocal(quiet)
	checkBus(t, d, bus, bus)
}

func TestPostgresBusReachesOtherInstances(t *testing.T) {
	schema, base := dbtest.NewPostgresSchema(t)
	url := dbtest.WithSearchPath(base, schema)
	d, err := db.Open(context.Background(), db.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	instanceA, instanceB := event.NewPostgres(url, quiet), event.NewPostgres(url, quiet)
	for _, b := range []*event.Postgres{instanceA, instanceB} {
		go func() { _ = b.Run(ctx) }()
		select {
		case <-b.Ready():
		case <-time.After(5 * time.Second):
			t.Fatal("listener not ready")
		}
	}
	checkBus(t, d, instanceA, instanceB)
}
