package main

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/bench/loadgen"
)

// TestALoadWithErrorsIsNotAFigure: a load with any error (a THROTTLED partner look-up, a
// refused connection) is listed and fails the run; a clean one does not.
func TestALoadWithErrorsIsNotAFigure(t *testing.T) {
	clean := loadgen.Result{Requests: 100, Elapsed: time.Second}
	dirty := loadgen.Result{Requests: 100, Errors: 3, FirstError: `{"errors":[{"extensions":{"code":"THROTTLED"}}]}`, Elapsed: time.Second}
	var failed []string
	failed = append(failed, report("round 1, partner", "ceiling", clean, clean, 0)...)
	if err := notFigures(failed); err != nil {
		t.Fatalf("a clean load failed the run: %v", err)
	}
	failed = append(failed, report("round 2, partner", "ours, SQLite", dirty, clean, 0)...)
	if len(failed) != 1 {
		t.Fatalf("listed %q, want the one load with errors", failed)
	}
	if err := notFigures(failed); err == nil {
		t.Fatal("a load with errors did not fail the run")
	}
}
