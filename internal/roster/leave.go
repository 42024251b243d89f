package roster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
)

// LeaveTypes lists the caller's organisation's leave types, active ones first. Staff only.
func (s *Service) LeaveTypes(ctx context.Context) ([]*LeaveType, error) {
	const op = "roster.LeaveTypes"
	_, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*LeaveType
	err = s.DB.R.NewSelect().Model(&out).Where("org_id = ?", st.OrgID).OrderExpr("active DESC, code").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// LeaveTypesByIDs loads leave types by id (for dataloaders).
func (s *Service) LeaveTypesByIDs(ctx context.Context, ids []string) ([]*LeaveType, error) {
	var out []*LeaveType
	err := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).Scan(ctx)
	return out, apperr.Wrap("roster.LeaveTypesByIDs", err)
}

var leaveCode = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,29}$`)

// SaveLeaveType adds a leave type to the caller's organisation or changes the one with
// the same code. Admins and managers only (FORBIDDEN); BAD_USER_INPUT for a bad code or
// name.
func (s *Service) SaveLeaveType(ctx context.Context, code, nameZH, nameEN string, requiresAdvance, active bool) (*LeaveType, error) {
	const op = "roster.SaveLeaveType"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasAnyRole(identity.RoleAdmin, identity.RoleManager) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	if !leaveCode.MatchString(code) {
		return nil, apperr.Invalid(op, "code", "假期代码须为大写字母开头的 2 到 30 位字母数字", "A leave code is 2 to 30 capital letters, digits or _, starting with a letter")
	}
	for _, n := range []*string{&nameZH, &nameEN} {
		if err := leaveTypeName.CleanAtLeast(op, n, 1, "请填写中英文名称(1 到 30 字)", "Give a Chinese and an English name (1 to 30 characters)"); err != nil {
			return nil, err
		}
	}
	lt := &LeaveType{ID: newID(), OrgID: st.OrgID, Code: code, NameZH: nameZH, NameEN: nameEN, RequiresAdvance: requiresAdvance,
		Active: active, CreatedAt: s.Now().UTC()}
	_, err = s.DB.W.NewInsert().Model(lt).On("CONFLICT (org_id, code) DO UPDATE").
		Set("name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, requires_advance = EXCLUDED.requires_advance, active = EXCLUDED.active").Exec(ctx)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	err = s.DB.W.NewSelect().Model(lt).Where("org_id = ? AND code = ?", st.OrgID, code).Scan(ctx)
	return lt, apperr.Wrap(op, err)
}

// chain returns up to levels superiors of staffID, nearest first.
func chain(ctx context.Context, idb bun.IDB, staffID string, levels int) ([]string, error) {
	var out []string
	cur := staffID
	for len(out) < levels {
		st, err := identity.StaffByID(ctx, idb, cur)
		if err != nil {
			return nil, err
		}
		if st.SuperiorID == nil {
			break
		}
		out = append(out, *st.SuperiorID)
		cur = *st.SuperiorID
	}
	return out, nil
}

// LeaveInput is a leave request: whole days from StartDay to EndDay.
type LeaveInput struct {
	LeaveTypeID string
	StartDay    string
	EndDay      string
	Reason      string
}

// leaveCheck evaluates every rule that refuses p asking for leave in, on idb, writing
// nothing: the one rule list behind CheckLeave (the dry run) and RequestLeave. It returns
// the leave type, the approval chain and every violation, LEAVE_NO_APPROVER first, then
// the roster rules (LEAVE_NOT_IN_ADVANCE, LEAVE_OVERLAP, LEAVE_NIGHT_SHIFT,
// LEAVE_HOLIDAY_DUTY, LEAVE_ON_SWAP_DAY), then LEAVE_BALANCE_EXCEEDED. Bad days or an
// unknown type are BAD_USER_INPUT errors, not violations.
func (s *Service) leaveCheck(ctx context.Context, idb bun.IDB, op string, p *identity.Principal, st *Settings, in LeaveInput, now time.Time) (*LeaveType, []string, []Violation, error) {
	from, err1 := time.Parse(dayLayout, in.StartDay)
	to, err2 := time.Parse(dayLayout, in.EndDay)
	if err1 != nil || err2 != nil || to.Before(from) || to.Sub(from) > 90*24*time.Hour {
		return nil, nil, nil, apperr.Invalid(op, "endDay", "请假日期无效(结束不早于开始,最长 90 天)", "Invalid days (the end is not before the start; at most 90 days)")
	}
	lt := new(LeaveType)
	if err := idb.NewSelect().Model(lt).Where("id = ? AND org_id = ? AND active", in.LeaveTypeID, st.OrgID).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, nil, apperr.Invalid(op, "leaveTypeId", "假期类型无效", "Unknown leave type")
		}
		return nil, nil, nil, err
	}
	approvers, err := chain(ctx, idb, p.ID, st.LeaveApprovalLevels)
	if err != nil {
		return nil, nil, nil, err
	}
	var vs []Violation
	if len(approvers) == 0 {
		vs = append(vs, Violation{Code: apperr.LeaveNoApprover, ZH: apperr.Text(apperr.LeaveNoApprover, apperr.ZH), EN: apperr.Text(apperr.LeaveNoApprover, apperr.EN)})
	}
	f, err := s.loadFacts(ctx, idb, st, scope{orgID: st.OrgID, people: []string{p.ID}, from: in.StartDay, to: in.EndDay})
	if err != nil {
		return nil, nil, nil, err
	}
	vs = append(vs, f.leaveRules(p.ID, in.StartDay, in.EndDay, "", true, lt, now, s.Zone)...)
	bvs, err := s.balanceViolations(ctx, idb, st.OrgID, p.ID, lt, in.StartDay, in.EndDay, "", true)
	if err != nil {
		return nil, nil, nil, err
	}
	return lt, approvers, append(vs, bvs...), nil
}

// CheckLeave is the dry run of RequestLeave for the caller: every rule the request would
// break (empty when it may be sent), from the same rule list, writing nothing. Staff only;
// BAD_USER_INPUT for bad days (the end before the start, more than 90 days) or a leave
// type that is not an active one of the caller's organisation.
func (s *Service) CheckLeave(ctx context.Context, in LeaveInput) ([]Violation, error) {
	const op = "roster.CheckLeave"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	_, _, vs, err := s.leaveCheck(ctx, s.DB.R, op, p, st, in, s.Now().UTC())
	return vs, apperr.Wrap(op, err)
}

// RequestLeave asks for leave. The approval chain is fixed now: the caller's superior,
// then theirs, for as many levels as the organisation's settings say (fewer when the
// chain is shorter); the first approver is notified. Staff only. Refused, by the rules
// CheckLeave runs, with LEAVE_NO_APPROVER without a superior, LEAVE_NOT_IN_ADVANCE,
// LEAVE_OVERLAP, LEAVE_NIGHT_SHIFT (find a cover swap instead), LEAVE_HOLIDAY_DUTY,
// LEAVE_ON_SWAP_DAY or LEAVE_BALANCE_EXCEEDED (the days, approved and pending leave
// included, exceed the balance); every violation in extensions.violations;
// BAD_USER_INPUT for bad days, reason or type; IDEMPOTENCY_KEY_REUSED.
func (s *Service) RequestLeave(ctx context.Context, key string, in LeaveInput) (*LeaveRequest, bool, error) {
	const op = "roster.RequestLeave"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if err := leaveReason.CleanAtLeast(op, &in.Reason, 2, "请填写请假事由(2 到 200 字)", "Give a reason (2 to 200 characters)"); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var id string
	var replayed bool
	id, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			// Two requests for the same person at once are checked one after the other, so
			// that together they cannot overdraw the balance.
			if err := lockStaff(ctx, tx, p.ID); err != nil {
				return "", err
			}
			lt, approvers, vs, err := s.leaveCheck(ctx, tx, op, p, st, in, now)
			if err != nil {
				return "", err
			}
			if len(vs) > 0 {
				return "", refusal(op, vs)
			}
			l := &LeaveRequest{ID: newID(), DepotID: p.DepotID, StaffID: p.ID, LeaveTypeID: lt.ID, StartDay: in.StartDay,
				EndDay: in.EndDay, Reason: in.Reason, Status: LeavePending, CurrentLevel: 1, Levels: len(approvers),
				Version: 1, CreatedAt: now, UpdatedAt: now}
			if _, err := tx.NewInsert().Model(l).Exec(ctx); err != nil {
				return "", err
			}
			steps := make([]*LeaveApproval, len(approvers))
			for i, a := range approvers {
				steps[i] = &LeaveApproval{ID: newID(), LeaveID: l.ID, Level: i + 1, ApproverID: a}
			}
			if _, err := tx.NewInsert().Model(&steps).Exec(ctx); err != nil {
				return "", err
			}
			return l.ID, s.notify(ctx, tx, s.leaveArrived(l, approvers[0], now))
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	l, err := s.leaveByID(ctx, s.DB.W, id)
	return l, replayed, apperr.Wrap(op, err)
}

func (s *Service) leaveArrived(l *LeaveRequest, approver string, now time.Time) *Notification {
	return s.note(approver, "LEAVE_AWAITS_APPROVAL", "LeaveRequest", l.ID, now,
		fmt.Sprintf("新的请假申请待您审批:%s 至 %s", l.StartDay, l.EndDay),
		fmt.Sprintf("A leave request awaits your approval: %s to %s", l.StartDay, l.EndDay))
}

func (s *Service) leaveByID(ctx context.Context, idb bun.IDB, id string) (*LeaveRequest, error) {
	return byID[LeaveRequest](ctx, idb, "roster.leave", id)
}

// absentToday reports which of staffIDs are on approved leave today.
func (s *Service) absentToday(ctx context.Context, idb bun.IDB, staffIDs []string) (map[string]bool, error) {
	today := s.Now().In(s.Zone).Format(dayLayout)
	var ids []string
	err := idb.NewSelect().Model((*LeaveRequest)(nil)).Column("staff_id").
		Where("staff_id IN (?) AND status = ? AND start_day <= ? AND end_day >= ?", bun.List(append([]string{""}, staffIDs...)), LeaveApproved, today, today).
		Scan(ctx, &ids)
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// DecideLeave is one level's approval or rejection. Only the approver of the current
// level acts, or, while that approver is on leave today, the delegate they named (and
// when that delegate is the requester, who may not decide their own case, the
// approver's own superior: the next level up); a later level acting first is
// LEAVE_LEVEL_SKIPPED; the requester is PARTY_CANNOT_DECIDE; anyone else who may see the
// request is FORBIDDEN, and NOT_FOUND for those who may not. Approval
// at the last level re-checks the leave rules against the roster as it is now and
// deducts the days from the balance (their codes refuse it; LEAVE_BALANCE_EXCEEDED when
// the approved leave leaves too few days). CONFLICT when the request was already decided at this level or
// changed since version; BAD_USER_INPUT for a rejection without a comment; NOT_FOUND;
// IDEMPOTENCY_KEY_REUSED.
func (s *Service) DecideLeave(ctx context.Context, key, leaveID string, version int, d Decision, comment string) (*LeaveRequest, bool, error) {
	const op = "roster.DecideLeave"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := validateDecision(op, key, d, &comment); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var replayed bool
	_, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{leaveID, version, d, comment}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			return leaveID, s.decideLeave(ctx, tx, op, p, st, leaveID, version, d, comment, now)
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	l, err := s.leaveByID(ctx, s.DB.W, leaveID)
	return l, replayed, apperr.Wrap(op, err)
}

func (s *Service) decideLeave(ctx context.Context, tx bun.Tx, op string, p *identity.Principal, st *Settings,
	leaveID string, version int, d Decision, comment string, now time.Time) error {
	l, err := s.leaveByID(ctx, tx, leaveID)
	if err != nil {
		return err
	}
	var steps []*LeaveApproval
	if err := tx.NewSelect().Model(&steps).Where("leave_id = ?", leaveID).OrderExpr("level").Scan(ctx); err != nil {
		return err
	}
	step := steps[l.CurrentLevel-1]
	if l.StaffID == p.ID {
		return apperr.E(op, apperr.PartyCannotDecide).Explain("不能审批自己的请假申请", "You cannot decide your own leave request")
	}
	inChain := slices.ContainsFunc(steps, func(o *LeaveApproval) bool { return o.ApproverID == p.ID })
	if !inChain && !readsDepot(p, l.DepotID) {
		stands, err := s.standsIn(ctx, tx, p, l, step)
		if err != nil {
			return err
		}
		if !stands {
			return apperr.E(op, apperr.NotFound)
		}
	}
	if l.Status == LeaveCancelled {
		return apperr.E(op, apperr.Conflict).With("status", string(l.Status)).Explain(
			"申请人已撤回该请假申请,无需再审批", "The requester withdrew this leave request; there is nothing left to decide")
	}
	if l.Status != LeavePending {
		return apperr.E(op, apperr.Conflict).With("status", string(l.Status)).Explain(
			"该请假申请已处理完毕,不能再次审批或修改", "This leave request is already decided; it cannot be decided or changed again")
	}
	if step.ApproverID != p.ID {
		// Standing in for an absent approver comes first: the one who stands in may also
		// hold a later level of the chain (the approver's superior).
		stands, err := s.standsIn(ctx, tx, p, l, step)
		if err != nil {
			return err
		}
		absent, err := s.absentToday(ctx, tx, []string{step.ApproverID})
		if err != nil {
			return err
		}
		if !stands || !absent[step.ApproverID] {
			for _, o := range steps {
				if o.ApproverID == p.ID && o.Level > l.CurrentLevel {
					return apperr.E(op, apperr.LeaveLevelSkipped).Explain(
						fmt.Sprintf("请假须逐级审批:第 %d 级尚未审批,您是第 %d 级", l.CurrentLevel, o.Level),
						fmt.Sprintf("Leave is approved level by level: level %d has not decided yet and you are level %d", l.CurrentLevel, o.Level))
				}
				if o.ApproverID == p.ID && o.Level < l.CurrentLevel {
					return apperr.E(op, apperr.Conflict).Explain("您已审批过该请假申请", "You have already decided this leave request")
				}
			}
		}
		if !stands {
			return apperr.E(op, apperr.Forbidden).Explain("您不是该请假申请当前级别的审批人", "You are not the approver of this leave request's current level")
		}
		if !absent[step.ApproverID] {
			return apperr.E(op, apperr.Forbidden).Explain("审批人今天在岗,只有其本人休假时才由您代为审批",
				"The approver is at work today; you approve for them only while they are on leave")
		}
	}
	next, status := l.CurrentLevel, LeavePending
	switch {
	case d == Reject:
		status = LeaveRejected
	case l.CurrentLevel == l.Levels:
		status = LeaveApproved
	default:
		next++
	}
	if status == LeaveApproved {
		lt := new(LeaveType)
		if err := tx.NewSelect().Model(lt).Where("id = ?", l.LeaveTypeID).Scan(ctx); err != nil {
			return err
		}
		f, err := s.loadFacts(ctx, tx, st, scope{orgID: st.OrgID, people: []string{l.StaffID}, from: l.StartDay, to: l.EndDay})
		if err != nil {
			return err
		}
		vs := f.leaveRules(l.StaffID, l.StartDay, l.EndDay, l.ID, false, lt, now, s.Zone)
		// Approval deducts the days: they must fit what is left after the approved leave
		// (other pending requests are not deducted until they are approved).
		bvs, err := s.checkBalance(ctx, tx, st.OrgID, l.StaffID, lt, l.StartDay, l.EndDay, l.ID, false)
		if err != nil {
			return err
		}
		if vs = append(vs, bvs...); len(vs) > 0 {
			return refusal(op, vs)
		}
	}
	err = db.WriteOne(ctx, tx.NewUpdate().Model((*LeaveRequest)(nil)).
		Set("status = ?, current_level = ?, version = version + 1, updated_at = ?", status, next, now).
		Where("id = ? AND version = ? AND status = ? AND current_level = ?", l.ID, version, LeavePending, l.CurrentLevel),
		apperr.E(op, apperr.Conflict).Explain("该请假申请已被他人更新,请刷新后再审批", "Someone else updated this leave request; refresh and try again"))
	if err != nil {
		return err
	}
	if _, err := tx.NewUpdate().Model((*LeaveApproval)(nil)).Set("acted_by = ?, decision = ?, comment = ?, decided_at = ?", p.ID, d, comment, now).
		Where("id = ?", step.ID).Exec(ctx); err != nil {
		return err
	}
	switch status {
	case LeavePending:
		return s.notify(ctx, tx, s.leaveArrived(l, steps[next-1].ApproverID, now))
	case LeaveApproved:
		return s.notify(ctx, tx, s.note(l.StaffID, "LEAVE_APPROVED", "LeaveRequest", l.ID, now,
			fmt.Sprintf("您 %s 至 %s 的请假已批准", l.StartDay, l.EndDay), fmt.Sprintf("Your leave %s to %s is approved", l.StartDay, l.EndDay)))
	default:
		return s.notify(ctx, tx, s.note(l.StaffID, "LEAVE_REJECTED", "LeaveRequest", l.ID, now,
			fmt.Sprintf("您 %s 至 %s 的请假被驳回:%s", l.StartDay, l.EndDay, comment), fmt.Sprintf("Your leave %s to %s was rejected: %s", l.StartDay, l.EndDay, comment)))
	}
}

// standsIn reports whether p may stand in for step's approver on l (on the condition,
// checked by the caller, that the approver is on leave today): p is the delegate the
// approver named, or, when that delegate is the requester (who may not decide their own
// case), p is the approver's superior.
func (s *Service) standsIn(ctx context.Context, tx bun.IDB, p *identity.Principal, l *LeaveRequest, step *LeaveApproval) (bool, error) {
	del := new(Delegate)
	err := tx.NewSelect().Model(del).Where("staff_id = ?", step.ApproverID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if del.DelegateID == p.ID {
		return true, nil
	}
	if del.DelegateID != l.StaffID {
		return false, nil
	}
	return identity.ReportsTo(ctx, tx, step.ApproverID, p.ID)
}

// SetDelegate names who approves for the caller while the caller is on leave; an empty
// id removes the delegate. Supervisors, managers and admins only (FORBIDDEN);
// BAD_USER_INPUT for oneself or someone who is not a supervisor or manager.
func (s *Service) SetDelegate(ctx context.Context, delegateID string) (*Delegate, error) {
	const op = "roster.SetDelegate"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, err
	}
	if delegateID == "" {
		_, err := s.DB.W.NewDelete().Model((*Delegate)(nil)).Where("staff_id = ?", p.ID).Exec(ctx)
		return nil, apperr.Wrap(op, err)
	}
	st, err := identity.ActiveStaffWithAnyRole(ctx, s.DB.R, delegateID, identity.RoleSupervisor, identity.RoleManager)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if st == nil || delegateID == p.ID || !p.Reach().InOrg(st.DepotID) {
		return nil, apperr.Invalid(op, "delegateId", "代理审批人须是另一位在职主管或经理", "The delegate must be another active supervisor or manager")
	}
	del := &Delegate{StaffID: p.ID, DelegateID: delegateID, UpdatedAt: s.Now().UTC()}
	_, err = s.DB.W.NewInsert().Model(del).On("CONFLICT (staff_id) DO UPDATE").
		Set("delegate_id = EXCLUDED.delegate_id, updated_at = EXCLUDED.updated_at").Exec(ctx)
	return del, apperr.Wrap(op, err)
}

// LeavesByIDs loads leave requests by id for node look-ups: visible to the requester,
// everyone on its approval chain and those who oversee the depot.
func (s *Service) LeavesByIDs(ctx context.Context, ids []string) ([]*LeaveRequest, error) {
	const op = "roster.LeavesByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	cond, args := overseenSQL(p, "depot_id")
	var out []*LeaveRequest
	q := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).
		Where("(staff_id = ? OR id IN (SELECT leave_id FROM leave_approvals WHERE approver_id = ?) OR "+cond+")",
			append([]any{p.ID, p.ID}, args...)...)
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// NeedToKnow reports whether p may know the type and reason of a leave request, or only
// that the person is away: the requester, the approvers on its chain and those who
// oversee the depot (its supervisors, the managers above it, the organisation's admins)
// may; colleagues reading the duty roster may not (health and family matters are
// personal information).
func NeedToKnow(p *identity.Principal, l *LeaveRequest, steps []*LeaveApproval) bool {
	if p == nil || p.Kind != identity.KindStaff {
		return false
	}
	return l.StaffID == p.ID || readsDepot(p, l.DepotID) ||
		slices.ContainsFunc(steps, func(st *LeaveApproval) bool { return st.ApproverID == p.ID })
}

// StepsOfLeaves loads the approval steps of each leave request (for dataloaders).
func (s *Service) StepsOfLeaves(ctx context.Context, leaveIDs []string) ([]*LeaveApproval, error) {
	var out []*LeaveApproval
	err := s.DB.R.NewSelect().Model(&out).Where("leave_id IN (?)", bun.List(leaveIDs)).OrderExpr("leave_id, level").Scan(ctx)
	return out, apperr.Wrap("roster.StepsOfLeaves", err)
}

// MyLeave lists the caller's leave requests overlapping a month, by start day. Staff only.
func (s *Service) MyLeave(ctx context.Context, month string) ([]*LeaveRequest, error) {
	const op = "roster.MyLeave"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	var out []*LeaveRequest
	err = s.DB.R.NewSelect().Model(&out).Where("staff_id = ? AND start_day <= ? AND end_day >= ?", p.ID, month+"-31", month+"-01").
		OrderExpr("start_day").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// ApprovedLeaveOfRosters loads, for each roster, the approved leave of its depot that
// overlaps its month (for dataloaders: the roster shows approved leave).
func (s *Service) ApprovedLeaveOfRosters(ctx context.Context, rosterIDs []string) (map[string][]*LeaveRequest, error) {
	var rs []*Roster
	if err := s.DB.R.NewSelect().Model(&rs).Where("id IN (?)", bun.List(rosterIDs)).Scan(ctx); err != nil {
		return nil, apperr.Wrap("roster.ApprovedLeaveOfRosters", err)
	}
	if len(rs) == 0 {
		return map[string][]*LeaveRequest{}, nil
	}
	var depots []string
	lo, hi := "9999-12", "0000-01"
	for _, r := range rs {
		depots = append(depots, r.DepotID)
		lo, hi = min(lo, r.Month), max(hi, r.Month)
	}
	var ls []*LeaveRequest
	if err := s.DB.R.NewSelect().Model(&ls).Where("depot_id IN (?) AND status = ? AND start_day <= ? AND end_day >= ?",
		bun.List(depots), LeaveApproved, hi+"-31", lo+"-01").OrderExpr("start_day").Scan(ctx); err != nil {
		return nil, apperr.Wrap("roster.ApprovedLeaveOfRosters", err)
	}
	out := map[string][]*LeaveRequest{}
	for _, r := range rs {
		for _, l := range ls {
			if l.DepotID == r.DepotID && l.StartDay <= r.Month+"-31" && l.EndDay >= r.Month+"-01" {
				out[r.ID] = append(out[r.ID], l)
			}
		}
	}
	return out, nil
}
