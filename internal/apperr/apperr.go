package apperr

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error code, copied to extensions.code.
type Code string

// The catalogue. Append only.
const (
	Internal           Code = "INTERNAL"
	Unauthenticated    Code = "UNAUTHENTICATED"
	Forbidden          Code = "FORBIDDEN"
	NotFound           Code = "NOT_FOUND"
	BadUserInput       Code = "BAD_USER_INPUT"
	Conflict           Code = "CONFLICT"
	InvalidCredentials Code = "INVALID_CREDENTIALS"
	AccountLocked      Code = "ACCOUNT_LOCKED"

	RefreshTokenReused     Code = "REFRESH_TOKEN_REUSED"
	IdempotencyKeyReused   Code = "IDEMPOTENCY_KEY_REUSED"
	PageSizeExceeded       Code = "PAGE_SIZE_EXCEEDED"
	QueryTooDeep           Code = "QUERY_TOO_DEEP"
	QueryTooComplex        Code = "QUERY_TOO_COMPLEX"
	QueryTooLarge          Code = "QUERY_TOO_LARGE"
	GraphQLParseFailed     Code = "GRAPHQL_PARSE_FAILED"
	GraphQLInvalid         Code = "GRAPHQL_VALIDATION_FAILED"
	PersistedQueryNotFound Code = "PERSISTED_QUERY_NOT_FOUND"
	RequestTooLarge        Code = "REQUEST_TOO_LARGE"
	Throttled              Code = "THROTTLED"
	AttendanceTimeInvalid  Code = "ATTENDANCE_TIME_INVALID"

	RosterNotPublished      Code = "ROSTER_NOT_PUBLISHED"
	ShiftNotQualified       Code = "SHIFT_NOT_QUALIFIED"
	SwapMonthlyLimit        Code = "SWAP_MONTHLY_LIMIT"
	SwapConsecutive         Code = "SWAP_CONSECUTIVE"
	SwapHolidayDuty         Code = "SWAP_HOLIDAY_DUTY"
	SwapLeaveConflict       Code = "SWAP_LEAVE_CONFLICT"
	SwapNotQualified        Code = "SWAP_NOT_QUALIFIED"
	SwapDoubleBooked        Code = "SWAP_DOUBLE_BOOKED"
	SwapWithSelf            Code = "SWAP_WITH_SELF"
	SwapInPast              Code = "SWAP_IN_PAST"
	LeaveNightShift         Code = "LEAVE_NIGHT_SHIFT"
	LeaveHolidayDuty        Code = "LEAVE_HOLIDAY_DUTY"
	LeaveOnSwapDay          Code = "LEAVE_ON_SWAP_DAY"
	LeaveNotInAdvance       Code = "LEAVE_NOT_IN_ADVANCE"
	LeaveOverlap            Code = "LEAVE_OVERLAP"
	LeaveLevelSkipped       Code = "LEAVE_LEVEL_SKIPPED"
	LeaveNoApprover         Code = "LEAVE_NO_APPROVER"
	WaybillCheckDigit       Code = "WAYBILL_CHECK_DIGIT"
	DangerousGoodsRefused   Code = "DANGEROUS_GOODS_REFUSED"
	OrderNotVerified        Code = "ORDER_NOT_VERIFIED"
	OrderNotReleased        Code = "ORDER_NOT_RELEASED"
	OrderAlreadyReleased    Code = "ORDER_ALREADY_RELEASED"
	OrderCancelled          Code = "ORDER_CANCELLED"
	OrderDelivered          Code = "ORDER_DELIVERED"
	OrderStageInvalid       Code = "ORDER_STAGE_INVALID"
	OrderNotShipped         Code = "ORDER_NOT_SHIPPED"
	TrackingBatchTooLarge   Code = "TRACKING_BATCH_TOO_LARGE"
	TrackingTimeInvalid     Code = "TRACKING_TIME_INVALID"
	TrackingEventTooOld     Code = "TRACKING_EVENT_TOO_OLD"
	TrackingLookupLocked    Code = "TRACKING_LOOKUP_LOCKED"
	ArrivalAlreadyConfirmed Code = "ARRIVAL_ALREADY_CONFIRMED"
	ReturnNotDelivered      Code = "RETURN_NOT_DELIVERED"
	ReturnParcelNotIntact   Code = "RETURN_PARCEL_NOT_INTACT"
	ReturnPhotoRequired     Code = "RETURN_PHOTO_REQUIRED"
	ReturnAlreadyOpen       Code = "RETURN_ALREADY_OPEN"

	TicketTransitionInvalid    Code = "TICKET_TRANSITION_INVALID"
	TicketCauseRequired        Code = "TICKET_CAUSE_REQUIRED"
	TicketEscalationTop        Code = "TICKET_ESCALATION_TOP"
	TicketExternalContact      Code = "TICKET_EXTERNAL_CONTACT_REQUIRED"
	TicketHandoverOffDuty      Code = "TICKET_HANDOVER_OFF_DUTY"
	TicketHandoverToSelf       Code = "TICKET_HANDOVER_TO_SELF"
	TicketDescriptionRequired  Code = "TICKET_DESCRIPTION_REQUIRED"
	ClaimOverLimit             Code = "CLAIM_OVER_LIMIT"
	ClaimStateInvalid          Code = "CLAIM_STATE_INVALID"
	ClaimSelfApproval          Code = "CLAIM_SELF_APPROVAL"
	OverShortAlreadyReviewed   Code = "OVER_SHORT_ALREADY_REVIEWED"
	PhotoTooLarge              Code = "PHOTO_TOO_LARGE"
	PhotoNotImage              Code = "PHOTO_NOT_IMAGE"
	CheckShiftNotRostered      Code = "CHECK_SHIFT_NOT_ROSTERED"
	CheckNotDue                Code = "CHECK_NOT_DUE"
	CheckNotOnDuty             Code = "CHECK_NOT_ON_DUTY"
	CheckItemAnswered          Code = "CHECK_ITEM_ANSWERED"
	CheckItemAutomatic         Code = "CHECK_ITEM_AUTOMATIC"
	CheckPhotoRequired         Code = "CHECK_PHOTO_REQUIRED"
	ActionItemNotFailed        Code = "ACTION_ITEM_NOT_FAILED"
	ActionStatusInvalid        Code = "ACTION_STATUS_INVALID"
	ScoreSheetSignedOff        Code = "SCORE_SHEET_SIGNED_OFF"
	PartnerScopeUnknown        Code = "PARTNER_SCOPE_UNKNOWN"
	PersistedOperationRequired Code = "PERSISTED_OPERATION_REQUIRED"
	WebhookURLInvalid          Code = "WEBHOOK_URL_INVALID"
	WebhookEventUnknown        Code = "WEBHOOK_EVENT_UNKNOWN"
	RequestAlreadyDecided      Code = "REQUEST_ALREADY_DECIDED"
	CoverNoPayBackShift        Code = "COVER_NO_PAY_BACK_SHIFT"
	FieldRepeated              Code = "FIELD_REPEATED"
	QueryOverBudget            Code = "QUERY_OVER_BUDGET"

	BadRequest                       Code = "BAD_REQUEST"
	MethodNotAllowed                 Code = "METHOD_NOT_ALLOWED"
	UnsupportedMediaType             Code = "UNSUPPORTED_MEDIA_TYPE"
	PersistedQueryHashMismatch       Code = "PERSISTED_QUERY_HASH_MISMATCH"
	PersistedQueryVersionUnsupported Code = "PERSISTED_QUERY_VERSION_UNSUPPORTED"
	IntrospectionDisabled            Code = "INTROSPECTION_DISABLED"
	CSRFHeaderRequired               Code = "CSRF_HEADER_REQUIRED"
	Unavailable                      Code = "UNAVAILABLE"
	PartyCannotDecide                Code = "PARTY_CANNOT_DECIDE"

	TrackingEventKeyReused      Code = "TRACKING_EVENT_KEY_REUSED"
	NoTariffInEffect            Code = "NO_TARIFF_IN_EFFECT"
	QuoteExpired                Code = "QUOTE_EXPIRED"
	QuoteUsed                   Code = "QUOTE_USED"
	QuoteMismatch               Code = "QUOTE_MISMATCH"
	PrintedSlipsMustBeRetrieved Code = "PRINTED_SLIPS_MUST_BE_RETRIEVED"
	ShiftHasChecks              Code = "SHIFT_HAS_CHECKS"
	ComplaintNotConfirmed       Code = "COMPLAINT_NOT_CONFIRMED"

	ReconciliationSigned    Code = "RECONCILIATION_SIGNED"
	ReconciliationUndecided Code = "RECONCILIATION_UNDECIDED"

	LeaveBalanceExceeded Code = "LEAVE_BALANCE_EXCEEDED"

	SwapHoursLimit        Code = "SWAP_HOURS_LIMIT"
	RosterHoursOverLimit  Code = "ROSTER_HOURS_OVER_LIMIT"
	OpenShiftTaken        Code = "OPEN_SHIFT_TAKEN"
	OpenShiftCancelled    Code = "OPEN_SHIFT_CANCELLED"
	OpenShiftNotEligible  Code = "OPEN_SHIFT_NOT_ELIGIBLE"
	OpenShiftInPast       Code = "OPEN_SHIFT_IN_PAST"
	OpenShiftOnLeave      Code = "OPEN_SHIFT_ON_LEAVE"
	OpenShiftDoubleBooked Code = "OPEN_SHIFT_DOUBLE_BOOKED"
	OpenShiftNotQualified Code = "OPEN_SHIFT_NOT_QUALIFIED"
	OpenShiftHoursLimit   Code = "OPEN_SHIFT_HOURS_LIMIT"

	RosterAgainstAvailability Code = "ROSTER_AGAINST_AVAILABILITY"
)

// Error is the product's error: a code, the operation that failed, localisable message
// arguments, and an optional cause that is logged but never shown.
type Error struct {
	Code Code
	// Op names the operation, for logs ("identity.Login").
	Op string
	// Field, when set, names the input field at fault (for BAD_USER_INPUT).
	Field string
	// Detail overrides the catalogue message with a specific explanation, in both languages.
	Detail *Message
	// Extra values copied into extensions (for example retryAfterSeconds).
	Extra map[string]any
	// Err is the underlying cause; logged for INTERNAL, never shown to users.
	Err error
}

// Message is a human explanation in both languages the product speaks.
type Message struct {
	ZH string
	EN string
}

func (e *Error) Error() string {
	msg := string(e.Code)
	if e.Op != "" {
		msg = e.Op + ": " + msg
	}
	if e.Detail != nil {
		msg += ": " + e.Detail.EN
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error with a code from the catalogue.
func E(op string, code Code) *Error { return &Error{Op: op, Code: code} }

// Wrap marks an unexpected failure as INTERNAL, keeping the cause for the logs.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return err
	}
	return &Error{Op: op, Code: Internal, Err: err}
}

// Invalid reports bad input in one field with an explanation in both languages.
func Invalid(op, field, zh, en string) *Error {
	return &Error{Op: op, Code: BadUserInput, Field: field, Detail: &Message{ZH: zh, EN: en}}
}

// Explain attaches a specific explanation in both languages.
func (e *Error) Explain(zh, en string) *Error {
	e.Detail = &Message{ZH: zh, EN: en}
	return e
}

// With attaches an extension value.
func (e *Error) With(key string, value any) *Error {
	if e.Extra == nil {
		e.Extra = map[string]any{}
	}
	e.Extra[key] = value
	return e
}

// CodeOf returns the code of err, INTERNAL for errors outside the catalogue.
func CodeOf(err error) Code {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return Internal
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Errorf is fmt.Errorf for causes; kept here so callers need one import.
func Errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
