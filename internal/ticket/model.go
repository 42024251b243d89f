package ticket

import (
	"time"

	"github.com/uptrace/bun"
)

// Kind is what a ticket is about.
type Kind string

// The kinds.
const (
	Enquiry    Kind = "ENQUIRY"    // 咨询
	Exception  Kind = "EXCEPTION"  // 异常
	Complaint  Kind = "COMPLAINT"  // 投诉
	Suggestion Kind = "SUGGESTION" // 建议
)

// Kinds lists every kind, in the order reports show them.
var Kinds = []Kind{Enquiry, Exception, Complaint, Suggestion}

// ExceptionKind narrows an EXCEPTION ticket; empty for other kinds.
type ExceptionKind string

// The exception kinds.
const (
	Delay      ExceptionKind = "DELAY"       // 延误
	Damage     ExceptionKind = "DAMAGE"      // 破损
	Loss       ExceptionKind = "LOSS"        // 丢失
	ShortGoods ExceptionKind = "SHORT_GOODS" // 少货
	OverGoods  ExceptionKind = "OVER_GOODS"  // 多货
	Detained   ExceptionKind = "DETAINED"    // 滞留
	WrongInfo  ExceptionKind = "WRONG_INFO"  // 信息错漏
)

var exceptionKinds = []ExceptionKind{Delay, Damage, Loss, ShortGoods, OverGoods, Detained, WrongInfo}

// Priority orders work and picks the SLA targets.
type Priority string

// The priorities.
const (
	Urgent Priority = "URGENT"
	High   Priority = "HIGH"
	Normal Priority = "NORMAL"
	Low    Priority = "LOW"
)

// Priorities lists every priority, most pressing first.
var Priorities = []Priority{Urgent, High, Normal, Low}

// State is where a ticket is in its life.
type State string

// The states.
const (
	New               State = "NEW"
	InProgress        State = "IN_PROGRESS"
	WaitingCustomer   State = "WAITING_CUSTOMER"
	WaitingOtherParty State = "WAITING_OTHER_PARTY"
	Escalated         State = "ESCALATED"
	Resolved          State = "RESOLVED"
	Closed            State = "CLOSED"
)

// Open reports whether work on the ticket is still to do.
func (s State) Open() bool { return s != Resolved && s != Closed }

// openStates are the states of tickets someone still works on.
var openStates = []State{New, InProgress, WaitingCustomer, WaitingOtherParty, Escalated}

// ResponsibleKind says what kind of party a problem is attributed to (责任归属).
type ResponsibleKind string

// The responsible parties.
const (
	RespBranch     ResponsibleKind = "BRANCH"
	RespDepartment ResponsibleKind = "DEPARTMENT"
	RespPerson     ResponsibleKind = "PERSON"
	RespOtherParty ResponsibleKind = "OTHER_PARTY"
	RespCustomer   ResponsibleKind = "CUSTOMER"
)

// Ticket is one enquiry, exception, complaint or suggestion.
type Ticket struct {
	bun.BaseModel `bun:"table:tickets"`

	ID            string        `bun:"id,pk"`
	OrgID         string        `bun:"org_id"`
	DepotID       string        `bun:"depot_id"`
	Kind          Kind          `bun:"kind"`
	ExceptionKind ExceptionKind `bun:"exception_kind"`
	Priority      Priority      `bun:"priority"`
	State         State         `bun:"state"`
	Summary       string        `bun:"summary"`
	OrderID       *string       `bun:"order_id"`
	WaybillNo     string        `bun:"waybill_no"`
	CustomerName  string        `bun:"customer_name"`
	CustomerPhone string        `bun:"customer_phone"`
	AssigneeID    *string       `bun:"assignee_id"`
	CreatedBy     string        `bun:"created_by"`
	// EscalationLevel is 0 while the ticket is handled by its assignee, then 1 to 4.
	EscalationLevel      int    `bun:"escalation_level"`
	ExternalCompany      string `bun:"external_company"`
	ExternalContactName  string `bun:"external_contact_name"`
	ExternalContactPhone string `bun:"external_contact_phone"`
	Restatement
	Resolution           string     `bun:"resolution"`
	FirstResponseMinutes int        `bun:"first_response_minutes"`
	ResolutionMinutes    int        `bun:"resolution_minutes"`
	FirstResponseDueAt   time.Time  `bun:"first_response_due_at"`
	ResolutionDueAt      time.Time  `bun:"resolution_due_at"`
	PausedSince          *time.Time `bun:"paused_since"`
	FirstRespondedAt     *time.Time `bun:"first_responded_at"`
	ResolvedAt           *time.Time `bun:"resolved_at"`
	ClosedAt             *time.Time `bun:"closed_at"`
	FollowUp
	Version   int       `bun:"version"`
	CreatedAt time.Time `bun:"created_at"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// Restatement is the problem as confirmed with the customer, its cause, who is
// responsible, the plan and the promised time.
type Restatement struct {
	Problem            string          `bun:"problem"`
	Cause              string          `bun:"cause"`
	ResponsibleKind    ResponsibleKind `bun:"responsible_kind"`
	ResponsibleName    string          `bun:"responsible_name"`
	ResponsibleUnitID  *string         `bun:"responsible_unit_id"`
	ResponsibleStaffID *string         `bun:"responsible_staff_id"`
	Plan               string          `bun:"plan"`
	PromisedAt         *time.Time      `bun:"promised_at"`
	RestatedAt         *time.Time      `bun:"restated_at"`
	// ConfirmedAt is when the customer confirmed this restatement, ConfirmedVia how
	// (CALL or MESSAGE); restating again clears both.
	ConfirmedAt  *time.Time   `bun:"customer_confirmed_at"`
	ConfirmedVia Confirmation `bun:"customer_confirmed_via"`
}

// Confirmation is how the customer confirmed the restated problem.
type Confirmation string

// The ways a customer confirms.
const (
	ConfirmedByCall    Confirmation = "CALL"
	ConfirmedByMessage Confirmation = "MESSAGE"
)

// FollowUp is the follow-up call (回访) recorded on closing.
type FollowUp struct {
	Outcome      string `bun:"follow_up_outcome"`
	Satisfaction *int   `bun:"satisfaction"`
	Reason       string `bun:"satisfaction_reason"`
}

// PromiseBroken reports whether the promised time passed before the ticket was resolved.
func (t *Ticket) PromiseBroken(now time.Time) bool {
	if t.PromisedAt == nil {
		return false
	}
	if t.ResolvedAt != nil {
		return t.ResolvedAt.After(*t.PromisedAt)
	}
	return now.After(*t.PromisedAt)
}

// EntryKind is what a timeline entry records.
type EntryKind string

// The entry kinds.
const (
	EntryCreated     EntryKind = "CREATED"
	EntryComment     EntryKind = "COMMENT"
	EntryState       EntryKind = "STATE_CHANGE"
	EntryEscalation  EntryKind = "ESCALATION"
	EntryHandover    EntryKind = "HANDOVER"
	EntryAssignment  EntryKind = "ASSIGNMENT"
	EntryRestatement EntryKind = "RESTATEMENT"
	EntryClaim       EntryKind = "CLAIM"
	EntryFollowUp    EntryKind = "FOLLOW_UP"
	EntryBreach      EntryKind = "SLA_BREACH"
	EntryReminder    EntryKind = "REMINDER"
)

// Entry is one line of a ticket's timeline. PhotoRefs holds the ids of the photos attached
// (media.Photo ids the author uploaded); entries written before photos were checked may
// hold free-form references that name no photo.
type Entry struct {
	bun.BaseModel `bun:"table:ticket_entries"`

	ID        string    `bun:"id,pk"`
	TicketID  string    `bun:"ticket_id"`
	Kind      EntryKind `bun:"kind"`
	ActorID   *string   `bun:"actor_id"`
	Body      string    `bun:"body"`
	FromState string    `bun:"from_state"`
	ToState   string    `bun:"to_state"`
	PhotoRefs string    `bun:"photo_refs"` // JSON array
	CreatedAt time.Time `bun:"created_at"`
}

// SLAPolicy is an organisation's targets for one kind and priority.
type SLAPolicy struct {
	bun.BaseModel `bun:"table:ticket_sla_policies"`

	OrgID                string    `bun:"org_id,pk"`
	Kind                 Kind      `bun:"kind,pk"`
	Priority             Priority  `bun:"priority,pk"`
	FirstResponseMinutes int       `bun:"first_response_minutes"`
	ResolutionMinutes    int       `bun:"resolution_minutes"`
	UpdatedBy            *string   `bun:"updated_by"`
	UpdatedAt            time.Time `bun:"updated_at"`
}

// SLATarget names one of a ticket's two clocks.
type SLATarget string

// The targets.
const (
	TargetFirstResponse SLATarget = "FIRST_RESPONSE"
	TargetResolution    SLATarget = "RESOLUTION"
)

// Breach records that a ticket missed a target; one row per ticket and target.
type Breach struct {
	bun.BaseModel `bun:"table:ticket_sla_breaches"`

	ID          string     `bun:"id,pk"`
	TicketID    string     `bun:"ticket_id"`
	Target      SLATarget  `bun:"target"`
	DueAt       time.Time  `bun:"due_at"`
	DetectedAt  time.Time  `bun:"detected_at"`
	EscalatedAt *time.Time `bun:"escalated_at"`
}

// Escalation records one step up the ladder.
type Escalation struct {
	bun.BaseModel `bun:"table:ticket_escalations"`

	ID        string    `bun:"id,pk"`
	TicketID  string    `bun:"ticket_id"`
	FromLevel int       `bun:"from_level"`
	ToLevel   int       `bun:"to_level"`
	Reason    string    `bun:"reason"`
	Automatic bool      `bun:"automatic"`
	ActorID   *string   `bun:"actor_id"`
	CreatedAt time.Time `bun:"created_at"`
}

// Handover records that a ticket passed from one person to another.
type Handover struct {
	bun.BaseModel `bun:"table:ticket_handovers"`

	ID        string    `bun:"id,pk"`
	TicketID  string    `bun:"ticket_id"`
	FromID    *string   `bun:"from_id"`
	ToID      string    `bun:"to_id"`
	Note      string    `bun:"note"`
	CreatedAt time.Time `bun:"created_at"`
}

// ClaimState is where a claim (理赔) is.
type ClaimState string

// The claim states.
const (
	ClaimProposed ClaimState = "PROPOSED"
	ClaimApproved ClaimState = "APPROVED"
	ClaimRejected ClaimState = "REJECTED"
	ClaimPaid     ClaimState = "PAID"
)

// Claim is compensation proposed by an agent and decided by a superior. Amounts are fen.
type Claim struct {
	bun.BaseModel `bun:"table:ticket_claims"`

	ID              string     `bun:"id,pk"`
	TicketID        string     `bun:"ticket_id"`
	State           ClaimState `bun:"state"`
	ProposedFen     int64      `bun:"proposed_fen"`
	Reason          string     `bun:"reason"`
	ApprovedFen     *int64     `bun:"approved_fen"`
	DecidedBy       *string    `bun:"decided_by"`
	DecisionComment string     `bun:"decision_comment"`
	DecidedAt       *time.Time `bun:"decided_at"`
	PaidBy          *string    `bun:"paid_by"`
	PaymentRef      string     `bun:"payment_ref"`
	PaidAt          *time.Time `bun:"paid_at"`
	ProposedBy      string     `bun:"proposed_by"`
	Version         int        `bun:"version"`
	CreatedAt       time.Time  `bun:"created_at"`
	UpdatedAt       time.Time  `bun:"updated_at"`
}

// ClaimEvent is one line of a claim's history.
type ClaimEvent struct {
	bun.BaseModel `bun:"table:ticket_claim_events"`

	ID        string    `bun:"id,pk"`
	ClaimID   string    `bun:"claim_id"`
	Action    string    `bun:"action"` // PROPOSED, APPROVED, REDUCED, REJECTED, PAID
	AmountFen *int64    `bun:"amount_fen"`
	Comment   string    `bun:"comment"`
	ActorID   string    `bun:"actor_id"`
	CreatedAt time.Time `bun:"created_at"`
}

// ClaimLimit is how much a role may approve in an organisation; nil is unlimited.
type ClaimLimit struct {
	bun.BaseModel `bun:"table:ticket_claim_limits"`

	OrgID     string    `bun:"org_id,pk"`
	Role      string    `bun:"role,pk"`
	LimitFen  *int64    `bun:"limit_fen"`
	UpdatedBy *string   `bun:"updated_by"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// OverShortKind says whether goods were found over or short (多货/少货).
type OverShortKind string

// The over/short kinds.
const (
	Over  OverShortKind = "OVER"
	Short OverShortKind = "SHORT"
)

// ReviewStatus is where an over/short report is with the verifier.
type ReviewStatus string

// The review statuses.
const (
	ReviewPending  ReviewStatus = "PENDING"
	ReviewApproved ReviewStatus = "APPROVED"
	ReviewRejected ReviewStatus = "REJECTED"
)

// OverShortReport is an over- or short-goods report sent to the group verifier.
type OverShortReport struct {
	bun.BaseModel `bun:"table:over_short_reports"`

	ID                  string        `bun:"id,pk"`
	OrgID               string        `bun:"org_id"`
	DepotID             string        `bun:"depot_id"`
	TicketID            *string       `bun:"ticket_id"`
	Kind                OverShortKind `bun:"kind"`
	WaybillNo           string        `bun:"waybill_no"`
	GoodsName           string        `bun:"goods_name"`
	Counter             string        `bun:"counter"`
	ClearingDate        string        `bun:"clearing_date"`
	Description         string        `bun:"description"`
	PhotoRefsJSON       string        `bun:"photo_refs"`
	WitnessesJSON       string        `bun:"witnesses"`
	ResponsibleBranchID string        `bun:"responsible_branch_id"`
	Status              ReviewStatus  `bun:"status"`
	ReviewedBy          *string       `bun:"reviewed_by"`
	ReviewComment       string        `bun:"review_comment"`
	ReviewedAt          *time.Time    `bun:"reviewed_at"`
	ReportedBy          string        `bun:"reported_by"`
	Version             int           `bun:"version"`
	CreatedAt           time.Time     `bun:"created_at"`
}
