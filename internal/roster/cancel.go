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
)

// CancelShiftSwap withdraws the caller's own swap request while it still waits for the
// colleague or the supervisor; the colleague is told, and so are the depot's
// supervisors once it had reached them. Withdrawing a withdrawn request again changes
// nothing and succeeds. Only the requester (FORBIDDEN); NOT_FOUND;
// REQUEST_ALREADY_DECIDED once declined, approved or rejected (a decision that came
// first wins); CONFLICT when it changed since version (the colleague answered
// meanwhile: look again); IDEMPOTENCY_KEY_REUSED.
func (s *Service) CancelShiftSwap(ctx context.Context, key, swapID string, version int) (*ShiftSwap, bool, error) {
	const op = "roster.CancelShiftSwap"
	replayed, err := s.staffWrite(ctx, op, key, []any{swapID, version}, func(ctx context.Context, tx bun.Tx, p *identity.Principal, now time.Time) error {
		return s.cancelSwap(ctx, tx, op, p, swapID, version, now)
	})
	if err != nil {
		return nil, false, err
	}
	sw, err := s.swapByID(ctx, s.DB.W, swapID)
	return sw, replayed, apperr.Wrap(op, err)
}

// staffWrite runs a retried write by a staff member on a request that already exists:
// fn runs once per idempotency key in a write transaction of its own, and the caller
// reloads the request afterwards. It reports whether the answer was a replay.
func (s *Service) staffWrite(ctx context.Context, op, key string, fingerprint []any,
	fn func(ctx context.Context, tx bun.Tx, p *identity.Principal, now time.Time) error) (bool, error) {
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return false, err
	}
	now := s.Now().UTC()
	_, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(fingerprint), now,
		func(ctx context.Context, tx bun.Tx) (struct{}, error) { return struct{}{}, fn(ctx, tx, p, now) })
	return replayed, apperr.Wrap(op, err)
}

// awaitingDeciders loads who a swap waiting for approval is waiting for: the managers it
// went up to, or the depot's supervisors who are not a party to it.
func awaitingDeciders(ctx context.Context, tx bun.IDB, sw *ShiftSwap) ([]*identity.Staff, error) {
	var all []*identity.Staff
	var err error
	if sw.ApproverUnitID != nil {
		all, err = identity.ManagersOf(ctx, tx, []string{*sw.ApproverUnitID})
	} else {
		all, err = depotSupervisors(ctx, tx, sw.DepotID)
	}
	var out []*identity.Staff
	for _, st := range all {
		if !sw.Involves(st.ID) {
			out = append(out, st)
		}
	}
	return out, err
}

// depotSupervisors loads the active supervisors of a depot, to tell them about a swap.
func depotSupervisors(ctx context.Context, tx bun.IDB, depotID string) ([]*identity.Staff, error) {
	return identity.StaffWithRole(ctx, tx, identity.RoleSupervisor, []string{depotID})
}

func (s *Service) cancelSwap(ctx context.Context, tx bun.Tx, op string, p *identity.Principal, swapID string, version int, now time.Time) error {
	sw, err := s.swapByID(ctx, tx, swapID)
	if err != nil {
		return err
	}
	if !seesSwap(p, sw) {
		return apperr.E(op, apperr.NotFound)
	}
	if sw.RequesterID != p.ID {
		return apperr.E(op, apperr.Forbidden).Explain("只有申请人可以撤回换班申请", "Only the requester can withdraw a swap request")
	}
	pending := []SwapStatus{SwapPendingColleague, SwapPendingApproval}
	for attempt := 0; ; attempt++ {
		switch {
		case sw.Status == SwapCancelled:
			return nil
		case !sw.Status.pending():
			return alreadyDecided(op, string(sw.Status), statusZH[sw.Status])
		case sw.Version != version:
			return staleVersion(op, sw.Version, "该换班申请已有更新(例如同事已答复),请刷新后再撤回",
				"This swap request changed (for example the colleague answered); refresh and try again")
		}
		ok, err := db.WroteOne(ctx, tx.NewUpdate().Model((*ShiftSwap)(nil)).Set("status = ?, version = version + 1, updated_at = ?", SwapCancelled, now).
			Where("id = ? AND version = ? AND status IN (?)", sw.ID, version, bun.List(pending)))
		if err != nil {
			return err
		}
		if ok {
			break
		}
		// Someone acted between the read and the write: explain what they did.
		if attempt > 0 {
			return apperr.E(op, apperr.Conflict)
		}
		if sw, err = s.swapByID(ctx, tx, swapID); err != nil {
			return err
		}
	}
	who, whoEN := staffName(ctx, tx, sw.RequesterID)
	zh := fmt.Sprintf("%s撤回了换班申请:%s换%s", who, dayZH(sw.RequesterDay), dayZH(sw.ColleagueDay))
	en := fmt.Sprintf("%s withdrew the swap request: %s for %s", whoEN, dayEN(sw.RequesterDay), dayEN(sw.ColleagueDay))
	notes := []*Notification{s.note(sw.ColleagueID, "SWAP_CANCELLED", "ShiftSwap", sw.ID, now, zh, en)}
	if sw.Status == SwapPendingApproval {
		sups, err := awaitingDeciders(ctx, tx, sw)
		if err != nil {
			return err
		}
		for _, sup := range sups {
			notes = append(notes, s.note(sup.ID, "SWAP_CANCELLED", "ShiftSwap", sw.ID, now,
				fmt.Sprintf("%s撤回了换班申请,无需审批:%s换%s", who, dayZH(sw.RequesterDay), dayZH(sw.ColleagueDay)),
				fmt.Sprintf("%s withdrew a swap request; it needs no decision: %s for %s", whoEN, dayEN(sw.RequesterDay), dayEN(sw.ColleagueDay))))
		}
	}
	return s.notify(ctx, tx, notes...)
}

// pending reports whether the swap still waits for an answer.
func (s SwapStatus) pending() bool { return s == SwapPendingColleague || s == SwapPendingApproval }

// CancelLeave withdraws the caller's own leave request while it is still pending (even
// after a first level approved it); every approver who has seen it so far is told.
// Withdrawing a withdrawn request again changes nothing and succeeds. Only the
// requester (FORBIDDEN); NOT_FOUND; REQUEST_ALREADY_DECIDED once approved at the last
// level or rejected (a decision that came first wins); CONFLICT when it changed since
// version (a level approved meanwhile: look again); IDEMPOTENCY_KEY_REUSED.
func (s *Service) CancelLeave(ctx context.Context, key, leaveID string, version int) (*LeaveRequest, bool, error) {
	const op = "roster.CancelLeave"
	replayed, err := s.staffWrite(ctx, op, key, []any{leaveID, version}, func(ctx context.Context, tx bun.Tx, p *identity.Principal, now time.Time) error {
		return s.cancelLeave(ctx, tx, op, p, leaveID, version, now)
	})
	if err != nil {
		return nil, false, err
	}
	l, err := s.leaveByID(ctx, s.DB.W, leaveID)
	return l, replayed, apperr.Wrap(op, err)
}

var leaveStatusZH = map[LeaveStatus]string{LeavePending: "审批中", LeaveApproved: "已批准", LeaveRejected: "已驳回", LeaveCancelled: "已撤回"}

func (s *Service) cancelLeave(ctx context.Context, tx bun.Tx, op string, p *identity.Principal, leaveID string, version int, now time.Time) error {
	l, err := s.leaveByID(ctx, tx, leaveID)
	if err != nil {
		return err
	}
	if l.StaffID != p.ID {
		if !readsDepot(p, l.DepotID) {
			ok, err := tx.NewSelect().Model((*LeaveApproval)(nil)).Where("leave_id = ? AND approver_id = ?", l.ID, p.ID).Exists(ctx)
			if err != nil {
				return err
			}
			if !ok {
				return apperr.E(op, apperr.NotFound)
			}
		}
		return apperr.E(op, apperr.Forbidden).Explain("只有申请人可以撤回请假申请", "Only the requester can withdraw a leave request")
	}
	for attempt := 0; ; attempt++ {
		switch {
		case l.Status == LeaveCancelled:
			return nil
		case l.Status != LeavePending:
			return alreadyDecided(op, string(l.Status), leaveStatusZH[l.Status])
		case l.Version != version:
			return staleVersion(op, l.Version, "该请假申请已有更新(例如已有一级审批),请刷新后再撤回",
				"This leave request changed (for example a level approved it); refresh and try again")
		}
		ok, err := db.WroteOne(ctx, tx.NewUpdate().Model((*LeaveRequest)(nil)).Set("status = ?, version = version + 1, updated_at = ?", LeaveCancelled, now).
			Where("id = ? AND version = ? AND status = ?", l.ID, version, LeavePending))
		if err != nil {
			return err
		}
		if ok {
			break
		}
		if attempt > 0 {
			return apperr.E(op, apperr.Conflict)
		}
		if l, err = s.leaveByID(ctx, tx, leaveID); err != nil {
			return err
		}
	}
	var steps []*LeaveApproval
	if err := tx.NewSelect().Model(&steps).Where("leave_id = ? AND level <= ?", l.ID, l.CurrentLevel).OrderExpr("level").Scan(ctx); err != nil {
		return err
	}
	seen := map[string]bool{}
	var notes []*Notification
	for _, st := range steps {
		for _, who := range []*string{&st.ApproverID, st.ActedBy} {
			if who == nil || seen[*who] {
				continue
			}
			seen[*who] = true
			notes = append(notes, s.note(*who, "LEAVE_CANCELLED", "LeaveRequest", l.ID, now,
				fmt.Sprintf("请假申请已被申请人撤回,无需审批:%s 至 %s", l.StartDay, l.EndDay),
				fmt.Sprintf("A leave request was withdrawn and needs no decision: %s to %s", l.StartDay, l.EndDay)))
		}
	}
	return s.notify(ctx, tx, notes...)
}

func alreadyDecided(op, status, statusZH string) error {
	return apperr.E(op, apperr.RequestAlreadyDecided).With("status", status).Explain(
		fmt.Sprintf("该申请已有结果(%s),不能再撤回", statusZH),
		fmt.Sprintf("This request has already been decided (%s); it can no longer be withdrawn", status))
}

func staleVersion(op string, current int, zh, en string) error {
	return apperr.E(op, apperr.Conflict).With("version", current).Explain(zh, en)
}
