package db_test

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// TestTracedStatementsCarryNoValues: a statement's span has the query with placeholders,
// not the bound values, and a failed statement's span says its SQLSTATE (PostgreSQL) or
// only that it failed, never the driver's message, which may quote a value.
func TestTracedStatementsCarryNoValues(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		exp := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
		d.Trace(tp)
		const secret = "13987651234"
		ctx := context.Background()
		var n int
		if err := d.R.NewRaw("SELECT COUNT(*) FROM org_units WHERE name = ?", secret).Scan(ctx, &n); err != nil {
			t.Fatal(err)
		}
		var ns []int // through db.Select (prepared on SQLite's reader pool)
		if err := d.Select(ctx, d.R, &ns, "SELECT COUNT(*) FROM org_units WHERE name = ?", secret); err != nil || len(ns) != 1 {
			t.Fatal(ns, err)
		}
		bad := "SELECT CAST(? AS uuid)"
		if d.Dialect == db.SQLite {
			bad = "SELECT json_extract(?, '$')" // malformed JSON
		}
		var out string
		if err := d.R.NewRaw(bad, secret+"{").Scan(ctx, &out); err == nil {
			t.Fatal("the bad statement ran")
		}
		spans := exp.GetSpans()
		if len(spans) != 3 {
			t.Fatalf("%d spans", len(spans))
		}
		for _, sp := range spans {
			var text strings.Builder
			text.WriteString(sp.Name + " " + sp.Status.Description)
			for _, a := range sp.Attributes {
				text.WriteString(" " + string(a.Key) + "=" + a.Value.String())
			}
			for _, e := range sp.Events {
				for _, a := range e.Attributes {
					text.WriteString(" " + string(a.Key) + "=" + a.Value.String())
				}
			}
			if strings.Contains(text.String(), secret) {
				t.Errorf("span carries the value: %s", text.String())
			}
			if !strings.Contains(text.String(), "db.statement=SELECT") || !strings.Contains(text.String(), "?") {
				t.Errorf("span lacks the statement with its placeholder: %s", text.String())
			}
		}
		want := "statement failed"
		if d.Dialect == db.Postgres {
			want = "SQLSTATE 22P02"
		}
		if st := spans[2].Status; st.Code != codes.Error || st.Description != want {
			t.Errorf("failed statement's status %v %q, want %q", st.Code, st.Description, want)
		}
	})
}
