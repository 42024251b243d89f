package ticket_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/ticket"
)

// everyAction is every ticket action, in Actions' order.
var everyAction = []ticket.Action{ticket.ActClose, ticket.ActComment, ticket.ActStartWork, ticket.ActWaitCustomer, ticket.ActWaitOtherParty, ticket.ActRestate, ticket.ActConfirmRestatement,
	ticket.ActEscalate, ticket.ActHandOver, ticket.ActAssign, ticket.ActProposeClaim, ticket.ActDecideClaims,
	ticket.ActResolve, ticket.ActReportOverShort}

// The proof that Ticket.actions and the mutations agree: for each state a ticket can be
// in and each kind of caller, the actions listed are asserted, then every action is
// attempted — each listed one must succeed and each unlisted one be refused.
func TestTicketActionsAreWhatTheMutationsAccept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.onDuty("CS1002") // the colleague tickets are handed over to
		owner := w.as("CS1001")
		partner := identity.WithPrincipal(context.Background(), &identity.Principal{Kind: identity.KindPartner, ID: "partner-actions"})
		callers := map[string]context.Context{"CS1001": owner, "CS2001": w.as("CS2001"), "CS3001": w.as("CS3001"), "CS1004": w.as("CS1004"), "partner": partner}

		move := func(tk *ticket.Ticket, to ticket.State) *ticket.Ticket {
			tk, _, err := w.svc.ChangeState(owner, w.key(), tk.ID, tk.Version, to, "")
			w.must(err)
			return tk
		}
		escalate := func(tk *ticket.Ticket) *ticket.Ticket {
			tk, _, err := w.svc.Escalate(owner, w.key(), tk.ID, tk.Version, "客户催促", &ticket.ExternalContact{Company: "某快运", Name: "王经理"})
			w.must(err)
			return tk
		}
		restate := func(tk *ticket.Ticket) *ticket.Ticket {
			tk, _, err := w.svc.Restate(owner, w.key(), tk.ID, tk.Version, ticket.RestateInput{Problem: "外箱破损,茶具碎裂", Plan: "核实后赔付", PromisedAt: w.clock().Add(24 * time.Hour)})
			w.must(err)
			return tk
		}
		resolve := func(tk *ticket.Ticket) *ticket.Ticket {
			tk, _, err := w.svc.Resolve(owner, w.key(), tk.ID, tk.Version, "已赔付", "运输途中挤压")
			w.must(err)
			return tk
		}
		opened := func(k ticket.Kind, e ticket.ExceptionKind) *ticket.Ticket {
			tk, _, err := w.svc.CreateFromOrder(owner, w.key(), w.order().ID, k, e, "", "外箱破损")
			w.must(err)
			// A claim waiting for a decision, so that deciding can be attempted in every state.
			_, _, err = w.svc.ProposeClaim(owner, w.key(), tk.ID, 10000, "赔偿破损茶具")
			w.must(err)
			return tk
		}
		damage := func() *ticket.Ticket { return opened(ticket.Exception, ticket.Damage) }

		setups := []struct {
			name string
			make func() *ticket.Ticket
		}{
			{"NEW", damage},
			{"IN_PROGRESS", func() *ticket.Ticket { return move(damage(), ticket.InProgress) }},
			{"WAITING_CUSTOMER", func() *ticket.Ticket { return move(damage(), ticket.WaitingCustomer) }},
			{"WAITING_OTHER_PARTY", func() *ticket.Ticket { return move(damage(), ticket.WaitingOtherParty) }},
			{"ESCALATED", func() *ticket.Ticket { return escalate(damage()) }},
			{"ESCALATED to L4", func() *ticket.Ticket { return escalate(escalate(escalate(escalate(damage())))) }},
			{"restated", func() *ticket.Ticket { return restate(move(damage(), ticket.InProgress)) }},
			{"RESOLVED", func() *ticket.Ticket { return resolve(damage()) }},
			{"CLOSED", func() *ticket.Ticket {
				tk := resolve(damage())
				tk, _, err := w.svc.Close(owner, w.key(), tk.ID, tk.Version, ticket.FollowUpInput{Outcome: "客户满意", Satisfaction: 5})
				w.must(err)
				return tk
			}},
			{"complaint not confirmed", func() *ticket.Ticket { return restate(opened(ticket.Complaint, "")) }},
			{"over goods", func() *ticket.Ticket { return opened(ticket.Exception, ticket.OverGoods) }},
		}

		// attempt takes the action on tk as the caller; nil when it succeeded.
		attempt := func(ctx context.Context, no string, tk *ticket.Ticket, a ticket.Action) error {
			var err error
			switch a {
			case ticket.ActComment:
				_, _, err = w.svc.AddComment(ctx, w.key(), tk.ID, "已致电客户", nil, "")
			case ticket.ActStartWork:
				_, _, err = w.svc.ChangeState(ctx, w.key(), tk.ID, tk.Version, ticket.InProgress, "")
			case ticket.ActWaitCustomer:
				_, _, err = w.svc.ChangeState(ctx, w.key(), tk.ID, tk.Version, ticket.WaitingCustomer, "")
			case ticket.ActWaitOtherParty:
				_, _, err = w.svc.ChangeState(ctx, w.key(), tk.ID, tk.Version, ticket.WaitingOtherParty, "")
			case ticket.ActRestate:
				_, _, err = w.svc.Restate(ctx, w.key(), tk.ID, tk.Version, ticket.RestateInput{Problem: "外箱破损", Plan: "补发", PromisedAt: w.clock().Add(time.Hour)})
			case ticket.ActConfirmRestatement:
				_, _, err = w.svc.ConfirmRestatement(ctx, w.key(), tk.ID, tk.Version, ticket.ConfirmedByCall, time.Time{})
			case ticket.ActEscalate:
				_, _, err = w.svc.Escalate(ctx, w.key(), tk.ID, tk.Version, "客户催促", &ticket.ExternalContact{Company: "某快运", Name: "王经理"})
			case ticket.ActHandOver:
				_, _, err = w.svc.HandOver(ctx, w.key(), w.staff["CS1002"].ID, "交班交接", []string{tk.ID})
			case ticket.ActAssign:
				_, _, err = w.svc.Assign(ctx, w.key(), tk.ID, tk.Version, w.staff["CS1002"].ID, "")
			case ticket.ActProposeClaim:
				_, _, err = w.svc.ProposeClaim(ctx, w.key(), tk.ID, 5000, "补偿运费")
			case ticket.ActDecideClaims:
				cs, lerr := w.svc.ClaimsOf(context.Background(), []string{tk.ID})
				w.must(lerr)
				_, _, err = w.svc.DecideClaim(ctx, w.key(), cs[0].ID, cs[0].Version, roster.Approve, nil, "")
			case ticket.ActResolve:
				_, _, err = w.svc.Resolve(ctx, w.key(), tk.ID, tk.Version, "已赔付", "运输途中挤压")
			case ticket.ActClose:
				_, _, err = w.svc.Close(ctx, w.key(), tk.ID, tk.Version, ticket.FollowUpInput{Outcome: "客户满意", Satisfaction: 4})
			case ticket.ActReportOverShort:
				photoBy := no
				if photoBy == "partner" {
					photoBy = "CS1001"
				}
				_, _, err = w.svc.ReportOverShort(ctx, w.key(), ticket.OverShortInput{Kind: ticket.Over, TicketID: tk.ID, GoodsName: "蓝色纸箱",
					Counter: "2 号窗口", ClearingDate: "2026-11-15", PhotoIDs: []string{w.photo(photoBy)}})
			}
			return err
		}

		for _, st := range setups {
			for _, no := range []string{"CS1001", "CS2001", "CS3001", "CS1004", "partner"} {
				t.Run(st.name+"/"+no, func(t *testing.T) {
					ctx := callers[no]
					tk := st.make()
					p := identity.PrincipalFrom(ctx)
					listed := ticket.Actions(p, tk)
					if want := wantActions(st.name, no); !slices.Equal(listed, want) {
						t.Errorf("actions = %v, want %v", listed, want)
					}
					for _, a := range everyAction {
						err := attempt(ctx, no, tk, a)
						if slices.Contains(listed, a) && err != nil {
							t.Errorf("%s is listed but refused: %v", a, err)
						}
						if !slices.Contains(listed, a) && err == nil {
							t.Errorf("%s is not listed but succeeded", a)
						}
						if err == nil { // it changed the ticket: start again from the same state
							tk = st.make()
						}
					}
				})
			}
		}
	})
}

// wantActions is what each caller may do in each setup, written out by hand.
func wantActions(setup, no string) []ticket.Action {
	const (
		co = ticket.ActComment
		ip = ticket.ActStartWork
		wc = ticket.ActWaitCustomer
		wo = ticket.ActWaitOtherParty
		rs = ticket.ActRestate
		cf = ticket.ActConfirmRestatement
		es = ticket.ActEscalate
		ho = ticket.ActHandOver
		as = ticket.ActAssign
		pc = ticket.ActProposeClaim
		dc = ticket.ActDecideClaims
		rv = ticket.ActResolve
		cl = ticket.ActClose
		os = ticket.ActReportOverShort
	)
	base := map[string][]ticket.Action{
		"NEW":                     {co, ip, wc, wo, rs, es, ho, as, pc, dc, rv},
		"IN_PROGRESS":             {co, wc, wo, rs, es, ho, as, pc, dc, rv},
		"WAITING_CUSTOMER":        {co, ip, wo, rs, es, ho, as, pc, dc, rv},
		"WAITING_OTHER_PARTY":     {co, ip, wc, rs, es, ho, as, pc, dc, rv},
		"ESCALATED":               {co, ip, wc, wo, rs, es, ho, as, pc, dc, rv},
		"ESCALATED to L4":         {co, ip, wc, wo, rs, ho, as, pc, dc, rv},
		"restated":                {co, wc, wo, rs, cf, es, ho, as, pc, dc, rv},
		"RESOLVED":                {cl, co, ip, as, pc, dc},
		"CLOSED":                  {as, dc},
		"complaint not confirmed": {co, wc, wo, rs, cf, es, ho, as, pc, dc}, // not worked before the confirmation
		"over goods":              {co, ip, wc, wo, rs, es, ho, as, pc, dc, rv, os},
	}[setup]
	keep := func(a ticket.Action) bool {
		switch no {
		case "CS1001": // the owner, an agent: no assigning, no claim decisions
			return a != as && a != dc
		case "CS2001": // the depot's supervisor (also an agent), not the owner
			return a != ho
		case "CS3001": // the branch's manager: no handover of another's ticket, no over/short report
			return a != ho && a != os
		}
		return false // another depot's agent and partners see nothing
	}
	out := []ticket.Action{}
	for _, a := range base {
		if keep(a) {
			out = append(out, a)
		}
	}
	return out
}
