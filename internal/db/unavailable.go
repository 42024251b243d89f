package db

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// IsUnavailable reports whether err says the database cannot be reached right now, so
// the request may succeed if retried shortly: a connection refused, reset or cut, a
// failed connect (pgx ConnectError, a dial error), a connection cut under a query, or PostgreSQL
// itself shutting down or starting (SQLSTATE class 08, 57P01–57P03). A query that
// failed on a healthy database (a constraint, a syntax error) is not this, and neither
// is SQLite being busy, which its busy timeout already waits out: both stay INTERNAL.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case len(pgErr.Code) == 5 && pgErr.Code[:2] == "08":
			return true
		case pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03":
			return true
		}
		return false
	}
	// A pooled connection cut under a query (the server stopped or restarted) ends in
	// an unexpected EOF; the pool dials again on the next one.
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	// pgx reports a connection that died under a query as a closed connection; the pool
	// then dials again.
	if pgconn.SafeToRetry(err) {
		return true
	}
	return false
}

// LogSafe describes err for a log line without anything a request carried. PostgreSQL
// quotes values in some messages (`invalid input syntax for type uuid: "…"`), so a
// PostgreSQL error is logged by its SQLSTATE and the table, column and constraint it
// names; anything else by its text.
func LogSafe(err error) string {
	if err == nil {
		return ""
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err.Error()
	}
	s := "PostgreSQL " + pgErr.Severity + " SQLSTATE " + pgErr.Code
	for _, kv := range [][2]string{{"table", pgErr.TableName}, {"column", pgErr.ColumnName}, {"constraint", pgErr.ConstraintName}, {"routine", pgErr.Routine}} {
		if kv[1] != "" {
			s += " " + kv[0] + "=" + kv[1]
		}
	}
	return s
}
