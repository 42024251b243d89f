package checklist

import (
	"time"

	"github.com/uptrace/bun"
)

// Kind is what a template checks.
type Kind string

// The template kinds.
const (
	Appearance Kind = "APPEARANCE"
	Conduct    Kind = "CONDUCT"
	PreShift   Kind = "PRE_SHIFT"
)

// Kinds lists the kinds in the order a phone shows them.
var Kinds = []Kind{Appearance, Conduct, PreShift}

func (k Kind) valid() bool { return k == Appearance || k == Conduct || k == PreShift }

// Days says on which days an item applies.
type Days string

// The day rules: the uniform is worn on weekdays, the badge every day.
const (
	AllDays  Days = "ALL"
	Weekdays Days = "WEEKDAY"
	Weekends Days = "WEEKEND"
)

func (d Days) valid() bool { return d == AllDays || d == Weekdays || d == Weekends }

// Automatic names a rule the system judges instead of a person.
type Automatic string

// NoticesRead passes when the person has read every notice of the last 30 days that
// applies to them.
const NoticesRead Automatic = "NOTICES_READ"

// DressCode is a dress-code profile: a set of grooming rules a person chooses or is
// assigned. Items name the profile they apply to; nothing is inferred about a person.
type DressCode struct {
	bun.BaseModel `bun:"table:dress_code_profiles"`

	Code      string    `bun:"code,pk"`
	NameZH    string    `bun:"name_zh"`
	NameEN    string    `bun:"name_en"`
	CreatedAt time.Time `bun:"created_at"`
}

// StaffDressCode is the profile a staff member follows.
type StaffDressCode struct {
	bun.BaseModel `bun:"table:staff_dress_codes"`

	StaffID     string    `bun:"staff_id,pk"`
	ProfileCode string    `bun:"profile_code"`
	SetBy       string    `bun:"set_by"`
	UpdatedAt   time.Time `bun:"updated_at"`
}

// Template is one version of a checklist. A revision adds a new version; checks keep
// pointing at the version they were made with.
type Template struct {
	bun.BaseModel `bun:"table:checklist_templates,alias:t"`

	ID        string    `bun:"id,pk" json:"id"`
	Kind      Kind      `bun:"kind" json:"kind"`
	Version   int       `bun:"version" json:"version"`
	TitleZH   string    `bun:"title_zh" json:"titleZh"`
	TitleEN   string    `bun:"title_en" json:"titleEn"`
	Active    bool      `bun:"active" json:"active"`
	CreatedBy *string   `bun:"created_by" json:"createdBy"`
	CreatedAt time.Time `bun:"created_at" json:"createdAt"`
}

// Item is one line of a template version.
type Item struct {
	bun.BaseModel `bun:"table:checklist_items,alias:i"`

	ID            string     `bun:"id,pk"`
	TemplateID    string     `bun:"template_id"`
	Position      int        `bun:"position"`
	Code          string     `bun:"code"`
	TextZH        string     `bun:"text_zh"`
	TextEN        string     `bun:"text_en"`
	Weight        int        `bun:"weight"`
	AppliesOn     Days       `bun:"applies_on"`
	DressCode     *string    `bun:"dress_code"`
	Role          *string    `bun:"role"`
	PhotoRequired bool       `bun:"photo_required"`
	Automatic     *Automatic `bun:"automatic"`
}

// CheckType says who checks whom.
type CheckType string

// The check types.
const (
	SelfCheck      CheckType = "SELF_CHECK"
	SpotInspection CheckType = "SPOT_INSPECTION"
)

// CheckStatus says whether every item has an answer.
type CheckStatus string

// The check states.
const (
	CheckOpen      CheckStatus = "OPEN"
	CheckCompleted CheckStatus = "COMPLETED"
)

// Check is one self-check or spot inspection of one person on one rostered shift.
type Check struct {
	bun.BaseModel `bun:"table:checklist_checks,alias:c"`

	ID           string      `bun:"id,pk" json:"id"`
	TemplateID   string      `bun:"template_id" json:"templateId"`
	TemplateKind Kind        `bun:"template_kind" json:"templateKind"`
	Type         CheckType   `bun:"check_type" json:"type"`
	SubjectID    string      `bun:"subject_id" json:"subjectId"`
	PerformedBy  string      `bun:"performed_by" json:"performedBy"`
	DepotID      string      `bun:"depot_id" json:"depotId"`
	AssignmentID string      `bun:"assignment_id" json:"assignmentId"`
	Day          string      `bun:"day" json:"day"`
	Month        string      `bun:"month" json:"month"`
	Status       CheckStatus `bun:"status" json:"status"`
	// Score is the weighted share of passed items, 0–100, once completed.
	Score       *int       `bun:"score" json:"score"`
	StartedAt   time.Time  `bun:"started_at" json:"startedAt"`
	CompletedAt *time.Time `bun:"completed_at" json:"completedAt"`
}

// CheckItem is one item of a check and its answer (nil Passed: not answered yet).
type CheckItem struct {
	bun.BaseModel `bun:"table:checklist_check_items,alias:ci"`

	ID         string     `bun:"id,pk" json:"id"`
	CheckID    string     `bun:"check_id" json:"checkId"`
	ItemID     string     `bun:"item_id" json:"itemId"`
	Position   int        `bun:"position" json:"position"`
	Weight     int        `bun:"weight" json:"weight"`
	Passed     *bool      `bun:"passed" json:"passed"`
	PhotoID    *string    `bun:"photo_id" json:"photoId"`
	Note       string     `bun:"note" json:"note"`
	AnsweredBy *string    `bun:"answered_by" json:"answeredBy"`
	AnsweredAt *time.Time `bun:"answered_at" json:"answeredAt"`
}

// ActionStatus is where a corrective action stands.
type ActionStatus string

// The action states: the assignee marks it done, a supervisor verifies it.
const (
	ActionOpen     ActionStatus = "OPEN"
	ActionDone     ActionStatus = "DONE"
	ActionVerified ActionStatus = "VERIFIED"
)

// CorrectiveAction (整改) follows up a failed item.
type CorrectiveAction struct {
	bun.BaseModel `bun:"table:corrective_actions,alias:ca"`

	ID          string       `bun:"id,pk" json:"id"`
	CheckItemID string       `bun:"check_item_id" json:"checkItemId"`
	CheckID     string       `bun:"check_id" json:"checkId"`
	SubjectID   string       `bun:"subject_id" json:"subjectId"`
	DepotID     string       `bun:"depot_id" json:"depotId"`
	Month       string       `bun:"month" json:"month"`
	AssigneeID  string       `bun:"assignee_id" json:"assigneeId"`
	Description string       `bun:"description" json:"description"`
	DueOn       string       `bun:"due_on" json:"dueOn"`
	Status      ActionStatus `bun:"status" json:"status"`
	RaisedBy    string       `bun:"raised_by" json:"raisedBy"`
	RaisedAt    time.Time    `bun:"raised_at" json:"raisedAt"`
	DoneNote    string       `bun:"done_note" json:"doneNote"`
	DoneAt      *time.Time   `bun:"done_at" json:"doneAt"`
	VerifiedBy  *string      `bun:"verified_by" json:"verifiedBy"`
	VerifiedAt  *time.Time   `bun:"verified_at" json:"verifiedAt"`
	Version     int          `bun:"version" json:"version"`
}

// NoticeKind is what a notice is about.
type NoticeKind string

// The notice kinds.
const (
	RateChange   NoticeKind = "RATE_CHANGE"
	RouteChange  NoticeKind = "ROUTE_CHANGE"
	Announcement NoticeKind = "ANNOUNCEMENT"
)

// Notice is a rate change (运价调整), route change (线路变更) or announcement, for one
// depot or (DepotID nil) for everyone.
type Notice struct {
	bun.BaseModel `bun:"table:notices,alias:n"`

	ID      string  `bun:"id,pk" json:"id"`
	DepotID *string `bun:"depot_id" json:"depotId"`
	// AudienceUnitID is the unit whose staff receive it: a depot, a manager's unit, an
	// organisation.
	AudienceUnitID string     `bun:"audience_unit_id" json:"audienceUnitId"`
	Kind           NoticeKind `bun:"kind" json:"kind"`
	Title          string     `bun:"title" json:"title"`
	Body           string     `bun:"body" json:"body"`
	PublishedBy    string     `bun:"published_by" json:"publishedBy"`
	PublishedAt    time.Time  `bun:"published_at" json:"publishedAt"`
	// TariffID links a rate change published with a tariff to it.
	TariffID *string `bun:"tariff_id" json:"tariffId"`
	// ReadAt is when the caller read it (not a column; filled for the reader).
	ReadAt *time.Time `bun:"read_at,scanonly" json:"readAt"`
}

// Receipt records that a staff member read a notice.
type Receipt struct {
	bun.BaseModel `bun:"table:notice_receipts"`

	NoticeID string    `bun:"notice_id,pk"`
	StaffID  string    `bun:"staff_id,pk"`
	ReadAt   time.Time `bun:"read_at"`
}

// ScoreSheet is one person's month (客服每月奖罚评分表): computed live until a supervisor
// signs it off, then stored and frozen.
type ScoreSheet struct {
	bun.BaseModel `bun:"table:score_sheets"`

	ID               string `bun:"id,pk" json:"id"`
	StaffID          string `bun:"staff_id" json:"staffId"`
	DepotID          string `bun:"depot_id" json:"depotId"`
	Month            string `bun:"month" json:"month"`
	ShiftsRostered   int    `bun:"shifts_rostered" json:"shiftsRostered"`
	ChecksCompleted  int    `bun:"checks_completed" json:"checksCompleted"`
	SelfChecksMissed int    `bun:"self_checks_missed" json:"selfChecksMissed"`
	// AverageScore is the mean score of completed checks, nil when there were none.
	AverageScore    *int `bun:"average_score" json:"averageScore"`
	ItemsFailed     int  `bun:"items_failed" json:"itemsFailed"`
	LateCount       int  `bun:"late_count" json:"lateCount"`
	LateMinutes     int  `bun:"late_minutes" json:"lateMinutes"`
	EarlyLeaveCount int  `bun:"early_leave_count" json:"earlyLeaveCount"`
	MissingClockIns int  `bun:"missing_clock_ins" json:"missingClockIns"`
	ActionsRaised   int  `bun:"actions_raised" json:"actionsRaised"`
	ActionsOpen     int  `bun:"actions_open" json:"actionsOpen"`
	ActionsClosed   int  `bun:"actions_closed" json:"actionsClosed"`
	// ComplaintsResponsible counts complaints opened this month naming the person
	// responsible; OverGoodsApproved their over-goods reports approved by the verifier.
	ComplaintsResponsible int `bun:"complaints_responsible" json:"complaintsResponsible"`
	OverGoodsApproved     int `bun:"over_goods_approved" json:"overGoodsApproved"`
	// NightShifts, WeekendShifts and HolidayShifts are the month's unpopular duty
	// (roster.Duty); nil on sheets signed off before they were counted.
	NightShifts   *int       `bun:"night_shifts" json:"nightShifts"`
	WeekendShifts *int       `bun:"weekend_shifts" json:"weekendShifts"`
	HolidayShifts *int       `bun:"holiday_shifts" json:"holidayShifts"`
	Comment       string     `bun:"comment" json:"comment"`
	SignedOffBy   *string    `bun:"signed_off_by" json:"signedOffBy"`
	SignedOffAt   *time.Time `bun:"signed_off_at" json:"signedOffAt"`
}

// SignedOff reports whether the sheet is frozen.
func (s *ScoreSheet) SignedOff() bool { return s.SignedOffAt != nil }
