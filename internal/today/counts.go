package today

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

// DueSoon is how far ahead a ticket's resolution target counts as due soon.
const DueSoon = 2 * time.Hour

// noticeWindow matches the notices screen: the last 30 days.
const noticeWindow = 30 * 24 * time.Hour

// Service computes counts.
type Service struct {
	DB   *db.DB
	Zone *time.Location
	Now  func() time.Time
	// Reviews counts the reconciliation reviews waiting for the caller (months of
	// consignment stations with undecided anomalies; (*reconcile.Service).ReviewsWaiting);
	// they count among the approvals. Nil counts none.
	Reviews func(ctx context.Context) (int, error)
}

// Counts is what waits for one person.
type Counts struct {
	SwapsToAnswer       int `bun:"swaps_to_answer"`
	ApprovalsWaiting    int `bun:"approvals_waiting"`
	UnreadNotices       int `bun:"unread_notices"`
	UnreadNotifications int `bun:"unread_notifications"`
	TicketsDueSoon      int `bun:"tickets_due_soon"`
}

// Total is the sum of everything that needs the person.
func (c Counts) Total() int {
	return c.SwapsToAnswer + c.ApprovalsWaiting + c.UnreadNotices + c.UnreadNotifications + c.TicketsDueSoon
}

// The open ticket states (ticket.openStates) and the claim state awaiting a decision.
var openTicketStates = []string{"NEW", "IN_PROGRESS", "WAITING_CUSTOMER", "WAITING_OTHER_PARTY", "ESCALATED"}

const claimProposed = "PROPOSED"

// Mine counts what waits for the caller, in one SQL statement:
//   - swaps a colleague asked them to answer;
//   - approvals: swaps of the depots they supervise and swaps sent up to the unit they
//     manage (never one they are party to), leave at their level or at the level of an
//     absent approver who named them delegate (or, when that delegate is the requester,
//     of an absent approver they stand above), claims proposed on tickets of depots
//     they oversee by someone else, and (counted apart, by Reviews) the reconciliation
//     reviews of the stations of depots they oversee — the approvals inbox's rules;
//   - notices of the last 30 days addressed to their depot or above it, not yet read;
//   - their unread roster notifications;
//   - open tickets assigned to them whose resolution target is within DueSoon or past.
//
// Staff only.
func (s *Service) Mine(ctx context.Context) (*Counts, error) {
	const op = "today.Mine"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	today := now.In(s.Zone).Format("2006-01-02")
	r := s.DB.R
	absent := func(col string) string {
		return "EXISTS (SELECT 1 FROM leave_requests x WHERE x.staff_id = " + col +
			" AND x.status = '" + string(roster.LeaveApproved) + "' AND x.start_day <= ? AND x.end_day >= ?)"
	}

	answer := r.NewSelect().TableExpr("shift_swaps AS sw").ColumnExpr("COUNT(*)").
		Where("sw.colleague_id = ? AND sw.status = ?", p.ID, roster.SwapPendingColleague)

	swapCond := "1 = 0"
	var swapArgs []any
	if p.HasRole(identity.RoleSupervisor) {
		swapCond, swapArgs = p.Reach().SQL("sw.depot_id", identity.RoleSupervisor)
	}
	if unit := p.Reach().Root(identity.RoleManager); unit != "" {
		swapCond = "(" + swapCond + ") OR sw.approver_unit_id = ?"
		swapArgs = append(swapArgs, unit)
	}
	swaps := r.NewSelect().TableExpr("shift_swaps AS sw").ColumnExpr("COUNT(*)").
		Where("sw.status = ? AND sw.requester_id <> ? AND sw.colleague_id <> ?", roster.SwapPendingApproval, p.ID, p.ID).
		Where("("+swapCond+")", swapArgs...)

	leave := r.NewSelect().TableExpr("leave_approvals AS la").ColumnExpr("COUNT(*)").
		Join("JOIN leave_requests AS l ON l.id = la.leave_id AND l.current_level = la.level AND l.status = ?", roster.LeavePending).
		Where("l.staff_id <> ?", p.ID).
		Where("(la.approver_id = ? OR (la.approver_id IN (SELECT d.staff_id FROM approval_delegates d WHERE d.delegate_id = ?) AND "+absent("la.approver_id")+
			") OR (EXISTS (SELECT 1 FROM approval_delegates d WHERE d.staff_id = la.approver_id AND d.delegate_id = l.staff_id AND d.staff_id IN (?)) AND "+absent("la.approver_id")+"))",
			p.ID, p.ID, today, today, identity.DirectReports(r, p.ID), today, today)

	claimCond, claimArgs := p.Reach().SQL("t.depot_id", identity.OverseerRoles...)
	claims := r.NewSelect().TableExpr("ticket_claims AS c").ColumnExpr("COUNT(*)").
		Join("JOIN tickets AS t ON t.id = c.ticket_id").
		Where("c.state = ? AND c.proposed_by <> ?", claimProposed, p.ID).Where(claimCond, claimArgs...)

	ancestors, err := identity.UnitAncestors(ctx, r, p.Reach().Tree(), p.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	audience := append([]string{""}, ancestors...)
	notices := r.NewSelect().TableExpr("notices AS n").ColumnExpr("COUNT(*)").
		Where("n.audience_unit_id IN (?) AND n.published_at > ? AND n.published_at <= ?", bun.List(audience), now.Add(-noticeWindow), now).
		Where("NOT EXISTS (SELECT 1 FROM notice_receipts nr WHERE nr.notice_id = n.id AND nr.staff_id = ?)", p.ID)

	notes := r.NewSelect().TableExpr("roster_notifications AS rn").ColumnExpr("COUNT(*)").
		Where("rn.staff_id = ? AND rn.read_at IS NULL", p.ID)

	due := r.NewSelect().TableExpr("tickets AS dt").ColumnExpr("COUNT(*)").
		Where("dt.assignee_id = ? AND dt.state IN (?) AND dt.resolution_due_at <= ?", p.ID, bun.List(openTicketStates), now.Add(DueSoon))

	out := new(Counts)
	err = r.NewSelect().
		ColumnExpr("(?) AS swaps_to_answer", answer).
		ColumnExpr("(?) + (?) + (?) AS approvals_waiting", swaps, leave, claims).
		ColumnExpr("(?) AS unread_notices", notices).
		ColumnExpr("(?) AS unread_notifications", notes).
		ColumnExpr("(?) AS tickets_due_soon", due).
		Scan(ctx, out)
	if err != nil || s.Reviews == nil {
		return out, apperr.Wrap(op, err)
	}
	n, err := s.Reviews(ctx)
	out.ApprovalsWaiting += n
	return out, apperr.Wrap(op, err)
}
