package roster

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// SwapProposal names the two shifts of a swap: the caller's and the colleague's.
type SwapProposal struct {
	RequesterAssignmentID string
	ColleagueID           string
	ColleagueAssignmentID string
}

// proposal loads and checks the two assignments of a proposal by the caller; input
// errors (not found, not the caller's, not the colleague's, another depot) are errors,
// rule violations are not.
func (s *Service) proposal(ctx context.Context, idb bun.IDB, op string, p *identity.Principal, in SwapProposal) (*ShiftSwap, *Assignment, *Assignment, error) {
	var as []*Assignment
	if err := idb.NewSelect().Model(&as).Where("id IN (?)", bun.List([]string{in.RequesterAssignmentID, in.ColleagueAssignmentID})).Scan(ctx); err != nil {
		return nil, nil, nil, err
	}
	var ra, ca *Assignment
	for _, a := range as {
		if a.ID == in.RequesterAssignmentID {
			ra = a
		}
		if a.ID == in.ColleagueAssignmentID {
			ca = a
		}
	}
	if ra == nil || ca == nil {
		return nil, nil, nil, apperr.E(op, apperr.NotFound).Explain("班次不存在", "Shift not found")
	}
	if ra.StaffID != p.ID {
		return nil, nil, nil, apperr.Invalid(op, "requesterShiftId", "只能用自己的班次换班", "You can only offer your own shift")
	}
	if ca.StaffID != in.ColleagueID {
		return nil, nil, nil, apperr.Invalid(op, "colleagueShiftId", "所选班次不是该同事的", "That shift is not the colleague's")
	}
	if ca.DepotID != ra.DepotID {
		return nil, nil, nil, apperr.Invalid(op, "colleagueId", "只能和本网点同事换班", "You can only swap with a colleague of your depot")
	}
	now := s.Now().UTC()
	sw := &ShiftSwap{ID: newID(), DepotID: ra.DepotID, RequesterID: p.ID, ColleagueID: in.ColleagueID,
		RequesterAssignmentID: ra.ID, ColleagueAssignmentID: ca.ID, RequesterDay: ra.Day, ColleagueDay: ca.Day,
		RequesterShiftTypeID: ra.ShiftTypeID, ColleagueShiftTypeID: ca.ShiftTypeID, Status: SwapPendingColleague,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	return sw, ra, ca, nil
}

func (s *Service) swapFacts(ctx context.Context, idb bun.IDB, st *Settings, sw *ShiftSwap) (*facts, error) {
	from, to := sw.RequesterDay, sw.ColleagueDay
	if to < from {
		from, to = to, from
	}
	return s.loadFacts(ctx, idb, st, scope{orgID: st.OrgID, people: []string{sw.RequesterID, sw.ColleagueID}, from: from, to: to})
}

// CheckShiftSwap is the dry run of RequestShiftSwap: it returns every rule the proposed
// swap would break (empty when it may be requested), writing nothing. Staff only;
// NOT_FOUND for an unknown shift; BAD_USER_INPUT when the first shift is not the
// caller's, the second not the colleague's, or they are in different depots.
func (s *Service) CheckShiftSwap(ctx context.Context, in SwapProposal) ([]Violation, error) {
	const op = "roster.CheckShiftSwap"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	sw, ra, ca, err := s.proposal(ctx, s.DB.R, op, p, in)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	f, err := s.swapFacts(ctx, s.DB.R, st, sw)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return f.swapRules(sw, ra, ca, s.Now().UTC()), nil
}

// RequestShiftSwap asks a colleague to swap shifts and notifies them. Staff only. The
// first broken rule's code refuses it (SWAP_WITH_SELF, SWAP_IN_PAST,
// ROSTER_NOT_PUBLISHED, SWAP_HOLIDAY_DUTY, SWAP_LEAVE_CONFLICT, SWAP_NOT_QUALIFIED,
// SWAP_DOUBLE_BOOKED, SWAP_MONTHLY_LIMIT, SWAP_CONSECUTIVE) with every violation in
// extensions.violations; input errors as CheckShiftSwap; IDEMPOTENCY_KEY_REUSED.
func (s *Service) RequestShiftSwap(ctx context.Context, key string, in SwapProposal, reason string) (*ShiftSwap, bool, error) {
	const op = "roster.RequestShiftSwap"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if err := swapReason.CleanAtLeast(op, &reason, 0, "", ""); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var id string
	var replayed bool
	id, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{in, reason}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			sw, ra, ca, err := s.proposal(ctx, tx, op, p, in)
			if err != nil {
				return "", err
			}
			f, err := s.swapFacts(ctx, tx, st, sw)
			if err != nil {
				return "", err
			}
			if vs := f.swapRules(sw, ra, ca, now); len(vs) > 0 {
				return "", refusal(op, vs)
			}
			sw.Reason = reason
			if _, err := tx.NewInsert().Model(sw).Exec(ctx); err != nil {
				return "", err
			}
			zh, en := staffName(ctx, tx, sw.RequesterID)
			return sw.ID, s.notify(ctx, tx, s.note(sw.ColleagueID, "SWAP_REQUESTED", "ShiftSwap", sw.ID, now,
				fmt.Sprintf("%s请求与您换班:%s换%s", zh, dayZH(sw.RequesterDay), dayZH(sw.ColleagueDay)),
				fmt.Sprintf("%s asks to swap shifts: %s for %s", en, dayEN(sw.RequesterDay), dayEN(sw.ColleagueDay))))
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	sw, err := s.swapByID(ctx, s.DB.W, id)
	return sw, replayed, apperr.Wrap(op, err)
}

func (s *Service) swapByID(ctx context.Context, idb bun.IDB, id string) (*ShiftSwap, error) {
	return byID[ShiftSwap](ctx, idb, "roster.swap", id)
}

// claimSwap moves a swap from one state to another if it is still at version and in
// from; otherwise it explains the conflict: decided already, or changed meanwhile.
func (s *Service) claimSwap(ctx context.Context, tx bun.Tx, op string, sw *ShiftSwap, version int, from, to SwapStatus, set string, args ...any) error {
	q := tx.NewUpdate().Model((*ShiftSwap)(nil)).Set("status = ?, version = version + 1, updated_at = ?", to, s.Now().UTC())
	if set != "" {
		q = q.Set(set, args...)
	}
	if ok, err := db.WroteOne(ctx, q.Where("id = ? AND version = ? AND status = ?", sw.ID, version, from)); ok || err != nil {
		return err
	}
	cur, err := s.swapByID(ctx, tx, sw.ID)
	if err != nil {
		return err
	}
	if cur.Status != from {
		return apperr.E(op, apperr.Conflict).With("status", string(cur.Status)).Explain(
			fmt.Sprintf("该换班申请已处理(当前状态:%s),不能再次处理", statusZH[cur.Status]),
			fmt.Sprintf("This swap request was already handled (now %s); it cannot be handled again", cur.Status))
	}
	return apperr.E(op, apperr.Conflict).With("version", cur.Version).Explain(
		"该换班申请已被他人更新,请刷新后再处理", "Someone else updated this swap request; refresh and try again")
}

var statusZH = map[SwapStatus]string{
	SwapPendingColleague: "待同事确认", SwapPendingApproval: "待主管审批", SwapApproved: "已批准",
	SwapRejected: "已驳回", SwapDeclined: "同事已拒绝", SwapCancelled: "已撤回",
}

// seesSwap reports whether p may see sw: its two people and those who oversee its depot.
func seesSwap(p *identity.Principal, sw *ShiftSwap) bool {
	return sw.Involves(p.ID) || readsDepot(p, sw.DepotID)
}

// swapDeciders finds who decides a swap the colleague accepted: the depot's supervisors
// who are not a party to it; when every supervisor is (a supervisor swapping with a
// colleague), the next level up: the managers of the nearest unit above the depot, whose
// unit is returned so the swap reaches their approvals inbox. No one decides their own
// case.
func swapDeciders(ctx context.Context, tx bun.IDB, p *identity.Principal, sw *ShiftSwap) ([]*identity.Staff, *string, error) {
	sups, err := depotSupervisors(ctx, tx, sw.DepotID)
	if err != nil {
		return nil, nil, err
	}
	var out []*identity.Staff
	for _, s := range sups {
		if !sw.Involves(s.ID) {
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		return out, nil, nil
	}
	unit, managers, err := identity.NextManagers(ctx, tx, p.Reach().Tree(), sw.DepotID, sw.RequesterID, sw.ColleagueID)
	if err != nil || unit == "" {
		return nil, nil, err
	}
	return managers, &unit, nil
}

// RespondToShiftSwap is the colleague's answer: accepting sends the request to the
// depot's supervisors who are not a party to it (or, when all are, to the managers one
// level up), declining ends it; the requester is told either way. Only the named
// colleague (FORBIDDEN; NOT_FOUND for someone who may not see the swap); CONFLICT when
// the request is no longer waiting for them or changed since version;
// IDEMPOTENCY_KEY_REUSED.
func (s *Service) RespondToShiftSwap(ctx context.Context, key, swapID string, version int, accept bool) (*ShiftSwap, bool, error) {
	const op = "roster.RespondToShiftSwap"
	replayed, err := s.staffWrite(ctx, op, key, []any{swapID, version, accept}, func(ctx context.Context, tx bun.Tx, p *identity.Principal, now time.Time) error {
		sw, err := s.swapByID(ctx, tx, swapID)
		if err != nil {
			return err
		}
		if !seesSwap(p, sw) {
			return apperr.E(op, apperr.NotFound)
		}
		if sw.ColleagueID != p.ID {
			return apperr.E(op, apperr.Forbidden).Explain("只有被邀请的同事可以答复", "Only the colleague asked can answer")
		}
		to := SwapDeclined
		zh, en := "同事拒绝了您的换班申请", "Your colleague declined the swap"
		var deciders []*identity.Staff
		var upTo *string
		if accept {
			to = SwapPendingApproval
			zh, en = "同事已同意换班,等待主管审批", "Your colleague accepted the swap; it now waits for the supervisor"
			if deciders, upTo, err = swapDeciders(ctx, tx, p, sw); err != nil {
				return err
			}
			if upTo != nil {
				zh, en = "同事已同意换班,等待上级经理审批", "Your colleague accepted the swap; it now waits for the manager above"
			}
		}
		if err := s.claimSwap(ctx, tx, op, sw, version, SwapPendingColleague, to, "colleague_responded_at = ?, approver_unit_id = ?", now, upTo); err != nil {
			return err
		}
		notes := []*Notification{s.note(sw.RequesterID, "SWAP_"+string(to), "ShiftSwap", sw.ID, now, zh, en)}
		if accept {
			for _, sup := range deciders {
				notes = append(notes, s.note(sup.ID, "SWAP_AWAITS_APPROVAL", "ShiftSwap", sw.ID, now,
					fmt.Sprintf("新的换班申请待审批:%s 换 %s", sw.RequesterDay, sw.ColleagueDay),
					fmt.Sprintf("A shift swap awaits your approval: %s for %s", sw.RequesterDay, sw.ColleagueDay)))
			}
		}
		return s.notify(ctx, tx, notes...)
	})
	if err != nil {
		return nil, false, err
	}
	sw, err := s.swapByID(ctx, s.DB.W, swapID)
	return sw, replayed, apperr.Wrap(op, err)
}

// DecideShiftSwap is the supervisor's approval or rejection, with a comment (required
// to reject). Approval re-checks every rule and exchanges the two shifts on the roster
// in the same transaction: all or nothing. The depot's supervisors and the managers above
// the depot only (FORBIDDEN), never a party to the swap (PARTY_CANNOT_DECIDE: it goes
// one level up); NOT_FOUND for a swap the caller may not see; CONFLICT when the request
// was already decided, changed since version, or the roster changed under it; any swap
// rule's code when it no longer holds; BAD_USER_INPUT for a rejection without a comment;
// IDEMPOTENCY_KEY_REUSED.
func (s *Service) DecideShiftSwap(ctx context.Context, key, swapID string, version int, d Decision, comment string) (*ShiftSwap, bool, error) {
	const op = "roster.DecideShiftSwap"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := validateDecision(op, key, d, &comment); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var replayed bool
	_, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{swapID, version, d, comment}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			sw, err := s.swapByID(ctx, tx, swapID)
			if err != nil {
				return "", err
			}
			if !seesSwap(p, sw) {
				return "", apperr.E(op, apperr.NotFound)
			}
			if sw.Involves(p.ID) {
				return "", apperr.E(op, apperr.PartyCannotDecide).Explain("不能审批自己参与的换班,该申请由上一级审批",
					"You cannot decide a swap you are party to; the next level up decides it")
			}
			if !p.Reach().Covers(sw.DepotID, identity.RoleSupervisor, identity.RoleManager) {
				return "", apperr.E(op, apperr.Forbidden).Explain("只有本网点主管或其上级经理可以审批换班", "Only the depot's supervisor or a manager above it can decide a swap")
			}
			to := SwapRejected
			if d == Approve {
				to = SwapApproved
			}
			if err := s.claimSwap(ctx, tx, op, sw, version, SwapPendingApproval, to,
				"decided_by = ?, decided_at = ?, decision_comment = ?", p.ID, now, comment); err != nil {
				return "", err
			}
			if d == Approve {
				if err := s.applySwap(ctx, tx, op, st, sw, now); err != nil {
					return "", err
				}
			}
			zh, en := "您的换班申请已获批准,值班表已更新", "Your shift swap was approved; the roster is updated"
			if d == Reject {
				zh, en = "您的换班申请被驳回:"+comment, "Your shift swap was rejected: "+comment
			}
			return sw.ID, s.notify(ctx, tx,
				s.note(sw.RequesterID, "SWAP_"+string(to), "ShiftSwap", sw.ID, now, zh, en),
				s.note(sw.ColleagueID, "SWAP_"+string(to), "ShiftSwap", sw.ID, now, zh, en))
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	sw, err := s.swapByID(ctx, s.DB.W, swapID)
	return sw, replayed, apperr.Wrap(op, err)
}

// applySwap re-checks the rules and exchanges the two shifts: each assignment keeps its
// person and takes the other's day and shift.
func (s *Service) applySwap(ctx context.Context, tx bun.Tx, op string, st *Settings, sw *ShiftSwap, now time.Time) error {
	var as []*Assignment
	if err := tx.NewSelect().Model(&as).Where("id IN (?)", bun.List([]string{sw.RequesterAssignmentID, sw.ColleagueAssignmentID})).Scan(ctx); err != nil {
		return err
	}
	var ra, ca *Assignment
	for _, a := range as {
		switch {
		case a.ID == sw.RequesterAssignmentID && a.StaffID == sw.RequesterID && a.Day == sw.RequesterDay && a.ShiftTypeID == sw.RequesterShiftTypeID:
			ra = a
		case a.ID == sw.ColleagueAssignmentID && a.StaffID == sw.ColleagueID && a.Day == sw.ColleagueDay && a.ShiftTypeID == sw.ColleagueShiftTypeID:
			ca = a
		}
	}
	if ra == nil || ca == nil {
		return apperr.E(op, apperr.Conflict).Explain("申请后值班表已调整,该换班已无法执行,请重新申请",
			"The roster changed after the request; this swap can no longer be made, ask again")
	}
	f, err := s.swapFacts(ctx, tx, st, sw)
	if err != nil {
		return err
	}
	if vs := f.swapRules(sw, ra, ca, now); len(vs) > 0 {
		return refusal(op, vs)
	}
	for _, m := range []struct{ row, from *Assignment }{{ra, ca}, {ca, ra}} {
		if _, err := tx.NewUpdate().Model((*Assignment)(nil)).
			Set("roster_id = ?, day = ?, shift_type_id = ?, starts_at = ?, ends_at = ?, swap_id = ?, updated_at = ?",
				m.from.RosterID, m.from.Day, m.from.ShiftTypeID, m.from.StartsAt, m.from.EndsAt, sw.ID, now).
			Where("id = ?", m.row.ID).Exec(ctx); err != nil {
			return err
		}
	}
	_, err = tx.NewUpdate().Model((*Roster)(nil)).Set("version = version + 1, updated_at = ?", now).
		Where("id IN (?)", bun.List([]string{ra.RosterID, ca.RosterID})).Exec(ctx)
	return err
}

// SwapsByIDs loads swaps by id for node look-ups: visible to the two people and to
// those who oversee the depot (seesSwap).
func (s *Service) SwapsByIDs(ctx context.Context, ids []string) ([]*ShiftSwap, error) {
	const op = "roster.SwapsByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	cond, args := overseenSQL(p, "depot_id")
	var out []*ShiftSwap
	q := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).
		Where("(requester_id = ? OR colleague_id = ? OR "+cond+")", append([]any{p.ID, p.ID}, args...)...)
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// MySwaps lists the swaps the caller asked for or was asked for, whose swapped day is in
// month, newest first. Staff only.
func (s *Service) MySwaps(ctx context.Context, month string) ([]*ShiftSwap, error) {
	const op = "roster.MySwaps"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	var out []*ShiftSwap
	err = s.DB.R.NewSelect().Model(&out).Where("(requester_id = ? OR colleague_id = ?) AND requester_day >= ? AND requester_day <= ?",
		p.ID, p.ID, month+"-01", month+"-31").OrderExpr("created_at DESC").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// validateDecision checks an approver's input: an idempotency key, a known decision, and
// a comment of 2 to 200 characters when rejecting (at most 200 otherwise), cleaned in
// place by the text rule.
func validateDecision(op, key string, d Decision, comment *string) error {
	if err := idempotency.ValidateKey(op, key); err != nil {
		return err
	}
	if d != Approve && d != Reject {
		return apperr.Invalid(op, "decision", "审批结果无效", "Unknown decision")
	}
	min := 0
	if d == Reject {
		min = 2
	}
	return decisionComment.CleanAtLeast(op, comment, min, "驳回须填写意见(2 到 200 字)", "A rejection needs a comment (2 to 200 characters)")
}

// The free-text rules of the roster (internal/text).
var (
	leaveTypeName   = text.Rule{Field: "name", Max: 30}
	leaveReason     = text.Rule{Field: "reason", Max: 200, Multiline: true}
	swapReason      = text.Rule{Field: "reason", Max: 200, Multiline: true}
	decisionComment = text.Rule{Field: "comment", Max: 200, Multiline: true}
	shiftTypeName   = text.Rule{Field: "name", Max: 20}
)
