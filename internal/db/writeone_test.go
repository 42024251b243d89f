package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

type versionedRow struct {
	bun.BaseModel `bun:"table:versioned_rows"`
	ID            string `bun:"id,pk"`
	Note          string `bun:"note"`
	Version       int    `bun:"version"`
}

// Two writers read version 1 and both write "where version = 1": the first changes the
// row, the second is told its read is stale and changes nothing.
func TestWriteOneLetsTheFirstWriterWinAndTellsTheSecond(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.W.ExecContext(ctx, "CREATE TABLE versioned_rows (id TEXT PRIMARY KEY, note TEXT NOT NULL, version INTEGER NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.NewInsert().Model(&versionedRow{ID: "r1", Note: "first", Version: 1}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		stale := errors.New("stale")
		write := func(note string) error {
			return db.WriteOne(ctx, d.W.NewUpdate().Model((*versionedRow)(nil)).Set("note = ?, version = version + 1", note).
				Where("id = ? AND version = ?", "r1", 1), stale)
		}
		if err := write("second"); err != nil {
			t.Fatalf("the first writer: %v", err)
		}
		if err := write("third"); !errors.Is(err, stale) {
			t.Fatalf("the second writer: %v, want stale", err)
		}
		var got versionedRow
		if err := d.R.NewSelect().Model(&got).Where("id = ?", "r1").Scan(ctx); err != nil {
			t.Fatal(err)
		}
		if got.Note != "second" || got.Version != 2 {
			t.Fatalf("row %+v, want the first writer's note at version 2", got)
		}
		if ok, err := db.WroteOne(ctx, d.W.NewDelete().Model((*versionedRow)(nil)).Where("id = ?", "gone")); ok || err != nil {
			t.Fatalf("a write of a missing row: %v %v", ok, err)
		}
		if _, err := db.WroteOne(ctx, d.W.NewUpdate().Model((*versionedRow)(nil)).Set("nope = 1").Where("id = ?", "r1")); err == nil {
			t.Fatal("a failing statement reported no error")
		}
	})
}
