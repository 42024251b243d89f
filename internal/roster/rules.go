package roster

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
)

// Violation is one rule a swap or leave request would break, with its stable code and a
// plain explanation in both languages.
type Violation struct {
	Code apperr.Code `json:"code"`
	ZH   string      `json:"zh"`
	EN   string      `json:"en"`
	// Day is the day concerned (YYYY-MM-DD), when the rule is about one day; else empty.
	Day string `json:"day,omitempty"`
}

// refusal turns violations into the error that refuses the request: the first rule's
// code and explanation, with every violation listed in extensions.violations.
func refusal(op string, vs []Violation) error {
	list := make([]map[string]string, len(vs))
	for i, v := range vs {
		list[i] = map[string]string{"code": string(v.Code), "zh": v.ZH, "en": v.EN}
		if v.Day != "" {
			list[i]["day"] = v.Day
		}
	}
	return apperr.E(op, vs[0].Code).Explain(vs[0].ZH, vs[0].EN).With("violations", list)
}

// facts are the rows the rules read, loaded in a fixed number of queries for any number
// of people and days, so that checking one request or a whole inbox costs the same.
type facts struct {
	settings    *Settings
	holidays    map[string]*HolidayDay
	leaves      []*LeaveRequest
	quals       map[[2]string]bool
	assignments []*Assignment
	swaps       []*ShiftSwap
	types       map[string]*ShiftType
	rosters     map[string]RosterStatus
	schemes     map[string]*HoursScheme
	zone        *time.Location
}

// scope says which rows facts must hold: the people concerned, the depots whose
// coverage matters, and the days (inclusive) around which to look.
type scope struct {
	orgID    string
	people   []string
	depots   []string
	from, to string
}

// widen extends the window to whole months and the swap spacing on both sides.
func (sc scope) widen(gap int) scope {
	f, _ := time.Parse(dayLayout, sc.from)
	t, _ := time.Parse(dayLayout, sc.to)
	f = time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -gap-1)
	t = time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).AddDate(0, 0, gap+1)
	sc.from, sc.to = f.Format(dayLayout), t.Format(dayLayout)
	return sc
}

func (s *Service) loadFacts(ctx context.Context, idb bun.IDB, st *Settings, sc scope) (*facts, error) {
	// A week either side too: the hours rules check whole weeks (hours.go).
	sc = sc.widen(max(st.MinDaysBetweenSwaps, 7))
	f := &facts{settings: st, holidays: map[string]*HolidayDay{}, quals: map[[2]string]bool{},
		types: map[string]*ShiftType{}, rosters: map[string]RosterStatus{}, schemes: map[string]*HoursScheme{}, zone: s.Zone}
	people := append([]string{""}, sc.people...)
	depots := append([]string{""}, sc.depots...)
	var hs []*HolidayDay
	if err := idb.NewSelect().Model(&hs).Where("org_id = ? AND day >= ? AND day <= ?", sc.orgID, sc.from, sc.to).Scan(ctx); err != nil {
		return nil, err
	}
	for _, h := range hs {
		f.holidays[h.Day] = h
	}
	if err := idb.NewSelect().Model(&f.leaves).
		Where("(staff_id IN (?) OR depot_id IN (?)) AND status IN (?) AND start_day <= ? AND end_day >= ?",
			bun.List(people), bun.List(depots), bun.List([]LeaveStatus{LeavePending, LeaveApproved}), sc.to, sc.from).
		OrderExpr("start_day").Scan(ctx); err != nil {
		return nil, err
	}
	var qs []*Qualification
	if err := idb.NewSelect().Model(&qs).Where("staff_id IN (?)", bun.List(people)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, q := range qs {
		f.quals[[2]string{q.StaffID, q.ShiftTypeID}] = true
	}
	if err := idb.NewSelect().Model(&f.assignments).Where("(staff_id IN (?) OR depot_id IN (?)) AND day >= ? AND day <= ?",
		bun.List(people), bun.List(depots), sc.from, sc.to).OrderExpr("day, starts_at, staff_id").Scan(ctx); err != nil {
		return nil, err
	}
	if err := idb.NewSelect().Model(&f.swaps).
		Where("(requester_id IN (?) OR colleague_id IN (?)) AND status IN (?)", bun.List(people), bun.List(people),
			bun.List([]SwapStatus{SwapPendingColleague, SwapPendingApproval, SwapApproved})).
		Where("((requester_day >= ? AND requester_day <= ?) OR (colleague_day >= ? AND colleague_day <= ?))", sc.from, sc.to, sc.from, sc.to).
		OrderExpr("created_at").Scan(ctx); err != nil {
		return nil, err
	}
	typeIDs, rosterIDs, depotIDs := []string{""}, []string{""}, []string{""}
	for _, a := range f.assignments {
		typeIDs, rosterIDs, depotIDs = append(typeIDs, a.ShiftTypeID), append(rosterIDs, a.RosterID), append(depotIDs, a.DepotID)
	}
	if err := f.loadSchemes(ctx, idb, slices.Compact(slices.Sorted(slices.Values(depotIDs)))); err != nil {
		return nil, err
	}
	var ts []*ShiftType
	if err := idb.NewSelect().Model(&ts).Where("id IN (?)", bun.List(typeIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, t := range ts {
		f.types[t.ID] = t
	}
	var rs []*Roster
	if err := idb.NewSelect().Model(&rs).Column("id", "status").Where("id IN (?)", bun.List(rosterIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, r := range rs {
		f.rosters[r.ID] = r.Status
	}
	return f, nil
}

// isHoliday reports whether day is a public holiday, with its names for messages: the
// Chinese one in parentheses for zh-CN, the English one for en (empty when the holiday
// has none, rather than quoting the Chinese name in an English sentence).
func (f *facts) isHoliday(day string) (zh, en string, ok bool) {
	if h, found := f.holidays[day]; found && h.Kind == Holiday {
		if h.NameEN != "" {
			en = " (" + h.NameEN + ")"
		}
		return h.Name, en, true
	}
	return "", "", false
}

// leaveOn returns an active leave request of staffID covering day, ignoring skip.
func (f *facts) leaveOn(staffID, day, skip string) *LeaveRequest {
	for _, l := range f.leaves {
		if l.StaffID == staffID && l.ID != skip && l.Covers(day) {
			return l
		}
	}
	return nil
}

func (f *facts) qualified(staffID string, t *ShiftType) bool {
	return t == nil || !t.RequiresQualification || f.quals[[2]string{staffID, t.ID}]
}

func dayDiff(a, b string) int {
	x, _ := time.Parse(dayLayout, a)
	y, _ := time.Parse(dayLayout, b)
	d := int(x.Sub(y).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

// swapRules evaluates every swap rule for sw (a proposal or a stored request), whose
// two assignments are ra (the requester's) and ca (the colleague's). Every rule broken
// is returned, in a fixed order.
func (f *facts) swapRules(sw *ShiftSwap, ra, ca *Assignment, now time.Time) []Violation {
	var vs []Violation
	add := func(code apperr.Code, zh, en string) { vs = append(vs, Violation{Code: code, ZH: zh, EN: en}) }
	if sw.RequesterID == sw.ColleagueID {
		add(apperr.SwapWithSelf, "不能和自己换班", "You cannot swap a shift with yourself")
		return vs
	}
	if !ra.StartsAt.After(now) || !ca.StartsAt.After(now) {
		add(apperr.SwapInPast, "已开始或已过去的班次不能换班", "A shift that has started or passed cannot be swapped")
	}
	if f.rosters[ra.RosterID] != RosterPublished || f.rosters[ca.RosterID] != RosterPublished {
		add(apperr.RosterNotPublished, "值班表发布后才能换班", "Shifts can be swapped only once the roster is published")
	}
	for _, d := range []string{ra.Day, ca.Day} {
		if name, en, ok := f.isHoliday(d); ok {
			add(apperr.SwapHolidayDuty,
				fmt.Sprintf("%s 是%s假期,节假日值班不允许换班", d, name),
				fmt.Sprintf("%s is a public holiday%s; holiday duty cannot be swapped", d, en))
			break
		}
	}
	for _, who := range []string{sw.RequesterID, sw.ColleagueID} {
		for _, d := range uniq(ra.Day, ca.Day) {
			if f.leaveOn(who, d, "") != nil {
				add(apperr.SwapLeaveConflict,
					fmt.Sprintf("%s 已有请假,换班日和还班日不允许请假", d),
					fmt.Sprintf("There is leave on %s; no leave on a swapped day or on the pay-back day", d))
			}
		}
	}
	rt, ct := f.types[ra.ShiftTypeID], f.types[ca.ShiftTypeID]
	if !f.qualified(sw.RequesterID, ct) {
		add(apperr.SwapNotQualified, fmt.Sprintf("申请人不具备「%s」的上岗资格", ct.Name),
			fmt.Sprintf("The requester is not qualified for the %s shift", ct.Name))
	}
	if !f.qualified(sw.ColleagueID, rt) {
		add(apperr.SwapNotQualified, fmt.Sprintf("同事不具备「%s」的上岗资格", rt.Name),
			fmt.Sprintf("The colleague is not qualified for the %s shift", rt.Name))
	}
	for _, b := range []struct {
		who       string
		give, get *Assignment
		zh, en    string
	}{{sw.RequesterID, ra, ca, "申请人", "the requester"}, {sw.ColleagueID, ca, ra, "同事", "the colleague"}} {
		for _, o := range f.assignments {
			if o.StaffID != b.who || o.ID == b.give.ID || o.ID == b.get.ID {
				continue
			}
			if o.Day == b.get.Day || (o.StartsAt.Before(b.get.EndsAt) && b.get.StartsAt.Before(o.EndsAt)) {
				add(apperr.SwapDoubleBooked,
					fmt.Sprintf("换班后%s在 %s 会同时有两个班次", b.zh, o.Day),
					fmt.Sprintf("After the swap %s would have two shifts at once on %s", b.en, o.Day))
				break
			}
		}
	}
	month := ra.Day[:7]
	limit, gap := f.settings.MaxSwapsPerMonth, f.settings.MinDaysBetweenSwaps
	for _, b := range []struct{ who, zh, en string }{{sw.RequesterID, "申请人", "The requester"}, {sw.ColleagueID, "同事", "The colleague"}} {
		count, near := 0, ""
		for _, o := range f.swaps {
			if o.ID == sw.ID || !o.Involves(b.who) || !o.Status.Active() {
				continue
			}
			if o.RequesterDay[:7] == month {
				count++
			}
			for _, d1 := range []string{o.RequesterDay, o.ColleagueDay} {
				for _, d2 := range []string{ra.Day, ca.Day} {
					if dayDiff(d1, d2) <= gap && near == "" {
						near = d1
					}
				}
			}
		}
		if count >= limit {
			add(apperr.SwapMonthlyLimit,
				fmt.Sprintf("%s %s 月已有 %d 次换班,每人每月最多 %d 次", b.zh, month, count, limit),
				fmt.Sprintf("%s already has %d swaps in %s; at most %d per person per month", b.en, count, month, limit))
		}
		if near != "" {
			add(apperr.SwapConsecutive,
				fmt.Sprintf("%s在 %s 已有换班,不允许连续换班(两次换班须间隔 %d 天以上)", b.zh, near, gap),
				fmt.Sprintf("%s already has a swap on %s; consecutive swaps are not allowed (swaps must be more than %d day(s) apart)", b.en, near, gap))
		}
	}
	vs = append(vs, f.swapHours(sw, ra, ca)...)
	return vs
}

// loadSchemes adds the hours schemes of depotIDs (those on a comprehensive-hours scheme
// have one) to the facts.
func (f *facts) loadSchemes(ctx context.Context, idb bun.IDB, depotIDs []string) error {
	var schemes []*HoursScheme
	if err := idb.NewSelect().Model(&schemes).Where("depot_id IN (?)", bun.List(depotIDs)).Scan(ctx); err != nil {
		return err
	}
	for _, h := range schemes {
		f.schemes[h.DepotID] = h
	}
	return nil
}

// breaks are the unpaid breaks of the shift types among the facts, as HoursChange takes them.
func (f *facts) breaks() Breaks {
	out := Breaks{}
	for id, t := range f.types {
		out[id] = t.BreakMinutes
	}
	return out
}

// swapHours refuses a swap that would put either person over the lawful hours of the
// depot (hours.go) in the weeks and month of the swapped days, or further over.
func (f *facts) swapHours(sw *ShiftSwap, ra, ca *Assignment) []Violation {
	var vs []Violation
	l := f.settings.Limits(f.schemes[sw.DepotID])
	months := []string{ra.Day[:7], ca.Day[:7]}
	breaks := f.breaks()
	for _, b := range []struct {
		who       string
		give, get *Assignment
		zh, en    string
	}{{sw.RequesterID, ra, ca, "申请人", "the requester"}, {sw.ColleagueID, ca, ra, "同事", "the colleague"}} {
		before := withShifts(f.assignments, b.who, nil)
		after := withShifts(f.assignments, b.who, []*Assignment{b.get}, b.give.ID)
		for _, e := range HoursChange(l, f.zone, b.who, before, after, months, breaks) {
			zh, en := e.Explain(b.zh, b.en)
			vs = append(vs, Violation{Code: apperr.SwapHoursLimit, ZH: "换班后" + zh, EN: "After the swap " + en})
		}
	}
	return vs
}

func uniq(a, b string) []string {
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// days lists the calendar days from..to inclusive.
func days(from, to string) []string {
	f, _ := time.Parse(dayLayout, from)
	t, _ := time.Parse(dayLayout, to)
	var out []string
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(dayLayout))
	}
	return out
}

// leaveRules evaluates the rules for staffID taking leave from..to. skip is the
// request's own id when re-checking a stored request; advance says whether the
// advance-notice rule applies (only when the request is made).
func (f *facts) leaveRules(staffID, from, to, skip string, advance bool, lt *LeaveType, now time.Time, zone *time.Location) []Violation {
	var vs []Violation
	add := func(code apperr.Code, day, zh, en string) {
		vs = append(vs, Violation{Code: code, ZH: zh, EN: en, Day: day})
	}
	if advance && lt.RequiresAdvance {
		earliest := now.In(zone).AddDate(0, 0, f.settings.LeaveMinNoticeDays).Format(dayLayout)
		if from < earliest {
			add(apperr.LeaveNotInAdvance, from,
				fmt.Sprintf("%s须至少提前 %d 天申请,最早可从 %s 开始", lt.NameZH, f.settings.LeaveMinNoticeDays, earliest),
				fmt.Sprintf("%s must be requested at least %d day(s) ahead; the earliest start is %s", lt.NameEN, f.settings.LeaveMinNoticeDays, earliest))
		}
	}
	for _, d := range days(from, to) {
		if l := f.leaveOn(staffID, d, skip); l != nil {
			add(apperr.LeaveOverlap, d, fmt.Sprintf("%s 已有请假申请", d), fmt.Sprintf("You already have leave requested on %s", d))
			break
		}
	}
	for _, a := range f.assignments {
		if a.StaffID != staffID || a.Day < from || a.Day > to {
			continue
		}
		if t := f.types[a.ShiftTypeID]; t != nil && t.Night {
			add(apperr.LeaveNightShift, a.Day,
				fmt.Sprintf("%s 是夜班(%s),夜班不允许请假,请找同事换班顶班", a.Day, t.Name),
				fmt.Sprintf("%s is a night shift (%s); no leave on a night shift, find a colleague to cover it by a swap", a.Day, t.Name))
		}
		if name, en, ok := f.isHoliday(a.Day); ok {
			add(apperr.LeaveHolidayDuty, a.Day,
				fmt.Sprintf("%s 是%s值班,节假日值班不允许请假", a.Day, name),
				fmt.Sprintf("%s is holiday duty%s; no leave on holiday duty", a.Day, en))
		}
	}
	for _, sw := range f.swaps {
		if !sw.Involves(staffID) || !sw.Status.Active() {
			continue
		}
		for _, d := range uniq(sw.RequesterDay, sw.ColleagueDay) {
			if d >= from && d <= to {
				add(apperr.LeaveOnSwapDay, d,
					fmt.Sprintf("%s 是换班日或还班日,不允许请假", d),
					fmt.Sprintf("%s is a swapped or pay-back day; no leave on it", d))
			}
		}
	}
	return vs
}

// sameShift lists who else works shift type t on day in the depot, and how many of
// them are not on leave: the coverage left.
func (f *facts) sameShift(depotID, day, typeID, except string) ([]string, int) {
	var staff []string
	left := 0
	for _, a := range f.assignments {
		if a.DepotID != depotID || a.Day != day || a.ShiftTypeID != typeID || a.StaffID == except {
			continue
		}
		staff = append(staff, a.StaffID)
		if l := f.leaveOn(a.StaffID, day, ""); l == nil || l.Status != LeaveApproved {
			left++
		}
	}
	slices.Sort(staff)
	return staff, left
}
