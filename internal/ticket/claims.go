package ticket

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

// approverRoles are the roles that approve claims, lowest first.
var approverRoles = []identity.Role{identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin}

// defaultLimits are the approval limits in fen an organisation starts with: a supervisor
// up to ¥500, a manager up to ¥5,000, an admin without limit (nil).
var defaultLimits = map[identity.Role]*int64{
	identity.RoleSupervisor: ptr(int64(50_000)),
	identity.RoleManager:    ptr(int64(500_000)),
	identity.RoleAdmin:      nil,
}

func ptr[T any](v T) *T { return &v }

// maxClaimFen caps a proposed amount (¥1,000,000) to catch a slip of the finger.
const maxClaimFen = 100_000_000

// Limits returns the organisation's approval limit for each approving role. Any ticket
// viewer.
func (s *Service) Limits(ctx context.Context) ([]*ClaimLimit, error) {
	return callersSettings(ctx, s, "ticket.Limits", limits)
}

func limits(ctx context.Context, idb bun.IDB, org string) ([]*ClaimLimit, error) {
	return orgSettings(ctx, idb, org, approverRoles,
		func(l *ClaimLimit) identity.Role { return identity.Role(l.Role) },
		func(r identity.Role) *ClaimLimit {
			return &ClaimLimit{OrgID: org, Role: string(r), LimitFen: defaultLimits[r]}
		})
}

// ClaimsAwaitingDecision lists the proposed claims the caller may decide, oldest first:
// on tickets of depots they oversee (supervisors their depot, managers the depots under
// their unit, admins their organisation), within their approval limit, not proposed by
// them. A claim above a supervisor's limit (CLAIM_OVER_LIMIT) is thereby in the inbox of
// the managers or admins whose limit covers it. Two queries however many claims; none
// for callers who approve no claims.
func (s *Service) ClaimsAwaitingDecision(ctx context.Context) ([]*Claim, error) {
	const op = "ticket.ClaimsAwaitingDecision"
	p, err := Viewer(ctx, op)
	if err != nil || !p.HasAnyRole(approverRoles...) {
		return nil, nil
	}
	// The organisation comes from the request's org tree when it is loaded (no statement).
	org := ""
	if tree := p.Reach().Tree(); tree != nil {
		org = tree.OrgOf(p.DepotID)
	}
	if org == "" {
		if org, err = identity.OrgOf(ctx, s.DB.R, p.DepotID); err != nil {
			return nil, apperr.Wrap(op, err)
		}
	}
	ls, err := limits(ctx, s.DB.R, org)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	limit, ok := limitOf(p, ls)
	if !ok {
		return nil, nil
	}
	var out []*Claim
	cond, args := p.Reach().SQL("t.depot_id", approverRoles...)
	q := s.DB.R.NewSelect().Model(&out).Join("JOIN tickets AS t ON t.id = claim.ticket_id").
		Where("claim.state = ? AND claim.proposed_by <> ?", ClaimProposed, p.ID).Where(cond, args...)
	if limit != nil {
		q = q.Where("claim.proposed_fen <= ?", *limit)
	}
	err = q.OrderExpr("claim.created_at, claim.id").Limit(ReportLimit).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// approversOf lists who may decide a claim of amount on t: its depot's supervisors, the
// managers above it and the organisation's admins whose limit covers the amount, less
// the proposer.
func (s *Service) approversOf(ctx context.Context, tx bun.IDB, t *Ticket, amount int64, proposer string) ([]string, error) {
	l1, l3, l4, err := s.ladderStaff(ctx, tx, t)
	if err != nil {
		return nil, err
	}
	ls, err := limits(ctx, tx, t.OrgID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{proposer: true}
	var out []string
	for _, st := range slices.Concat(l1, l3, l4) {
		if seen[st.ID] {
			continue
		}
		seen[st.ID] = true
		p := &identity.Principal{Kind: identity.KindStaff, ID: st.ID, Roles: st.Roles()}
		if limit, ok := limitOf(p, ls); ok && (limit == nil || amount <= *limit) {
			out = append(out, st.ID)
		}
	}
	return out, nil
}

// limitOf is the most the caller may approve: the highest of their roles' limits; ok is
// false when none of their roles approves claims; a nil limit is unlimited.
func limitOf(p *identity.Principal, ls []*ClaimLimit) (limit *int64, ok bool) {
	for _, l := range ls {
		if !p.HasRole(identity.Role(l.Role)) {
			continue
		}
		if l.LimitFen == nil {
			return nil, true
		}
		if !ok || limit != nil && *l.LimitFen > *limit {
			limit = l.LimitFen
		}
		ok = true
	}
	return limit, ok
}

// SetLimit sets the organisation's approval limit for a role (nil: unlimited). Admins
// only (FORBIDDEN); BAD_USER_INPUT for a role that does not approve claims or a negative
// limit.
func (s *Service) SetLimit(ctx context.Context, role identity.Role, limitFen *int64) (*ClaimLimit, error) {
	const op = "ticket.SetLimit"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasRole(identity.RoleAdmin) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	if _, ok := defaultLimits[role]; !ok {
		return nil, apperr.Invalid(op, "role", "只有主管、经理和管理员可审批理赔", "Only supervisors, managers and admins approve claims")
	}
	if limitFen != nil && *limitFen < 0 {
		return nil, apperr.Invalid(op, "limitFen", "审批额度不能为负数", "A limit cannot be negative")
	}
	org, err := identity.OrgOf(ctx, s.DB.R, p.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	l := &ClaimLimit{OrgID: org, Role: string(role), LimitFen: limitFen, UpdatedBy: &p.ID, UpdatedAt: s.Now().UTC()}
	_, err = s.DB.W.NewInsert().Model(l).On("CONFLICT (org_id, role) DO UPDATE").
		Set("limit_fen = EXCLUDED.limit_fen").Set("updated_by = EXCLUDED.updated_by").Set("updated_at = EXCLUDED.updated_at").Exec(ctx)
	return l, apperr.Wrap(op, err)
}

// ProposeClaim proposes compensation on a ticket with a reason (理赔): neither what the
// customer asks outright nor nothing. Anyone who sees the ticket; BAD_USER_INPUT for an
// amount outside ¥0.01–¥1,000,000 or no reason, TICKET_TRANSITION_INVALID on a closed
// ticket. A retry with the same key returns the first claim.
func (s *Service) ProposeClaim(ctx context.Context, key, ticketID string, amountFen int64, reason string) (*Claim, bool, error) {
	const op = "ticket.ProposeClaim"
	if amountFen <= 0 || amountFen > maxClaimFen {
		return nil, false, apperr.Invalid(op, "amountFen", "理赔金额须在 0.01 元到 100 万元之间", "The amount must be between ¥0.01 and ¥1,000,000")
	}
	if err := text(op, "reason", &reason, 2, 500, "请说明理赔理由(2 到 500 字)", "Give the reason for the claim (2 to 500 characters)"); err != nil {
		return nil, false, err
	}
	return onTicket(ctx, s, op, key, []any{ticketID, amountFen, reason}, nil, theTicket(ticketID),
		func(ctx context.Context, tx bun.Tx, p *identity.Principal, t *Ticket, now time.Time) (*Claim, error) {
			if !takesEntries(t) { // Actions: PROPOSE_CLAIM
				return nil, apperr.E(op, apperr.TicketTransitionInvalid).Explain("工单已关闭,不能再提出理赔", "The ticket is closed; no claim can be proposed")
			}
			c := &Claim{ID: newID(), TicketID: t.ID, State: ClaimProposed, ProposedFen: amountFen, Reason: reason,
				ProposedBy: p.ID, Version: 1, CreatedAt: now, UpdatedAt: now}
			if _, err := tx.NewInsert().Model(c).Exec(ctx); err != nil {
				return nil, err
			}
			if err := claimEvent(ctx, tx, c, "PROPOSED", &amountFen, reason, p.ID, now); err != nil {
				return nil, err
			}
			if s.Roster != nil { // the approvers' inboxes change: tell them live
				to, err := s.approversOf(ctx, tx, t, amountFen, p.ID)
				if err != nil {
					return nil, err
				}
				if err := s.Roster.Notify(ctx, tx, to, "CLAIM_AWAITS_APPROVAL", "Claim", c.ID,
					fmt.Sprintf("理赔 ¥%s 待您审批", yuan(amountFen)), fmt.Sprintf("A claim of ¥%s awaits your decision", yuan(amountFen))); err != nil {
					return nil, err
				}
			}
			return c, addEntry(ctx, tx, t.ID, EntryClaim, &p.ID, fmt.Sprintf("提出理赔 ¥%s: %s", yuan(amountFen), reason), "", "", nil, now)
		})
}

func yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

func claimEvent(ctx context.Context, tx bun.IDB, c *Claim, action string, amount *int64, comment, actor string, now time.Time) error {
	e := &ClaimEvent{ID: newID(), ClaimID: c.ID, Action: action, AmountFen: amount, Comment: comment, ActorID: actor, CreatedAt: now}
	_, err := tx.NewInsert().Model(e).Exec(ctx)
	return err
}

// claimWrite runs fn on a claim under an idempotency key and optimistic concurrency, for
// callers who approve claims (supervisors, managers, admins) and see the claim's ticket.
func (s *Service) claimWrite(ctx context.Context, op, key, claimID string, version int, fp any,
	fn func(ctx context.Context, tx bun.Tx, p *identity.Principal, c *Claim, t *Ticket, now time.Time) error) (*Claim, bool, error) {
	c := new(Claim)
	return onTicket(ctx, s, op, key, []any{claimID, version, fp}, approvesClaims, // Actions: DECIDE_CLAIMS
		func(ctx context.Context, tx bun.Tx) (string, error) {
			if err := tx.NewSelect().Model(c).Where("id = ?", claimID).Scan(ctx); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return "", apperr.E(op, apperr.NotFound)
				}
				return "", err
			}
			return c.TicketID, nil
		},
		func(ctx context.Context, tx bun.Tx, p *identity.Principal, t *Ticket, now time.Time) (*Claim, error) {
			if c.Version != version {
				return nil, apperr.E(op, apperr.Conflict).With("currentVersion", c.Version)
			}
			if err := fn(ctx, tx, p, c, t, now); err != nil {
				return nil, err
			}
			c.Version, c.UpdatedAt = version+1, now
			return c, db.WriteOne(ctx, tx.NewUpdate().Model(c).WherePK().Where("version = ?", version), apperr.E(op, apperr.Conflict))
		})
}

// DecideClaim approves a proposed claim, possibly reducing it, or rejects it. The
// approver is a supervisor, manager or admin who sees the ticket and did not propose the
// claim (CLAIM_SELF_APPROVAL). An approved amount above the approver's limit is
// CLAIM_OVER_LIMIT (a superior with a higher limit decides instead); more than proposed,
// a reduction or a rejection without a comment is BAD_USER_INPUT. CLAIM_STATE_INVALID
// unless PROPOSED; CONFLICT for a stale version (two approvers at once: one wins).
func (s *Service) DecideClaim(ctx context.Context, key, claimID string, version int, d roster.Decision, approvedFen *int64, comment string) (*Claim, bool, error) {
	const op = "ticket.DecideClaim"
	if d != roster.Approve && d != roster.Reject {
		return nil, false, apperr.Invalid(op, "decision", "请选择同意或驳回", "Choose approve or reject")
	}
	if err := text(op, "comment", &comment, 0, 500, "意见最多 500 字", "The comment is at most 500 characters"); err != nil {
		return nil, false, err
	}
	return s.claimWrite(ctx, op, key, claimID, version, []any{d, approvedFen, comment}, func(ctx context.Context, tx bun.Tx, p *identity.Principal, c *Claim, t *Ticket, now time.Time) error {
		if c.State != ClaimProposed {
			return apperr.E(op, apperr.ClaimStateInvalid)
		}
		if c.ProposedBy == p.ID {
			return apperr.E(op, apperr.ClaimSelfApproval)
		}
		action, amount := "REJECTED", (*int64)(nil)
		if d == roster.Reject {
			if len([]rune(comment)) < 2 {
				return apperr.Invalid(op, "comment", "驳回须说明理由", "Say why the claim is rejected")
			}
			c.State = ClaimRejected
		} else {
			amt := c.ProposedFen
			if approvedFen != nil {
				amt = *approvedFen
			}
			if amt <= 0 || amt > c.ProposedFen {
				return apperr.Invalid(op, "approvedFen", "批准金额须大于 0 且不超过提出的金额", "The approved amount must be above 0 and at most the proposed amount")
			}
			if amt < c.ProposedFen && len([]rune(comment)) < 2 {
				return apperr.Invalid(op, "comment", "核减金额须说明理由", "Say why the amount is reduced")
			}
			ls, err := limits(ctx, tx, t.OrgID)
			if err != nil {
				return err
			}
			limit, ok := limitOf(p, ls)
			if !ok {
				return apperr.E(op, apperr.Forbidden)
			}
			if limit != nil && amt > *limit {
				return apperr.E(op, apperr.ClaimOverLimit).With("limitFen", *limit)
			}
			action, amount = "APPROVED", &amt
			if amt < c.ProposedFen {
				action = "REDUCED"
			}
			c.State, c.ApprovedFen = ClaimApproved, &amt
		}
		c.DecidedBy, c.DecidedAt, c.DecisionComment = &p.ID, &now, comment
		if err := claimEvent(ctx, tx, c, action, amount, comment, p.ID, now); err != nil {
			return err
		}
		body := "理赔驳回: " + comment
		if amount != nil {
			body = fmt.Sprintf("理赔批准 ¥%s %s", yuan(*amount), comment)
		}
		return addEntry(ctx, tx, t.ID, EntryClaim, &p.ID, body, "", "", nil, now)
	})
}

// PayClaim records that an approved claim was paid, with the payment reference.
// Supervisors, managers and admins who see the ticket; CLAIM_STATE_INVALID unless
// APPROVED, BAD_USER_INPUT without a reference, CONFLICT for a stale version.
func (s *Service) PayClaim(ctx context.Context, key, claimID string, version int, paymentRef string) (*Claim, bool, error) {
	const op = "ticket.PayClaim"
	if err := text(op, "paymentRef", &paymentRef, 2, 100, "请填写付款凭证号", "Give the payment reference"); err != nil {
		return nil, false, err
	}
	return s.claimWrite(ctx, op, key, claimID, version, paymentRef, func(ctx context.Context, tx bun.Tx, p *identity.Principal, c *Claim, t *Ticket, now time.Time) error {
		if c.State != ClaimApproved {
			return apperr.E(op, apperr.ClaimStateInvalid)
		}
		c.State, c.PaidBy, c.PaidAt, c.PaymentRef = ClaimPaid, &p.ID, &now, paymentRef
		if err := claimEvent(ctx, tx, c, "PAID", c.ApprovedFen, paymentRef, p.ID, now); err != nil {
			return err
		}
		return addEntry(ctx, tx, t.ID, EntryClaim, &p.ID, fmt.Sprintf("理赔已支付 ¥%s (%s)", yuan(*c.ApprovedFen), paymentRef), "", "", nil, now)
	})
}

// ClaimsOf loads the claims of the given tickets, oldest first (for dataloaders).
func (s *Service) ClaimsOf(ctx context.Context, ticketIDs []string) ([]*Claim, error) {
	var out []*Claim
	err := s.DB.R.NewSelect().Model(&out).Where("ticket_id IN (?)", bun.List(ticketIDs)).OrderExpr("created_at").Scan(ctx)
	return out, apperr.Wrap("ticket.ClaimsOf", err)
}

// ClaimEventsOf loads the history of the given claims, oldest first (for dataloaders).
func (s *Service) ClaimEventsOf(ctx context.Context, claimIDs []string) ([]*ClaimEvent, error) {
	var out []*ClaimEvent
	err := s.DB.R.NewSelect().Model(&out).Where("claim_id IN (?)", bun.List(claimIDs)).OrderExpr("created_at, id").Scan(ctx)
	return out, apperr.Wrap("ticket.ClaimEventsOf", err)
}

// ClaimsByIDs loads the claims among ids whose tickets the caller may see (for node
// look-ups); callers who see no tickets get none.
func (s *Service) ClaimsByIDs(ctx context.Context, ids []string) ([]*Claim, error) {
	const op = "ticket.ClaimsByIDs"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, nil
	}
	var out []*Claim
	cond, args := scopeSQL(p, "t.")
	q := s.DB.R.NewSelect().Model(&out).Where("claim.id IN (?)", bun.List(ids)).
		Where("EXISTS (SELECT 1 FROM tickets t WHERE t.id = claim.ticket_id AND "+cond+")", args...)
	return out, apperr.Wrap(op, q.Scan(ctx))
}
