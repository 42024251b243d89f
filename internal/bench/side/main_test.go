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
	failed = append(failed, report("round 1, partner", "ceiling", clean, 0)...)
	if err := notFigures(failed); err != nil {
		t.Fatalf("a clean load failed the run: %v", err)
	}
	failed = append(failed, report("round 2, partner", "ours, SQLite", dirty, 0, against{"", clean})...)
	if len(failed) != 1 {
		t.Fatalf("listed %q, want the one load with errors", failed)
	}
	if err := notFigures(failed); err == nil {
		t.Fatal("a load with errors did not fail the run")
	}
}

// TestRatiosToEachCeilingThatRan: a page look-up is given beside the page-length ceiling
// and the look-up ceiling, each by name; a ceiling that did not run gives no ratio.
func TestRatiosToEachCeilingThatRan(t *testing.T) {
	ours := loadgen.Result{Requests: 3000, Elapsed: time.Second}
	ceiling := loadgen.Result{Requests: 6000, Elapsed: time.Second}
	page := loadgen.Result{Requests: 4000, Elapsed: time.Second}
	got := ratios(ours, against{"ceiling, 10 items", page}, against{"", ceiling})
	want := "  0.75 of the 10 items ceiling  0.50 of the ceiling"
	if got != want {
		t.Errorf("ratios = %q, want %q", got, want)
	}
	if got := ratios(ours, against{"ceiling, 10 items", loadgen.Result{}}, against{"", ceiling}); got != "  0.50 of the ceiling" {
		t.Errorf("with the page ceiling not run: %q", got)
	}
}
