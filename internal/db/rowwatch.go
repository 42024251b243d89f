package db

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/uptrace/bun"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite has no LISTEN/NOTIFY and no trigger that can reach the process, but every write
// of the embedded database goes through the writer's one connection. Its pre-update hook
// names each row a statement inserts, updates or deletes (also rows changed by triggers,
// and rows SQLite would otherwise delete with its truncate optimisation, which it skips
// while a pre-update hook is set); its commit hook runs when the transaction commits,
// before the commit is visible to readers. What a commit changed is reported twice:
// at the commit hook, and once the commit has returned (bun's query hook after COMMIT,
// or after the statement for a write outside a transaction), when readers see it.
// Between the two, Unsettled reports true.
//
// Writes by another process on the same file are not seen.

// RowChanges receives the rows a commit on the writer changed: the values of the watched
// column of each (deduplicated within a report); all is true when what changed cannot be
// named. settled is false at the commit, before readers can see it, and true once they can.
// It runs on the writer's goroutine and must not use the database.
type RowChanges func(keys []string, all, settled bool)

// rowWatch follows the writer connection's changes to watched tables.
type rowWatch struct {
	mu         sync.Mutex
	cols       map[string]int // watched table → index of its key column; nil: not watching
	report     RowChanges
	pending    map[string]struct{} // changed by the transaction under way
	pendingAll bool
	row        []any    // the pre-update hook's buffer: the columns up to the widest key
	committed  []string // committed, not yet reported as settled
	commitAll  bool
}

// WatchRows makes d, an SQLite database, report every committed change to the rows of
// the watched tables (table → the TEXT column whose values name a changed row, read
// from both the old and the new row) to report. It returns an error on PostgreSQL
// (where the database announces changes itself) and for a table or column that does not
// exist. Call it after migrating: it looks the columns' positions up once.
func (d *DB) WatchRows(ctx context.Context, watched map[string]string, report RowChanges) error {
	if d.rows == nil {
		return errors.New("db: WatchRows needs SQLite's writer")
	}
	if len(watched) == 0 {
		return errors.New("db: WatchRows needs a table to watch")
	}
	cols := map[string]int{}
	for table, column := range watched {
		var names []string
		if err := d.W.NewRaw("SELECT name FROM pragma_table_info(?)", table).Scan(ctx, &names); err != nil {
			return err
		}
		cols[table] = -1
		for i, n := range names {
			if n == column {
				cols[table] = i
			}
		}
		if cols[table] < 0 {
			return fmt.Errorf("db: WatchRows: no column %s.%s", table, column)
		}
	}
	w := d.rows
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cols, w.report = cols, report
	w.row = make([]any, 1+slices.Max(slices.Collect(maps.Values(cols))))
	w.pending, w.pendingAll = map[string]struct{}{}, false
	return nil
}

// Unwatch stops the reports.
func (d *DB) Unwatch() {
	if d.rows == nil {
		return
	}
	d.rows.mu.Lock()
	defer d.rows.mu.Unlock()
	d.rows.cols, d.rows.report, d.rows.pending = nil, nil, nil
	d.rows.committed, d.rows.commitAll = nil, false
}

// hook registers the watch on one new writer connection.
func (w *rowWatch) hook(conn sqlite.ExecQuerierContext, _ string) error {
	h, ok := conn.(sqlite.HookRegisterer)
	if !ok {
		return errors.New("db: the SQLite connection takes no hooks")
	}
	h.RegisterPreUpdateHook(w.preUpdate)
	h.RegisterCommitHook(w.commit)
	h.RegisterRollbackHook(w.rollback)
	return nil
}

func (w *rowWatch) preUpdate(d sqlite.SQLitePreUpdateData) {
	w.mu.Lock()
	defer w.mu.Unlock()
	col, ok := w.cols[d.TableName]
	if !ok || d.DatabaseName != "main" || w.pendingAll {
		return
	}
	row := w.row[:col+1]
	if d.Op != sqlite3.SQLITE_INSERT && d.Old(row...) == nil {
		w.note(row[col])
	}
	if d.Op != sqlite3.SQLITE_DELETE && d.New(row...) == nil {
		w.note(row[col])
	}
}

// maxPendingKeys is how many keys one transaction reports one by one; past it (a
// retention job's delete, a bulk update) it reports that everything changed, which costs
// the watcher less than that many keys.
const maxPendingKeys = 10_000

// note adds a changed row's key to the transaction's.
func (w *rowWatch) note(key any) {
	if len(w.pending) >= maxPendingKeys {
		w.pendingAll = true
		clear(w.pending)
		return
	}
	switch v := key.(type) {
	case string:
		w.pending[v] = struct{}{}
	case []byte:
		w.pending[string(v)] = struct{}{}
	default:
		w.pendingAll = true // a key that is not text: say everything changed
	}
}

// commit reports the transaction's changes as unsettled; returning 0 lets it commit.
func (w *rowWatch) commit() int32 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.report == nil || (len(w.pending) == 0 && !w.pendingAll) {
		return 0
	}
	keys := make([]string, 0, len(w.pending))
	for k := range w.pending {
		keys = append(keys, k)
	}
	all := w.pendingAll
	clear(w.pending)
	w.pendingAll = false
	w.committed = append(w.committed, keys...)
	w.commitAll = w.commitAll || all
	if len(w.committed) > maxPendingKeys { // commits past bun, none settled since
		w.committed, w.commitAll = nil, true
	}
	w.report(keys, all, false)
	return 0
}

func (w *rowWatch) rollback() {
	w.mu.Lock()
	defer w.mu.Unlock()
	clear(w.pending)
	w.pendingAll = false
}

// settle reports what committed since the last settle as visible: it runs after every
// statement on the writer, and the writer's one connection runs one statement at a
// time, so every commit reported before it has returned.
func (w *rowWatch) settle() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.committed) == 0 && !w.commitAll {
		return // no commit reported since the last settle
	}
	keys, all := w.committed, w.commitAll
	w.committed, w.commitAll = nil, false
	if w.report != nil {
		w.report(keys, all, true)
	}
}

// settleHook settles after each query on the writer (COMMIT included).
type settleHook struct{ w *rowWatch }

func (settleHook) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }
func (h settleHook) AfterQuery(context.Context, *bun.QueryEvent)                      { h.w.settle() }

// hookedConnector opens the writer's connections with the watch's hooks, through a
// driver of its own (modernc's package-level connection hook would reach every SQLite
// connection of the process).
type hookedConnector struct {
	drv *sqlite.Driver
	dsn string
}

func newHookedConnector(dsn string, w *rowWatch) *hookedConnector {
	drv := &sqlite.Driver{}
	drv.RegisterConnectionHook(w.hook)
	return &hookedConnector{drv: drv, dsn: dsn}
}

func (c *hookedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.drv.Open(c.dsn)
}

func (c *hookedConnector) Driver() driver.Driver { return c.drv }
