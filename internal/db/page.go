package db

import (
	"context"

	"github.com/uptrace/bun"
)

// KeysetPage reads one page of a keyset-paginated list: the first rows whose id comes
// after the cursor key `after` in the given order (newest first when desc), whether more
// follow, and the total matching filter. Ids are UUIDv7, so id order is creation order.
func KeysetPage[T any](ctx context.Context, r *bun.DB, filter func(*bun.SelectQuery) *bun.SelectQuery,
	first int, after string, desc bool) (rows []*T, hasMore bool, total int, err error) {
	q := filter(r.NewSelect().Model(&rows)).Limit(int64(first) + 1)
	switch {
	case desc:
		q = q.OrderExpr("id DESC")
	default:
		q = q.OrderExpr("id")
	}
	if after != "" {
		if desc {
			q = q.Where("id < ?", after)
		} else {
			q = q.Where("id > ?", after)
		}
	}
	if err := q.Scan(ctx); err != nil {
		return nil, false, 0, err
	}
	if len(rows) > first {
		rows, hasMore = rows[:first], true
	}
	n, err := filter(r.NewSelect().Model((*T)(nil))).Count(ctx)
	return rows, hasMore, int(n), err
}
