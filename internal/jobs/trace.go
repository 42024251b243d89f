package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/riverqueue/rivercontrib/otelriver"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"github.com/expresscs/cs/internal/identity"
)

// requestIDMetaKey is the job metadata entry that carries the id of the request that
// inserted the job.
const requestIDMetaKey = "cs_request_id"

// plugins are River's extensions for tracing: the request id carried from insert to work
// (first, so the work span already sees it) and otelriver's insert and work spans, with
// the inserting trace linked from the work span.
func plugins(tp trace.TracerProvider) []rivertype.Plugin {
	if tp == nil {
		return nil
	}
	return []rivertype.Plugin{
		&requestIDPlugin{},
		otelriver.NewMiddleware(&otelriver.MiddlewareConfig{
			TracerProvider:              tp,
			MeterProvider:               noop.NewMeterProvider(),
			EnableTracePropagation:      true,
			EnableWorkSpanJobKindSuffix: true,
		}),
		&redactErrors{},
	}
}

// redactErrors shows otelriver, whose work span's status is the job's error text, an
// error that says what kind of failure it was and nothing more: a failed request's
// text names its URL (a push subscription's endpoint is a capability URL, a partner's
// webhook URL may carry a token in its query) and a database error may quote a value.
// The error still unwraps to the worker's, so River tells a cancel or a snooze as before;
// requestIDPlugin, outermost, hands River the worker's error itself, so the job's
// recorded errors are unchanged.
type redactErrors struct{ river.MiddlewareDefaults }

func (*redactErrors) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	if err := doInner(ctx); err != nil {
		return &redactedError{err: err}
	}
	return nil
}

// redactedError is a job's error as its span shows it.
type redactedError struct{ err error }

func (e *redactedError) Unwrap() error { return e.err }

func (e *redactedError) Error() string {
	var (
		ue *url.Error
		pg *pgconn.PgError
	)
	switch {
	case errors.Is(e.err, context.DeadlineExceeded):
		return "job failed: " + context.DeadlineExceeded.Error()
	case errors.Is(e.err, context.Canceled):
		return "job failed: " + context.Canceled.Error()
	case errors.As(e.err, &ue):
		if ue.Timeout() {
			return "job failed: " + ue.Op + " request timed out"
		}
		return "job failed: " + ue.Op + " request failed"
	case errors.As(e.err, &pg):
		return "job failed: SQLSTATE " + pg.Code
	}
	return "job failed (the job's recorded errors say why)"
}

// requestIDPlugin keeps the inserting request's id in a job's metadata and puts it back
// in the context the job is worked in (so its spans carry it too).
type requestIDPlugin struct{ river.MiddlewareDefaults }

func (*requestIDPlugin) InsertMany(ctx context.Context, many []*rivertype.JobInsertParams, doInner func(context.Context) ([]*rivertype.JobInsertResult, error)) ([]*rivertype.JobInsertResult, error) {
	if id := identity.RequestIDFrom(ctx); id != "" {
		for _, p := range many {
			meta := map[string]json.RawMessage{}
			if len(p.Metadata) > 0 {
				if err := json.Unmarshal(p.Metadata, &meta); err != nil {
					continue
				}
			}
			v, _ := json.Marshal(id)
			meta[requestIDMetaKey] = v
			if b, err := json.Marshal(meta); err == nil {
				p.Metadata = b
			}
		}
	}
	return doInner(ctx)
}

func (*requestIDPlugin) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	var meta struct {
		RequestID string `json:"cs_request_id"`
	}
	if len(job.Metadata) > 0 && json.Unmarshal(job.Metadata, &meta) == nil && meta.RequestID != "" &&
		identity.RequestIDFrom(ctx) == "" {
		ctx = identity.WithRequestID(ctx, meta.RequestID)
	}
	err := doInner(ctx)
	if r, ok := err.(*redactedError); ok {
		return r.err
	}
	return err
}
