package db_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

func TestUnreachableDatabaseIsToldApartFromAFailedQuery(t *testing.T) {
	// A port nobody listens on: the real error pgx gives when PostgreSQL is down.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, refused := db.Open(ctx, db.Config{URL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/x?sslmode=disable", closed)})
	if refused == nil {
		t.Fatal("connected to a port nobody listens on")
	}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"a refused connection, as pgx reports it", refused, true},
		{"the same wrapped as an internal error", apperr.Wrap("op", refused), true},
		{"connection refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), true},
		{"connection reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, true},
		{"the server shutting down", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}, true},
		{"the server starting", &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}, true},
		{"a connection exception", &pgconn.PgError{Code: "08006"}, true},
		{"a unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"a syntax error", &pgconn.PgError{Code: "42601"}, false},
		{"SQLite busy", errors.New("database is locked (5) (SQLITE_BUSY)"), false},
		{"a cancelled request", context.Canceled, false},
		{"nothing", nil, false},
	}
	for _, c := range cases {
		if got := db.IsUnavailable(c.err); got != c.want {
			t.Errorf("%s: IsUnavailable = %v, want %v (%v)", c.name, got, c.want, c.err)
		}
	}
}

func TestAStoppedPrivateClusterIsUnavailableAndComesBack(t *testing.T) {
	c := dbtest.PrivatePostgres(t)
	ctx := context.Background()
	d, err := db.Open(ctx, db.Config{URL: c.URL()})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R.NewSelect().ColumnExpr("1").Scan(ctx, &n); err != nil {
		t.Fatal(err)
	}
	c.Stop()
	// The first query meets a pooled connection that was cut, the next ones a refused
	// connect: both are the database being away.
	for i := range 3 {
		err = d.R.NewSelect().ColumnExpr("1").Scan(ctx, &n)
		if err == nil || !db.IsUnavailable(err) {
			t.Fatalf("query %d with the server stopped: %v (unavailable: %v)", i+1, err, db.IsUnavailable(err))
		}
	}
	c.Start()
	if err := d.R.NewSelect().ColumnExpr("1").Scan(ctx, &n); err != nil {
		t.Fatalf("after a restart: %v", err)
	}
}

func TestPostgreSQLErrorsAreLoggedWithoutTheValuesTheyQuote(t *testing.T) {
	err := apperr.Wrap("op", fmt.Errorf("insert: %w", &pgconn.PgError{Severity: "ERROR", Code: "22P02",
		Message: `invalid input syntax for type uuid: "13812345678"`, TableName: "orders", Routine: "string_to_uuid"}))
	got := db.LogSafe(err)
	if strings.Contains(got, "13812345678") || !strings.Contains(got, "22P02") || !strings.Contains(got, "table=orders") {
		t.Fatalf("LogSafe = %q", got)
	}
	if db.LogSafe(errors.New("disk full")) != "disk full" {
		t.Error("other errors keep their text")
	}
}
