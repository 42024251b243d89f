package roster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
)

const monthLayout = "2006-01"

var shiftCode = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,19}$`)

// Who sees and runs which rosters: everyone their own shifts and their own depot's
// published roster; the depot's supervisors, the managers above it (the depots under the
// unit they run) and its organisation's admins everything of the depot, drafts,
// attendance and requests included. One rule asked two ways: readsDepot for a depot in
// hand, overseenSQL for queries.

// readsDepot reports whether the caller oversees depotID: may read its rosters (drafts
// too), attendance and requests and run its roster.
func readsDepot(p *identity.Principal, depotID string) bool {
	return p.Reach().Covers(depotID, identity.OverseerRoles...)
}

// overseenSQL is the condition that column (a depot id) names a depot p oversees.
func overseenSQL(p *identity.Principal, column string) (string, []any) {
	return p.Reach().SQL(column, identity.OverseerRoles...)
}

// seesDepot reports whether the caller may read depotID's published roster and shift
// types: its own staff and those who oversee it.
func seesDepot(p *identity.Principal, depotID string) bool {
	return depotID == p.DepotID || readsDepot(p, depotID)
}

// mayManage returns FORBIDDEN unless the caller runs depotID's roster.
func (s *Service) mayManage(ctx context.Context, op string, p *identity.Principal, depotID string) error {
	ok, err := s.managesDepot(ctx, p, depotID)
	if err != nil {
		return apperr.Wrap(op, err)
	}
	if !ok {
		return apperr.E(op, apperr.Forbidden)
	}
	return nil
}

// managesDepot reports whether the caller runs depotID's roster: its supervisor, a
// manager above it, an admin of its organisation.
func (s *Service) managesDepot(_ context.Context, p *identity.Principal, depotID string) (bool, error) {
	return readsDepot(p, depotID), nil
}

// shiftTimes places a shift type on a calendar day in the organisation's zone.
func (s *Service) shiftTimes(day string, t *ShiftType) (time.Time, time.Time) {
	d, _ := time.ParseInLocation(dayLayout, day, s.Zone)
	start := d.Add(time.Duration(t.StartMinute) * time.Minute)
	endDay := d
	if t.CrossesMidnight() {
		endDay = d.AddDate(0, 0, 1)
	}
	// Minutes are added to the calendar date of the end so that a shift on the day a
	// zone changes its clocks still ends at the wall-clock time printed on the roster.
	end := time.Date(endDay.Year(), endDay.Month(), endDay.Day(), t.EndMinute/60, t.EndMinute%60, 0, 0, s.Zone)
	return start.UTC(), end.UTC()
}

// NewShiftType describes a shift type to create.
type NewShiftType struct {
	DepotID               string
	Code                  string
	Name                  string
	StartMinute           int
	EndMinute             int
	Night                 bool
	RequiresQualification bool
	// BreakMinutes is the unpaid break within the shift (0 to 240, shorter than the shift).
	BreakMinutes int
}

// CreateShiftType adds a shift type to a depot. The depot's supervisor, managers and
// admins only (FORBIDDEN); BAD_USER_INPUT for a bad code, name or time; CONFLICT when
// the depot already has the code.
func (s *Service) CreateShiftType(ctx context.Context, in NewShiftType) (*ShiftType, error) {
	const op = "roster.CreateShiftType"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if err := s.mayManage(ctx, op, p, in.DepotID); err != nil {
		return nil, err
	}
	if !shiftCode.MatchString(in.Code) {
		return nil, apperr.Invalid(op, "code", "班次代码须为大写字母开头的 1 到 20 位字母数字", "A shift code is 1 to 20 capital letters, digits or _, starting with a letter")
	}
	if err := shiftTypeName.CleanAtLeast(op, &in.Name, 1, "请填写班次名称(1 到 20 字)", "Give the shift a name (1 to 20 characters)"); err != nil {
		return nil, err
	}
	if in.StartMinute < 0 || in.StartMinute >= 24*60 || in.EndMinute < 0 || in.EndMinute >= 24*60 || in.StartMinute == in.EndMinute {
		return nil, apperr.Invalid(op, "startTime", "上下班时间须在 00:00 到 23:59 之间且不相同", "Start and end are times from 00:00 to 23:59 and differ")
	}
	span := (in.EndMinute - in.StartMinute + 24*60) % (24 * 60)
	if in.BreakMinutes < 0 || in.BreakMinutes > 240 || in.BreakMinutes >= span {
		return nil, apperr.Invalid(op, "breakMinutes", "休息时间须为 0 到 240 分钟且短于班次", "The break is 0 to 240 minutes and shorter than the shift")
	}
	t := &ShiftType{ID: newID(), DepotID: in.DepotID, Code: in.Code, Name: in.Name, StartMinute: in.StartMinute,
		EndMinute: in.EndMinute, Night: in.Night, RequiresQualification: in.RequiresQualification, BreakMinutes: in.BreakMinutes, CreatedAt: s.Now().UTC()}
	if _, err := s.DB.W.NewInsert().Model(t).Exec(ctx); err != nil {
		if isUnique(err) {
			return nil, apperr.E(op, apperr.Conflict).Explain("该网点已有此班次代码", "The depot already has a shift with this code")
		}
		return nil, apperr.Wrap(op, err)
	}
	return t, nil
}

// ShiftTypes lists a depot's shift types by start time. The depot's staff and those who
// oversee it (FORBIDDEN otherwise).
func (s *Service) ShiftTypes(ctx context.Context, depotID string) ([]*ShiftType, error) {
	const op = "roster.ShiftTypes"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !seesDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	var out []*ShiftType
	err = s.DB.R.NewSelect().Model(&out).Where("depot_id = ?", depotID).OrderExpr("start_minute, code").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// ShiftTypesByIDs loads shift types by id (for dataloaders and node look-ups): those of
// the caller's depot and of the depots they oversee.
func (s *Service) ShiftTypesByIDs(ctx context.Context, ids []string) ([]*ShiftType, error) {
	const op = "roster.ShiftTypesByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	cond, args := overseenSQL(p, "depot_id")
	var out []*ShiftType
	err = s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).
		Where("(depot_id = ? OR "+cond+")", append([]any{p.DepotID}, args...)...).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// SetQualification grants or withdraws a staff member's qualification for a shift type
// of their depot. Those who oversee the depot only (FORBIDDEN); NOT_FOUND for an unknown
// shift type or staff member, or one of a depot the caller does not see; BAD_USER_INPUT
// when they belong to different depots.
func (s *Service) SetQualification(ctx context.Context, staffID, shiftTypeID string, qualified bool) error {
	const op = "roster.SetQualification"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return err
	}
	t, st, err := s.shiftTypeAndStaff(ctx, s.DB.R, shiftTypeID, staffID)
	if err != nil {
		return apperr.Wrap(op, err)
	}
	if !seesDepot(p, t.DepotID) {
		return apperr.E(op, apperr.NotFound)
	}
	if err := s.mayManage(ctx, op, p, t.DepotID); err != nil {
		return err
	}
	if st.DepotID != t.DepotID {
		return apperr.Invalid(op, "staffId", "员工不属于该班次所在网点", "The staff member is not in the shift's depot")
	}
	if qualified {
		q := &Qualification{StaffID: staffID, ShiftTypeID: shiftTypeID, CreatedAt: s.Now().UTC()}
		_, err = s.DB.W.NewInsert().Model(q).On("CONFLICT DO NOTHING").Exec(ctx)
	} else {
		_, err = s.DB.W.NewDelete().Model((*Qualification)(nil)).Where("staff_id = ? AND shift_type_id = ?", staffID, shiftTypeID).Exec(ctx)
	}
	return apperr.Wrap(op, err)
}

func (s *Service) shiftTypeAndStaff(ctx context.Context, idb bun.IDB, shiftTypeID, staffID string) (*ShiftType, *identity.Staff, error) {
	t := new(ShiftType)
	if err := idb.NewSelect().Model(t).Where("id = ?", shiftTypeID).Scan(ctx); err != nil {
		return nil, nil, notFound(err)
	}
	st, err := identity.StaffByID(ctx, idb, staffID)
	if err != nil {
		return nil, nil, notFound(err)
	}
	return t, st, nil
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.E("roster", apperr.NotFound)
	}
	return err
}

// RosterFor returns a depot's roster for a month (YYYY-MM), or nil when none exists or
// the caller may not see it: staff see their own depot's published roster; those who
// oversee the depot also see drafts.
func (s *Service) RosterFor(ctx context.Context, depotID, month string) (*Roster, error) {
	const op = "roster.RosterFor"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	r := new(Roster)
	err = s.DB.R.NewSelect().Model(r).Where("depot_id = ? AND month = ?", depotID, month).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if !s.canSeeRoster(p, r) {
		return nil, nil
	}
	return r, nil
}

func (s *Service) canSeeRoster(p *identity.Principal, r *Roster) bool {
	if readsDepot(p, r.DepotID) {
		return true
	}
	return p.DepotID == r.DepotID && r.Status == RosterPublished
}

// RostersByIDs loads rosters by id for node look-ups, leaving out those the caller may
// not see.
func (s *Service) RostersByIDs(ctx context.Context, ids []string) ([]*Roster, error) {
	const op = "roster.RostersByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var rows []*Roster
	if err := s.DB.R.NewSelect().Model(&rows).Where("id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	out := rows[:0]
	for _, r := range rows {
		if s.canSeeRoster(p, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// AssignmentsOfRosters loads the assignments of each roster by day and staff (for
// dataloaders); callers reach it only through a roster they may see.
func (s *Service) AssignmentsOfRosters(ctx context.Context, rosterIDs []string) ([]*Assignment, error) {
	var out []*Assignment
	err := s.DB.R.NewSelect().Model(&out).Where("roster_id IN (?)", bun.List(rosterIDs)).OrderExpr("day, starts_at, staff_id").Scan(ctx)
	return out, apperr.Wrap("roster.AssignmentsOfRosters", err)
}

// AssignmentsByIDs loads assignments by id (for dataloaders and node look-ups): the
// caller's own, those of their depot's published rosters, and all of any depot they
// oversee.
func (s *Service) AssignmentsByIDs(ctx context.Context, ids []string) ([]*Assignment, error) {
	const op = "roster.AssignmentsByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	cond, args := overseenSQL(p, "a.depot_id")
	var out []*Assignment
	q := s.DB.R.NewSelect().Model(&out).Where("a.id IN (?)", bun.List(ids)).
		Join("JOIN rosters AS r ON r.id = a.roster_id").
		Where("(a.staff_id = ? OR (a.depot_id = ? AND r.status = ?) OR "+cond+")", append([]any{p.ID, p.DepotID, RosterPublished}, args...)...)
	return out, apperr.Wrap(op, q.ModelTableExpr("roster_assignments AS a").Scan(ctx))
}

// AssignmentInput puts a staff member on a shift on a day; an empty ShiftTypeID takes
// them off that day.
type AssignmentInput struct {
	StaffID     string
	Day         string
	ShiftTypeID string
}

// AssignShifts writes many assignments of one depot's month at once, creating the
// month's draft roster if needed. On a published roster each person whose shifts
// changed is notified. The depot's supervisor, managers and admins only (FORBIDDEN);
// BAD_USER_INPUT for a day outside the month, a staff member of another depot or a
// shift type of another depot; SHIFT_NOT_QUALIFIED for a shift the person is not
// qualified for; IDEMPOTENCY_KEY_REUSED.
func (s *Service) AssignShifts(ctx context.Context, key, depotID, month string, items []AssignmentInput) (*Roster, bool, error) {
	const op = "roster.AssignShifts"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if err := s.mayManage(ctx, op, p, depotID); err != nil {
		return nil, false, err
	}
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, false, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	if len(items) == 0 || len(items) > 2000 {
		return nil, false, apperr.Invalid(op, "assignments", "每次可排 1 到 2000 个班", "Give 1 to 2000 assignments at a time")
	}
	for _, it := range items {
		d, err := time.Parse(dayLayout, it.Day)
		if err != nil || d.Format(monthLayout) != month {
			return nil, false, apperr.Invalid(op, "day", "日期须在所排月份内: "+it.Day, "The day must be in the roster's month: "+it.Day)
		}
	}
	now := s.Now().UTC()
	var id string
	var replayed bool
	id, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{depotID, month, items}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			r, err := s.rosterTx(ctx, tx, depotID, month, now)
			if err != nil {
				return "", err
			}
			return r.ID, s.writeAssignments(ctx, tx, op, r, items, now)
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	r, err := s.rosterByID(ctx, s.DB.W, id)
	return r, replayed, apperr.Wrap(op, err)
}

func (s *Service) rosterByID(ctx context.Context, idb bun.IDB, id string) (*Roster, error) {
	r := new(Roster)
	return r, notFound(idb.NewSelect().Model(r).Where("id = ?", id).Scan(ctx))
}

// rosterTx returns the depot's roster for month, creating a draft when there is none.
func (s *Service) rosterTx(ctx context.Context, tx bun.IDB, depotID, month string, now time.Time) (*Roster, error) {
	r := &Roster{ID: newID(), DepotID: depotID, Month: month, Status: RosterDraft, Version: 1, CreatedAt: now, UpdatedAt: now}
	if _, err := tx.NewInsert().Model(r).On("CONFLICT (depot_id, month) DO NOTHING").Exec(ctx); err != nil {
		return nil, err
	}
	return r, tx.NewSelect().Model(r).Where("depot_id = ? AND month = ?", depotID, month).Scan(ctx)
}

// checkedShifts returns, as (staff, day), the shifts of roster rosterID that items would
// remove and that a self-check or an inspection was recorded on: such a record refers
// to the shift (and keeps it), so it can change type but not go. The checks are the
// checklist capability's, asked through ShiftInUse in tx (the transaction that removes
// the shifts, as the removal's own statements are); without ShiftInUse no shift is
// removed.
func (s *Service) checkedShifts(ctx context.Context, tx bun.Tx, rosterID string, items []AssignmentInput) (map[[2]string]bool, error) {
	var staffIDs, days []string
	for _, it := range items {
		if it.ShiftTypeID == "" {
			staffIDs, days = append(staffIDs, it.StaffID), append(days, it.Day)
		}
	}
	out := map[[2]string]bool{}
	if len(staffIDs) == 0 {
		return out, nil
	}
	var shifts []*Assignment
	if err := tx.NewSelect().Model(&shifts).Column("id", "staff_id", "day").
		Where("roster_id = ? AND staff_id IN (?) AND day IN (?)", rosterID, bun.List(staffIDs), bun.List(days)).Scan(ctx); err != nil {
		return nil, err
	}
	if len(shifts) == 0 {
		return out, nil
	}
	if s.ShiftInUse == nil {
		return nil, errors.New("roster: ShiftInUse is not set, so no shift is removed")
	}
	ids := make([]string, len(shifts))
	for i, a := range shifts {
		ids[i] = a.ID
	}
	inUse, err := s.ShiftInUse(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	for _, a := range shifts {
		if inUse[a.ID] {
			out[[2]string{a.StaffID, a.Day}] = true
		}
	}
	return out, nil
}

// writeAssignments applies items to roster r in one transaction.
func (s *Service) writeAssignments(ctx context.Context, tx bun.Tx, op string, r *Roster, items []AssignmentInput, now time.Time) error {
	var staffIDs, typeIDs []string
	for _, it := range items {
		staffIDs = append(staffIDs, it.StaffID)
		if it.ShiftTypeID != "" {
			typeIDs = append(typeIDs, it.ShiftTypeID)
		}
	}
	staff, err := identity.StaffWithIDs(ctx, tx, staffIDs)
	if err != nil {
		return err
	}
	inDepot := map[string]bool{}
	for _, st := range staff {
		inDepot[st.ID] = st.DepotID == r.DepotID
	}
	types := map[string]*ShiftType{}
	quals := map[[2]string]bool{}
	if len(typeIDs) > 0 {
		var ts []*ShiftType
		if err := tx.NewSelect().Model(&ts).Where("id IN (?) AND depot_id = ?", bun.List(typeIDs), r.DepotID).Scan(ctx); err != nil {
			return err
		}
		for _, t := range ts {
			types[t.ID] = t
		}
		var qs []*Qualification
		if err := tx.NewSelect().Model(&qs).Where("shift_type_id IN (?)", bun.List(typeIDs)).Scan(ctx); err != nil {
			return err
		}
		for _, q := range qs {
			quals[[2]string{q.StaffID, q.ShiftTypeID}] = true
		}
	}
	checked, err := s.checkedShifts(ctx, tx, r.ID, items)
	if err != nil {
		return err
	}
	changed := map[string]bool{}
	for _, it := range items {
		if !inDepot[it.StaffID] {
			return apperr.Invalid(op, "staffId", "员工不属于该网点", "The staff member is not in this depot")
		}
		if it.ShiftTypeID == "" {
			if checked[[2]string{it.StaffID, it.Day}] {
				return apperr.E(op, apperr.ShiftHasChecks).With("day", it.Day)
			}
			res, err := tx.NewDelete().Model((*Assignment)(nil)).Where("staff_id = ? AND day = ? AND roster_id = ?", it.StaffID, it.Day, r.ID).Exec(ctx)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				changed[it.StaffID] = true
			}
			continue
		}
		t := types[it.ShiftTypeID]
		if t == nil {
			return apperr.Invalid(op, "shiftTypeId", "班次不属于该网点", "The shift type is not one of this depot's")
		}
		if t.RequiresQualification && !quals[[2]string{it.StaffID, t.ID}] {
			return apperr.E(op, apperr.ShiftNotQualified).Explain(
				fmt.Sprintf("%s 未取得「%s」的上岗资格", it.Day, t.Name),
				fmt.Sprintf("Not qualified for %s (%s)", t.Name, it.Day))
		}
		start, end := s.shiftTimes(it.Day, t)
		a := &Assignment{ID: newID(), RosterID: r.ID, DepotID: r.DepotID, StaffID: it.StaffID, Day: it.Day,
			ShiftTypeID: t.ID, StartsAt: start, EndsAt: end, UpdatedAt: now}
		res, err := tx.NewInsert().Model(a).On("CONFLICT (staff_id, day) DO UPDATE").
			Set("shift_type_id = EXCLUDED.shift_type_id, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, swap_id = NULL, updated_at = EXCLUDED.updated_at").
			Where("a.roster_id = ? AND a.shift_type_id <> EXCLUDED.shift_type_id", r.ID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			changed[it.StaffID] = true
		}
	}
	if r.Status != RosterPublished || len(changed) == 0 {
		return nil
	}
	if _, err := tx.NewUpdate().Model((*Roster)(nil)).Set("version = version + 1, updated_at = ?", now).Where("id = ?", r.ID).Exec(ctx); err != nil {
		return err
	}
	var notes []*Notification
	for staffID := range changed {
		notes = append(notes, s.note(staffID, "ROSTER_CHANGED", "DutyRoster", r.ID, now,
			fmt.Sprintf("%s 月值班表已调整,请查看您的班次", r.Month),
			fmt.Sprintf("The %s duty roster changed; check your shifts", r.Month)))
	}
	return s.notify(ctx, tx, notes...)
}

// CopyPreviousMonth fills a depot's draft roster for month with the previous month's
// assignments, day of month for day of month (days the month lacks are skipped), for
// staff still in the depot; it replaces what the draft held. The depot's supervisor,
// managers and admins only (FORBIDDEN); NOT_FOUND when last month has no roster;
// CONFLICT when the month is already published; IDEMPOTENCY_KEY_REUSED.
func (s *Service) CopyPreviousMonth(ctx context.Context, key, depotID, month string) (*Roster, bool, error) {
	const op = "roster.CopyPreviousMonth"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if err := s.mayManage(ctx, op, p, depotID); err != nil {
		return nil, false, err
	}
	m, err := time.Parse(monthLayout, month)
	if err != nil {
		return nil, false, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	prevMonth := m.AddDate(0, -1, 0).Format(monthLayout)
	now := s.Now().UTC()
	var id string
	var replayed bool
	id, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]string{depotID, month}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			prev := new(Roster)
			if err := tx.NewSelect().Model(prev).Where("depot_id = ? AND month = ?", depotID, prevMonth).Scan(ctx); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return "", apperr.E(op, apperr.NotFound).Explain("上月没有值班表可复制", "Last month has no roster to copy")
				}
				return "", err
			}
			r, err := s.rosterTx(ctx, tx, depotID, month, now)
			if err != nil {
				return "", err
			}
			if r.Status == RosterPublished {
				return "", apperr.E(op, apperr.Conflict).Explain("本月值班表已发布,不能整月复制覆盖", "This month's roster is published; it cannot be overwritten by a copy")
			}
			var old []*Assignment
			if err := tx.NewSelect().Model(&old).Where("a.roster_id = ?", prev.ID).
				Where("a.staff_id IN (?)", identity.ActiveInDepot(tx, prev.DepotID)).
				ModelTableExpr("roster_assignments AS a").Scan(ctx); err != nil {
				return "", err
			}
			if _, err := tx.NewDelete().Model((*Assignment)(nil)).Where("roster_id = ?", r.ID).Exec(ctx); err != nil {
				return "", err
			}
			types := map[string]*ShiftType{}
			var ts []*ShiftType
			if err := tx.NewSelect().Model(&ts).Where("depot_id = ?", depotID).Scan(ctx); err != nil {
				return "", err
			}
			for _, t := range ts {
				types[t.ID] = t
			}
			var fresh []*Assignment
			for _, a := range old {
				d, _ := time.Parse(dayLayout, a.Day)
				nd := time.Date(m.Year(), m.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
				if nd.Month() != m.Month() {
					continue
				}
				day := nd.Format(dayLayout)
				start, end := s.shiftTimes(day, types[a.ShiftTypeID])
				fresh = append(fresh, &Assignment{ID: newID(), RosterID: r.ID, DepotID: depotID, StaffID: a.StaffID, Day: day,
					ShiftTypeID: a.ShiftTypeID, StartsAt: start, EndsAt: end, UpdatedAt: now})
			}
			if len(fresh) > 0 {
				if _, err := tx.NewInsert().Model(&fresh).Exec(ctx); err != nil {
					return "", err
				}
			}
			return r.ID, nil
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	r, err := s.rosterByID(ctx, s.DB.W, id)
	return r, replayed, apperr.Wrap(op, err)
}

// PublishRoster makes a draft roster visible to its staff and notifies everyone on it.
// The depot's supervisor, managers and admins only (FORBIDDEN); NOT_FOUND; CONFLICT
// when it is already published or changed since the version the caller saw.
func (s *Service) PublishRoster(ctx context.Context, key, rosterID string, version int) (*Roster, bool, error) {
	const op = "roster.PublishRoster"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	r, err := s.rosterByID(ctx, s.DB.R, rosterID)
	if err == nil && !s.canSeeRoster(p, r) {
		err = apperr.E(op, apperr.NotFound)
	}
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	if err := s.mayManage(ctx, op, p, r.DepotID); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var replayed bool
	_, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{rosterID, version}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			err := db.WriteOne(ctx, tx.NewUpdate().Model((*Roster)(nil)).
				Set("status = ?, version = version + 1, published_at = ?, published_by = ?, updated_at = ?", RosterPublished, now, p.ID, now).
				Where("id = ? AND version = ? AND status = ?", rosterID, version, RosterDraft),
				apperr.E(op, apperr.Conflict).Explain("值班表已发布或已被他人修改,请刷新", "The roster was already published or changed by someone else; refresh"))
			if err != nil {
				return "", err
			}
			var staffIDs []string
			if err := tx.NewSelect().Model((*Assignment)(nil)).Distinct().Column("staff_id").Where("roster_id = ?", rosterID).Scan(ctx, &staffIDs); err != nil {
				return "", err
			}
			var notes []*Notification
			for _, id := range staffIDs {
				notes = append(notes, s.note(id, "ROSTER_PUBLISHED", "DutyRoster", rosterID, now,
					fmt.Sprintf("%s 月值班表已发布", r.Month), fmt.Sprintf("The %s duty roster is published", r.Month)))
			}
			return rosterID, s.notify(ctx, tx, notes...)
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	r, err = s.rosterByID(ctx, s.DB.W, rosterID)
	return r, replayed, apperr.Wrap(op, err)
}

// MyShifts lists the caller's shifts in published rosters for a month, by day. Staff
// only.
func (s *Service) MyShifts(ctx context.Context, month string) ([]*Assignment, error) {
	const op = "roster.MyShifts"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	var out []*Assignment
	err = s.DB.R.NewSelect().Model(&out).ModelTableExpr("roster_assignments AS a").
		Join("JOIN rosters AS r ON r.id = a.roster_id").
		Where("a.staff_id = ? AND r.month = ? AND r.status = ?", p.ID, month, RosterPublished).
		OrderExpr("a.day").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// worked selects assignments (alias a) into model that are worked: in a published roster
// and not on a day of the person's approved leave. Every "who works when" question asks
// it here, other capabilities through the functions below.
func worked(idb bun.IDB, model any) *bun.SelectQuery {
	return idb.NewSelect().Model(model).ModelTableExpr("roster_assignments AS a").
		Join("JOIN rosters AS r ON r.id = a.roster_id").
		Where("r.status = ?", RosterPublished).
		Where("NOT EXISTS (SELECT 1 FROM leave_requests l WHERE l.staff_id = a.staff_id AND l.status = ? AND l.start_day <= a.day AND l.end_day >= a.day)", LeaveApproved)
}

// ErrNotWorked says an assignment is not one the person works: not theirs, not in a
// published roster, or on a day of their approved leave.
var ErrNotWorked = errors.New("roster: not a worked shift")

// AssignmentOf loads the day and depot of staffID's assignment assignmentID, worked or
// not, or nil when there is no such assignment of theirs. It checks no caller: the
// checklist capability uses it to tell which day's rules apply to a check.
func AssignmentOf(ctx context.Context, idb bun.IDB, assignmentID, staffID string) (*Assignment, error) {
	a := new(Assignment)
	err := idb.NewSelect().Model(a).Column("day", "depot_id").
		Where("id = ? AND staff_id = ?", assignmentID, staffID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, err
}

// WorkedShift loads staffID's assignment assignmentID if they work it (see worked),
// ErrNotWorked otherwise. idb may be the caller's transaction. It checks no caller: the
// checklist capability uses it to start checks on a shift.
func WorkedShift(ctx context.Context, idb bun.IDB, assignmentID, staffID string) (*Assignment, error) {
	a := new(Assignment)
	err := worked(idb, a).Where("a.id = ? AND a.staff_id = ?", assignmentID, staffID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotWorked
	}
	return a, err
}

// WorkedShifts lists staffID's worked shifts that start by startBy and end after from,
// earliest first. It checks no caller: the checklist capability uses it for self-checks
// due.
func (s *Service) WorkedShifts(ctx context.Context, staffID string, from, startBy time.Time) ([]*Assignment, error) {
	var out []*Assignment
	err := worked(s.DB.R, &out).
		Where("a.staff_id = ? AND a.starts_at <= ? AND a.ends_at > ?", staffID, startBy.UTC(), from.UTC()).
		OrderExpr("a.starts_at").Scan(ctx)
	return out, apperr.Wrap("roster.WorkedShifts", err)
}

// AssignmentByID loads an assignment whatever its roster's state (idb may be the caller's
// transaction); sql.ErrNoRows when there is none. It checks no caller.
func AssignmentByID(ctx context.Context, idb bun.IDB, id string) (*Assignment, error) {
	a := new(Assignment)
	if err := idb.NewSelect().Model(a).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// OnDutyAt lists who is on duty in a depot at an instant: published assignments whose
// shift spans it, less anyone on approved leave that day. It checks no caller: other
// capabilities (rounds, handover, escalation) use it to find people.
func (s *Service) OnDutyAt(ctx context.Context, depotID string, at time.Time) ([]*Assignment, error) {
	var out []*Assignment
	err := worked(s.DB.R, &out).
		Where("a.depot_id = ? AND a.starts_at <= ? AND a.ends_at > ?", depotID, at.UTC(), at.UTC()).
		OrderExpr("a.starts_at, a.staff_id").Scan(ctx)
	return out, apperr.Wrap("roster.OnDutyAt", err)
}

// OnDutyNow lists who is on duty in a depot now. The depot's staff and those who oversee
// it (FORBIDDEN otherwise).
func (s *Service) OnDutyNow(ctx context.Context, depotID string) ([]*Assignment, error) {
	const op = "roster.OnDutyNow"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !seesDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	return s.OnDutyAt(ctx, depotID, s.Now())
}

// NextShift returns the person's first published shift that ends after at and starts
// within the fortnight after it, less days of approved leave; ok is false when there is
// none. It checks no caller: pushes use it for quiet hours.
func (s *Service) NextShift(ctx context.Context, staffID string, at time.Time) (start, end time.Time, ok bool, err error) {
	var a Assignment
	err = worked(s.DB.R, &a).
		Where("a.staff_id = ? AND a.ends_at > ? AND a.starts_at < ?", staffID, at.UTC(), at.UTC().Add(14*24*time.Hour)).
		OrderExpr("a.starts_at").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, time.Time{}, false, apperr.Wrap("roster.NextShift", err)
	}
	return a.StartsAt, a.EndsAt, true, nil
}

// ShiftEnded is where a person stands against the roster at an instant: the end of
// their latest published shift that ended by then, and whether another shift of theirs
// is running then.
type ShiftEnded struct {
	StaffID string
	EndedAt time.Time
	OnDuty  bool
}

// ShiftsEndedBy tells, for each of staffIDs, when their latest published shift that
// ended by at (within the week before) ended, and whether they are on duty at at. People
// without such a shift are left out. One query however many people; it checks no caller:
// the ticket capability uses it to find tickets whose owner went off shift.
func (s *Service) ShiftsEndedBy(ctx context.Context, staffIDs []string, at time.Time) (map[string]*ShiftEnded, error) {
	out := map[string]*ShiftEnded{}
	if len(staffIDs) == 0 {
		return out, nil
	}
	at = at.UTC()
	var rows []*Assignment
	err := s.DB.R.NewSelect().Model(&rows).ModelTableExpr("roster_assignments AS a").
		Join("JOIN rosters AS r ON r.id = a.roster_id").
		Where("a.staff_id IN (?) AND r.status = ? AND a.starts_at <= ? AND a.ends_at > ?", bun.List(staffIDs), RosterPublished, at, at.AddDate(0, 0, -7)).
		OrderExpr("a.ends_at").Scan(ctx)
	if err != nil {
		return nil, apperr.Wrap("roster.ShiftsEndedBy", err)
	}
	onDuty := map[string]bool{}
	for _, a := range rows {
		if a.EndsAt.After(at) {
			onDuty[a.StaffID] = true
			continue
		}
		out[a.StaffID] = &ShiftEnded{StaffID: a.StaffID, EndedAt: a.EndsAt} // later rows win: the latest end
	}
	for id, e := range out {
		e.OnDuty = onDuty[id]
	}
	return out, nil
}

// Upcoming is one of the person's coming shifts and who else works it.
type Upcoming struct {
	Shift *Assignment
	// CoworkerIDs are the others on the same shift type at the same depot that day, not
	// on approved leave.
	CoworkerIDs []string
}

// MyUpcomingShifts returns the caller's shift under way (if any) and the next ones, at
// most n (1 to 7), in published rosters within a fortnight, each with who else works it:
// two statements however many. Staff only.
func (s *Service) MyUpcomingShifts(ctx context.Context, n int) ([]*Upcoming, error) {
	const op = "roster.MyUpcomingShifts"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if n < 1 || n > 7 {
		return nil, apperr.Invalid(op, "first", "数量应为 1 到 7", "Ask for 1 to 7 shifts")
	}
	now := s.Now().UTC()
	var mine []*Assignment
	if err := worked(s.DB.R, &mine).
		Where("a.staff_id = ? AND a.ends_at > ? AND a.starts_at < ?", p.ID, now, now.Add(14*24*time.Hour)).
		OrderExpr("a.starts_at").Limit(int64(n)).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	out := make([]*Upcoming, len(mine))
	if len(mine) == 0 {
		return out, nil
	}
	var days, depots []string
	for i, a := range mine {
		out[i] = &Upcoming{Shift: a, CoworkerIDs: []string{}}
		days, depots = append(days, a.Day), append(depots, a.DepotID)
	}
	var others []*Assignment
	if err := worked(s.DB.R, &others).
		Where("a.day IN (?) AND a.depot_id IN (?) AND a.staff_id <> ?", bun.List(days), bun.List(depots), p.ID).
		OrderExpr("a.staff_id").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	for _, u := range out {
		for _, o := range others {
			if o.Day == u.Shift.Day && o.DepotID == u.Shift.DepotID && o.ShiftTypeID == u.Shift.ShiftTypeID {
				u.CoworkerIDs = append(u.CoworkerIDs, o.StaffID)
			}
		}
	}
	return out, nil
}
