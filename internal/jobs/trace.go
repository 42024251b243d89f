package jobs

import (
	"context"
	"encoding/json"

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
	}
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
	return doInner(ctx)
}
