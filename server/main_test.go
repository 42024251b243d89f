package main

import (
	"testing"

	"github.com/expresscs/cs/internal/db/dbtest"
)

// TestMain makes each test's PostgreSQL database ahead and drops it behind (dbtest.Main):
// this package runs a few hundred tests one after the other.
func TestMain(m *testing.M) { dbtest.Main(m) }
