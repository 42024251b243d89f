package ticket

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

// HandOver passes the caller's open tickets (all of them, or those listed) to a named
// colleague who is on duty now, with a note, as a shift ends (交接). Each ticket gets a
// handover record and a timeline entry. Returns TICKET_HANDOVER_OFF_DUTY when the
// colleague is not on the published roster now (or is on leave), TICKET_HANDOVER_TO_SELF,
// BAD_USER_INPUT for a missing note or a colleague who is not an active agent or
// supervisor, NOT_FOUND for a listed ticket the caller does not own. A retry with the
// same key returns the first result.
func (s *Service) HandOver(ctx context.Context, key, toStaffID, note string, ticketIDs []string) ([]*Ticket, bool, error) {
	const op = "ticket.HandOver"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if err := text(op, "note", &note, 2, 1000, "请填写交接说明(2 到 1000 字)", "Write a handover note (2 to 1,000 characters)"); err != nil {
		return nil, false, err
	}
	if toStaffID == p.ID {
		return nil, false, apperr.E(op, apperr.TicketHandoverToSelf)
	}
	to, err := identity.ActiveStaffWithAnyRole(ctx, s.DB.R, toStaffID, identity.RoleAgent, identity.RoleSupervisor)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	if to == nil || !p.Reach().InOrg(to.DepotID) {
		return nil, false, apperr.Invalid(op, "toStaffId", "只能交接给在职的客服专员或主管", "Hand over only to an active agent or supervisor")
	}
	now := s.Now().UTC()
	onDuty, err := s.Roster.OnDutyAt(ctx, to.DepotID, now)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	if !slices.ContainsFunc(onDuty, func(a *roster.Assignment) bool { return a.StaffID == to.ID }) {
		return nil, false, apperr.E(op, apperr.TicketHandoverOffDuty).With("colleague", to.Name)
	}
	var out []*Ticket
	var replayed bool
	out, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{toStaffID, note, ticketIDs}), now,
		func(ctx context.Context, tx bun.Tx) ([]*Ticket, error) {
			var ts []*Ticket
			q := tx.NewSelect().Model(&ts).Where("assignee_id = ? AND state IN (?)", p.ID, bun.List(openStates)).OrderExpr("created_at")
			if len(ticketIDs) > 0 {
				q = q.Where("id IN (?)", bun.List(ticketIDs))
			}
			if err := q.Scan(ctx); err != nil {
				return nil, err
			}
			ts = slices.DeleteFunc(ts, func(t *Ticket) bool { return !handsOver(p, t) }) // Actions: HAND_OVER; the query asks the same
			if len(ticketIDs) > 0 && len(ts) != len(ticketIDs) {
				return nil, apperr.E(op, apperr.NotFound).Explain("有工单不在您名下或已解决", "Some tickets are not yours or are no longer open")
			}
			for _, t := range ts {
				h := &Handover{ID: newID(), TicketID: t.ID, FromID: &p.ID, ToID: to.ID, Note: note, CreatedAt: now}
				if _, err := tx.NewInsert().Model(h).Exec(ctx); err != nil {
					return nil, err
				}
				t.AssigneeID = &to.ID
				if err := s.save(ctx, tx, op, t, now); err != nil {
					return nil, err
				}
				if err := addEntry(ctx, tx, t.ID, EntryHandover, &p.ID, to.Name+": "+note, "", "", nil, now); err != nil {
					return nil, err
				}
				if err := s.announce(ctx, tx, t); err != nil {
					return nil, err
				}
			}
			if len(ts) > 0 {
				if err := s.Push.EnqueueTx(ctx, tx, handoverPush(to.ID, ts)); err != nil {
					return nil, err
				}
			}
			if ts == nil {
				ts = []*Ticket{}
			}
			return ts, nil
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return out, replayed, nil
}

// HandoversOf loads the handovers of the given tickets, oldest first (for dataloaders).
func (s *Service) HandoversOf(ctx context.Context, ticketIDs []string) ([]*Handover, error) {
	var out []*Handover
	err := s.DB.R.NewSelect().Model(&out).Where("ticket_id IN (?)", bun.List(ticketIDs)).OrderExpr("created_at").Scan(ctx)
	return out, apperr.Wrap("ticket.HandoversOf", err)
}
