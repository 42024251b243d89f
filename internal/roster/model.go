package roster

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
)

// Settings are an organisation's rule limits. Defaults apply until an admin or manager
// changes them.
type Settings struct {
	bun.BaseModel `bun:"table:roster_settings"`

	OrgID               string `bun:"org_id,pk"`
	MaxSwapsPerMonth    int    `bun:"max_swaps_per_month"`
	MinDaysBetweenSwaps int    `bun:"min_days_between_swaps"`
	LeaveApprovalLevels int    `bun:"leave_approval_levels"`
	LeaveMinNoticeDays  int    `bun:"leave_min_notice_days"`
	LateGraceMinutes    int    `bun:"late_grace_minutes"`
	// DailyStandardMinutes, WeeklyStandardMinutes and MonthlyOvertimeCapMinutes are the
	// lawful-hours limits (hours.go): 8 h a day, 44 h a week, 36 h of overtime a month.
	DailyStandardMinutes      int       `bun:"daily_standard_minutes"`
	WeeklyStandardMinutes     int       `bun:"weekly_standard_minutes"`
	MonthlyOvertimeCapMinutes int       `bun:"monthly_overtime_cap_minutes"`
	Version                   int       `bun:"version"`
	UpdatedBy                 *string   `bun:"updated_by"`
	UpdatedAt                 time.Time `bun:"updated_at"`
}

// DefaultSettings are the limits of the company rules: at most 3 swaps a month, no
// swaps on neighbouring days, two approval levels (supervisor, then manager), leave at
// least one day ahead, five minutes' grace before a clock-in counts as late; China's
// standard working hours (8 a day, 44 a week) and overtime cap (36 hours a month).
func DefaultSettings(orgID string) *Settings {
	return &Settings{OrgID: orgID, MaxSwapsPerMonth: 3, MinDaysBetweenSwaps: 1, LeaveApprovalLevels: 2,
		LeaveMinNoticeDays: 1, LateGraceMinutes: 5, DailyStandardMinutes: 8 * 60, WeeklyStandardMinutes: 44 * 60,
		MonthlyOvertimeCapMinutes: 36 * 60, Version: 1}
}

// HolidayKind says whether a calendar day is a day off or an adjusted working day (调休).
type HolidayKind string

// The holiday kinds.
const (
	Holiday HolidayKind = "HOLIDAY"
	Workday HolidayKind = "WORKDAY"
)

// HolidayDay is one entry of an organisation's holiday calendar.
type HolidayDay struct {
	bun.BaseModel `bun:"table:holiday_days"`

	ID    string      `bun:"id,pk"`
	OrgID string      `bun:"org_id"`
	Day   string      `bun:"day"`
	Kind  HolidayKind `bun:"kind"`
	Name  string      `bun:"name"`
	// NameEN is the English name English messages use; "" when none was given.
	NameEN string `bun:"name_en"`
	// Provisional marks a default loaded before the year's official arrangement was
	// known; setting the day by hand confirms it.
	Provisional bool      `bun:"provisional"`
	UpdatedBy   *string   `bun:"updated_by"`
	UpdatedAt   time.Time `bun:"updated_at"`
}

// ShiftType is a depot's kind of shift, with local start and end times; a shift whose
// end is not after its start crosses midnight.
type ShiftType struct {
	bun.BaseModel `bun:"table:shift_types"`

	ID                    string `bun:"id,pk"`
	DepotID               string `bun:"depot_id"`
	Code                  string `bun:"code"`
	Name                  string `bun:"name"`
	StartMinute           int    `bun:"start_minute"`
	EndMinute             int    `bun:"end_minute"`
	Night                 bool   `bun:"night"`
	RequiresQualification bool   `bun:"requires_qualification"`
	// BreakMinutes of the shift are unpaid and not working time (hours.go).
	BreakMinutes int       `bun:"break_minutes"`
	CreatedAt    time.Time `bun:"created_at"`
}

// CrossesMidnight reports whether the shift ends on the next day.
func (t *ShiftType) CrossesMidnight() bool { return t.EndMinute <= t.StartMinute }

// Qualification says a staff member may work a shift type that requires one.
type Qualification struct {
	bun.BaseModel `bun:"table:shift_qualifications"`

	StaffID     string    `bun:"staff_id,pk"`
	ShiftTypeID string    `bun:"shift_type_id,pk"`
	CreatedAt   time.Time `bun:"created_at"`
}

// RosterStatus says whether staff can see a month's roster yet.
type RosterStatus string

// The roster states.
const (
	RosterDraft     RosterStatus = "DRAFT"
	RosterPublished RosterStatus = "PUBLISHED"
)

// Roster is a depot's duty roster (值班表) for one month.
type Roster struct {
	bun.BaseModel `bun:"table:rosters"`

	ID          string       `bun:"id,pk"`
	DepotID     string       `bun:"depot_id"`
	Month       string       `bun:"month"`
	Status      RosterStatus `bun:"status"`
	Version     int          `bun:"version"`
	PublishedAt *time.Time   `bun:"published_at"`
	PublishedBy *string      `bun:"published_by"`
	CreatedAt   time.Time    `bun:"created_at"`
	UpdatedAt   time.Time    `bun:"updated_at"`
}

// Assignment puts one staff member on one shift on one day; a person has at most one
// shift a day.
type Assignment struct {
	bun.BaseModel `bun:"table:roster_assignments,alias:a"`

	ID          string    `bun:"id,pk"`
	RosterID    string    `bun:"roster_id"`
	DepotID     string    `bun:"depot_id"`
	StaffID     string    `bun:"staff_id"`
	Day         string    `bun:"day"`
	ShiftTypeID string    `bun:"shift_type_id"`
	StartsAt    time.Time `bun:"starts_at"`
	EndsAt      time.Time `bun:"ends_at"`
	SwapID      *string   `bun:"swap_id"`
	UpdatedAt   time.Time `bun:"updated_at"`
}

// SwapStatus is where a shift swap stands.
type SwapStatus string

// The swap states. A request waits for the colleague, then for the supervisor.
const (
	SwapPendingColleague SwapStatus = "PENDING_COLLEAGUE"
	SwapPendingApproval  SwapStatus = "PENDING_APPROVAL"
	SwapApproved         SwapStatus = "APPROVED"
	SwapRejected         SwapStatus = "REJECTED"
	SwapDeclined         SwapStatus = "DECLINED"
	SwapCancelled        SwapStatus = "CANCELLED" // withdrawn by the requester before the decision
)

// Active reports whether the swap still counts against the limits.
func (s SwapStatus) Active() bool {
	return s == SwapPendingColleague || s == SwapPendingApproval || s == SwapApproved
}

// ShiftSwap (换班) exchanges the requester's shift with a colleague's: the colleague works
// the requester's day (the swapped day) and the requester pays it back on the
// colleague's day (还班).
type ShiftSwap struct {
	bun.BaseModel `bun:"table:shift_swaps"`

	ID                    string     `bun:"id,pk"`
	DepotID               string     `bun:"depot_id"`
	RequesterID           string     `bun:"requester_id"`
	ColleagueID           string     `bun:"colleague_id"`
	RequesterAssignmentID string     `bun:"requester_assignment_id"`
	ColleagueAssignmentID string     `bun:"colleague_assignment_id"`
	RequesterDay          string     `bun:"requester_day"`
	ColleagueDay          string     `bun:"colleague_day"`
	RequesterShiftTypeID  string     `bun:"requester_shift_type_id"`
	ColleagueShiftTypeID  string     `bun:"colleague_shift_type_id"`
	Reason                string     `bun:"reason"`
	Status                SwapStatus `bun:"status"`
	ColleagueRespondedAt  *time.Time `bun:"colleague_responded_at"`
	DecidedBy             *string    `bun:"decided_by"`
	DecidedAt             *time.Time `bun:"decided_at"`
	DecisionComment       string     `bun:"decision_comment"`
	// ApproverUnitID is set when every supervisor of the depot is a party to the swap:
	// it went up to the managers of this unit, the nearest one above the depot.
	ApproverUnitID *string   `bun:"approver_unit_id"`
	Version        int       `bun:"version"`
	CreatedAt      time.Time `bun:"created_at"`
	UpdatedAt      time.Time `bun:"updated_at"`
}

// Involves reports whether staffID is one of the two people of the swap.
func (s *ShiftSwap) Involves(staffID string) bool {
	return s.RequesterID == staffID || s.ColleagueID == staffID
}

// LeaveType is a kind of leave an organisation grants (年假, 病假, 婚假, 事假, …).
type LeaveType struct {
	bun.BaseModel `bun:"table:leave_types"`

	ID              string    `bun:"id,pk"`
	OrgID           string    `bun:"org_id"`
	Code            string    `bun:"code"`
	NameZH          string    `bun:"name_zh"`
	NameEN          string    `bun:"name_en"`
	RequiresAdvance bool      `bun:"requires_advance"`
	Active          bool      `bun:"active"`
	CreatedAt       time.Time `bun:"created_at"`
}

// LeaveStatus is where a leave request stands.
type LeaveStatus string

// The leave states.
const (
	LeavePending   LeaveStatus = "PENDING"
	LeaveApproved  LeaveStatus = "APPROVED"
	LeaveRejected  LeaveStatus = "REJECTED"
	LeaveCancelled LeaveStatus = "CANCELLED" // withdrawn by the requester before the last level approved
)

// LeaveRequest (请假) covers whole days from StartDay to EndDay inclusive and is approved
// level by level along the requester's reporting chain.
type LeaveRequest struct {
	bun.BaseModel `bun:"table:leave_requests"`

	ID           string      `bun:"id,pk"`
	DepotID      string      `bun:"depot_id"`
	StaffID      string      `bun:"staff_id"`
	LeaveTypeID  string      `bun:"leave_type_id"`
	StartDay     string      `bun:"start_day"`
	EndDay       string      `bun:"end_day"`
	Reason       string      `bun:"reason"`
	Status       LeaveStatus `bun:"status"`
	CurrentLevel int         `bun:"current_level"`
	Levels       int         `bun:"levels"`
	Version      int         `bun:"version"`
	CreatedAt    time.Time   `bun:"created_at"`
	UpdatedAt    time.Time   `bun:"updated_at"`
}

// Covers reports whether the leave includes day.
func (l *LeaveRequest) Covers(day string) bool { return l.StartDay <= day && day <= l.EndDay }

// Decision is an approver's answer.
type Decision string

// The decisions.
const (
	Approve Decision = "APPROVE"
	Reject  Decision = "REJECT"
)

// LeaveApproval is one level of a leave request's approval chain, fixed when the
// request is made.
type LeaveApproval struct {
	bun.BaseModel `bun:"table:leave_approvals,alias:la"`

	ID         string     `bun:"id,pk"`
	LeaveID    string     `bun:"leave_id"`
	Level      int        `bun:"level"`
	ApproverID string     `bun:"approver_id"`
	ActedBy    *string    `bun:"acted_by"`
	Decision   *Decision  `bun:"decision"`
	Comment    string     `bun:"comment"`
	DecidedAt  *time.Time `bun:"decided_at"`
}

// Delegate names who approves for someone while they are on leave.
type Delegate struct {
	bun.BaseModel `bun:"table:approval_delegates"`

	StaffID    string    `bun:"staff_id,pk"`
	DelegateID string    `bun:"delegate_id"`
	UpdatedAt  time.Time `bun:"updated_at"`
}

// Notification is something a staff member should know about their roster, swaps or
// leave; it is recorded the moment it happens and read from the inbox.
type Notification struct {
	bun.BaseModel `bun:"table:roster_notifications"`

	ID          string     `bun:"id,pk"`
	StaffID     string     `bun:"staff_id"`
	Kind        string     `bun:"kind"`
	SubjectType string     `bun:"subject_type"`
	SubjectID   string     `bun:"subject_id"`
	TextZH      string     `bun:"text_zh"`
	TextEN      string     `bun:"text_en"`
	CreatedAt   time.Time  `bun:"created_at"`
	ReadAt      *time.Time `bun:"read_at"`
}

// byID loads one row of T by id; NOT_FOUND (for op) when there is none. idb may be a
// transaction.
func byID[T any](ctx context.Context, idb bun.IDB, op, id string) (*T, error) {
	v := new(T)
	err := idb.NewSelect().Model(v).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return v, err
}
