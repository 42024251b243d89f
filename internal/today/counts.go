package today

import (
	"context"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/ticket"
)

// DueSoon is how far ahead a ticket's resolution target counts as due soon.
const DueSoon = 2 * time.Hour

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

// Mine counts what waits for the caller, in one SQL statement built from subqueries
// that each capability writes over its own tables (roster.WaitingFor,
// ticket.ClaimsAwaitingCount and DueCount, checklist.UnreadNoticesCount):
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
	r := s.DB.R
	rw := roster.WaitingFor(r, p, now.In(s.Zone).Format("2006-01-02"))
	notices, err := checklist.UnreadNoticesCount(ctx, r, p, now)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	claims := ticket.ClaimsAwaitingCount(r, p)
	due := ticket.DueCount(r, p.ID, now.Add(DueSoon))

	out := new(Counts)
	err = r.NewSelect().
		ColumnExpr("(?) AS swaps_to_answer", rw.SwapsToAnswer).
		ColumnExpr("(?) + (?) + (?) AS approvals_waiting", rw.SwapApprovals, rw.LeaveApprovals, claims).
		ColumnExpr("(?) AS unread_notices", notices).
		ColumnExpr("(?) AS unread_notifications", rw.UnreadNotifications).
		ColumnExpr("(?) AS tickets_due_soon", due).
		Scan(ctx, out)
	if err != nil || s.Reviews == nil {
		return out, apperr.Wrap(op, err)
	}
	n, err := s.Reviews(ctx)
	out.ApprovalsWaiting += n
	return out, apperr.Wrap(op, err)
}
