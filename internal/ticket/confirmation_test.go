package ticket_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/ticket"
)

func TestAComplaintIsNotWorkedBeforeTheCustomerConfirmsTheRestatement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		o := w.order()
		tk, _, err := w.svc.CreateFromOrder(agent, w.key(), o.ID, ticket.Complaint, "", "", "客户投诉派送员态度")
		w.must(err)
		_, _, err = w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version, ticket.InProgress, "开始处理")
		wantCode(t, err, apperr.ComplaintNotConfirmed)
		_, _, err = w.svc.ConfirmRestatement(agent, w.key(), tk.ID, tk.Version, ticket.ConfirmedByCall, time.Time{})
		wantCode(t, err, apperr.BadUserInput) // nothing restated yet

		restate := func(tk *ticket.Ticket) *ticket.Ticket {
			tk, _, err := w.svc.Restate(agent, w.key(), tk.ID, tk.Version, ticket.RestateInput{Problem: "客户投诉派件员未打电话直接放门口",
				Plan: "致电道歉并核实", PromisedAt: w.clock().Add(2 * time.Hour)})
			w.must(err)
			return tk
		}
		tk = restate(tk)
		_, _, err = w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version, ticket.InProgress, "开始处理")
		wantCode(t, err, apperr.ComplaintNotConfirmed)
		_, _, err = w.svc.Resolve(agent, w.key(), tk.ID, tk.Version, "已道歉", "派件员未电联")
		wantCode(t, err, apperr.ComplaintNotConfirmed)
		_, _, err = w.svc.ConfirmRestatement(agent, w.key(), tk.ID, tk.Version, ticket.Confirmation("EMAIL"), time.Time{})
		wantCode(t, err, apperr.BadUserInput)
		_, _, err = w.svc.ConfirmRestatement(agent, w.key(), tk.ID, tk.Version, ticket.ConfirmedByCall, w.clock().Add(time.Minute))
		wantCode(t, err, apperr.BadUserInput)

		w.advance(5 * time.Minute)
		key := w.key()
		tk, _, err = w.svc.ConfirmRestatement(agent, key, tk.ID, tk.Version, ticket.ConfirmedByMessage, time.Time{})
		w.must(err)
		w.advance(time.Second) // the phone retries a second later
		again, replayed, err := w.svc.ConfirmRestatement(agent, key, tk.ID, tk.Version-1, ticket.ConfirmedByMessage, time.Time{})
		w.must(err)
		if !replayed || again.Version != tk.Version {
			t.Fatal("a retried confirmation replays")
		}
		got, err := w.svc.Get(agent, tk.ID)
		w.must(err)
		if got.ConfirmedAt == nil || !got.ConfirmedAt.Equal(w.clock().Add(-time.Second)) || got.ConfirmedVia != ticket.ConfirmedByMessage {
			t.Fatalf("the confirmation reads back as recorded: %v %q", got.ConfirmedAt, got.ConfirmedVia)
		}
		tk, _, err = w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version, ticket.InProgress, "开始处理")
		w.must(err)

		// A new restatement needs a new confirmation.
		tk = restate(tk)
		if tk.ConfirmedAt != nil {
			t.Fatal("restating clears the confirmation")
		}
		_, _, err = w.svc.Resolve(agent, w.key(), tk.ID, tk.Version, "已道歉", "派件员未电联")
		wantCode(t, err, apperr.ComplaintNotConfirmed)

		// Other kinds are worked without it.
		ex := w.ticket()
		_, _, err = w.svc.ChangeState(agent, w.key(), ex.ID, ex.Version, ticket.InProgress, "开始处理")
		w.must(err)
	})
}
