package event

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgxlisten"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Channel is the one PostgreSQL channel all events travel on; the topic is in the payload.
const Channel = "cs_events"

// maxPayload keeps NOTIFY under PostgreSQL's 8000-byte limit.
const maxPayload = 7900

// Postgres is the bus for several instances on one PostgreSQL database: PublishTx runs
// pg_notify inside the publishing transaction (PostgreSQL sends it at commit, never on
// rollback), and every instance LISTENs and fans events out to its own subscribers, its
// own publications included.
type Postgres struct {
	*fanout
	listener *pgxlisten.Listener
	ready    chan struct{}
}

// NewPostgres returns a bus that listens with its own connection to url. Call Run.
func NewPostgres(url string, log *slog.Logger) *Postgres {
	p := &Postgres{fanout: newFanout(log), ready: make(chan struct{})}
	p.listener = &pgxlisten.Listener{
		Connect:        func(ctx context.Context) (*pgx.Conn, error) { return pgx.Connect(ctx, url) },
		LogError:       func(ctx context.Context, err error) { log.ErrorContext(ctx, "event listener", "err", err) },
		ReconnectDelay: 2 * time.Second,
	}
	p.listener.Handle(Channel, handler{p})
	return p
}

// Run listens until ctx ends, reconnecting after failures.
func (p *Postgres) Run(ctx context.Context) error {
	err := p.listener.Listen(ctx)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// Ready is closed once the first LISTEN is in place (events published before it are not
// seen by this instance).
func (p *Postgres) Ready() <-chan struct{} { return p.ready }

// PublishTx queues a NOTIFY in tx.
func (p *Postgres) PublishTx(ctx context.Context, tx bun.IDB, topic string, payload any) error {
	return p.PublishEachTx(ctx, tx, []Announcement{{topic, payload}})
}

// PublishEachTx queues one NOTIFY per event in tx, in a single statement.
func (p *Postgres) PublishEachTx(ctx context.Context, tx bun.IDB, all []Announcement) error {
	events, err := encode(all)
	if err != nil || len(events) == 0 {
		return err
	}
	msgs := make([]string, len(events))
	for i, e := range events {
		msg, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if len(msg) > maxPayload {
			return fmt.Errorf("event %s: payload of %d bytes is over the NOTIFY limit", e.Topic, len(msg))
		}
		msgs[i] = string(msg)
	}
	_, err = tx.ExecContext(ctx, "SELECT pg_notify(?, m) FROM unnest(?::text[]) AS m", Channel, pgdialect.Array(msgs))
	return err
}

type handler struct{ p *Postgres }

func (h handler) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	var e Event
	if err := json.Unmarshal([]byte(n.Payload), &e); err != nil {
		return fmt.Errorf("decode event: %w", err)
	}
	h.p.deliver(e)
	return nil
}

// HandleBacklog is called after each (re)LISTEN: the bus is ready from the first one.
func (h handler) HandleBacklog(context.Context, string, *pgx.Conn) error {
	select {
	case <-h.p.ready:
	default:
		close(h.p.ready)
	}
	return nil
}
