package db

import (
	"context"
	"slices"

	"github.com/uptrace/bun"
)

// PageArgs ask for one page of a keyset-paginated list, as Relay's connection arguments
// do: Limit rows from the start of the window (forward, `first`) or, when Backward, from
// its end (`last`). The window is the rows strictly after the id After and strictly
// before the id Before in the list's order; an empty cursor leaves that side open.
type PageArgs struct {
	Limit    int
	After    string
	Before   string
	Backward bool
	// Uncounted skips the count statement when the caller reads no total (PageInfo.Total
	// and Capped stay zero): a connection whose totalCount nobody selected.
	Uncounted bool
	// Columns, when set, are the only columns read of each row (the others stay zero):
	// a list whose selection needs only these. They must include id (the cursor) and
	// be one constant slice per kind of page, so that the statement texts stay few.
	Columns []string
}

// First asks for the first n rows after the id after (forward pagination).
func First(n int, after string) PageArgs { return PageArgs{Limit: n, After: after} }

// PageInfo says what lies beyond one page, in the list's order.
type PageInfo struct {
	// HasNext: rows follow the page. Forward, known exactly; backward, true when the page
	// was cut by Before (the rows from Before on follow it), as Relay allows.
	HasNext bool
	// HasPrevious: rows precede the page. Backward, known exactly; forward, true when the
	// page starts after a cursor.
	HasPrevious bool
	// Total is the number of rows matching, counted up to CountCap: when more match,
	// Total is CountCap and Capped is true (a list shows "1,000+"). Counting stops there
	// so that a count never reads a whole large table.
	Total  int
	Capped bool
}

// CountCap is where a list's count stops (see PageInfo.Total).
const CountCap = 1000

// CappedCount counts the rows q selects, reading at most limit+1 of them: the count, or
// limit and true when more match.
func CappedCount(ctx context.Context, r bun.IDB, q *bun.SelectQuery, limit int) (int, bool, error) {
	var n int
	err := r.NewSelect().ColumnExpr("count(*)").
		TableExpr("(?) AS capped", q.ColumnExpr("1").Limit(int64(limit)+1)).Scan(ctx, &n)
	if n > limit {
		return limit, true, err
	}
	return n, false, err
}

// KeysetPage reads one page of a keyset-paginated list ordered by id (newest first when
// desc; ids are UUIDv7, so id order is creation order), the page's rows always in list
// order, what lies around it, and the total matching filter (counted up to CountCap)
// unless args.Uncounted.
func KeysetPage[T any](ctx context.Context, r *bun.DB, filter func(*bun.SelectQuery) *bun.SelectQuery,
	args PageArgs, desc bool) (rows []*T, info PageInfo, err error) {
	q := filter(r.NewSelect().Model(&rows)).Limit(int64(args.Limit) + 1)
	if args.Columns != nil {
		q = q.Column(args.Columns...)
	}
	// A backward page reads the list from its far end: the opposite order, then reversed.
	if desc != args.Backward {
		q = q.OrderExpr("id DESC")
	} else {
		q = q.OrderExpr("id")
	}
	// "After" in list order is a smaller id ascending, a larger one descending.
	later, earlier := "id > ?", "id < ?"
	if desc {
		later, earlier = earlier, later
	}
	if args.After != "" {
		q = q.Where(later, args.After)
	}
	if args.Before != "" {
		q = q.Where(earlier, args.Before)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, PageInfo{}, err
	}
	rows, info = settle(rows, args)
	if args.Uncounted {
		return rows, info, nil
	}
	info.Total, info.Capped, err = CappedCount(ctx, r, filter(r.NewSelect().Model((*T)(nil))), CountCap)
	return rows, info, err
}

// settle cuts the one row read beyond the page (it only says there is more) and puts a
// backward page's rows, read from the far end, back in list order.
func settle[T any](rows []*T, args PageArgs) ([]*T, PageInfo) {
	var info PageInfo
	more := len(rows) > args.Limit
	if more {
		rows = rows[:args.Limit]
	}
	if args.Backward {
		slices.Reverse(rows)
		info.HasPrevious, info.HasNext = more, args.Before != ""
	} else {
		info.HasNext, info.HasPrevious = more, args.After != ""
	}
	return rows, info
}

// KeysetPageWhere is KeysetPage with the filter given as a condition (? placeholders)
// and its arguments, run through d.Select: its texts are the same for every call with
// the same condition and cursors, so on SQLite they are prepared once. The arguments
// must bind as bun writes them (strings, numbers; not times, which bun and the SQLite
// driver format differently).
func KeysetPageWhere[T any](ctx context.Context, d *DB, r *bun.DB, where string, whereArgs []any,
	args PageArgs, desc bool) (rows []*T, info PageInfo, err error) {
	cond := "(" + where + ")"
	bound := slices.Clone(whereArgs)
	later, earlier := "id > ?", "id < ?"
	if desc {
		later, earlier = earlier, later
	}
	if args.After != "" {
		cond += " AND " + later
		bound = append(bound, args.After)
	}
	if args.Before != "" {
		cond += " AND " + earlier
		bound = append(bound, args.Before)
	}
	order := " ORDER BY id"
	if desc != args.Backward {
		order = " ORDER BY id DESC"
	}
	if err := d.Select(ctx, r, &rows, SelectColumnsFrom(r, (*T)(nil), args.Columns, "WHERE "+cond+order+" LIMIT ?"), append(bound, args.Limit+1)...); err != nil {
		return nil, PageInfo{}, err
	}
	rows, info = settle(rows, args)
	if args.Uncounted {
		return rows, info, nil
	}
	var n []int
	if err := d.Select(ctx, r, &n, countFrom(r, (*T)(nil), "WHERE ("+where+") LIMIT ?"), append(slices.Clone(whereArgs), CountCap+1)...); err != nil || len(n) != 1 {
		return rows, info, err
	}
	info.Total, info.Capped = min(n[0], CountCap), n[0] > CountCap
	return rows, info, nil
}
