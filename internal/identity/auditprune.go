package identity

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// AuditTable names the audit history in retention's logs and metrics.
const AuditTable = "audit_entries"

// DeleteAuditBefore deletes, in one statement, up to limit of the audit rows written
// before cutoff, oldest first, and returns how many it deleted: the rows about the depots'
// records (their depot_id) or written by the depots' staff, or, when all, every row
// written before cutoff. For retention, which decides whose rows are an organisation's and
// calls it batch after batch (each statement its own transaction); it checks no caller.
func DeleteAuditBefore(ctx context.Context, idb bun.IDB, cutoff time.Time, depots []string, all bool, limit int) (int, error) {
	sub := idb.NewSelect().TableExpr("audit_entries AS a").Column("a.id").Where("a.created_at < ?", cutoff)
	if !all {
		staff := idb.NewSelect().TableExpr("staff").Column("id").Where("depot_id IN (?)", bun.List(depots))
		sub = sub.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("a.depot_id IN (?)", bun.List(depots)).
				WhereOr("a.actor_kind = ? AND a.actor_id IN (?)", string(KindStaff), staff)
		})
	}
	sub = sub.OrderExpr("a.created_at").Limit(int64(limit))
	res, err := idb.NewDelete().TableExpr("audit_entries").Where("id IN (?)", sub).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
