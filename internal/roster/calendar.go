package roster

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// chinaHolidays are the public holidays and adjusted working days (调休) loaded into
// every organisation's calendar. 2026 follows the State Council's notice on the 2026
// arrangement. For 2027 the notice is not known here: the fixed-date statutory days (元旦
// Jan 1, 劳动节 May 1–2, 国庆节 Oct 1–3) are certain; the lunar statutory days (春节 除夕
// Feb 5 and 初一–初三 Feb 6–8, 清明节 Apr 5, 端午节 Jun 9, 中秋节 Sep 15) are loaded as
// provisional, and the bridging days and 调休 arrangement are added by an administrator
// (setHoliday) when the notice is published. Migration 20261124100010 gives
// organisations set up earlier the same provisional days.
var chinaHolidays = []struct {
	from, to    string
	kind        HolidayKind
	name        string
	nameEN      string
	provisional bool
}{
	{"2026-01-01", "2026-01-03", Holiday, "元旦", "New Year's Day", false},
	{"2026-01-04", "2026-01-04", Workday, "元旦调休上班", "Working day (New Year's Day adjustment)", false},
	{"2026-02-14", "2026-02-14", Workday, "春节调休上班", "Working day (Spring Festival adjustment)", false},
	{"2026-02-15", "2026-02-23", Holiday, "春节", "Spring Festival", false},
	{"2026-02-28", "2026-02-28", Workday, "春节调休上班", "Working day (Spring Festival adjustment)", false},
	{"2026-04-04", "2026-04-06", Holiday, "清明节", "Qingming Festival", false},
	{"2026-05-01", "2026-05-05", Holiday, "劳动节", "Labour Day", false},
	{"2026-05-09", "2026-05-09", Workday, "劳动节调休上班", "Working day (Labour Day adjustment)", false},
	{"2026-06-19", "2026-06-21", Holiday, "端午节", "Dragon Boat Festival", false},
	{"2026-09-20", "2026-09-20", Workday, "国庆节调休上班", "Working day (National Day adjustment)", false},
	{"2026-09-25", "2026-09-27", Holiday, "中秋节", "Mid-Autumn Festival", false},
	{"2026-10-01", "2026-10-07", Holiday, "国庆节", "National Day", false},
	{"2026-10-10", "2026-10-10", Workday, "国庆节调休上班", "Working day (National Day adjustment)", false},
	{"2027-01-01", "2027-01-01", Holiday, "元旦", "New Year's Day", false},
	{"2027-02-05", "2027-02-08", Holiday, "春节", "Spring Festival", true},
	{"2027-04-05", "2027-04-05", Holiday, "清明节", "Qingming Festival", true},
	{"2027-05-01", "2027-05-02", Holiday, "劳动节", "Labour Day", false},
	{"2027-06-09", "2027-06-09", Holiday, "端午节", "Dragon Boat Festival", true},
	{"2027-09-15", "2027-09-15", Holiday, "中秋节", "Mid-Autumn Festival", true},
	{"2027-10-01", "2027-10-03", Holiday, "国庆节", "National Day", false},
}

// defaultLeaveTypes are the leave types every organisation starts with.
var defaultLeaveTypes = []struct {
	code, zh, en string
	advance      bool
}{
	{"ANNUAL", "年假", "Annual leave", true},
	{"SICK", "病假", "Sick leave", false},
	{"MARRIAGE", "婚假", "Marriage leave", true},
	{"PERSONAL", "事假", "Personal leave", true},
	{"BEREAVEMENT", "丧假", "Bereavement leave", false},
	{"MATERNITY", "产假", "Maternity leave", true},
}

// settings returns an organisation's settings, setting up the organisation's defaults
// (settings, holiday calendar, leave types) the first time it is used.
func (s *Service) settings(ctx context.Context, orgID string) (*Settings, error) {
	st := new(Settings)
	err := s.DB.R.NewSelect().Model(st).Where("org_id = ?", orgID).Scan(ctx)
	if err == nil {
		return st, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var e error
		st, e = s.settingsTx(ctx, tx, orgID)
		return e
	})
	return st, err
}

// PrepareDepot sets up the defaults of a depot's organisation (see settings) unless they
// exist. Callers that read attendance inside their own write transaction call it first:
// setting up needs a write transaction of its own, and SQLite has one writer.
func (s *Service) PrepareDepot(ctx context.Context, depotID string) error {
	org, err := identity.OrgOf(ctx, s.DB.R, depotID)
	if err != nil {
		return apperr.Wrap("roster.PrepareDepot", err)
	}
	_, err = s.settings(ctx, org)
	return apperr.Wrap("roster.PrepareDepot", err)
}

// settingsTx is settings inside a write transaction.
func (s *Service) settingsTx(ctx context.Context, tx bun.IDB, orgID string) (*Settings, error) {
	if err := s.setUpOrg(ctx, tx, orgID); err != nil {
		return nil, err
	}
	st := new(Settings)
	return st, tx.NewSelect().Model(st).Where("org_id = ?", orgID).Scan(ctx)
}

// setUpOrg loads an organisation's defaults once; the settings row marks it done.
func (s *Service) setUpOrg(ctx context.Context, tx bun.IDB, orgID string) error {
	now := s.Now().UTC()
	st := DefaultSettings(orgID)
	st.UpdatedAt = now
	res, err := tx.NewInsert().Model(st).On("CONFLICT DO NOTHING").Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	var days []*HolidayDay
	for _, h := range chinaHolidays {
		from, _ := time.Parse(dayLayout, h.from)
		to, _ := time.Parse(dayLayout, h.to)
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			days = append(days, &HolidayDay{ID: newID(), OrgID: orgID, Day: d.Format(dayLayout), Kind: h.kind, Name: h.name, NameEN: h.nameEN,
				Provisional: h.provisional, UpdatedAt: now})
		}
	}
	if _, err := tx.NewInsert().Model(&days).Exec(ctx); err != nil {
		return err
	}
	var types []*LeaveType
	for _, t := range defaultLeaveTypes {
		types = append(types, &LeaveType{ID: newID(), OrgID: orgID, Code: t.code, NameZH: t.zh, NameEN: t.en,
			RequiresAdvance: t.advance, Active: true, CreatedAt: now})
	}
	_, err = tx.NewInsert().Model(&types).Exec(ctx)
	return err
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// callerOrg returns the caller and their organisation's settings.
func (s *Service) callerOrg(ctx context.Context, op string) (*identity.Principal, *Settings, error) {
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, nil, err
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, nil, apperr.Wrap(op, err)
	}
	st, err := s.settings(ctx, org)
	return p, st, apperr.Wrap(op, err)
}

// Settings returns the rule limits of the caller's organisation. Staff only.
func (s *Service) Settings(ctx context.Context) (*Settings, error) {
	_, st, err := s.callerOrg(ctx, "roster.Settings")
	return st, err
}

// SettingsChange is a new set of limits; nil fields stay as they are.
type SettingsChange struct {
	Version             int
	MaxSwapsPerMonth    *int
	MinDaysBetweenSwaps *int
	LeaveApprovalLevels *int
	LeaveMinNoticeDays  *int
	LateGraceMinutes    *int
	// The lawful-hours limits, in minutes.
	DailyStandardMinutes      *int
	WeeklyStandardMinutes     *int
	MonthlyOvertimeCapMinutes *int
}

// UpdateSettings changes the caller's organisation's limits. Admins and managers only
// (FORBIDDEN otherwise); BAD_USER_INPUT for a limit out of range; CONFLICT when the
// settings changed since the version the caller saw.
func (s *Service) UpdateSettings(ctx context.Context, in SettingsChange) (*Settings, error) {
	const op = "roster.UpdateSettings"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasAnyRole(identity.RoleAdmin, identity.RoleManager) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	set := func(dst *int, v *int, field string, lo, hi int) error {
		if v == nil {
			return nil
		}
		if *v < lo || *v > hi {
			return apperr.Invalid(op, field, "取值超出范围", "Value out of range").With("min", lo).With("max", hi)
		}
		*dst = *v
		return nil
	}
	// The hours limits come in minutes and are reported in hours, as the schema takes them.
	setHours := func(dst *int, v *int, field string, lo, hi int) error {
		if v != nil && (*v < lo*60 || *v > hi*60) {
			return apperr.Invalid(op, field, "取值超出范围", "Value out of range").With("min", lo).With("max", hi)
		}
		return set(dst, v, field, lo*60, hi*60)
	}
	for _, f := range []error{
		set(&st.MaxSwapsPerMonth, in.MaxSwapsPerMonth, "maxSwapsPerMonth", 0, 31),
		set(&st.MinDaysBetweenSwaps, in.MinDaysBetweenSwaps, "minDaysBetweenSwaps", 0, 31),
		set(&st.LeaveApprovalLevels, in.LeaveApprovalLevels, "leaveApprovalLevels", 1, 5),
		set(&st.LeaveMinNoticeDays, in.LeaveMinNoticeDays, "leaveMinNoticeDays", 0, 60),
		set(&st.LateGraceMinutes, in.LateGraceMinutes, "lateGraceMinutes", 0, 120),
		setHours(&st.DailyStandardMinutes, in.DailyStandardMinutes, "dailyStandardHours", 1, 24),
		setHours(&st.WeeklyStandardMinutes, in.WeeklyStandardMinutes, "weeklyStandardHours", 1, 7*24),
		setHours(&st.MonthlyOvertimeCapMinutes, in.MonthlyOvertimeCapMinutes, "monthlyOvertimeCapHours", 0, 200),
	} {
		if f != nil {
			return nil, f
		}
	}
	now := s.Now().UTC()
	st.UpdatedAt, st.UpdatedBy = now, &p.ID
	err = db.WriteOne(ctx, s.DB.W.NewUpdate().Model(st).
		Column("max_swaps_per_month", "min_days_between_swaps", "leave_approval_levels", "leave_min_notice_days", "late_grace_minutes",
			"daily_standard_minutes", "weekly_standard_minutes", "monthly_overtime_cap_minutes", "updated_by", "updated_at").
		Set("version = version + 1").Where("org_id = ? AND version = ?", st.OrgID, in.Version), apperr.E(op, apperr.Conflict))
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	st.Version = in.Version + 1
	return st, nil
}

// Holidays lists the caller's organisation's calendar entries for a year, by day.
// Staff only.
func (s *Service) Holidays(ctx context.Context, year int) ([]*HolidayDay, error) {
	const op = "roster.Holidays"
	_, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*HolidayDay
	err = s.DB.R.NewSelect().Model(&out).Where("org_id = ? AND day >= ? AND day <= ?", st.OrgID,
		time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format(dayLayout), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).Format(dayLayout)).
		OrderExpr("day").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// SetHoliday adds or changes one day of the caller's organisation's calendar, confirming
// it when it was provisional; a nil kind removes the day (it becomes an ordinary day). Admins and managers only
// (FORBIDDEN); BAD_USER_INPUT for a bad day or a missing name. The English name is
// optional; English messages leave the name out without one.
func (s *Service) SetHoliday(ctx context.Context, day string, kind *HolidayKind, name, nameEN string) (*HolidayDay, error) {
	const op = "roster.SetHoliday"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasAnyRole(identity.RoleAdmin, identity.RoleManager) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	if _, err := time.Parse(dayLayout, day); err != nil {
		return nil, apperr.Invalid(op, "day", "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD")
	}
	if kind == nil {
		_, err := s.DB.W.NewDelete().Model((*HolidayDay)(nil)).Where("org_id = ? AND day = ?", st.OrgID, day).Exec(ctx)
		return nil, apperr.Wrap(op, err)
	}
	if *kind != Holiday && *kind != Workday {
		return nil, apperr.Invalid(op, "kind", "日历类型无效", "Unknown calendar kind")
	}
	if name, err = (text.Rule{Field: "name", Max: 40}).Clean(op, name); err != nil {
		return nil, err
	}
	if nameEN, err = (text.Rule{Field: "nameEn", Max: 60, Optional: true}).Clean(op, nameEN); err != nil {
		return nil, err
	}
	h := &HolidayDay{ID: newID(), OrgID: st.OrgID, Day: day, Kind: *kind, Name: name, NameEN: nameEN, UpdatedBy: &p.ID, UpdatedAt: s.Now().UTC()}
	_, err = s.DB.W.NewInsert().Model(h).
		On("CONFLICT (org_id, day) DO UPDATE").Set("kind = EXCLUDED.kind, name = EXCLUDED.name, name_en = EXCLUDED.name_en, provisional = EXCLUDED.provisional, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	out := new(HolidayDay)
	err = s.DB.W.NewSelect().Model(out).Where("org_id = ? AND day = ?", st.OrgID, day).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

func isUnique(err error) bool { return db.IsUniqueViolation(err) }
