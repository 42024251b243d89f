package db

import (
	"testing"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/schema"
)

// A time bound through TimeArg is the text bun writes for it, on both dialects, whatever
// its zone and fraction of a second (bun keeps microseconds, cut, not rounded).
func TestTimeArgIsWhatBunWrites(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	times := []time.Time{
		{},
		time.Date(2026, 11, 10, 9, 0, 0, 0, shanghai),
		time.Date(2026, 11, 10, 0, 0, 0, 123_000_000, time.UTC),
		time.Date(2026, 12, 31, 23, 59, 59, 999_999_999, shanghai),
		time.Date(2027, 1, 1, 0, 0, 0, 1_500, time.Local),
	}
	for _, d := range []schema.Dialect{sqlitedialect.New(), pgdialect.New()} {
		for _, tm := range times {
			b := d.AppendTime(nil, tm)
			if want, got := string(b[1:len(b)-1]), TimeArg(tm); got != want {
				t.Errorf("%s, %v: %q, bun writes %q", d.Name(), tm, got, want)
			}
		}
	}
}
