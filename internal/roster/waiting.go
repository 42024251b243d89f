package roster

import (
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/identity"
)

// Waiting holds COUNT(*) subqueries of what waits for one person in the roster, for a
// caller that puts them in one statement of its own (today's badge counts): the rules
// are the approvals inbox's, written here beside it so the badge and the inbox cannot
// disagree.
type Waiting struct {
	// SwapsToAnswer: swaps a colleague asked them to answer.
	SwapsToAnswer *bun.SelectQuery
	// SwapApprovals: swaps of the depots they supervise and swaps sent up to the unit
	// they manage, never one they are party to.
	SwapApprovals *bun.SelectQuery
	// LeaveApprovals: leave at their level, or at the level of an absent approver who
	// named them delegate (or, when that delegate is the requester, of an absent
	// approver they stand above), never their own.
	LeaveApprovals *bun.SelectQuery
	// UnreadNotifications: their roster notifications not yet read.
	UnreadNotifications *bun.SelectQuery
}

// WaitingFor builds the Waiting subqueries for p on the work day today (YYYY-MM-DD in the
// organisation's zone; leave approved over it makes an approver absent). It runs
// nothing.
func WaitingFor(idb bun.IDB, p *identity.Principal, today string) Waiting {
	absent := func(col string) string {
		return "EXISTS (SELECT 1 FROM leave_requests x WHERE x.staff_id = " + col +
			" AND x.status = '" + string(LeaveApproved) + "' AND x.start_day <= ? AND x.end_day >= ?)"
	}
	answer := idb.NewSelect().TableExpr("shift_swaps AS sw").ColumnExpr("COUNT(*)").
		Where("sw.colleague_id = ? AND sw.status = ?", p.ID, SwapPendingColleague)

	swapCond := "1 = 0"
	var swapArgs []any
	if p.HasRole(identity.RoleSupervisor) {
		swapCond, swapArgs = p.Reach().SQL("sw.depot_id", identity.RoleSupervisor)
	}
	if unit := p.Reach().Root(identity.RoleManager); unit != "" {
		swapCond = "(" + swapCond + ") OR sw.approver_unit_id = ?"
		swapArgs = append(swapArgs, unit)
	}
	swaps := idb.NewSelect().TableExpr("shift_swaps AS sw").ColumnExpr("COUNT(*)").
		Where("sw.status = ? AND sw.requester_id <> ? AND sw.colleague_id <> ?", SwapPendingApproval, p.ID, p.ID).
		Where("("+swapCond+")", swapArgs...)

	leave := idb.NewSelect().TableExpr("leave_approvals AS la").ColumnExpr("COUNT(*)").
		Join("JOIN leave_requests AS l ON l.id = la.leave_id AND l.current_level = la.level AND l.status = ?", LeavePending).
		Where("l.staff_id <> ?", p.ID).
		Where("(la.approver_id = ? OR (la.approver_id IN (SELECT d.staff_id FROM approval_delegates d WHERE d.delegate_id = ?) AND "+absent("la.approver_id")+
			") OR (EXISTS (SELECT 1 FROM approval_delegates d WHERE d.staff_id = la.approver_id AND d.delegate_id = l.staff_id AND d.staff_id IN (?)) AND "+absent("la.approver_id")+"))",
			p.ID, p.ID, today, today, identity.DirectReports(idb, p.ID), today, today)

	notes := idb.NewSelect().TableExpr("roster_notifications AS rn").ColumnExpr("COUNT(*)").
		Where("rn.staff_id = ? AND rn.read_at IS NULL", p.ID)
	return Waiting{SwapsToAnswer: answer, SwapApprovals: swaps, LeaveApprovals: leave, UnreadNotifications: notes}
}
