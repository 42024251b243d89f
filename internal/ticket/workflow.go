package ticket

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
)

// transitions are the state changes a ticket allows. ESCALATED is reached only by
// escalating, RESOLVED only by resolving (with a cause) and CLOSED only by recording the
// follow-up call; a resolved ticket may be reopened.
var transitions = map[State][]State{
	New:               {InProgress, WaitingCustomer, WaitingOtherParty, Escalated, Resolved},
	InProgress:        {WaitingCustomer, WaitingOtherParty, Escalated, Resolved},
	WaitingCustomer:   {InProgress, WaitingOtherParty, Escalated, Resolved},
	WaitingOtherParty: {InProgress, WaitingCustomer, Escalated, Resolved},
	Escalated:         {InProgress, WaitingCustomer, WaitingOtherParty, Escalated, Resolved},
	Resolved:          {InProgress, Closed},
	Closed:            {},
}

// CanTransition reports whether a ticket may go from one state to another.
func CanTransition(from, to State) bool { return slices.Contains(transitions[from], to) }

// transition moves the ticket, keeping the SLA clocks: waiting on the customer pauses
// them, leaving that wait resumes them; a person's first move is the first response
// (also after an automatic escalation took the ticket out of NEW).
func (w *write) transition(ctx context.Context, op string, to State, note string) error {
	from := w.t.State
	if err := movable(op, w.t, to); err != nil {
		return err
	}
	if from == WaitingCustomer {
		w.t.resume(w.now)
	}
	if to == WaitingCustomer {
		w.t.pause(w.now)
	}
	if err := w.respond(ctx); err != nil { // a no-op once answered
		return err
	}
	if from == Resolved && to == InProgress {
		w.t.ResolvedAt = nil
	}
	w.t.State = to
	w.save = true
	return w.entry(ctx, EntryState, note, from, to, nil)
}

// manualStates are the states ChangeState moves to; the others have their own methods.
var manualStates = []State{InProgress, WaitingCustomer, WaitingOtherParty}

// ChangeState moves a ticket to IN_PROGRESS (also reopening a resolved ticket),
// WAITING_CUSTOMER or WAITING_OTHER_PARTY. Anyone who sees the ticket. Returns
// TICKET_TRANSITION_INVALID for a move the state does not allow, CONFLICT for a stale
// version, BAD_USER_INPUT for another target state.
func (s *Service) ChangeState(ctx context.Context, key, ticketID string, version int, to State, note string) (*Ticket, bool, error) {
	const op = "ticket.ChangeState"
	if !slices.Contains(manualStates, to) {
		return nil, false, apperr.Invalid(op, "state", "请通过升级、解决或回访改变此状态", "Use escalate, resolve or the follow-up call for this state")
	}
	if err := text(op, "note", &note, 0, 1000, "备注最多 1000 字", "The note is at most 1,000 characters"); err != nil {
		return nil, false, err
	}
	return s.mutate(ctx, op, key, ticketID, &version, []any{to, note}, func(ctx context.Context, w *write) error {
		return w.transition(ctx, op, to, note)
	})
}

// maxPhotos caps the photos on one entry or report.
const maxPhotos = 9

func checkPhotos(op string, photoIDs []string) error {
	if len(photoIDs) > maxPhotos {
		return apperr.Invalid(op, "photoRefs", "每次最多 9 张照片", "At most 9 photos at a time")
	}
	return nil
}

// attach checks, inside the write's transaction, that every photo id names a photo the
// caller uploaded (NOT_FOUND for the first that does not, so the write rolls back), and
// returns the ids to keep, in order, without duplicates.
func attach(ctx context.Context, tx bun.IDB, p *identity.Principal, photoIDs []string) ([]string, error) {
	photos, err := media.OwnPhotos(ctx, tx, p.ID, photoIDs)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(photos))
	for i, ph := range photos {
		ids[i] = ph.ID
	}
	return ids, nil
}

// AddComment adds a comment, with optional photos, to the timeline. A staff comment on a
// new ticket is its first response. Anyone who sees the ticket; returns
// TICKET_TRANSITION_INVALID on a closed ticket, BAD_USER_INPUT for an empty comment or
// more than 9 photos, NOT_FOUND when a photo is not one the caller uploaded (nothing is
// written then). Whoever may see the ticket may see its photos. phraseID (may be empty)
// names the standard phrase the reply was built from; with Phrases set, its use and an
// opening the handbook forbids are recorded in the same transaction (NOT_FOUND for a
// phrase the caller cannot read).
func (s *Service) AddComment(ctx context.Context, key, ticketID, body string, photoIDs []string, phraseID string) (*Ticket, bool, error) {
	const op = "ticket.AddComment"
	if err := text(op, "body", &body, 1, 2000, "请填写内容(最多 2000 字)", "Write a comment (at most 2,000 characters)"); err != nil {
		return nil, false, err
	}
	if err := checkPhotos(op, photoIDs); err != nil {
		return nil, false, err
	}
	fp := []any{body, photoIDs}
	if phraseID != "" {
		fp = append(fp, phraseID)
	}
	return s.mutate(ctx, op, key, ticketID, nil, fp, func(ctx context.Context, w *write) error {
		if !takesEntries(w.t) {
			return apperr.E(op, apperr.TicketTransitionInvalid).Explain("工单已关闭,不能再添加记录", "The ticket is closed; nothing more can be added")
		}
		photos, err := attach(ctx, w.tx, w.p, photoIDs)
		if err != nil {
			return err
		}
		if s.Phrases != nil {
			if err := s.Phrases.RecordUse(ctx, w.tx, w.t.ID, phraseID, body, w.now); err != nil {
				return err
			}
		}
		if err := w.respond(ctx); err != nil {
			return err
		}
		w.save = true
		return w.entry(ctx, EntryComment, body, "", "", photos)
	})
}

// Resolve marks a ticket resolved with what was done. Exceptions and complaints need
// the cause found (given here or restated earlier): TICKET_CAUSE_REQUIRED otherwise.
// Anyone who sees the ticket; TICKET_TRANSITION_INVALID from RESOLVED or CLOSED,
// CONFLICT for a stale version (two people resolving at once: one wins).
func (s *Service) Resolve(ctx context.Context, key, ticketID string, version int, resolution, cause string) (*Ticket, bool, error) {
	const op = "ticket.Resolve"
	if err := text(op, "resolution", &resolution, 2, 1000, "请说明处理结果(2 到 1000 字)", "Say how it was resolved (2 to 1,000 characters)"); err != nil {
		return nil, false, err
	}
	if err := text(op, "cause", &cause, 0, 500, "原因最多 500 字", "The cause is at most 500 characters"); err != nil {
		return nil, false, err
	}
	return s.mutate(ctx, op, key, ticketID, &version, []any{resolution, cause}, func(ctx context.Context, w *write) error {
		if cause != "" {
			w.t.Cause = cause
		}
		if w.t.Cause == "" && (w.t.Kind == Exception || w.t.Kind == Complaint) {
			return apperr.E(op, apperr.TicketCauseRequired)
		}
		if err := w.transition(ctx, op, Resolved, resolution); err != nil {
			return err
		}
		if err := w.respond(ctx); err != nil {
			return err
		}
		w.t.Resolution, w.t.ResolvedAt = resolution, &w.now
		if w.now.After(w.t.ResolutionDueAt) {
			_, err := recordBreach(ctx, w.tx, w.t, TargetResolution, w.t.ResolutionDueAt, w.now)
			return err
		}
		return nil
	})
}

// FollowUpInput is the follow-up call (回访) made on closing.
type FollowUpInput struct {
	Outcome      string
	Satisfaction int // 1 (very dissatisfied) to 5 (very satisfied)
	Reason       string
}

// Close records the follow-up call and closes a resolved ticket. Satisfaction is 1 to 5;
// at 2 or below the reason is required (BAD_USER_INPUT). Anyone who sees the ticket;
// TICKET_TRANSITION_INVALID unless the ticket is RESOLVED, CONFLICT for a stale version.
func (s *Service) Close(ctx context.Context, key, ticketID string, version int, in FollowUpInput) (*Ticket, bool, error) {
	const op = "ticket.Close"
	if err := text(op, "outcome", &in.Outcome, 2, 500, "请记录回访结果(2 到 500 字)", "Record the outcome of the call (2 to 500 characters)"); err != nil {
		return nil, false, err
	}
	if in.Satisfaction < 1 || in.Satisfaction > 5 {
		return nil, false, apperr.Invalid(op, "satisfaction", "满意度为 1 到 5 分", "Satisfaction is 1 to 5")
	}
	minReason := 0
	if in.Satisfaction <= 2 {
		minReason = 2
	}
	if err := text(op, "reason", &in.Reason, minReason, 500, "满意度较低时须说明原因", "Give the reason when satisfaction is low"); err != nil {
		return nil, false, err
	}
	return s.mutate(ctx, op, key, ticketID, &version, in, func(ctx context.Context, w *write) error {
		if err := w.transition(ctx, op, Closed, in.Outcome); err != nil {
			return err
		}
		sat := in.Satisfaction
		w.t.FollowUp = FollowUp{Outcome: in.Outcome, Satisfaction: &sat, Reason: in.Reason}
		w.t.ClosedAt = &w.now
		return w.entry(ctx, EntryFollowUp, in.Outcome, "", "", nil)
	})
}

// RestateInput is the problem as confirmed with the customer and the plan.
type RestateInput struct {
	Problem            string
	Cause              string
	ResponsibleKind    ResponsibleKind
	ResponsibleName    string
	ResponsibleUnitID  string
	ResponsibleStaffID string
	Plan               string
	PromisedAt         time.Time
}

var responsibleKinds = []ResponsibleKind{RespBranch, RespDepartment, RespPerson, RespOtherParty, RespCustomer}

// Restate records the problem as restated to the customer (they confirm it with
// ConfirmRestatement; a new restatement needs a new confirmation), the cause (when found), who
// is responsible, the plan and the time promised to the customer. It may be restated as
// the facts become clearer; the timeline keeps each version. It is a response to the
// customer. Anyone who sees an open ticket; BAD_USER_INPUT for missing fields or a
// promise in the past, TICKET_TRANSITION_INVALID on a resolved or closed ticket.
func (s *Service) Restate(ctx context.Context, key, ticketID string, version int, in RestateInput) (*Ticket, bool, error) {
	const op = "ticket.Restate"
	if err := text(op, "problem", &in.Problem, 2, 1000, "请复述客户确认的问题(2 到 1000 字)", "Restate the problem as the customer confirmed it (2 to 1,000 characters)"); err != nil {
		return nil, false, err
	}
	if err := text(op, "cause", &in.Cause, 0, 500, "原因最多 500 字", "The cause is at most 500 characters"); err != nil {
		return nil, false, err
	}
	if in.ResponsibleKind != "" && !slices.Contains(responsibleKinds, in.ResponsibleKind) {
		return nil, false, apperr.Invalid(op, "responsibleKind", "责任方类型无效", "Unknown kind of responsible party")
	}
	minName := 0
	if in.ResponsibleKind != "" {
		minName = 1
	}
	if err := text(op, "responsibleName", &in.ResponsibleName, minName, 100, "请写明责任方", "Name the responsible party"); err != nil {
		return nil, false, err
	}
	if err := text(op, "plan", &in.Plan, 2, 1000, "请说明处理方案(2 到 1000 字)", "Give the plan (2 to 1,000 characters)"); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	if !in.PromisedAt.After(now) {
		return nil, false, apperr.Invalid(op, "promisedAt", "承诺时间须晚于现在", "The promised time must be in the future")
	}
	return s.mutate(ctx, op, key, ticketID, &version, in, func(ctx context.Context, w *write) error {
		if !w.t.State.Open() { // Actions: RESTATE
			return apperr.E(op, apperr.TicketTransitionInvalid).Explain("工单已解决或已关闭", "The ticket is already resolved or closed")
		}
		r := Restatement{Problem: in.Problem, Cause: in.Cause, ResponsibleKind: in.ResponsibleKind, ResponsibleName: in.ResponsibleName,
			Plan: in.Plan, PromisedAt: &in.PromisedAt, RestatedAt: &w.now}
		if r.Cause == "" {
			r.Cause = w.t.Cause
		}
		if in.ResponsibleUnitID != "" || in.ResponsibleStaffID != "" {
			if err := responsibleParty(ctx, w.tx, op, w.t.DepotID, in.ResponsibleUnitID, in.ResponsibleStaffID); err != nil {
				return err
			}
		}
		if in.ResponsibleUnitID != "" {
			r.ResponsibleUnitID = &in.ResponsibleUnitID
		}
		if in.ResponsibleStaffID != "" {
			r.ResponsibleStaffID = &in.ResponsibleStaffID
		}
		w.t.Restatement = r
		if err := w.respond(ctx); err != nil {
			return err
		}
		w.save = true
		body := "问题: " + in.Problem + "\n方案: " + in.Plan + "\n承诺时间: " + in.PromisedAt.In(s.Zone).Format("2006-01-02 15:04")
		return w.entry(ctx, EntryRestatement, body, "", "", nil)
	})
}

// responsibleParty checks that the unit and the person named responsible are identity's and
// of the ticket's own organisation: another carrier's unit or person reads as unknown, so
// the answer tells nothing of other organisations. The request's snapshot of the org tree
// answers first; a unit it does not know (created on another instance since) is looked up
// again in the transaction before it is refused.
func responsibleParty(ctx context.Context, tx bun.Tx, op, depotID, unitID, staffID string) error {
	tree, err := identity.TreeOf(ctx, tx)
	if err != nil {
		return err
	}
	known := func(id string) bool { return tree.Unit(id) != nil }
	if (unitID != "" && !known(unitID)) || !known(depotID) {
		if tree, err = identity.LoadTree(ctx, tx); err != nil {
			return err
		}
	}
	org := tree.OrgOf(depotID)
	if unitID != "" && (tree.Unit(unitID) == nil || tree.OrgOf(unitID) != org) {
		return apperr.Invalid(op, "responsibleUnitId", "责任单位不存在", "No such unit")
	}
	if staffID == "" {
		return nil
	}
	st, err := identity.StaffByID(ctx, tx, staffID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && tree.OrgOf(st.DepotID) != org) {
		return apperr.Invalid(op, "responsibleStaffId", "责任人不存在", "No such person")
	}
	return err
}

// Assign gives a ticket to a named colleague: the supervisor of the ticket's depot, the
// managers above it and its admins (FORBIDDEN otherwise). The assignee must be an active
// agent or supervisor the caller reaches (BAD_USER_INPUT). CONFLICT for a stale version.
func (s *Service) Assign(ctx context.Context, key, ticketID string, version int, assigneeID, note string) (*Ticket, bool, error) {
	const op = "ticket.Assign"
	if err := text(op, "note", &note, 0, 500, "备注最多 500 字", "The note is at most 500 characters"); err != nil {
		return nil, false, err
	}
	return s.mutate(ctx, op, key, ticketID, &version, []any{assigneeID, note}, func(ctx context.Context, w *write) error {
		if !oversees(w.p, w.t.DepotID) { // Actions: ASSIGN
			return apperr.E(op, apperr.Forbidden)
		}
		st, err := identity.ActiveStaffWithAnyRole(ctx, w.tx, assigneeID, identity.RoleAgent, identity.RoleSupervisor)
		if err != nil {
			return err
		}
		if st == nil || !w.p.Reach().Covers(st.DepotID, identity.StaffRoles...) {
			return apperr.Invalid(op, "assigneeId", "只能指派给在职的客服专员或主管", "Assign only to an active agent or supervisor")
		}
		w.t.AssigneeID = &st.ID
		w.save = true
		return w.entry(ctx, EntryAssignment, st.Name+": "+note, "", "", nil)
	})
}

// ConfirmRestatement records that the customer confirmed the current restatement, when
// (at, not in the future; zero means now) and how (CALL or MESSAGE). A complaint is not
// worked (IN_PROGRESS, RESOLVED) before it: COMPLAINT_NOT_CONFIRMED. Anyone who sees an
// open ticket; BAD_USER_INPUT without a restatement, for an unknown way, or for a time in
// the future or before the restatement, TICKET_TRANSITION_INVALID
// on a resolved or closed ticket, CONFLICT for a stale version.
func (s *Service) ConfirmRestatement(ctx context.Context, key, ticketID string, version int, via Confirmation, at time.Time) (*Ticket, bool, error) {
	const op = "ticket.ConfirmRestatement"
	if via != ConfirmedByCall && via != ConfirmedByMessage {
		return nil, false, apperr.Invalid(op, "via", "请选择确认方式:电话或短信", "Choose how the customer confirmed: call or message")
	}
	given := at // the fingerprint: a retry without a time is the same request a second later
	now := s.Now().UTC()
	if at.IsZero() {
		at = now
	}
	at = at.UTC()
	if at.After(now) {
		return nil, false, apperr.Invalid(op, "confirmedAt", "确认时间不能晚于现在", "The confirmation cannot be in the future")
	}
	return s.mutate(ctx, op, key, ticketID, &version, []any{via, given}, func(ctx context.Context, w *write) error {
		if !confirmable(w.t) {
			switch {
			case !w.t.State.Open():
				return apperr.E(op, apperr.TicketTransitionInvalid).Explain("工单已解决或已关闭", "The ticket is already resolved or closed")
			case w.t.RestatedAt == nil:
				return apperr.Invalid(op, "ticketId", "请先向客户复述问题", "Restate the problem to the customer first")
			default:
				return apperr.E(op, apperr.TicketTransitionInvalid).Explain("客户已确认此复述", "The customer already confirmed this restatement")
			}
		}
		if at.Before(*w.t.RestatedAt) {
			return apperr.Invalid(op, "confirmedAt", "确认时间不能早于复述时间", "The confirmation cannot be before the restatement")
		}
		w.t.ConfirmedAt, w.t.ConfirmedVia, w.save = &at, via, true
		how := map[Confirmation]string{ConfirmedByCall: "电话 / call", ConfirmedByMessage: "短信 / message"}[via]
		return w.entry(ctx, EntryRestatement, "客户已确认问题复述 / Customer confirmed the restatement: "+how, "", "", nil)
	})
}
