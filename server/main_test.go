package main

import (
	"os"
	"testing"

	"github.com/expresscs/cs/internal/db/dbtest"
)

// TestMain makes each test's PostgreSQL database ahead and drops it behind (dbtest.Run):
// this package runs a few hundred tests one after the other. It removes the server
// binary buildServer made.
func TestMain(m *testing.M) {
	code := dbtest.Run(m)
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}
