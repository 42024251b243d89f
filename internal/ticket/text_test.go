package ticket_test

import (
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/text/texttest"
	"github.com/expresscs/cs/internal/ticket"
)

// Every free-text input of tickets (summaries, customer names, notes, comments,
// resolutions, causes, restatements, plans, follow-up outcomes and reasons, escalation
// reasons and contacts, handover notes, claim reasons, comments and payment references,
// over/short goods names, counters, descriptions and reviews) goes through the one text
// rule: NUL, bidi overrides and other control characters, blank text where text is
// required (full-width spaces too) and 10,000 characters are BAD_USER_INPUT with the
// field, on both databases.
func TestEveryTicketFreeTextInputRefusesControlBidiBlankAndOverlongText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent, sup := w.as("CS1001"), w.as("CS2001")
		o := w.order()
		tk := w.ticket()
		create := func(set func(in *ticket.NewTicket, v string)) func(string) error {
			return func(v string) error {
				in := ticket.NewTicket{Kind: ticket.Enquiry, Summary: "客户询问派送时间", CustomerName: "陈先生", CustomerPhone: "13812345678"}
				set(&in, v)
				_, _, err := w.svc.Create(agent, w.key(), in)
				return err
			}
		}
		texttest.Check(t, "summary", false, create(func(in *ticket.NewTicket, v string) { in.Summary = v }))
		texttest.Check(t, "customerName", false, create(func(in *ticket.NewTicket, v string) { in.CustomerName = v }))
		// A blank note is TICKET_DESCRIPTION_REQUIRED (no field), any other bad note BAD_USER_INPUT on note.
		texttest.Check(t, "note", true, func(v string) error {
			_, _, err := w.svc.CreateFromOrder(agent, w.key(), o.ID, ticket.Enquiry, "", "", v)
			return err
		})
		texttest.Check(t, "note", true, func(v string) error {
			_, _, err := w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version+100, ticket.WaitingCustomer, v)
			return err
		})
		texttest.Check(t, "body", false, func(v string) error {
			_, _, err := w.svc.AddComment(agent, w.key(), tk.ID, v, nil, "")
			return err
		})
		texttest.Check(t, "resolution", false, func(v string) error {
			_, _, err := w.svc.Resolve(agent, w.key(), tk.ID, tk.Version+100, v, "包装不足")
			return err
		})
		texttest.Check(t, "cause", true, func(v string) error {
			_, _, err := w.svc.Resolve(agent, w.key(), tk.ID, tk.Version+100, "已补发", v)
			return err
		})
		texttest.Check(t, "outcome", false, func(v string) error {
			_, _, err := w.svc.Close(agent, w.key(), tk.ID, tk.Version+100, ticket.FollowUpInput{Outcome: v, Satisfaction: 5})
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, _, err := w.svc.Close(agent, w.key(), tk.ID, tk.Version+100, ticket.FollowUpInput{Outcome: "客户满意", Satisfaction: 1, Reason: v})
			return err
		})
		texttest.Check(t, "reason", true, func(v string) error {
			_, _, err := w.svc.Close(agent, w.key(), tk.ID, tk.Version+100, ticket.FollowUpInput{Outcome: "客户满意", Satisfaction: 5, Reason: v})
			return err
		})
		restate := func(set func(in *ticket.RestateInput, v string)) func(string) error {
			return func(v string) error {
				in := ticket.RestateInput{Problem: "茶具破损", Plan: "补发", ResponsibleKind: ticket.RespOtherParty, ResponsibleName: "顺达物流"}
				set(&in, v)
				_, _, err := w.svc.Restate(agent, w.key(), tk.ID, tk.Version+100, in)
				return err
			}
		}
		texttest.Check(t, "problem", false, restate(func(in *ticket.RestateInput, v string) { in.Problem = v }))
		texttest.Check(t, "cause", true, restate(func(in *ticket.RestateInput, v string) { in.Cause = v }))
		texttest.Check(t, "responsibleName", false, restate(func(in *ticket.RestateInput, v string) { in.ResponsibleName = v }))
		texttest.Check(t, "plan", false, restate(func(in *ticket.RestateInput, v string) { in.Plan = v }))
		texttest.Check(t, "note", true, func(v string) error {
			_, _, err := w.svc.Assign(sup, w.key(), tk.ID, tk.Version+100, w.staff["CS1002"].ID, v)
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, _, err := w.svc.Escalate(agent, w.key(), tk.ID, tk.Version+100, v, nil)
			return err
		})
		contact := func(set func(c *ticket.ExternalContact, v string)) func(string) error {
			return func(v string) error {
				c := ticket.ExternalContact{Company: "顺达物流", Name: "李经理", Phone: "021-12345678"}
				set(&c, v)
				_, _, err := w.svc.Escalate(agent, w.key(), tk.ID, tk.Version+100, "需对方公司处理", &c)
				return err
			}
		}
		texttest.Check(t, "externalContact.company", false, contact(func(c *ticket.ExternalContact, v string) { c.Company = v }))
		texttest.Check(t, "externalContact.name", false, contact(func(c *ticket.ExternalContact, v string) { c.Name = v }))
		texttest.Check(t, "externalContact.phone", true, contact(func(c *ticket.ExternalContact, v string) { c.Phone = v }))
		texttest.Check(t, "note", false, func(v string) error {
			_, _, err := w.svc.HandOver(agent, w.key(), w.staff["CS1002"].ID, v, []string{tk.ID})
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, _, err := w.svc.ProposeClaim(agent, w.key(), tk.ID, 10_000, v)
			return err
		})
		texttest.Check(t, "comment", true, func(v string) error {
			_, _, err := w.svc.DecideClaim(sup, w.key(), "no-such-claim", 1, roster.Approve, nil, v)
			return err
		})
		texttest.Check(t, "paymentRef", false, func(v string) error {
			_, _, err := w.svc.PayClaim(sup, w.key(), "no-such-claim", 1, v)
			return err
		})
		overShort := func(set func(in *ticket.OverShortInput, v string)) func(string) error {
			return func(v string) error {
				in := ticket.OverShortInput{Kind: ticket.Over, GoodsName: "蓝色纸箱", Counter: "2 号窗口", ClearingDate: "2026-11-20", PhotoIDs: []string{w.photo("CS1001")}}
				set(&in, v)
				_, _, err := w.svc.ReportOverShort(agent, w.key(), in)
				return err
			}
		}
		texttest.Check(t, "goodsName", false, overShort(func(in *ticket.OverShortInput, v string) { in.GoodsName = v }))
		texttest.Check(t, "counter", false, overShort(func(in *ticket.OverShortInput, v string) { in.Counter = v }))
		texttest.Check(t, "description", true, overShort(func(in *ticket.OverShortInput, v string) { in.Description = v }))
		texttest.Check(t, "witnesses.name", false, overShort(func(in *ticket.OverShortInput, v string) { in.Witnesses = []ticket.Witness{{Name: v}} }))
		texttest.Check(t, "comment", false, func(v string) error {
			_, _, err := w.svc.ReviewOverShort(w.as("CS4001"), w.key(), "no-such-report", 1, roster.Reject, v)
			return err
		})
	})
}
