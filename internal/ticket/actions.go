package ticket

import (
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// Action is a step a caller may take on a ticket. Actions lists those the caller may take
// now; the mutations refuse the others. Both ask the same predicates below, so the list a
// client shows and what the server accepts cannot drift apart.
type Action string

// The actions, in the order a client shows them.
const (
	ActClose              Action = "CLOSE"               // Close (the follow-up call)
	ActComment            Action = "COMMENT"             // AddComment
	ActStartWork          Action = "MOVE_TO_IN_PROGRESS" // ChangeState to IN_PROGRESS (also reopening a resolved ticket)
	ActWaitCustomer       Action = "MOVE_TO_WAITING_CUSTOMER"
	ActWaitOtherParty     Action = "MOVE_TO_WAITING_OTHER_PARTY"
	ActRestate            Action = "RESTATE"             // Restate
	ActConfirmRestatement Action = "CONFIRM_RESTATEMENT" // ConfirmRestatement
	ActEscalate           Action = "ESCALATE"            // Escalate
	ActHandOver           Action = "HAND_OVER"           // HandOver of this ticket
	ActAssign             Action = "ASSIGN"              // Assign
	ActProposeClaim       Action = "PROPOSE_CLAIM"       // ProposeClaim
	ActDecideClaims       Action = "DECIDE_CLAIMS"       // DecideClaim and PayClaim on its claims (each claim's state still decides which)
	ActResolve            Action = "RESOLVE"             // Resolve
	ActReportOverShort    Action = "REPORT_OVER_SHORT"   // ReportOverShort from this ticket
)

// moveActions are the actions of ChangeState, one per manual state (in manualStates' order).
var moveActions = []Action{ActStartWork, ActWaitCustomer, ActWaitOtherParty}

// Actions are the actions p may take on t now, computed from the ticket and the caller
// alone (no query: safe on lists). None for a ticket p does not see.
func Actions(p *identity.Principal, t *Ticket) []Action {
	const opActions = "ticket.Actions"
	out := []Action{}
	if !CanSee(p, t) {
		return out
	}
	add := func(a Action, ok bool) {
		if ok {
			out = append(out, a)
		}
	}
	add(ActClose, movable(opActions, t, Closed) == nil)
	add(ActComment, takesEntries(t))
	for i, to := range manualStates {
		add(moveActions[i], movable(opActions, t, to) == nil)
	}
	add(ActRestate, t.State.Open())
	add(ActConfirmRestatement, confirmable(t))
	add(ActEscalate, escalatable(t))
	add(ActHandOver, handsOver(p, t))
	add(ActAssign, oversees(p, t.DepotID))
	add(ActProposeClaim, takesEntries(t))
	add(ActDecideClaims, approvesClaims(p))
	add(ActResolve, movable(opActions, t, Resolved) == nil)
	add(ActReportOverShort, reportsOverShort(p, t))
	return out
}

// takesEntries: comments and claims are added until the ticket is closed.
func takesEntries(t *Ticket) bool { return t.State != Closed }

// movable says why t may not go to state to now (nil when it may): TICKET_TRANSITION_INVALID
// for a move the state machine does not allow, COMPLAINT_NOT_CONFIRMED for a complaint
// worked (IN_PROGRESS, RESOLVED) before the customer confirmed the restatement.
func movable(op string, t *Ticket, to State) error {
	if !CanTransition(t.State, to) {
		return apperr.E(op, apperr.TicketTransitionInvalid).With("from", string(t.State)).With("to", string(to))
	}
	if (to == InProgress || to == Resolved) && t.Kind == Complaint && t.ConfirmedAt == nil {
		return apperr.E(op, apperr.ComplaintNotConfirmed)
	}
	return nil
}

// confirmable: the customer confirms a restatement of an open ticket, once.
func confirmable(t *Ticket) bool {
	return t.State.Open() && t.RestatedAt != nil && t.ConfirmedAt == nil
}

// escalatable: an open ticket below the top of the ladder climbs one level (the contact
// L2 needs is input, asked for by the form).
func escalatable(t *Ticket) bool { return t.State.Open() && t.EscalationLevel < TopLevel }

// handsOver: the caller hands over the open tickets they own (HandOver selects them by
// the same rule in SQL: assignee_id = caller AND state IN openStates).
func handsOver(p *identity.Principal, t *Ticket) bool {
	return t.State.Open() && t.AssigneeID != nil && *t.AssigneeID == p.ID
}

// approvesClaims: supervisors, managers and admins decide and pay claims of the tickets
// they see (their limit is checked against each amount).
func approvesClaims(p *identity.Principal) bool { return p.HasAnyRole(approverRoles...) }

// overShortRoles report over and short goods (the people at the counter).
var overShortRoles = []identity.Role{identity.RoleAgent, identity.RoleSupervisor}

// reportsOverShort: an over- or short-goods exception is reported to the group verifier
// by an agent or supervisor.
func reportsOverShort(p *identity.Principal, t *Ticket) bool {
	return (t.ExceptionKind == OverGoods || t.ExceptionKind == ShortGoods) && p.HasAnyRole(overShortRoles...)
}
