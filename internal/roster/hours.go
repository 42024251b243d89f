package roster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// Lawful hours (China's standard working hours: 8 hours a day, 44 a week, at most 36
// hours of overtime a month). A shift counts from its start to its end, split at the
// organisation's midnights, so a night shift from 21:00 to 07:00 counts 3 hours on its
// first day and 7 on the next. Weeks run Monday to Sunday and are checked whole, even
// when they straddle two months. Overtime is the hours beyond the daily standard on a
// day plus, walking the week day by day, the hours beyond the weekly standard; it counts
// in the month of the day it is worked. A depot on an approved comprehensive-hours
// scheme (综合计算工时) has no daily or weekly standard: its overtime is the month's hours
// beyond the scheme's standard month.

// DefaultMonthlyStandardMinutes is the standard month of a comprehensive-hours scheme
// until set: 20.83 working days of 8 hours, rounded up to 167 hours.
const DefaultMonthlyStandardMinutes = 167 * 60

// HoursScheme is a depot's working-time scheme; depots without a row work standard hours.
type HoursScheme struct {
	bun.BaseModel `bun:"table:depot_hours_schemes"`

	DepotID                string    `bun:"depot_id,pk"`
	Comprehensive          bool      `bun:"comprehensive"`
	MonthlyStandardMinutes int       `bun:"monthly_standard_minutes"`
	Version                int       `bun:"version"`
	UpdatedBy              *string   `bun:"updated_by"`
	UpdatedAt              time.Time `bun:"updated_at"`
}

// HoursLimits are the limits one person's shifts are checked against: the
// organisation's settings and the depot's scheme together.
type HoursLimits struct {
	DailyMinutes              int
	WeeklyMinutes             int
	MonthlyOvertimeCapMinutes int
	// Comprehensive: the daily and weekly standards do not apply; hours beyond
	// MonthlyStandardMinutes in a calendar month are overtime.
	Comprehensive          bool
	MonthlyStandardMinutes int
}

// Limits combines the organisation's settings with a depot's scheme (nil: standard hours).
func (st *Settings) Limits(sc *HoursScheme) HoursLimits {
	l := HoursLimits{DailyMinutes: st.DailyStandardMinutes, WeeklyMinutes: st.WeeklyStandardMinutes,
		MonthlyOvertimeCapMinutes: st.MonthlyOvertimeCapMinutes, MonthlyStandardMinutes: DefaultMonthlyStandardMinutes}
	if sc != nil {
		l.Comprehensive, l.MonthlyStandardMinutes = sc.Comprehensive, sc.MonthlyStandardMinutes
	}
	return l
}

// HoursRule names the limit an excess breaks.
type HoursRule string

// The hours rules.
const (
	// WeeklyHours: a week's hours over the weekly standard (standard hours only).
	WeeklyHours HoursRule = "WEEKLY_HOURS"
	// MonthlyOvertime: a month's overtime over the cap.
	MonthlyOvertime HoursRule = "MONTHLY_OVERTIME"
)

// HoursExcess is one person going over one limit in one period.
type HoursExcess struct {
	StaffID string
	Rule    HoursRule
	// Period is the week's Monday (YYYY-MM-DD) for WeeklyHours, the month (YYYY-MM) for
	// MonthlyOvertime.
	Period string
	// Minutes are the week's hours or the month's overtime; LimitMinutes the limit.
	Minutes      int
	LimitMinutes int
}

// Explain words the excess for the person, named nameZH in Chinese and nameEN in English.
func (e HoursExcess) Explain(nameZH, nameEN string) (zh, en string) {
	if e.Rule == WeeklyHours {
		return fmt.Sprintf("%s %s起的一周排班 %s 小时,超过每周标准工时 %s 小时", nameZH, dayZH(e.Period), hoursText(e.Minutes), hoursText(e.LimitMinutes)),
			fmt.Sprintf("%s is rostered %s h in the week from %s, over the standard week of %s h", nameEN, hoursText(e.Minutes), dayEN(e.Period), hoursText(e.LimitMinutes))
	}
	return fmt.Sprintf("%s %s 月加班 %s 小时,超过每月加班上限 %s 小时", nameZH, e.Period, hoursText(e.Minutes), hoursText(e.LimitMinutes)),
		fmt.Sprintf("%s has %s h of overtime in %s, over the cap of %s h a month", nameEN, hoursText(e.Minutes), e.Period, hoursText(e.LimitMinutes))
}

// hoursText writes minutes as hours with at most two decimals: 44, 44.5, 0.25.
func hoursText(minutes int) string {
	return strconv.FormatFloat(float64(minutes*100/60)/100, 'f', -1, 64)
}

// WeekHours is a person's hours in one week.
type WeekHours struct {
	Monday  string
	Minutes int
	Over    bool
}

// PersonHours is a person's working time in a month.
type PersonHours struct {
	StaffID string
	Month   string
	// Minutes worked on the month's days; OvertimeMinutes of them are overtime.
	Minutes         int
	OvertimeMinutes int
	// Weeks touching the month, each counted whole.
	Weeks  []WeekHours
	Excess []HoursExcess
}

// Breaks are the unpaid break minutes of shift types, by shift type id.
type Breaks map[string]int

// BreaksOf collects the breaks of shift types.
func BreaksOf(types ...*ShiftType) Breaks {
	b := Breaks{}
	for _, t := range types {
		if t != nil {
			b[t.ID] = t.BreakMinutes
		}
	}
	return b
}

// dayMinutes splits each shift at the zone's midnights, less its break: minutes by
// person and day.
func dayMinutes(zone *time.Location, as []*Assignment, breaks Breaks) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, a := range as {
		m := out[a.StaffID]
		if m == nil {
			m = map[string]int{}
			out[a.StaffID] = m
		}
		end := a.EndsAt.In(zone)
		for t := a.StartsAt.In(zone); t.Before(end); {
			y, mo, d := t.Date()
			next := time.Date(y, mo, d+1, 0, 0, 0, 0, zone)
			if next.After(end) {
				next = end
			}
			m[t.Format(dayLayout)] += int(next.Sub(t) / time.Minute)
			t = next
		}
		if b := breaks[a.ShiftTypeID]; b > 0 {
			middle := a.StartsAt.Add(a.EndsAt.Sub(a.StartsAt) / 2).In(zone).Format(dayLayout)
			m[middle] = max(0, m[middle]-b)
		}
	}
	return out
}

// mondays lists the Mondays of the weeks touching month (YYYY-MM).
func mondays(month string) []string {
	first, err := time.Parse(monthLayout, month)
	if err != nil {
		return nil
	}
	last := first.AddDate(0, 1, -1)
	var out []string
	for d := first.AddDate(0, 0, -(int(first.Weekday())+6)%7); !d.After(last); d = d.AddDate(0, 0, 7) {
		out = append(out, d.Format(dayLayout))
	}
	return out
}

// HoursWindow is the span of days MonthHours needs shifts for: from the day before the
// first week's Monday (a night shift running into it) to the last week's Sunday.
func HoursWindow(month string) (from, to string) {
	ms := mondays(month)
	if len(ms) == 0 {
		return month + "-01", month + "-01"
	}
	f, _ := time.Parse(dayLayout, ms[0])
	t, _ := time.Parse(dayLayout, ms[len(ms)-1])
	return f.AddDate(0, 0, -1).Format(dayLayout), t.AddDate(0, 0, 6).Format(dayLayout)
}

// MonthHours works out each person's hours in month from as, which must hold their
// shifts over HoursWindow(month), and what goes over the limits: a week's hours over the
// weekly standard (exactly the standard passes), the month's overtime over the cap. One
// entry per person with shifts in as, by staff id.
func MonthHours(l HoursLimits, zone *time.Location, month string, as []*Assignment, breaks Breaks) []*PersonHours {
	byDay := dayMinutes(zone, as, breaks)
	people := make([]string, 0, len(byDay))
	for id := range byDay {
		people = append(people, id)
	}
	slices.Sort(people)
	out := make([]*PersonHours, 0, len(people))
	for _, id := range people {
		out = append(out, personHours(l, month, id, byDay[id]))
	}
	return out
}

func personHours(l HoursLimits, month, staffID string, mins map[string]int) *PersonHours {
	ph := &PersonHours{StaffID: staffID, Month: month, Weeks: []WeekHours{}, Excess: []HoursExcess{}}
	for _, monday := range mondays(month) {
		m, _ := time.Parse(dayLayout, monday)
		w := WeekHours{Monday: monday}
		regular := 0
		for i := range 7 {
			day := m.AddDate(0, 0, i).Format(dayLayout)
			h := mins[day]
			w.Minutes += h
			overtime := 0
			if !l.Comprehensive {
				overtime = max(0, h-l.DailyMinutes)
				r := h - overtime
				if regular+r > l.WeeklyMinutes {
					overtime += min(r, regular+r-l.WeeklyMinutes)
					r -= min(r, regular+r-l.WeeklyMinutes)
				}
				regular += r
			}
			if day[:7] == month {
				ph.Minutes += h
				ph.OvertimeMinutes += overtime
			}
		}
		if !l.Comprehensive && w.Minutes > l.WeeklyMinutes {
			w.Over = true
			ph.Excess = append(ph.Excess, HoursExcess{StaffID: staffID, Rule: WeeklyHours, Period: monday, Minutes: w.Minutes, LimitMinutes: l.WeeklyMinutes})
		}
		ph.Weeks = append(ph.Weeks, w)
	}
	if l.Comprehensive {
		ph.OvertimeMinutes = max(0, ph.Minutes-l.MonthlyStandardMinutes)
	}
	if ph.OvertimeMinutes > l.MonthlyOvertimeCapMinutes {
		ph.Excess = append(ph.Excess, HoursExcess{StaffID: staffID, Rule: MonthlyOvertime, Period: month, Minutes: ph.OvertimeMinutes, LimitMinutes: l.MonthlyOvertimeCapMinutes})
	}
	return ph
}

// HoursChange checks one person's shifts after a change (a swap, an open shift claimed,
// a shift assigned): before are their shifts as they stand and after the same with the
// change applied, both over HoursWindow of each of months (the months of the changed
// days). It returns each excess in those months that the change creates or makes
// larger; one that was there before and did not grow is the roster's, not the change's.
func HoursChange(l HoursLimits, zone *time.Location, staffID string, before, after []*Assignment, months []string, breaks Breaks) []HoursExcess {
	var out []HoursExcess
	for _, month := range slices.Compact(slices.Sorted(slices.Values(months))) {
		was := map[[2]string]int{}
		for _, e := range personHours(l, month, staffID, dayMinutes(zone, before, breaks)[staffID]).Excess {
			was[[2]string{string(e.Rule), e.Period}] = e.Minutes
		}
		for _, e := range personHours(l, month, staffID, dayMinutes(zone, after, breaks)[staffID]).Excess {
			if m, ok := was[[2]string{string(e.Rule), e.Period}]; ok && e.Minutes <= m {
				continue
			}
			if slices.ContainsFunc(out, func(o HoursExcess) bool { return o.Rule == e.Rule && o.Period == e.Period }) {
				continue // a week straddling two months is reported once
			}
			out = append(out, e)
		}
	}
	return out
}

// HoursLimitsOf returns the limits that apply at depotID: its organisation's settings
// (the defaults when the organisation has none yet) and its scheme. Three statements;
// idb may be a transaction. It checks no caller.
func (s *Service) HoursLimitsOf(ctx context.Context, idb bun.IDB, depotID string) (HoursLimits, error) {
	org, err := identity.OrgOf(ctx, idb, depotID)
	if err != nil {
		return HoursLimits{}, err
	}
	st := new(Settings)
	if err := idb.NewSelect().Model(st).Where("org_id = ?", org).Scan(ctx); errors.Is(err, sql.ErrNoRows) {
		st = DefaultSettings(org)
	} else if err != nil {
		return HoursLimits{}, err
	}
	sc, err := schemeOf(ctx, idb, depotID)
	if err != nil {
		return HoursLimits{}, err
	}
	return st.Limits(sc), nil
}

// breaksOf loads the breaks of the shift types of the assignments in one statement.
func breaksOf(ctx context.Context, idb bun.IDB, lists ...[]*Assignment) (Breaks, error) {
	ids := []string{""}
	for _, as := range lists {
		for _, a := range as {
			ids = append(ids, a.ShiftTypeID)
		}
	}
	var types []*ShiftType
	if err := idb.NewSelect().Model(&types).Column("id", "break_minutes").Where("id IN (?)", bun.List(slices.Compact(slices.Sorted(slices.Values(ids))))).Scan(ctx); err != nil {
		return nil, err
	}
	return BreaksOf(types...), nil
}

func schemeOf(ctx context.Context, idb bun.IDB, depotID string) (*HoursScheme, error) {
	sc := new(HoursScheme)
	err := idb.NewSelect().Model(sc).Where("depot_id = ?", depotID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return sc, err
}

// CheckProposedHours returns the excesses staffID would have at depotID if they also
// worked proposed (shifts they do not have yet, such as an open shift they claim; one on
// a day they already work replaces that day's shift), under the limits that apply there
// (HoursLimitsOf): those the proposal creates or makes larger (HoursChange). Each
// proposed shift needs Day, ShiftTypeID, StartsAt and EndsAt. Five statements; idb may be
// a transaction. It checks no caller: callers refuse or warn with HoursExcess.Explain.
func (s *Service) CheckProposedHours(ctx context.Context, idb bun.IDB, depotID, staffID string, proposed []*Assignment) ([]HoursExcess, error) {
	if len(proposed) == 0 {
		return nil, nil
	}
	l, err := s.HoursLimitsOf(ctx, idb, depotID)
	if err != nil {
		return nil, err
	}
	var months []string
	from, to := "9999", ""
	for _, a := range proposed {
		months = append(months, a.Day[:7])
		f, t := HoursWindow(a.Day[:7])
		from, to = min(from, f), max(to, t)
	}
	var before []*Assignment
	if err := idb.NewSelect().Model(&before).Where("staff_id = ? AND day >= ? AND day <= ?", staffID, from, to).Scan(ctx); err != nil {
		return nil, err
	}
	after := withShifts(before, staffID, proposed)
	breaks, err := breaksOf(ctx, idb, after, before)
	if err != nil {
		return nil, err
	}
	return HoursChange(l, s.Zone, staffID, before, after, months, breaks), nil
}

// withShifts returns staffID's shifts of as with add put in, each replacing the person's
// shift of its day, and the shifts whose ids are in drop taken out.
func withShifts(as []*Assignment, staffID string, add []*Assignment, drop ...string) []*Assignment {
	var out []*Assignment
	for _, a := range as {
		if a.StaffID != staffID || slices.Contains(drop, a.ID) ||
			slices.ContainsFunc(add, func(n *Assignment) bool { return n.Day == a.Day }) {
			continue
		}
		out = append(out, a)
	}
	for _, n := range add {
		c := *n
		c.StaffID = staffID
		out = append(out, &c)
	}
	return out
}

// RosterHours is the working time of everyone on a depot's month.
type RosterHours struct {
	Limits HoursLimits
	People []*PersonHours
	// Warnings word each excess, naming the person and the week or month.
	Warnings []*HoursWarning
}

// HoursWarning is one excess with its explanation.
type HoursWarning struct {
	HoursExcess
	Violation Violation
}

// HoursOfRoster works out the hours of everyone with shifts on roster r's month at its
// depot (the neighbouring months' shifts count for the weeks that straddle them) and
// warns of each excess. Six statements. It checks no caller: it reads what whoever may
// see the roster may see.
func (s *Service) HoursOfRoster(ctx context.Context, r *Roster) (*RosterHours, error) {
	const op = "roster.HoursOfRoster"
	l, err := s.HoursLimitsOf(ctx, s.DB.R, r.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	from, to := HoursWindow(r.Month)
	var as []*Assignment
	if err := s.DB.R.NewSelect().Model(&as).Where("depot_id = ? AND day >= ? AND day <= ?", r.DepotID, from, to).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	breaks, err := breaksOf(ctx, s.DB.R, as)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	out := &RosterHours{Limits: l, Warnings: []*HoursWarning{}}
	var onRoster []string
	for _, a := range as {
		if a.RosterID == r.ID {
			onRoster = append(onRoster, a.StaffID)
		}
	}
	ids := []string{""}
	for _, ph := range MonthHours(l, s.Zone, r.Month, as, breaks) {
		if slices.Contains(onRoster, ph.StaffID) {
			out.People = append(out.People, ph)
			if len(ph.Excess) > 0 {
				ids = append(ids, ph.StaffID)
			}
		}
	}
	names := map[string]string{}
	staff, err := identity.StaffWithIDs(ctx, s.DB.R, ids)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	for _, st := range staff {
		names[st.ID] = st.Name
	}
	for _, ph := range out.People {
		for _, e := range ph.Excess {
			zh, en := e.Explain(names[e.StaffID], names[e.StaffID])
			out.Warnings = append(out.Warnings, &HoursWarning{e, Violation{Code: apperr.RosterHoursOverLimit, ZH: zh, EN: en}})
		}
	}
	return out, nil
}

// HoursSchemeOf returns a depot's scheme: the stored one, or standard hours (version 0)
// when none was set. Those who oversee the depot (FORBIDDEN otherwise).
func (s *Service) HoursSchemeOf(ctx context.Context, depotID string) (*HoursScheme, error) {
	const op = "roster.HoursSchemeOf"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !seesDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	sc, err := schemeOf(ctx, s.DB.R, depotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if sc == nil {
		sc = &HoursScheme{DepotID: depotID, MonthlyStandardMinutes: DefaultMonthlyStandardMinutes}
	}
	return sc, nil
}

// SetHoursScheme puts a depot on an approved comprehensive-hours scheme (综合计算工时)
// with the minutes of its standard month, or back on standard hours. The managers above
// the depot and its organisation's admins (FORBIDDEN; NOT_FOUND for a depot the caller
// does not see); BAD_USER_INPUT for a standard month outside 1 to 300 hours; CONFLICT
// when the scheme changed since version (0: none was set).
func (s *Service) SetHoursScheme(ctx context.Context, depotID string, comprehensive bool, monthlyStandardMinutes, version int) (*HoursScheme, error) {
	const op = "roster.SetHoursScheme"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !seesDepot(p, depotID) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	if !p.Reach().Covers(depotID, identity.RoleManager, identity.RoleAdmin) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	if monthlyStandardMinutes < 60 || monthlyStandardMinutes > 300*60 {
		return nil, apperr.Invalid(op, "monthlyStandardHours", "标准月工时须在 1 到 300 小时之间", "The standard month is 1 to 300 hours").With("min", 1).With("max", 300)
	}
	now := s.Now().UTC()
	sc := &HoursScheme{DepotID: depotID, Comprehensive: comprehensive, MonthlyStandardMinutes: monthlyStandardMinutes,
		Version: version + 1, UpdatedBy: &p.ID, UpdatedAt: now}
	conflict := apperr.E(op, apperr.Conflict).Explain("工时制度已被他人修改,请刷新", "The hours scheme was changed by someone else; refresh")
	if version == 0 {
		if err := db.WriteOne(ctx, s.DB.W.NewInsert().Model(sc).On("CONFLICT DO NOTHING"), conflict); err != nil {
			return nil, apperr.Wrap(op, err)
		}
		return sc, nil
	}
	err = db.WriteOne(ctx, s.DB.W.NewUpdate().Model(sc).Column("comprehensive", "monthly_standard_minutes", "version", "updated_by", "updated_at").
		Where("depot_id = ? AND version = ?", depotID, version), conflict)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return sc, nil
}

func hours(minutes int) float64 { return float64(minutes) / 60 }

// DailyStandardHours and the methods below give the limits in hours, as people read them.
func (l HoursLimits) DailyStandardHours() float64 { return hours(l.DailyMinutes) }

// WeeklyStandardHours is the standard week in hours.
func (l HoursLimits) WeeklyStandardHours() float64 { return hours(l.WeeklyMinutes) }

// MonthlyOvertimeCapHours is the overtime cap in hours.
func (l HoursLimits) MonthlyOvertimeCapHours() float64 { return hours(l.MonthlyOvertimeCapMinutes) }

// MonthlyStandardHours is a comprehensive scheme's standard month in hours.
func (l HoursLimits) MonthlyStandardHours() float64 { return hours(l.MonthlyStandardMinutes) }

// DailyStandardHours is the organisation's standard day in hours.
func (st *Settings) DailyStandardHours() float64 { return hours(st.DailyStandardMinutes) }

// WeeklyStandardHours is the organisation's standard week in hours.
func (st *Settings) WeeklyStandardHours() float64 { return hours(st.WeeklyStandardMinutes) }

// MonthlyOvertimeCapHours is the organisation's overtime cap in hours.
func (st *Settings) MonthlyOvertimeCapHours() float64 { return hours(st.MonthlyOvertimeCapMinutes) }

// MonthlyStandardHours is the scheme's standard month in hours.
func (sc *HoursScheme) MonthlyStandardHours() float64 { return hours(sc.MonthlyStandardMinutes) }

// Hours are the hours worked on the month's days.
func (ph *PersonHours) Hours() float64 { return hours(ph.Minutes) }

// OvertimeHours are the month's overtime hours.
func (ph *PersonHours) OvertimeHours() float64 { return hours(ph.OvertimeMinutes) }

// OverLimit reports whether a week or the month goes over a limit.
func (ph *PersonHours) OverLimit() bool { return len(ph.Excess) > 0 }

// Hours are the week's hours.
func (w WeekHours) Hours() float64 { return hours(w.Minutes) }

// Hours are the week's hours or the month's overtime.
func (e HoursExcess) Hours() float64 { return hours(e.Minutes) }

// LimitHours is the limit in hours.
func (e HoursExcess) LimitHours() float64 { return hours(e.LimitMinutes) }
