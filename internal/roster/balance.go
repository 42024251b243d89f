package roster

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// LeaveEntitlement is an organisation's setting for one leave type; without one the
// national default applies (nationalDefaults).
type LeaveEntitlement struct {
	bun.BaseModel `bun:"table:leave_entitlements"`

	LeaveTypeID string `bun:"leave_type_id,pk"`
	OrgID       string `bun:"org_id"`
	// Days replaces the national default (nil: the default). Annual leave has none: its
	// days are the statutory tier of the person's years of service.
	Days *int `bun:"days"`
	// ExtraDays are granted on top, every year (a province or the company gives more).
	ExtraDays int `bun:"extra_days"`
	// MaxCarryDays is how many unused days of a year move into the next one (0: none).
	MaxCarryDays int       `bun:"max_carry_days"`
	Version      int       `bun:"version"`
	UpdatedBy    *string   `bun:"updated_by"`
	UpdatedAt    time.Time `bun:"updated_at"`
}

// nationalDefault is a leave type's entitlement under national rules.
type nationalDefault struct {
	days int
	// tiered: annual leave by cumulative years of service (AnnualLeaveDays).
	tiered bool
	// calendarDays: every day counts (maternity leave); otherwise only working days
	// of the organisation's calendar count (public holidays and rest days do not).
	calendarDays bool
}

// nationalDefaults are the entitlements of the default leave types under national rules:
// annual leave under 《职工带薪年休假条例》, marriage leave (3 days) and bereavement leave
// (up to 3 days) under the State Council's rules for employees' marriage and funeral
// leave, maternity leave (98 days, calendar days) under 《女职工劳动保护特别规定》. Sick
// and personal leave have no yearly entitlement (sick leave is a medical period, personal
// leave is unpaid) and are not counted against a balance unless the organisation sets
// days for them. Provinces extend marriage and maternity leave: set them per organisation
// (SaveLeaveEntitlement).
var nationalDefaults = map[string]nationalDefault{
	"ANNUAL":      {tiered: true},
	"MARRIAGE":    {days: 3},
	"BEREAVEMENT": {days: 3},
	"MATERNITY":   {days: 98, calendarDays: true},
}

// AnnualLeaveDays is the statutory annual leave for cumulative years of service: none
// under a year, 5 working days from 1 to under 10 years, 10 from 10 to under 20, 15 from
// 20 years (《职工带薪年休假条例》第三条).
func AnnualLeaveDays(years int) int {
	switch {
	case years >= 20:
		return 15
	case years >= 10:
		return 10
	case years >= 1:
		return 5
	}
	return 0
}

// YearsOfService counts the whole years from workStart (YYYY-MM-DD) to 1 January of
// year: the tier of a whole year is the one the person has reached when it begins. No
// start day (unknown) counts as none.
func YearsOfService(workStart *string, year int) int {
	if workStart == nil {
		return 0
	}
	d, err := time.Parse(dayLayout, *workStart)
	if err != nil {
		return 0
	}
	n := year - d.Year()
	if d.Month() != time.January || d.Day() != 1 {
		n-- // the anniversary falls after 1 January
	}
	return max(n, 0)
}

// LeaveBalance is one person's standing in one leave type and year, in days.
type LeaveBalance struct {
	StaffID   string
	LeaveType *LeaveType
	Year      int
	// YearsOfService is the person's cumulative years of service on 1 January.
	YearsOfService int
	Entitlement    int
	Carried        int
	Used           int // approved
	Pending        int // requested, not yet decided
	Remaining      int // Entitlement + Carried - Used - Pending
	CalendarDays   bool
}

// policy is how a leave type is counted for one person in one year.
type policy struct {
	tracked      bool
	days         int
	carry        int
	calendarDays bool
}

func policyOf(lt *LeaveType, set *LeaveEntitlement, years int) policy {
	nd, national := nationalDefaults[lt.Code]
	p := policy{tracked: national, days: nd.days, calendarDays: nd.calendarDays}
	if nd.tiered {
		p.days = AnnualLeaveDays(years)
	}
	if set != nil {
		if set.Days != nil && !nd.tiered {
			p.tracked, p.days = true, *set.Days
		}
		if set.ExtraDays > 0 {
			p.tracked = true
		}
		p.days += set.ExtraDays
		p.carry = set.MaxCarryDays
	}
	return p
}

// balanceFacts are the rows balances read, loaded in a fixed number of queries for any
// number of people.
type balanceFacts struct {
	staff    map[string]*identity.Staff
	types    []*LeaveType
	settings map[string]*LeaveEntitlement
	leaves   []*LeaveRequest
	cal      map[string]HolidayKind
}

// carryYears is how far back carried days are followed: a day can only move a year at a
// time, so older years change nothing once the cap applies.
const carryYears = 3

func (s *Service) loadBalanceFacts(ctx context.Context, idb bun.IDB, orgID string, staffIDs []string, fromYear, toYear int) (*balanceFacts, error) {
	fromYear -= carryYears
	from, to := fmt.Sprintf("%04d-01-01", fromYear), fmt.Sprintf("%04d-12-31", toYear)
	ids := bun.List(append([]string{""}, staffIDs...))
	b := &balanceFacts{staff: map[string]*identity.Staff{}, settings: map[string]*LeaveEntitlement{}, cal: map[string]HolidayKind{}}
	staff, err := identity.StaffWithIDs(ctx, idb, staffIDs)
	if err != nil {
		return nil, err
	}
	for _, st := range staff {
		b.staff[st.ID] = st
	}
	if err := idb.NewSelect().Model(&b.types).Where("org_id = ?", orgID).OrderExpr("active DESC, code").Scan(ctx); err != nil {
		return nil, err
	}
	var sets []*LeaveEntitlement
	if err := idb.NewSelect().Model(&sets).Where("org_id = ?", orgID).Scan(ctx); err != nil {
		return nil, err
	}
	for _, e := range sets {
		b.settings[e.LeaveTypeID] = e
	}
	if err := idb.NewSelect().Model(&b.leaves).Where("staff_id IN (?) AND status IN (?) AND start_day <= ? AND end_day >= ?",
		ids, bun.List([]LeaveStatus{LeavePending, LeaveApproved}), to, from).Scan(ctx); err != nil {
		return nil, err
	}
	var hs []*HolidayDay
	if err := idb.NewSelect().Model(&hs).Column("day", "kind").Where("org_id = ? AND day >= ? AND day <= ?", orgID, from, to).Scan(ctx); err != nil {
		return nil, err
	}
	for _, h := range hs {
		b.cal[h.Day] = h.Kind
	}
	return b, nil
}

// countDays counts the days of from..to that fall in year and count against a balance:
// every day for calendar-day leave, otherwise the working days of the calendar (public
// holidays and rest days are not counted).
func countDays(from, to string, year int, calendarDays bool, cal map[string]HolidayKind) int {
	n := 0
	y := strconv.Itoa(year)
	for _, d := range days(from, to) {
		if d[:4] != y {
			continue
		}
		t, _ := time.Parse(dayLayout, d)
		if calendarDays || workingDay(t, cal) {
			n++
		}
	}
	return n
}

// balance is staffID's balance in lt for year, leaving out the request skip; nil when
// the type is not counted against a balance.
func (b *balanceFacts) balance(staffID string, lt *LeaveType, year int, skip string) *LeaveBalance {
	st := b.staff[staffID]
	var start *string
	if st != nil {
		start = st.WorkStartDay
	}
	set := b.settings[lt.ID]
	carried := 0
	for y := year - carryYears; ; y++ {
		years := YearsOfService(start, y)
		pol := policyOf(lt, set, years)
		if !pol.tracked {
			return nil
		}
		used, pending := 0, 0
		for _, l := range b.leaves {
			if l.StaffID != staffID || l.LeaveTypeID != lt.ID || l.ID == skip {
				continue
			}
			n := countDays(l.StartDay, l.EndDay, y, pol.calendarDays, b.cal)
			if l.Status == LeaveApproved {
				used += n
			} else {
				pending += n
			}
		}
		if y == year {
			return &LeaveBalance{StaffID: staffID, LeaveType: lt, Year: year, YearsOfService: years, Entitlement: pol.days,
				Carried: carried, Used: used, Pending: pending, Remaining: pol.days + carried - used - pending, CalendarDays: pol.calendarDays}
		}
		// Carried days are used first; what is left of the year's own days moves on, up
		// to the cap.
		own := pol.days - max(0, used-carried)
		carried = min(pol.carry, max(0, own))
	}
}

// exceeds checks that a leave request of lt for staffID from..to fits the balance of
// every year it touches. counted says what is deducted: at request time approved and
// pending requests, at approval only approved ones (skip is the request itself).
func (b *balanceFacts) exceeds(staffID string, lt *LeaveType, from, to, skip string, pendingCounts bool) []Violation {
	var vs []Violation
	fy, _ := strconv.Atoi(from[:4])
	ty, _ := strconv.Atoi(to[:4])
	for y := fy; y <= ty; y++ {
		bal := b.balance(staffID, lt, y, skip)
		if bal == nil {
			return nil
		}
		left := bal.Entitlement + bal.Carried - bal.Used
		if pendingCounts {
			left -= bal.Pending
		}
		need := countDays(from, to, y, bal.CalendarDays, b.cal)
		if need > left {
			vs = append(vs, Violation{Code: apperr.LeaveBalanceExceeded,
				ZH: fmt.Sprintf("%s余额不足:%d 年还剩 %d 天,本次申请需 %d 天", lt.NameZH, y, max(left, 0), need),
				EN: fmt.Sprintf("Not enough %s left: %d day(s) left in %d, this request needs %d", lt.NameEN, max(left, 0), y, need)})
		}
	}
	return vs
}

// checkBalance refuses a leave request that the balance cannot pay for, inside the
// approval's transaction, with the person's staff row locked first (lockStaff).
func (s *Service) checkBalance(ctx context.Context, tx bun.Tx, orgID, staffID string, lt *LeaveType, from, to, skip string, pendingCounts bool) ([]Violation, error) {
	if err := lockStaff(ctx, tx, staffID); err != nil {
		return nil, err
	}
	return s.balanceViolations(ctx, tx, orgID, staffID, lt, from, to, skip, pendingCounts)
}

// lockStaff locks the person's staff row (a write that changes nothing), so that two
// requests or approvals for the same person at once are checked one after the other and
// cannot together overdraw the balance.
func lockStaff(ctx context.Context, tx bun.Tx, staffID string) error {
	return identity.LockStaff(ctx, tx, staffID)
}

// balanceViolations reads the balance facts on idb and returns LEAVE_BALANCE_EXCEEDED for
// each year the request does not fit; it writes nothing (the dry run uses it as is).
func (s *Service) balanceViolations(ctx context.Context, idb bun.IDB, orgID, staffID string, lt *LeaveType, from, to, skip string, pendingCounts bool) ([]Violation, error) {
	fy, _ := strconv.Atoi(from[:4])
	ty, _ := strconv.Atoi(to[:4])
	b, err := s.loadBalanceFacts(ctx, idb, orgID, []string{staffID}, fy, ty)
	if err != nil {
		return nil, err
	}
	return b.exceeds(staffID, lt, from, to, skip, pendingCounts), nil
}

// RequestDays counts the days a leave request of lt takes from the balance in the caller's
// organisation (working days, or calendar days for maternity leave), for the request
// form. Staff only; BAD_USER_INPUT for bad days or type.
func (s *Service) RequestDays(ctx context.Context, leaveTypeID, from, to string) (int, error) {
	const op = "roster.RequestDays"
	_, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return 0, err
	}
	f, err1 := time.Parse(dayLayout, from)
	t, err2 := time.Parse(dayLayout, to)
	if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) > 90*24*time.Hour {
		return 0, apperr.Invalid(op, "endDay", "请假日期无效(结束不早于开始,最长 90 天)", "Invalid days (the end is not before the start; at most 90 days)")
	}
	lt := new(LeaveType)
	if err := s.DB.R.NewSelect().Model(lt).Where("id = ? AND org_id = ?", leaveTypeID, st.OrgID).Scan(ctx); err != nil {
		return 0, apperr.Invalid(op, "leaveTypeId", "假期类型无效", "Unknown leave type")
	}
	cal, err := s.calendar(ctx, op, st.OrgID, from, to)
	if err != nil {
		return 0, err
	}
	cd := nationalDefaults[lt.Code].calendarDays
	n := 0
	for y := f.Year(); y <= t.Year(); y++ {
		n += countDays(from, to, y, cd, cal)
	}
	return n, nil
}

func validYear(op string, year int) error {
	if year < 2000 || year > 2100 {
		return apperr.Invalid(op, "year", "年份须在 2000 到 2100 之间", "The year is between 2000 and 2100")
	}
	return nil
}

// MyLeaveBalances returns the caller's balance in each counted, active leave type for a
// year. Staff only; BAD_USER_INPUT for a year outside 2000–2100.
func (s *Service) MyLeaveBalances(ctx context.Context, year int) ([]*LeaveBalance, error) {
	const op = "roster.MyLeaveBalances"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if err := validYear(op, year); err != nil {
		return nil, err
	}
	b, err := s.loadBalanceFacts(ctx, s.DB.R, st.OrgID, []string{p.ID}, year, year)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return b.all(p.ID, year), nil
}

func (b *balanceFacts) all(staffID string, year int) []*LeaveBalance {
	var out []*LeaveBalance
	for _, lt := range b.types {
		if !lt.Active {
			continue
		}
		if bal := b.balance(staffID, lt, year, ""); bal != nil {
			out = append(out, bal)
		}
	}
	return out
}

// BalancesOfLeaves returns, for each leave request, the requester's balance in its type
// for the year it starts (nil for a type not counted), in a fixed number of queries: the
// approver sees it beside the request. It checks no caller: the GraphQL layer shows it
// only to those who may know the leave type (NeedToKnow).
func (s *Service) BalancesOfLeaves(ctx context.Context, leaveIDs []string) (map[string]*LeaveBalance, error) {
	const op = "roster.BalancesOfLeaves"
	var ls []*LeaveRequest
	if err := s.DB.R.NewSelect().Model(&ls).Where("id IN (?)", bun.List(leaveIDs)).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	typeIDs := []string{""}
	for _, l := range ls {
		typeIDs = append(typeIDs, l.LeaveTypeID)
	}
	var types []*LeaveType
	if err := s.DB.R.NewSelect().Model(&types).Column("id", "org_id").Where("id IN (?)", bun.List(typeIDs)).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	orgOf := map[string]string{}
	for _, t := range types {
		orgOf[t.ID] = t.OrgID
	}
	out := map[string]*LeaveBalance{}
	byOrg := map[string][]*LeaveRequest{}
	for _, l := range ls {
		byOrg[orgOf[l.LeaveTypeID]] = append(byOrg[orgOf[l.LeaveTypeID]], l)
	}
	for org, ls := range byOrg {
		var people []string
		lo, hi := 9999, 0
		for _, l := range ls {
			people = append(people, l.StaffID)
			y, _ := strconv.Atoi(l.StartDay[:4])
			lo, hi = min(lo, y), max(hi, y)
		}
		b, err := s.loadBalanceFacts(ctx, s.DB.R, org, people, lo, hi)
		if err != nil {
			return nil, apperr.Wrap(op, err)
		}
		for _, l := range ls {
			y, _ := strconv.Atoi(l.StartDay[:4])
			for _, lt := range b.types {
				if lt.ID == l.LeaveTypeID {
					out[l.ID] = b.balance(l.StaffID, lt, y, "")
				}
			}
		}
	}
	return out, nil
}

// DepotLeaveBalanceCSV exports the year's balances of a depot's active staff, one row
// per person and counted leave type, as CSV in UTF-8 with a byte-order mark (Excel opens
// the Chinese headers correctly). Those who oversee the depot only: its supervisors, the
// managers above it, the organisation's admins (FORBIDDEN for anyone else);
// BAD_USER_INPUT for a year outside 2000–2100.
func (s *Service) DepotLeaveBalanceCSV(ctx context.Context, depotID string, year int) (string, error) {
	const op = "roster.DepotLeaveBalanceCSV"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return "", err
	}
	if !readsDepot(p, depotID) {
		return "", apperr.E(op, apperr.Forbidden)
	}
	if err := validYear(op, year); err != nil {
		return "", err
	}
	org, err := identity.OrgOf(ctx, s.DB.R, depotID)
	if err != nil {
		return "", apperr.Wrap(op, err)
	}
	if _, err := s.settings(ctx, org); err != nil {
		return "", apperr.Wrap(op, err)
	}
	staff, err := identity.ActiveStaffOf(ctx, s.DB.R, depotID)
	if err != nil {
		return "", apperr.Wrap(op, err)
	}
	ids := make([]string, len(staff))
	for i, st := range staff {
		ids[i] = st.ID
	}
	b, err := s.loadBalanceFacts(ctx, s.DB.R, org, ids, year, year)
	if err != nil {
		return "", apperr.Wrap(op, err)
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"工号 Employee no.", "姓名 Name", "年度 Year", "工龄 Years of service", "假期类型 Leave type",
		"应享 Entitlement", "结转 Carried over", "已用 Used", "审批中 Pending", "剩余 Remaining"})
	for _, st := range staff {
		for _, bal := range b.all(st.ID, year) {
			_ = w.Write([]string{st.EmployeeNo, csvCell(st.Name), strconv.Itoa(year), strconv.Itoa(bal.YearsOfService),
				bal.LeaveType.NameZH + " " + bal.LeaveType.NameEN, strconv.Itoa(bal.Entitlement), strconv.Itoa(bal.Carried),
				strconv.Itoa(bal.Used), strconv.Itoa(bal.Pending), strconv.Itoa(bal.Remaining)})
		}
	}
	w.Flush()
	return buf.String(), apperr.Wrap(op, w.Error())
}

// csvCell keeps a spreadsheet from reading a cell as a formula.
func csvCell(v string) string {
	if v != "" && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@') {
		return "'" + v
	}
	return v
}

// LeaveEntitlementOf is a leave type's entitlement rule in an organisation: the national
// default and the organisation's setting, if any.
type LeaveEntitlementOf struct {
	LeaveType *LeaveType
	// NationalDays is the national default (nil: annual leave's tiers, or none).
	NationalDays *int
	Tiered       bool
	CalendarDays bool
	Setting      *LeaveEntitlement
}

// LeaveEntitlements lists the rule of each of the caller's organisation's leave types.
// Staff only.
func (s *Service) LeaveEntitlements(ctx context.Context) ([]*LeaveEntitlementOf, error) {
	const op = "roster.LeaveEntitlements"
	_, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	var types []*LeaveType
	if err := s.DB.R.NewSelect().Model(&types).Where("org_id = ?", st.OrgID).OrderExpr("active DESC, code").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var sets []*LeaveEntitlement
	if err := s.DB.R.NewSelect().Model(&sets).Where("org_id = ?", st.OrgID).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	byType := map[string]*LeaveEntitlement{}
	for _, e := range sets {
		byType[e.LeaveTypeID] = e
	}
	out := make([]*LeaveEntitlementOf, len(types))
	for i, lt := range types {
		out[i] = entitlementOf(lt, byType[lt.ID])
	}
	return out, nil
}

func entitlementOf(lt *LeaveType, set *LeaveEntitlement) *LeaveEntitlementOf {
	nd, ok := nationalDefaults[lt.Code]
	e := &LeaveEntitlementOf{LeaveType: lt, Tiered: nd.tiered, CalendarDays: nd.calendarDays, Setting: set}
	if ok && !nd.tiered {
		e.NationalDays = &nd.days
	}
	return e
}

// EntitlementChange is an organisation's new setting for one leave type.
type EntitlementChange struct {
	LeaveTypeID  string
	Days         *int
	ExtraDays    int
	MaxCarryDays int
	// Version is the setting's version the caller saw; 0 when there was none.
	Version int
}

// SaveLeaveEntitlement sets the caller's organisation's entitlement for a leave type.
// Admins and managers only (FORBIDDEN); BAD_USER_INPUT for an unknown type, days for
// annual leave (its tiers are statutory: grant more with extra days), or numbers outside
// 0–365; CONFLICT when the setting changed since version.
func (s *Service) SaveLeaveEntitlement(ctx context.Context, in EntitlementChange) (*LeaveEntitlementOf, error) {
	const op = "roster.SaveLeaveEntitlement"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasAnyRole(identity.RoleAdmin, identity.RoleManager) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	lt := new(LeaveType)
	if err := s.DB.R.NewSelect().Model(lt).Where("id = ? AND org_id = ?", in.LeaveTypeID, st.OrgID).Scan(ctx); err != nil {
		return nil, apperr.Invalid(op, "leaveTypeId", "假期类型无效", "Unknown leave type")
	}
	if in.Days != nil && nationalDefaults[lt.Code].tiered {
		return nil, apperr.Invalid(op, "days", "年假天数由工龄决定(法定),如需多给请填写额外天数", "Annual leave follows the statutory tiers of service; grant more with extra days")
	}
	for _, f := range []struct {
		name string
		v    *int
	}{{"days", in.Days}, {"extraDays", &in.ExtraDays}, {"maxCarryOverDays", &in.MaxCarryDays}} {
		if f.v != nil && (*f.v < 0 || *f.v > 365) {
			return nil, apperr.Invalid(op, f.name, "天数须在 0 到 365 之间", "Days are between 0 and 365").With("min", 0).With("max", 365)
		}
	}
	now := s.Now().UTC()
	set := &LeaveEntitlement{LeaveTypeID: lt.ID, OrgID: st.OrgID, Days: in.Days, ExtraDays: in.ExtraDays, MaxCarryDays: in.MaxCarryDays,
		Version: in.Version + 1, UpdatedBy: &p.ID, UpdatedAt: now}
	conflict := apperr.E(op, apperr.Conflict).Explain("该假期设置已被他人修改,请刷新后再保存", "Someone else changed this leave setting; refresh and try again")
	var res interface{ RowsAffected() (int64, error) }
	if in.Version == 0 {
		res, err = s.DB.W.NewInsert().Model(set).On("CONFLICT DO NOTHING").Exec(ctx)
	} else {
		res, err = s.DB.W.NewUpdate().Model(set).Column("days", "extra_days", "max_carry_days", "version", "updated_by", "updated_at").
			Where("leave_type_id = ? AND version = ?", lt.ID, in.Version).Exec(ctx)
	}
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, conflict
	}
	return entitlementOf(lt, set), nil
}
