package roster

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// InboxKind says what an inbox item asks of the caller.
type InboxKind string

// The inbox kinds.
const (
	InboxSwapResponse InboxKind = "SWAP_RESPONSE" // a colleague asks the caller to swap
	InboxSwapApproval InboxKind = "SWAP_APPROVAL" // a swap awaits the supervisor
	InboxLeave        InboxKind = "LEAVE_APPROVAL"
	// InboxClaim is a claim awaiting a decision within the caller's approval limit; the
	// ticket capability lists those (roster knows no claims) and the API merges them in.
	InboxClaim InboxKind = "CLAIM_APPROVAL"
	// InboxReconciliation is a consignment station's month with anomalies to review
	// before the supervisor signs it off; the reconciliation capability lists those and
	// the API merges them in.
	InboxReconciliation InboxKind = "RECONCILIATION_REVIEW"
)

// ShiftCoverage says who else works a shift on a day and how many of them are not on
// approved leave.
type ShiftCoverage struct {
	Day          string
	ShiftTypeID  string
	OthersIDs    []string
	CoverageLeft int
	// OpenShifts counts the unfilled open shifts posted for the same shift, day and depot:
	// a gap already offered to colleagues.
	OpenShifts int
}

// InboxItem is one request waiting for the caller, with what they need to decide it on
// a phone: who else is on the shifts concerned, the person's swaps this month, the
// rules it breaks as things stand now, and the coverage left.
type InboxItem struct {
	Kind         InboxKind
	Swap         *ShiftSwap
	Leave        *LeaveRequest
	ClaimID      string  // for InboxClaim
	StationID    string  // for InboxReconciliation: the station
	Month        string  // for InboxReconciliation: the month, YYYY-MM
	OnBehalfOf   *string // the absent approver the caller stands in for
	ReceivedAt   time.Time
	Conflicts    []Violation
	Coverage     []ShiftCoverage
	SwapsInMonth []*ShiftSwap // the requester's active swaps in the month concerned
}

// Inbox lists what waits for the caller, oldest first: swaps a colleague asked them
// for, swaps of their depot awaiting a supervisor, swaps that went up to the unit they
// manage because every supervisor of the depot is a party to them, and leave at their
// level (or at the level of an absent approver who named them delegate, or, when that
// delegate is the requester, of an absent approver they stand above). Nothing the caller
// is a party to is theirs to decide, so none of it is listed. Its cost is a fixed number
// of queries however many items there are. Staff only.
func (s *Service) Inbox(ctx context.Context) ([]*InboxItem, error) {
	const op = "roster.Inbox"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	items, err := s.inboxItems(ctx, p)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if len(items) == 0 {
		return items, nil
	}
	sc := scope{orgID: st.OrgID, from: "9999-12-31", to: "0000-01-01"}
	span := func(d string) { sc.from, sc.to = min(sc.from, d), max(sc.to, d) }
	for _, it := range items {
		if it.Swap != nil {
			sc.people = append(sc.people, it.Swap.RequesterID, it.Swap.ColleagueID)
			sc.depots = append(sc.depots, it.Swap.DepotID)
			span(it.Swap.RequesterDay)
			span(it.Swap.ColleagueDay)
		} else {
			sc.people = append(sc.people, it.Leave.StaffID)
			sc.depots = append(sc.depots, it.Leave.DepotID)
			span(it.Leave.StartDay)
			span(it.Leave.EndDay)
		}
	}
	f, err := s.loadFacts(ctx, s.DB.R, st, sc)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var lts []*LeaveType
	if err := s.DB.R.NewSelect().Model(&lts).Where("org_id = ?", st.OrgID).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	open, err := s.openShiftsOn(ctx, s.DB.R, sc.depots, sc.from, sc.to)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	now := s.Now().UTC()
	for _, it := range items {
		depot := ""
		if it.Swap != nil {
			s.swapContext(f, it, now)
			depot = it.Swap.DepotID
		} else {
			i := slices.IndexFunc(lts, func(t *LeaveType) bool { return t.ID == it.Leave.LeaveTypeID })
			s.leaveContext(f, it, lts[i], now)
			depot = it.Leave.DepotID
		}
		for i := range it.Coverage {
			it.Coverage[i].OpenShifts = open[[3]string{depot, it.Coverage[i].Day, it.Coverage[i].ShiftTypeID}]
		}
	}
	return items, nil
}

func (s *Service) inboxItems(ctx context.Context, p *identity.Principal) ([]*InboxItem, error) {
	var items []*InboxItem
	var swaps []*ShiftSwap
	q := s.DB.R.NewSelect().Model(&swaps).Where("colleague_id = ? AND status = ?", p.ID, SwapPendingColleague)
	notParty := "status = ? AND requester_id <> ? AND colleague_id <> ?"
	if p.HasRole(identity.RoleSupervisor) {
		cond, args := p.Reach().SQL("depot_id", identity.RoleSupervisor)
		q = q.WhereOr(cond+" AND "+notParty, append(args, SwapPendingApproval, p.ID, p.ID)...)
	}
	if unit := p.Reach().Root(identity.RoleManager); unit != "" {
		q = q.WhereOr("approver_unit_id = ? AND "+notParty, unit, SwapPendingApproval, p.ID, p.ID)
	}
	if err := q.OrderExpr("updated_at").Scan(ctx); err != nil {
		return nil, err
	}
	for _, sw := range swaps {
		kind := InboxSwapApproval
		if sw.Status == SwapPendingColleague {
			kind = InboxSwapResponse
		}
		items = append(items, &InboxItem{Kind: kind, Swap: sw, ReceivedAt: sw.UpdatedAt})
	}
	// Leave at the caller's level, or at the level of someone who named the caller
	// their delegate and is on leave today.
	var principals []string
	if err := s.DB.R.NewSelect().Model((*Delegate)(nil)).Column("staff_id").Where("delegate_id = ?", p.ID).Scan(ctx, &principals); err != nil {
		return nil, err
	}
	absent, err := s.absentToday(ctx, s.DB.R, principals)
	if err != nil {
		return nil, err
	}
	approvers := []string{p.ID}
	for id := range absent {
		approvers = append(approvers, id)
	}
	var steps []*LeaveApproval
	if err := s.DB.R.NewSelect().Model(&steps).ModelTableExpr("leave_approvals AS la").
		Join("JOIN leave_requests AS l ON l.id = la.leave_id AND l.current_level = la.level AND l.status = ?", LeavePending).
		Where("la.approver_id IN (?) AND l.staff_id <> ?", bun.List(approvers), p.ID).Scan(ctx); err != nil {
		return nil, err
	}
	// One level up: leave whose approver is away and named the requester as delegate.
	var up []*LeaveApproval
	if err := s.DB.R.NewSelect().Model(&up).ModelTableExpr("leave_approvals AS la").
		Join("JOIN leave_requests AS l ON l.id = la.leave_id AND l.current_level = la.level AND l.status = ?", LeavePending).
		Join("JOIN approval_delegates AS d ON d.staff_id = la.approver_id AND d.delegate_id = l.staff_id").
		Where("la.approver_id IN (?)", identity.DirectReports(s.DB.R, p.ID)).Scan(ctx); err != nil {
		return nil, err
	}
	if len(up) > 0 {
		var away []string
		for _, st := range up {
			away = append(away, st.ApproverID)
		}
		absent, err := s.absentToday(ctx, s.DB.R, away)
		if err != nil {
			return nil, err
		}
		for _, st := range up {
			if absent[st.ApproverID] {
				steps = append(steps, st)
			}
		}
	}
	if len(steps) == 0 {
		return items, nil
	}
	ids := make([]string, len(steps))
	for i, st := range steps {
		ids[i] = st.LeaveID
	}
	var leaves []*LeaveRequest
	if err := s.DB.R.NewSelect().Model(&leaves).Where("id IN (?)", bun.List(ids)).OrderExpr("updated_at").Scan(ctx); err != nil {
		return nil, err
	}
	for _, l := range leaves {
		it := &InboxItem{Kind: InboxLeave, Leave: l, ReceivedAt: l.UpdatedAt}
		for _, st := range steps {
			if st.LeaveID == l.ID && st.ApproverID != p.ID {
				it.OnBehalfOf = &st.ApproverID
			}
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b *InboxItem) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	return items, nil
}

func (s *Service) swapContext(f *facts, it *InboxItem, now time.Time) {
	sw := it.Swap
	var ra, ca *Assignment
	for _, a := range f.assignments {
		if a.ID == sw.RequesterAssignmentID {
			ra = a
		}
		if a.ID == sw.ColleagueAssignmentID {
			ca = a
		}
	}
	if ra == nil || ca == nil || ra.StaffID != sw.RequesterID || ca.StaffID != sw.ColleagueID {
		it.Conflicts = []Violation{{Code: apperr.Conflict, ZH: "申请后值班表已调整,该换班已无法执行", EN: "The roster changed after the request; this swap can no longer be made"}}
	} else {
		it.Conflicts = f.swapRules(sw, ra, ca, now)
	}
	for _, sh := range []struct{ day, typ, who string }{{sw.RequesterDay, sw.RequesterShiftTypeID, sw.RequesterID}, {sw.ColleagueDay, sw.ColleagueShiftTypeID, sw.ColleagueID}} {
		others, left := f.sameShift(sw.DepotID, sh.day, sh.typ, sh.who)
		// After the swap the shift is still covered by one person: coverage is unchanged.
		it.Coverage = append(it.Coverage, ShiftCoverage{Day: sh.day, ShiftTypeID: sh.typ, OthersIDs: others, CoverageLeft: left + 1})
	}
	it.SwapsInMonth = f.swapsInMonth(sw.RequesterID, sw.RequesterDay[:7])
}

func (s *Service) leaveContext(f *facts, it *InboxItem, lt *LeaveType, now time.Time) {
	l := it.Leave
	it.Conflicts = f.leaveRules(l.StaffID, l.StartDay, l.EndDay, l.ID, false, lt, now, s.Zone)
	for _, a := range f.assignments {
		if a.StaffID != l.StaffID || a.Day < l.StartDay || a.Day > l.EndDay {
			continue
		}
		others, left := f.sameShift(l.DepotID, a.Day, a.ShiftTypeID, l.StaffID)
		it.Coverage = append(it.Coverage, ShiftCoverage{Day: a.Day, ShiftTypeID: a.ShiftTypeID, OthersIDs: others, CoverageLeft: left})
	}
	it.SwapsInMonth = f.swapsInMonth(l.StaffID, l.StartDay[:7])
}

func (f *facts) swapsInMonth(staffID, month string) []*ShiftSwap {
	var out []*ShiftSwap
	for _, sw := range f.swaps {
		if sw.Involves(staffID) && sw.Status.Active() && sw.RequesterDay[:7] == month {
			out = append(out, sw)
		}
	}
	return out
}
