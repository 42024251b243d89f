package roster

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
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// OpenShiftStatus is where an open shift stands.
type OpenShiftStatus string

// The open shift states: posted and waiting for claims, filled by the confirmed
// claimant, or cancelled by the supervisor while unfilled.
const (
	OpenShiftOpen      OpenShiftStatus = "OPEN"
	OpenShiftFilled    OpenShiftStatus = "FILLED"
	OpenShiftCancelled OpenShiftStatus = "CANCELLED"
)

// OpenShift is a shift a depot's supervisor (or a manager above the depot) posts for
// colleagues to claim, for example to fill the gap leave leaves; confirming one claimant
// makes it an ordinary roster assignment of theirs.
type OpenShift struct {
	bun.BaseModel `bun:"table:open_shifts"`

	ID          string          `bun:"id,pk"`
	DepotID     string          `bun:"depot_id"`
	Day         string          `bun:"day"`
	ShiftTypeID string          `bun:"shift_type_id"`
	StartsAt    time.Time       `bun:"starts_at"`
	EndsAt      time.Time       `bun:"ends_at"`
	Note        string          `bun:"note"`
	LeaveID     *string         `bun:"leave_id"`
	Status      OpenShiftStatus `bun:"status"`
	PostedBy    string          `bun:"posted_by"`
	FilledBy    *string         `bun:"filled_by"`
	// AssignmentID is the roster assignment the confirmed claim created.
	AssignmentID *string   `bun:"assignment_id"`
	DecidedBy    *string   `bun:"decided_by"`
	Version      int       `bun:"version"`
	CreatedAt    time.Time `bun:"created_at"`
	UpdatedAt    time.Time `bun:"updated_at"`
}

// ClaimStatus is where a claim on an open shift stands.
type ClaimStatus string

// The claim states.
const (
	ClaimPending   ClaimStatus = "PENDING"
	ClaimWithdrawn ClaimStatus = "WITHDRAWN"
	ClaimConfirmed ClaimStatus = "CONFIRMED"
	ClaimNotChosen ClaimStatus = "NOT_CHOSEN" // another claimant was confirmed, or the shift was cancelled
)

// OpenShiftClaim is one colleague's claim on an open shift; a person has at most one
// per open shift (claiming again after withdrawing reopens it).
type OpenShiftClaim struct {
	bun.BaseModel `bun:"table:open_shift_claims,alias:osc"`

	ID          string      `bun:"id,pk"`
	OpenShiftID string      `bun:"open_shift_id"`
	StaffID     string      `bun:"staff_id"`
	Status      ClaimStatus `bun:"status"`
	CreatedAt   time.Time   `bun:"created_at"`
	UpdatedAt   time.Time   `bun:"updated_at"`
}

// OpenShiftView is an open shift as the caller sees it: overseers with every claim,
// staff with their own claim only.
type OpenShiftView struct {
	*OpenShift
	Claims []*OpenShiftClaim
	// MyClaim is the caller's claim, if any.
	MyClaim *OpenShiftClaim
	// Violations are the rules that keep the caller from claiming it (staff only; empty
	// when they may).
	Violations []Violation
}

// OpenShiftInput describes an open shift to post.
type OpenShiftInput struct {
	DepotID     string
	Day         string
	ShiftTypeID string
	Note        string
	// LeaveID optionally names the leave request whose gap the shift fills.
	LeaveID *string
}

var openShiftNote = text.Rule{Field: "note", Max: 200, Multiline: true}

// openShiftClaimRules are the rules a claim must pass, checked when the shift is listed,
// claimed and confirmed, in this order. Each reuses the swap rules' facts (leaveOn,
// qualified, the roster's assignments, the lawful-hours limits).
var openShiftClaimRules = []func(f *facts, o *OpenShift, staffID string, now time.Time) []Violation{
	claimNotStarted, claimNotOnLeave, claimNotDoubleBooked, claimQualified, claimWithinHours,
}

func claimNotStarted(_ *facts, o *OpenShift, _ string, now time.Time) []Violation {
	if o.StartsAt.After(now) {
		return nil
	}
	return []Violation{{Code: apperr.OpenShiftInPast, ZH: "该班次已开始或已过去,不能再认领", EN: "The shift has started or passed; it can no longer be claimed", Day: o.Day}}
}

func claimNotOnLeave(f *facts, o *OpenShift, staffID string, _ time.Time) []Violation {
	if f.leaveOn(staffID, o.Day, "") == nil {
		return nil
	}
	return []Violation{{Code: apperr.OpenShiftOnLeave, ZH: fmt.Sprintf("%s 已有请假,不能认领当天的班次", dayZH(o.Day)),
		EN: fmt.Sprintf("There is leave on %s; you cannot take a shift that day", dayEN(o.Day)), Day: o.Day}}
}

// claimNotDoubleBooked is the swap rule SWAP_DOUBLE_BOOKED for a claim: no second shift
// on the day, nor one overlapping in time (a night shift ending the next morning).
func claimNotDoubleBooked(f *facts, o *OpenShift, staffID string, _ time.Time) []Violation {
	for _, a := range f.assignments {
		if a.StaffID != staffID {
			continue
		}
		if a.Day == o.Day || (a.StartsAt.Before(o.EndsAt) && o.StartsAt.Before(a.EndsAt)) {
			return []Violation{{Code: apperr.OpenShiftDoubleBooked, ZH: fmt.Sprintf("您在 %s 已有班次,不能同时上两个班", dayZH(a.Day)),
				EN: fmt.Sprintf("You already work on %s; you cannot be on two shifts at once", dayEN(a.Day)), Day: a.Day}}
		}
	}
	return nil
}

// claimQualified decides qualification as the swap rules do: a shift type that requires
// one (night shifts typically) needs the person's qualification.
func claimQualified(f *facts, o *OpenShift, staffID string, _ time.Time) []Violation {
	t := f.types[o.ShiftTypeID]
	if f.qualified(staffID, t) {
		return nil
	}
	return []Violation{{Code: apperr.OpenShiftNotQualified, ZH: fmt.Sprintf("您不具备「%s」的上岗资格", t.Name),
		EN: fmt.Sprintf("You are not qualified for the %s shift", t.Name), Day: o.Day}}
}

// claimWithinHours is the lawful-hours rule (hours.go) for a claim, as swapHours is for a
// swap: taking the shift may not put the claimant over the depot's standard week or
// monthly overtime cap, nor further over. The facts hold whole months and a week either
// side (loadFacts), which HoursChange needs.
func claimWithinHours(f *facts, o *OpenShift, staffID string, _ time.Time) []Violation {
	shift := &Assignment{DepotID: o.DepotID, Day: o.Day, ShiftTypeID: o.ShiftTypeID, StartsAt: o.StartsAt, EndsAt: o.EndsAt}
	before := withShifts(f.assignments, staffID, nil)
	after := withShifts(f.assignments, staffID, []*Assignment{shift})
	var vs []Violation
	for _, e := range HoursChange(f.settings.Limits(f.schemes[o.DepotID]), f.zone, staffID, before, after, []string{o.Day[:7]}, f.breaks()) {
		v := Violation{Code: apperr.OpenShiftHoursLimit, Day: o.Day,
			ZH: fmt.Sprintf("认领后您 %s 月加班 %s 小时,超过每月加班上限 %s 小时", e.Period, hoursText(e.Minutes), hoursText(e.LimitMinutes)),
			EN: fmt.Sprintf("Taking the shift would give you %s h of overtime in %s, over the cap of %s h a month", hoursText(e.Minutes), e.Period, hoursText(e.LimitMinutes))}
		if e.Rule == WeeklyHours {
			v.ZH = fmt.Sprintf("认领后您 %s起的一周排班 %s 小时,超过每周标准工时 %s 小时", dayZH(e.Period), hoursText(e.Minutes), hoursText(e.LimitMinutes))
			v.EN = fmt.Sprintf("Taking the shift would give you %s h in the week from %s, over the standard week of %s h", hoursText(e.Minutes), dayEN(e.Period), hoursText(e.LimitMinutes))
		}
		vs = append(vs, v)
	}
	return vs
}

// claimRules evaluates every claim rule for staffID on o.
func (f *facts) claimRules(o *OpenShift, staffID string, now time.Time) []Violation {
	var vs []Violation
	for _, rule := range openShiftClaimRules {
		vs = append(vs, rule(f, o, staffID, now)...)
	}
	return vs
}

// openShiftFacts loads the facts for people claiming shifts between from and to, with
// the open shifts' types among them.
func (s *Service) openShiftFacts(ctx context.Context, idb bun.IDB, st *Settings, people []string, shifts []*OpenShift) (*facts, error) {
	sc := scope{orgID: st.OrgID, people: people, from: "9999-12-31", to: "0000-01-01"}
	typeIDs := []string{""}
	for _, o := range shifts {
		sc.from, sc.to = min(sc.from, o.Day), max(sc.to, o.Day)
		typeIDs = append(typeIDs, o.ShiftTypeID)
	}
	f, err := s.loadFacts(ctx, idb, st, sc)
	if err != nil {
		return nil, err
	}
	// The hours scheme of each shift's depot (loadFacts has those of the depots people
	// work in).
	var depots []string
	for _, o := range shifts {
		if _, ok := f.schemes[o.DepotID]; !ok {
			depots = append(depots, o.DepotID)
		}
	}
	if len(depots) > 0 {
		if err := f.loadSchemes(ctx, idb, depots); err != nil {
			return nil, err
		}
	}
	var ts []*ShiftType
	if err := idb.NewSelect().Model(&ts).Where("id IN (?)", bun.List(typeIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, t := range ts {
		f.types[t.ID] = t
	}
	return f, nil
}

// claimant reports whether p may claim shifts of depotID: an active agent or supervisor
// of that depot.
func claimant(p *identity.Principal, depotID string) bool {
	return p.DepotID == depotID && (p.HasRole(identity.RoleAgent) || p.HasRole(identity.RoleSupervisor))
}

// PostOpenShift posts a shift of the depot as open for its colleagues to claim. The
// depot's supervisors, the managers above it and its admins (FORBIDDEN); BAD_USER_INPUT
// for a bad day, a shift type of another depot, a bad note or a leave request of
// another depot or not covering the day; OPEN_SHIFT_IN_PAST for a shift that has
// started; IDEMPOTENCY_KEY_REUSED.
func (s *Service) PostOpenShift(ctx context.Context, key string, in OpenShiftInput) (*OpenShift, bool, error) {
	const op = "roster.PostOpenShift"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if err := s.mayManage(ctx, op, p, in.DepotID); err != nil {
		return nil, false, err
	}
	if _, err := time.Parse(dayLayout, in.Day); err != nil {
		return nil, false, apperr.Invalid(op, "day", "日期格式应为 YYYY-MM-DD", "Days are YYYY-MM-DD")
	}
	if err := openShiftNote.CleanAtLeast(op, &in.Note, 0, "", ""); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	id, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{in}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			t := new(ShiftType)
			if err := tx.NewSelect().Model(t).Where("id = ? AND depot_id = ?", in.ShiftTypeID, in.DepotID).Scan(ctx); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return "", apperr.Invalid(op, "shiftTypeId", "班次不属于该网点", "The shift type is not one of this depot's")
				}
				return "", err
			}
			if in.LeaveID != nil {
				l, err := s.leaveByID(ctx, tx, *in.LeaveID)
				if err != nil || l.DepotID != in.DepotID || !l.Covers(in.Day) {
					return "", apperr.Invalid(op, "leaveRequestId", "所选请假不是本网点当天的请假", "That leave request is not the depot's leave on that day")
				}
			}
			start, end := s.shiftTimes(in.Day, t)
			if !start.After(now) {
				return "", apperr.E(op, apperr.OpenShiftInPast)
			}
			o := &OpenShift{ID: newID(), DepotID: in.DepotID, Day: in.Day, ShiftTypeID: t.ID, StartsAt: start, EndsAt: end,
				Note: in.Note, LeaveID: in.LeaveID, Status: OpenShiftOpen, PostedBy: p.ID, Version: 1, CreatedAt: now, UpdatedAt: now}
			if _, err := tx.NewInsert().Model(o).Exec(ctx); err != nil {
				return "", err
			}
			return o.ID, s.tellWhoMayTake(ctx, tx, o, p.ID, now)
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	o, err := s.openShiftByID(ctx, s.DB.W, id)
	return o, replayed, apperr.Wrap(op, err)
}

// tellWhoMayTake notifies the depot's active agents and supervisors who may claim o
// (every claim rule passes) and would be offered it (no UNAVAILABLE mark over it, as
// OpenShifts lists), the poster excepted; the notification reaches their phones
// live and as a push, and their lists reload.
func (s *Service) tellWhoMayTake(ctx context.Context, tx bun.Tx, o *OpenShift, poster string, now time.Time) error {
	var people []string
	for _, role := range []identity.Role{identity.RoleAgent, identity.RoleSupervisor} {
		staff, err := identity.StaffWithRole(ctx, tx, role, []string{o.DepotID})
		if err != nil {
			return err
		}
		for _, st := range staff {
			if st.ID != poster && !slices.Contains(people, st.ID) {
				people = append(people, st.ID)
			}
		}
	}
	if len(people) == 0 {
		return nil
	}
	org, err := identity.OrgOf(ctx, tx, o.DepotID)
	if err != nil {
		return err
	}
	st, err := s.settingsTx(ctx, tx, org)
	if err != nil {
		return err
	}
	f, err := s.openShiftFacts(ctx, tx, st, people, []*OpenShift{o})
	if err != nil {
		return err
	}
	marks, err := unavailableOn(ctx, tx, people, o.Day)
	if err != nil {
		return err
	}
	lz, le := shiftLabel(ctx, tx, o)
	var notes []*Notification
	for _, id := range people {
		if len(f.claimRules(o, id, now)) == 0 && !s.markedUnavailable(marks[id], o) {
			notes = append(notes, s.note(id, "OPEN_SHIFT_POSTED", "OpenShift", o.ID, now,
				fmt.Sprintf("新的空缺班次:%s,可在排班中认领", lz), fmt.Sprintf("New open shift: %s; claim it in Roster", le)))
		}
	}
	return s.notify(ctx, tx, notes...)
}

func (s *Service) openShiftByID(ctx context.Context, idb bun.IDB, id string) (*OpenShift, error) {
	return byID[OpenShift](ctx, idb, "roster.openShift", id)
}

// openShiftFor loads an open shift the caller may see (its depot's staff and those who
// oversee the depot); NOT_FOUND otherwise.
func (s *Service) openShiftFor(ctx context.Context, idb bun.IDB, op string, p *identity.Principal, id string) (*OpenShift, error) {
	o, err := s.openShiftByID(ctx, idb, id)
	if err != nil {
		return nil, err
	}
	if !seesDepot(p, o.DepotID) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return o, nil
}

// stillOpen refuses a change to an open shift that is no longer open. A confirmation
// that lost the race to another is a CONFLICT, as for every decision; anything else on
// a filled shift is OPEN_SHIFT_TAKEN.
func stillOpen(op string, o *OpenShift) error {
	switch o.Status {
	case OpenShiftFilled:
		if op == "roster.ConfirmOpenShiftClaim" {
			return apperr.E(op, apperr.Conflict).With("status", string(o.Status)).Explain(
				"该空缺班次已由其他主管确认给他人", "Someone else already confirmed a claimant for this open shift")
		}
		return apperr.E(op, apperr.OpenShiftTaken)
	case OpenShiftCancelled:
		return apperr.E(op, apperr.OpenShiftCancelled)
	}
	return nil
}

// moveOpenShift moves o from OPEN to status if it is still at version; otherwise it
// explains why not: filled or cancelled meanwhile, or changed (CONFLICT).
func (s *Service) moveOpenShift(ctx context.Context, tx bun.Tx, op string, o *OpenShift, version int, to OpenShiftStatus, set string, args ...any) error {
	q := tx.NewUpdate().Model((*OpenShift)(nil)).Set("status = ?, version = version + 1, updated_at = ?", to, s.Now().UTC())
	if set != "" {
		q = q.Set(set, args...)
	}
	if ok, err := db.WroteOne(ctx, q.Where("id = ? AND version = ? AND status = ?", o.ID, version, OpenShiftOpen)); ok || err != nil {
		return err
	}
	cur, err := s.openShiftByID(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	if err := stillOpen(op, cur); err != nil {
		return err
	}
	return staleVersion(op, cur.Version, "该空缺班次已被他人更新,请刷新后再处理", "Someone else updated this open shift; refresh and try again")
}

// pendingClaims loads the pending claims of an open shift.
func pendingClaims(ctx context.Context, idb bun.IDB, openShiftID string) ([]*OpenShiftClaim, error) {
	var cs []*OpenShiftClaim
	err := idb.NewSelect().Model(&cs).Where("open_shift_id = ? AND status = ?", openShiftID, ClaimPending).OrderExpr("created_at, id").Scan(ctx)
	return cs, err
}

// shiftLabel names an open shift in local dates for notifications: 12月13日 白班.
func shiftLabel(ctx context.Context, idb bun.IDB, o *OpenShift) (zh, en string) {
	var name string
	_ = idb.NewSelect().Model((*ShiftType)(nil)).Column("name").Where("id = ?", o.ShiftTypeID).Scan(ctx, &name)
	return dayZH(o.Day) + " " + name, dayEN(o.Day) + " " + name
}

// CancelOpenShift withdraws an unfilled open shift; its claimants are told. The depot's
// supervisors, the managers above it and its admins (FORBIDDEN; NOT_FOUND for a shift of
// a depot the caller does not see); OPEN_SHIFT_TAKEN once filled; OPEN_SHIFT_CANCELLED
// when already cancelled; CONFLICT when it changed since version; IDEMPOTENCY_KEY_REUSED.
func (s *Service) CancelOpenShift(ctx context.Context, key, id string, version int) (*OpenShift, bool, error) {
	const op = "roster.CancelOpenShift"
	replayed, err := s.staffWrite(ctx, op, key, []any{id, version}, func(ctx context.Context, tx bun.Tx, p *identity.Principal, now time.Time) error {
		o, err := s.openShiftFor(ctx, tx, op, p, id)
		if err != nil {
			return err
		}
		if !readsDepot(p, o.DepotID) {
			return apperr.E(op, apperr.Forbidden).Explain("只有本网点主管或其上级经理可以取消空缺班次", "Only the depot's supervisor or a manager above it can cancel an open shift")
		}
		if err := s.moveOpenShift(ctx, tx, op, o, version, OpenShiftCancelled, "decided_by = ?", p.ID); err != nil {
			return err
		}
		return s.tellClaimants(ctx, tx, o, "", now, "OPEN_SHIFT_CANCELLED", "已取消", "was cancelled")
	})
	if err != nil {
		return nil, false, err
	}
	o, err := s.openShiftByID(ctx, s.DB.W, id)
	return o, replayed, apperr.Wrap(op, err)
}

// tellClaimants marks the pending claims other than chosen NOT_CHOSEN and tells each
// claimant what became of the shift.
func (s *Service) tellClaimants(ctx context.Context, tx bun.Tx, o *OpenShift, chosen string, now time.Time, kind, zh, en string) error {
	cs, err := pendingClaims(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	if _, err := tx.NewUpdate().Model((*OpenShiftClaim)(nil)).Set("status = ?, updated_at = ?", ClaimNotChosen, now).
		Where("open_shift_id = ? AND status = ? AND id <> ?", o.ID, ClaimPending, chosen).Exec(ctx); err != nil {
		return err
	}
	lz, le := shiftLabel(ctx, tx, o)
	var notes []*Notification
	for _, c := range cs {
		if c.ID != chosen {
			notes = append(notes, s.note(c.StaffID, kind, "OpenShift", o.ID, now,
				fmt.Sprintf("您认领的空缺班次(%s)%s", lz, zh), fmt.Sprintf("The open shift you claimed (%s) %s", le, en)))
		}
	}
	return s.notify(ctx, tx, notes...)
}

// ClaimOpenShift records the caller's claim on an open shift of their depot, after
// checking every claim rule; the depot's supervisors are told. Claiming again while the
// claim is pending changes nothing; claiming after withdrawing renews the claim. The
// depot's agents and supervisors (OPEN_SHIFT_NOT_ELIGIBLE for others who see the shift;
// NOT_FOUND for another depot's shift); OPEN_SHIFT_TAKEN, OPEN_SHIFT_CANCELLED; the
// first broken rule's code (OPEN_SHIFT_IN_PAST, OPEN_SHIFT_ON_LEAVE,
// OPEN_SHIFT_DOUBLE_BOOKED, OPEN_SHIFT_NOT_QUALIFIED) with every violation in
// extensions.violations; IDEMPOTENCY_KEY_REUSED.
func (s *Service) ClaimOpenShift(ctx context.Context, key, id string) (*OpenShiftClaim, bool, error) {
	const op = "roster.ClaimOpenShift"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	claimID, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{id}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			o, err := s.openShiftFor(ctx, tx, op, p, id)
			if err != nil {
				return "", err
			}
			if !claimant(p, o.DepotID) {
				return "", apperr.E(op, apperr.OpenShiftNotEligible)
			}
			if err := stillOpen(op, o); err != nil {
				return "", err
			}
			f, err := s.openShiftFacts(ctx, tx, st, []string{p.ID}, []*OpenShift{o})
			if err != nil {
				return "", err
			}
			if vs := f.claimRules(o, p.ID, now); len(vs) > 0 {
				return "", refusal(op, vs)
			}
			c := &OpenShiftClaim{ID: newID(), OpenShiftID: o.ID, StaffID: p.ID, Status: ClaimPending, CreatedAt: now, UpdatedAt: now}
			var pending []string
			if err := tx.NewSelect().Model((*OpenShiftClaim)(nil)).Column("id").
				Where("open_shift_id = ? AND staff_id = ? AND status = ?", o.ID, p.ID, ClaimPending).Scan(ctx, &pending); err != nil {
				return "", err
			}
			if len(pending) > 0 { // already claimed: nothing changes, no one is told again
				return pending[0], nil
			}
			if _, err := tx.NewInsert().Model(c).On("CONFLICT (open_shift_id, staff_id) DO UPDATE").
				Set("status = EXCLUDED.status, updated_at = EXCLUDED.updated_at").
				Where("osc.status <> ?", ClaimPending).Exec(ctx); err != nil {
				return "", err
			}
			if err := tx.NewSelect().Model(c).Where("open_shift_id = ? AND staff_id = ?", o.ID, p.ID).Scan(ctx); err != nil {
				return "", err
			}
			sups, err := depotSupervisors(ctx, tx, o.DepotID)
			if err != nil {
				return "", err
			}
			zh, en := staffName(ctx, tx, p.ID)
			lz, le := shiftLabel(ctx, tx, o)
			var notes []*Notification
			for _, sup := range sups {
				if sup.ID != p.ID {
					notes = append(notes, s.note(sup.ID, "OPEN_SHIFT_CLAIMED", "OpenShift", o.ID, now,
						fmt.Sprintf("%s认领了空缺班次(%s),待确认", zh, lz), fmt.Sprintf("%s claimed the open shift (%s); confirm a claimant", en, le)))
				}
			}
			return c.ID, s.notify(ctx, tx, notes...)
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	c, err := s.claimByID(ctx, s.DB.W, claimID)
	return c, replayed, apperr.Wrap(op, err)
}

func (s *Service) claimByID(ctx context.Context, idb bun.IDB, id string) (*OpenShiftClaim, error) {
	return byID[OpenShiftClaim](ctx, idb, "roster.openShiftClaim", id)
}

// WithdrawOpenShiftClaim withdraws the caller's pending claim on an open shift.
// Withdrawing again changes nothing and succeeds. NOT_FOUND when the caller has no claim
// on it; OPEN_SHIFT_TAKEN once filled (whether or not they were chosen);
// OPEN_SHIFT_CANCELLED; IDEMPOTENCY_KEY_REUSED.
func (s *Service) WithdrawOpenShiftClaim(ctx context.Context, key, openShiftID string) (*OpenShiftClaim, bool, error) {
	const op = "roster.WithdrawOpenShiftClaim"
	var claimID string
	replayed, err := s.staffWrite(ctx, op, key, []any{openShiftID}, func(ctx context.Context, tx bun.Tx, p *identity.Principal, now time.Time) error {
		o, err := s.openShiftFor(ctx, tx, op, p, openShiftID)
		if err != nil {
			return err
		}
		c := new(OpenShiftClaim)
		if err := tx.NewSelect().Model(c).Where("open_shift_id = ? AND staff_id = ?", o.ID, p.ID).Scan(ctx); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.E(op, apperr.NotFound).Explain("您没有认领该班次", "You have not claimed this shift")
			}
			return err
		}
		claimID = c.ID
		if err := stillOpen(op, o); err != nil {
			return err
		}
		_, err = tx.NewUpdate().Model((*OpenShiftClaim)(nil)).Set("status = ?, updated_at = ?", ClaimWithdrawn, now).
			Where("id = ? AND status = ?", c.ID, ClaimPending).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if claimID == "" { // a replay: find the claim again
		p := identity.PrincipalFrom(ctx)
		c := new(OpenShiftClaim)
		err := s.DB.W.NewSelect().Model(c).Where("open_shift_id = ? AND staff_id = ?", openShiftID, p.ID).Scan(ctx)
		return c, replayed, apperr.Wrap(op, notFound(err))
	}
	c, err := s.claimByID(ctx, s.DB.W, claimID)
	return c, replayed, apperr.Wrap(op, err)
}

// ConfirmOpenShiftClaim fills an open shift with one pending claimant: in one
// transaction the shift becomes the claimant's roster assignment (in the month's roster,
// created as a draft when there is none), their claim is confirmed, the others are told
// they were not chosen. Every claim rule is checked again. The depot's supervisors, the
// managers above it and its admins (FORBIDDEN; NOT_FOUND for a shift of a depot the
// caller does not see or a claim not on the shift); never the claimant
// (PARTY_CANNOT_DECIDE); OPEN_SHIFT_NOT_ELIGIBLE when the claimant is no longer active
// in the depot; OPEN_SHIFT_TAKEN when another confirmation came first;
// OPEN_SHIFT_CANCELLED; CONFLICT when it changed since version; BAD_USER_INPUT for a
// withdrawn claim; the first broken rule's code; IDEMPOTENCY_KEY_REUSED.
func (s *Service) ConfirmOpenShiftClaim(ctx context.Context, key, claimID string, version int) (*OpenShift, bool, error) {
	const op = "roster.ConfirmOpenShiftClaim"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	id, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{claimID, version}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			c, err := s.claimByID(ctx, tx, claimID)
			if err != nil {
				return "", err
			}
			o, err := s.openShiftFor(ctx, tx, op, p, c.OpenShiftID)
			if err != nil {
				return "", err
			}
			if c.StaffID == p.ID {
				return "", apperr.E(op, apperr.PartyCannotDecide).Explain("不能确认自己的认领,由本网点其他主管或上级经理确认",
					"You cannot confirm your own claim; another supervisor of the depot or a manager above it does")
			}
			if !readsDepot(p, o.DepotID) {
				return "", apperr.E(op, apperr.Forbidden).Explain("只有本网点主管或其上级经理可以确认认领", "Only the depot's supervisor or a manager above it can confirm a claim")
			}
			if err := stillOpen(op, o); err != nil {
				return "", err
			}
			if c.Status != ClaimPending {
				return "", apperr.Invalid(op, "claimId", "该认领已撤回", "That claim was withdrawn")
			}
			// The claimant may have left the depot or been deactivated since claiming.
			still, err := tx.NewSelect().TableExpr("(?) AS s", identity.ActiveInDepot(tx, o.DepotID)).Where("s.id = ?", c.StaffID).Exists(ctx)
			if err != nil {
				return "", err
			}
			if !still {
				return "", apperr.E(op, apperr.OpenShiftNotEligible).Explain("认领人已不在本网点在岗,不能确认", "The claimant is no longer active in this depot")
			}
			f, err := s.openShiftFacts(ctx, tx, st, []string{c.StaffID}, []*OpenShift{o})
			if err != nil {
				return "", err
			}
			if vs := f.claimRules(o, c.StaffID, now); len(vs) > 0 {
				return "", refusal(op, vs)
			}
			r, err := s.rosterTx(ctx, tx, o.DepotID, o.Day[:7], now)
			if err != nil {
				return "", err
			}
			a := &Assignment{ID: newID(), RosterID: r.ID, DepotID: o.DepotID, StaffID: c.StaffID, Day: o.Day,
				ShiftTypeID: o.ShiftTypeID, StartsAt: o.StartsAt, EndsAt: o.EndsAt, UpdatedAt: now}
			if err := s.moveOpenShift(ctx, tx, op, o, version, OpenShiftFilled, "filled_by = ?, assignment_id = ?, decided_by = ?", c.StaffID, a.ID, p.ID); err != nil {
				return "", err
			}
			if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
				if isUnique(err) {
					return "", apperr.E(op, apperr.OpenShiftDoubleBooked)
				}
				return "", err
			}
			if _, err := tx.NewUpdate().Model((*Roster)(nil)).Set("version = version + 1, updated_at = ?", now).Where("id = ?", r.ID).Exec(ctx); err != nil {
				return "", err
			}
			if _, err := tx.NewUpdate().Model((*OpenShiftClaim)(nil)).Set("status = ?, updated_at = ?", ClaimConfirmed, now).Where("id = ?", c.ID).Exec(ctx); err != nil {
				return "", err
			}
			lz, le := shiftLabel(ctx, tx, o)
			if err := s.notify(ctx, tx, s.note(c.StaffID, "OPEN_SHIFT_CONFIRMED", "OpenShift", o.ID, now,
				fmt.Sprintf("您认领的空缺班次(%s)已确认,已排入您的班表", lz),
				fmt.Sprintf("Your claim on the open shift (%s) was confirmed; it is on your roster", le))); err != nil {
				return "", err
			}
			return o.ID, s.tellClaimants(ctx, tx, o, c.ID, now, "OPEN_SHIFT_NOT_CHOSEN", "已由其他同事接班", "went to another colleague")
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	o, err := s.openShiftByID(ctx, s.DB.W, id)
	return o, replayed, apperr.Wrap(op, err)
}

// OpenShifts lists a depot's open shifts that have not started, by start: for those who
// oversee the depot every one still open with its pending claims; for its agents and
// supervisors the ones they may claim (every claim rule passes) and the ones they have
// a pending claim on, each with their own claim and the rules it breaks now. The claim
// rules are checked in a fixed number of queries. NOT_FOUND for a depot the caller does
// not see.
func (s *Service) OpenShifts(ctx context.Context, depotID string) ([]*OpenShiftView, error) {
	const op = "roster.OpenShifts"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if !seesDepot(p, depotID) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	now := s.Now().UTC()
	var shifts []*OpenShift
	if err := s.DB.R.NewSelect().Model(&shifts).Where("depot_id = ? AND status = ? AND starts_at > ?", depotID, OpenShiftOpen, now).
		OrderExpr("starts_at, id").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if len(shifts) == 0 {
		return nil, nil
	}
	views, err := s.views(ctx, p, shifts)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	oversees := readsDepot(p, depotID)
	var f *facts
	if claimant(p, depotID) {
		if f, err = s.openShiftFacts(ctx, s.DB.R, st, []string{p.ID}, shifts); err != nil {
			return nil, apperr.Wrap(op, err)
		}
	}
	// The caller's own UNAVAILABLE marks (availability.go): a shift on one is not offered
	// (a claim already made stays listed). It is no rule: they may remove the mark.
	var marks []*AvailabilityMark
	if f != nil {
		if marks, err = s.unavailableMarks(ctx, p.ID, shifts); err != nil {
			return nil, apperr.Wrap(op, err)
		}
	}
	var out []*OpenShiftView
	for _, v := range views {
		if f != nil {
			v.Violations = f.claimRules(v.OpenShift, p.ID, now)
		}
		mine := v.MyClaim != nil && v.MyClaim.Status == ClaimPending
		if oversees || mine || (f != nil && len(v.Violations) == 0 && !s.markedUnavailable(marks, v.OpenShift)) {
			out = append(out, v)
		}
	}
	return out, nil
}

// views adds to each shift the claims the caller may see: every pending claim for those
// who oversee its depot (their own excepted), and the caller's own claim.
func (s *Service) views(ctx context.Context, p *identity.Principal, shifts []*OpenShift) ([]*OpenShiftView, error) {
	out := make([]*OpenShiftView, len(shifts))
	if len(shifts) == 0 {
		return out, nil
	}
	ids := make([]string, len(shifts))
	for i, o := range shifts {
		ids[i] = o.ID
	}
	var claims []*OpenShiftClaim
	if err := s.DB.R.NewSelect().Model(&claims).Where("open_shift_id IN (?)", bun.List(ids)).
		Where("(status = ? OR staff_id = ?)", ClaimPending, p.ID).OrderExpr("created_at, id").Scan(ctx); err != nil {
		return nil, err
	}
	for i, o := range shifts {
		v := &OpenShiftView{OpenShift: o}
		oversees := readsDepot(p, o.DepotID)
		for _, c := range claims {
			switch {
			case c.OpenShiftID != o.ID:
			case c.StaffID == p.ID:
				v.MyClaim = c
			case oversees:
				v.Claims = append(v.Claims, c)
			}
		}
		out[i] = v
	}
	return out, nil
}

// OpenShiftsByIDs loads open shifts by id for node look-ups and payloads, with the
// claims the caller may see (views); visible to the depot's staff and those who oversee
// it. Violations are filled by OpenShifts only.
func (s *Service) OpenShiftsByIDs(ctx context.Context, ids []string) ([]*OpenShiftView, error) {
	const op = "roster.OpenShiftsByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var shifts []*OpenShift
	if err := s.DB.R.NewSelect().Model(&shifts).Where("id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	shifts = slices.DeleteFunc(shifts, func(o *OpenShift) bool { return !seesDepot(p, o.DepotID) })
	out, err := s.views(ctx, p, shifts)
	return out, apperr.Wrap(op, err)
}

// openShiftsOn counts the unfilled open shifts of the depots in facts' scope by depot,
// day and shift type, for the inbox's coverage.
func (s *Service) openShiftsOn(ctx context.Context, idb bun.IDB, depots []string, from, to string) (map[[3]string]int, error) {
	var rows []*OpenShift
	if err := idb.NewSelect().Model(&rows).Column("depot_id", "day", "shift_type_id").
		Where("depot_id IN (?) AND status = ? AND day >= ? AND day <= ?", bun.List(append([]string{""}, depots...)), OpenShiftOpen, from, to).
		Scan(ctx); err != nil {
		return nil, err
	}
	out := map[[3]string]int{}
	for _, o := range rows {
		out[[3]string{o.DepotID, o.Day, o.ShiftTypeID}]++
	}
	return out, nil
}
