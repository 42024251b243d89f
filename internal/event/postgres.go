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
	msgs, err := notifications(all)
	if err != nil || len(msgs) == 0 {
		return err
	}
	_, err = tx.ExecContext(ctx, "SELECT pg_notify(?, m) FROM unnest(?::text[]) AS m", Channel, pgdialect.Array(msgs))
	return err
}

// Inline returns the channel and the NOTIFY payloads PublishEachTx would send for all when
// bus is the PostgreSQL bus (or wraps it: Unwrap() Bus), so that a caller can queue them
// with pg_notify(channel, payload) inside a statement of its own in the publishing
// transaction, saving the statement PublishEachTx takes. ok is false for any other bus,
// which the caller publishes to as usual.
func Inline(bus Bus, all []Announcement) (channel string, msgs []string, ok bool, err error) {
	for {
		switch b := bus.(type) {
		case *Postgres:
			msgs, err := notifications(all)
			return Channel, msgs, true, err
		case interface{ Unwrap() Bus }:
			bus = b.Unwrap()
		default:
			return "", nil, false, nil
		}
	}
}

// notifications encodes each announcement as the NOTIFY payload the listener decodes into
// an Event ({"t": topic, "p": payload}). Each payload is encoded to JSON once and spliced
// in: marshalling an Event would check and copy the encoded payload a second time, which
// for a batch of 1,000 tracking events was the larger part of the bus's Go work.
func notifications(all []Announcement) ([]string, error) {
	msgs := make([]string, len(all))
	var buf []byte
	for i, a := range all {
		payload, err := json.Marshal(a.Payload)
		if err != nil {
			return nil, err
		}
		buf = append(buf[:0], `{"t":`...)
		if buf, err = appendString(buf, a.Topic); err != nil {
			return nil, err
		}
		buf = append(buf, `,"p":`...)
		buf = append(buf, payload...)
		buf = append(buf, '}')
		if len(buf) > maxPayload {
			return nil, fmt.Errorf("event %s: payload of %d bytes is over the NOTIFY limit", a.Topic, len(buf))
		}
		msgs[i] = string(buf)
	}
	return msgs, nil
}

// appendString appends s as a JSON string: as it is between quotes when nothing in it
// needs escaping (topics are ids and names such as "order:<uuid>"), else as
// encoding/json writes it.
func appendString(buf []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			quoted, err := json.Marshal(s)
			return append(buf, quoted...), err
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"'), nil
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
