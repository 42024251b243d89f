package ticket

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/identity"
)

// ClaimsAwaitingCount is a COUNT(*) subquery of the claims proposed by someone else on
// tickets of depots p oversees, for a caller's own statement (today's badge counts). It
// runs nothing.
func ClaimsAwaitingCount(idb bun.IDB, p *identity.Principal) *bun.SelectQuery {
	cond, args := p.Reach().SQL("t.depot_id", identity.OverseerRoles...)
	return idb.NewSelect().TableExpr("ticket_claims AS c").ColumnExpr("COUNT(*)").
		Join("JOIN tickets AS t ON t.id = c.ticket_id").
		Where("c.state = ? AND c.proposed_by <> ?", ClaimProposed, p.ID).Where(cond, args...)
}

// DueCount is a COUNT(*) subquery of the open tickets assigned to staffID whose
// resolution target is at or before until, for a caller's own statement. It runs
// nothing.
func DueCount(idb bun.IDB, staffID string, until time.Time) *bun.SelectQuery {
	return idb.NewSelect().TableExpr("tickets AS dt").ColumnExpr("COUNT(*)").
		Where("dt.assignee_id = ? AND dt.state IN (?) AND dt.resolution_due_at <= ?", staffID, bun.List(openStates), until)
}
