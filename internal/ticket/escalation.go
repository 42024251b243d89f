package ticket

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// The escalation ladder (阶梯联系), climbed one level at a time.
const (
	LevelCounter  = 1 // L1: the counter staff and site manager — the depot's supervisors
	LevelPartner  = 2 // L2: the other company's customer service — a named contact on the ticket
	LevelRegional = 3 // L3: that company's head or the regional office — the managers above the depot
	LevelHQ       = 4 // L4: the HQ functional department — the organisation's admins
	TopLevel      = LevelHQ
)

// Rung is one level of a ticket's ladder with the people reached there.
type Rung struct {
	Level int
	// Staff are the organisation's people at this level (none at L2).
	Staff []*identity.Staff
	// External is the other company's contact at L2 (empty elsewhere or when not yet named).
	ExternalCompany string
	ExternalName    string
	ExternalPhone   string
}

// Ladder resolves the people at each level of a ticket's ladder from the organisation:
// L1 the supervisors of the ticket's depot, L2 the external contact recorded on the
// ticket, L3 the managers who run a unit above the depot (the branch head and the
// regional manager), L4 the admins of the organisation.
func (s *Service) Ladder(ctx context.Context, t *Ticket) ([]*Rung, error) {
	const op = "ticket.Ladder"
	l1, l3, l4, err := s.ladderStaff(ctx, s.DB.R, t)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return []*Rung{
		{Level: LevelCounter, Staff: l1},
		{Level: LevelPartner, Staff: []*identity.Staff{}, ExternalCompany: t.ExternalCompany, ExternalName: t.ExternalContactName, ExternalPhone: t.ExternalContactPhone},
		{Level: LevelRegional, Staff: l3},
		{Level: LevelHQ, Staff: l4},
	}, nil
}

func (s *Service) ladderStaff(ctx context.Context, idb bun.IDB, t *Ticket) (l1, l3, l4 []*identity.Staff, err error) {
	tree, err := identity.TreeOf(ctx, idb)
	if err != nil {
		return nil, nil, nil, err
	}
	if l1, err = identity.StaffWithRole(ctx, idb, identity.RoleSupervisor, []string{t.DepotID}); err != nil {
		return nil, nil, nil, err
	}
	if l3, err = identity.ManagersOf(ctx, idb, tree.AncestorIDs(t.DepotID)); err != nil {
		return nil, nil, nil, err
	}
	l4, err = identity.StaffWithRole(ctx, idb, identity.RoleAdmin, tree.DepotsUnder(t.OrgID))
	return l1, l3, l4, err
}

// ExternalContact is the other company's customer-service contact (L2).
type ExternalContact struct {
	Company string
	Name    string
	Phone   string
}

// Escalate moves a ticket one level up the ladder with a reason. Reaching L2 needs the
// other company's contact, given here or recorded before (TICKET_EXTERNAL_CONTACT_REQUIRED).
// Anyone who sees the ticket; TICKET_ESCALATION_TOP past L4, TICKET_TRANSITION_INVALID
// on a resolved or closed ticket, CONFLICT for a stale version.
func (s *Service) Escalate(ctx context.Context, key, ticketID string, version int, reason string, contact *ExternalContact) (*Ticket, bool, error) {
	const op = "ticket.Escalate"
	if err := text(op, "reason", &reason, 2, 500, "请说明升级原因(2 到 500 字)", "Give the reason for escalating (2 to 500 characters)"); err != nil {
		return nil, false, err
	}
	if contact != nil {
		if err := text(op, "externalContact.name", &contact.Name, 1, 50, "请填写对方联系人姓名", "Name the other company's contact"); err != nil {
			return nil, false, err
		}
		if err := text(op, "externalContact.company", &contact.Company, 1, 100, "请填写对方公司名称", "Name the other company"); err != nil {
			return nil, false, err
		}
		if err := text(op, "externalContact.phone", &contact.Phone, 0, 30, "电话最多 30 字符", "The phone is at most 30 characters"); err != nil {
			return nil, false, err
		}
	}
	return s.mutate(ctx, op, key, ticketID, &version, []any{reason, contact}, func(ctx context.Context, w *write) error {
		if contact != nil {
			w.t.ExternalCompany, w.t.ExternalContactName, w.t.ExternalContactPhone = contact.Company, contact.Name, contact.Phone
		}
		return w.escalate(ctx, op, reason, &w.p.ID, false)
	})
}

// escalate climbs one level, writing the escalation row, the state change and the
// timeline entry.
func (w *write) escalate(ctx context.Context, op, reason string, actor *string, automatic bool) error {
	from := w.t.EscalationLevel
	if !escalatable(w.t) { // Actions: ESCALATE
		if from >= TopLevel {
			return apperr.E(op, apperr.TicketEscalationTop)
		}
		return apperr.E(op, apperr.TicketTransitionInvalid).Explain("工单已解决或已关闭,不能升级", "A resolved or closed ticket cannot be escalated")
	}
	to := from + 1
	if to == LevelPartner && w.t.ExternalContactName == "" {
		return apperr.E(op, apperr.TicketExternalContact)
	}
	e := &Escalation{ID: newID(), TicketID: w.t.ID, FromLevel: from, ToLevel: to, Reason: reason, Automatic: automatic, ActorID: actor, CreatedAt: w.now}
	if _, err := w.tx.NewInsert().Model(e).Exec(ctx); err != nil {
		return err
	}
	prev := w.t.State
	if prev == WaitingCustomer {
		w.t.resume(w.now)
	}
	if prev == New {
		if err := w.respond(ctx); err != nil {
			return err
		}
	}
	w.t.EscalationLevel, w.t.State, w.save, w.escalated = to, Escalated, true, true
	body := fmt.Sprintf("L%d → L%d: %s", from, to, reason)
	return addEntry(ctx, w.tx, w.t.ID, EntryEscalation, actor, body, prev, Escalated, nil, w.now)
}

// EscalationsOf loads the escalations of the given tickets, oldest first (for dataloaders).
func (s *Service) EscalationsOf(ctx context.Context, ticketIDs []string) ([]*Escalation, error) {
	var out []*Escalation
	err := s.DB.R.NewSelect().Model(&out).Where("ticket_id IN (?)", bun.List(ticketIDs)).OrderExpr("created_at").Scan(ctx)
	return out, apperr.Wrap("ticket.EscalationsOf", err)
}

// EscalateOverdue acts on every recorded resolution breach not yet acted on: the ticket
// climbs one level automatically, or, when the next level cannot be reached without a
// person's input (L2 needs the other company's contact; nothing is above L4), a reminder
// goes on its timeline instead. It first records new breaches (ScanBreaches). Each breach
// is claimed by one update, so the function is idempotent and acts once across several
// instances; it returns how many breaches it acted on.
func (s *Service) EscalateOverdue(ctx context.Context, now time.Time) (int, error) {
	const op = "ticket.EscalateOverdue"
	now = now.UTC()
	if _, err := s.ScanBreaches(ctx, now); err != nil {
		return 0, err
	}
	var pending []*Breach
	if err := s.DB.R.NewSelect().Model(&pending).Where("target = ? AND escalated_at IS NULL", TargetResolution).
		OrderExpr("detected_at").Limit(1000).Scan(ctx); err != nil {
		return 0, apperr.Wrap(op, err)
	}
	n := 0
	for _, b := range pending {
		err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
			res, err := tx.NewUpdate().Model((*Breach)(nil)).Set("escalated_at = ?", now).
				Where("id = ? AND escalated_at IS NULL", b.ID).Exec(ctx)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return nil // another instance took it
			}
			n++
			t, err := s.lockTicket(ctx, tx, op, b.TicketID)
			if err != nil {
				return err
			}
			if !t.State.Open() {
				return nil
			}
			w := &write{tx: tx, t: t, now: now}
			reason := "超过解决时限,自动升级 / Resolution target missed; escalated automatically"
			err = w.escalate(ctx, op, reason, nil, true)
			if apperr.Is(err, apperr.TicketExternalContact) || apperr.Is(err, apperr.TicketEscalationTop) {
				return addEntry(ctx, tx, t.ID, EntryReminder,
					nil, fmt.Sprintf("超过解决时限,请尽快处理(当前 L%d) / Resolution target missed; act now (now at L%d)", t.EscalationLevel, t.EscalationLevel),
					"", "", nil, now)
			}
			if err != nil {
				return err
			}
			if err := s.save(ctx, tx, op, t, now); err != nil {
				return err
			}
			if err := s.pushChange(ctx, tx, w, t.AssigneeID); err != nil {
				return err
			}
			return s.announce(ctx, tx, t)
		})
		if err != nil {
			return n, apperr.Wrap(op, err)
		}
	}
	return n, nil
}
