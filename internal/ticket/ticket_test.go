package ticket_test

import (
	"context"
	"github.com/riverqueue/river"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/ticket"
)

func TestTicketLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		o := w.order()
		tk, replayed, err := w.svc.CreateFromOrder(agent, "create-key-1", o.ID, ticket.Exception, ticket.Damage, order.RoleConsignee, "收件人说外箱破损")
		w.must(err)
		if replayed || tk.CustomerName != "刘女士" || tk.Priority != ticket.High || tk.State != ticket.New || *tk.AssigneeID != w.staff["CS1001"].ID {
			t.Fatalf("created %+v", tk)
		}
		if got := tk.ResolutionDueAt.Sub(tk.CreatedAt); got != 24*time.Hour {
			t.Fatalf("a high-priority exception is due in 24 h, got %s", got)
		}
		again, replayed, err := w.svc.CreateFromOrder(agent, "create-key-1", o.ID, ticket.Exception, ticket.Damage, order.RoleConsignee, "收件人说外箱破损")
		w.must(err)
		if !replayed || again.ID != tk.ID {
			t.Fatal("a retried create must return the first ticket")
		}

		photo := w.photo("CS1001")
		t.Run("a comment with someone else's photo is refused and writes nothing", func(t *testing.T) {
			_, _, err := w.svc.AddComment(agent, w.key(), tk.ID, "破损照片", []string{photo, w.photo("CS1002")}, "")
			wantCode(t, err, apperr.NotFound)
			es, err := w.svc.EntriesOf(agent, []string{tk.ID})
			w.must(err)
			if len(es) != 1 {
				t.Fatalf("a refused comment must leave the timeline alone: %d entries", len(es))
			}
		})
		t.Run("a comment is the first response", func(t *testing.T) {
			w.advance(5 * time.Minute)
			tk, _, err = w.svc.AddComment(agent, w.key(), tk.ID, "已联系客户,核实破损情况", []string{photo, photo}, "")
			w.must(err)
			if tk.FirstRespondedAt == nil || tk.SLAAt(w.clock()).FirstResponseBreached {
				t.Fatalf("first response: %+v", tk.SLAAt(w.clock()))
			}
		})
		t.Run("waiting on the customer stops the clock", func(t *testing.T) {
			tk, _, err = w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version, ticket.WaitingCustomer, "等客户提供照片")
			w.must(err)
			left := *tk.SLAAt(w.clock()).TimeLeft
			w.advance(2 * time.Hour)
			if now := *tk.SLAAt(w.clock()).TimeLeft; now != left {
				t.Fatalf("time left moved while paused: %s → %s", left, now)
			}
			due := tk.ResolutionDueAt
			tk, _, err = w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version, ticket.InProgress, "客户已回复")
			w.must(err)
			if tk.ResolutionDueAt.Sub(due) != 2*time.Hour || tk.SLAAt(w.clock()).Paused {
				t.Fatalf("due moved by %s", tk.ResolutionDueAt.Sub(due))
			}
		})
		t.Run("state changes outside the allowed moves are refused", func(t *testing.T) {
			_, _, err := w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version, ticket.Closed, "")
			wantCode(t, err, apperr.BadUserInput)
			_, _, err = w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version-1, ticket.WaitingOtherParty, "")
			wantCode(t, err, apperr.Conflict)
		})
		t.Run("resolving an exception without a cause is refused", func(t *testing.T) {
			_, _, err := w.svc.Resolve(agent, w.key(), tk.ID, tk.Version, "已补发", "")
			wantCode(t, err, apperr.TicketCauseRequired)
		})
		t.Run("restating records the plan and a broken promise shows", func(t *testing.T) {
			_, _, err := w.svc.Restate(agent, w.key(), tk.ID, tk.Version, ticket.RestateInput{Problem: "茶具破损", Plan: "补发", PromisedAt: w.clock().Add(-time.Minute)})
			wantCode(t, err, apperr.BadUserInput)
			tk, _, err = w.svc.Restate(agent, w.key(), tk.ID, tk.Version, ticket.RestateInput{Problem: "客户确认:茶具两只杯子破损",
				Cause: "分拨中心装卸暴力", ResponsibleKind: ticket.RespBranch, ResponsibleName: "上海分公司", Plan: "补发两只杯子",
				PromisedAt: w.clock().Add(3 * time.Hour)})
			w.must(err)
			if tk.PromiseBroken(w.clock()) {
				t.Fatal("the promise is not yet due")
			}
			w.advance(4 * time.Hour)
			if !tk.PromiseBroken(w.clock()) {
				t.Fatal("an open ticket past its promise is a broken promise")
			}
			broken, err := w.svc.BrokenPromises(w.as("CS2001"), "")
			w.must(err)
			if len(broken) != 1 || broken[0].ID != tk.ID {
				t.Fatalf("broken promises: %d", len(broken))
			}
		})
		t.Run("resolving with the cause found, then closing after the follow-up call", func(t *testing.T) {
			tk, _, err = w.svc.Resolve(agent, w.key(), tk.ID, tk.Version, "已补发两只杯子", "")
			w.must(err)
			if tk.State != ticket.Resolved || tk.ResolvedAt == nil {
				t.Fatalf("resolved: %+v", tk.State)
			}
			_, _, err = w.svc.Close(agent, w.key(), tk.ID, tk.Version, ticket.FollowUpInput{Outcome: "客户已收到", Satisfaction: 2})
			wantCode(t, err, apperr.BadUserInput)
			_, _, err = w.svc.Close(agent, w.key(), tk.ID, tk.Version, ticket.FollowUpInput{Outcome: "客户已收到", Satisfaction: 6})
			wantCode(t, err, apperr.BadUserInput)
			tk, _, err = w.svc.Close(agent, w.key(), tk.ID, tk.Version, ticket.FollowUpInput{Outcome: "客户已收到补发", Satisfaction: 2, Reason: "等待时间长"})
			w.must(err)
			if tk.State != ticket.Closed || *tk.Satisfaction != 2 {
				t.Fatalf("closed: %+v", tk.FollowUp)
			}
			_, _, err = w.svc.ChangeState(agent, w.key(), tk.ID, tk.Version, ticket.InProgress, "")
			wantCode(t, err, apperr.TicketTransitionInvalid)
		})
		t.Run("the timeline keeps every step", func(t *testing.T) {
			es, err := w.svc.EntriesOf(agent, []string{tk.ID})
			w.must(err)
			var kinds []ticket.EntryKind
			for _, e := range es {
				kinds = append(kinds, e.Kind)
			}
			want := []ticket.EntryKind{ticket.EntryCreated, ticket.EntryComment, ticket.EntryState, ticket.EntryState,
				ticket.EntryRestatement, ticket.EntryState, ticket.EntryState, ticket.EntryFollowUp}
			if len(kinds) != len(want) {
				t.Fatalf("timeline %v, want %v", kinds, want)
			}
			for i := range want {
				if kinds[i] != want[i] {
					t.Fatalf("timeline %v, want %v", kinds, want)
				}
			}
			if ids := es[1].PhotoIDs(); len(ids) != 1 || ids[0] != photo {
				t.Fatalf("the comment keeps its photo once: %v", ids)
			}
		})
	})
}

func TestTicketVisibility(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		tk := w.ticket()
		for _, c := range []struct {
			name, who string
			code      apperr.Code
		}{
			{"a colleague at the depot sees it", "CS1002", ""},
			{"the depot supervisor sees it", "CS2001", ""},
			{"the branch's manager sees it", "CS3001", ""},
			{"the regional manager sees it", "CS3000", ""},
			{"another branch's manager does not", "CS3002", apperr.NotFound},
			{"an admin sees it", "CS9001", ""},
			{"an agent at another depot does not", "CS1004", apperr.NotFound},
			{"a verifier does not see tickets", "CS4001", apperr.Forbidden},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.svc.Get(w.as(c.who), tk.ID)
				if c.code == "" {
					w.must(err)
					return
				}
				wantCode(t, err, c.code)
			})
		}
	})
}

func TestEscalationLadder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		tk := w.ticket()
		ladder, err := w.svc.Ladder(agent, tk)
		w.must(err)
		names := func(level int) []string {
			var out []string
			for _, s := range ladder[level-1].Staff {
				out = append(out, s.EmployeeNo)
			}
			return out
		}
		if got := names(1); len(got) != 1 || got[0] != "CS2001" {
			t.Fatalf("L1 is the depot supervisor, got %v", got)
		}
		if got := names(3); len(got) != 2 || got[0] != "CS3000" || got[1] != "CS3001" {
			t.Fatalf("L3 is the managers above the depot, got %v", got)
		}
		if got := names(4); len(got) != 1 || got[0] != "CS9001" {
			t.Fatalf("L4 is the admins, got %v", got)
		}
		tk, _, err = w.svc.Escalate(agent, w.key(), tk.ID, tk.Version, "客户要求网点负责人处理", nil)
		w.must(err)
		if tk.EscalationLevel != 1 || tk.State != ticket.Escalated {
			t.Fatalf("escalated to %d %s", tk.EscalationLevel, tk.State)
		}
		t.Run("level 2 needs the other company's contact", func(t *testing.T) {
			_, _, err := w.svc.Escalate(agent, w.key(), tk.ID, tk.Version, "需对方公司协查", nil)
			wantCode(t, err, apperr.TicketExternalContact)
		})
		tk, _, err = w.svc.Escalate(agent, w.key(), tk.ID, tk.Version, "需对方公司协查", &ticket.ExternalContact{Company: "顺安物流", Name: "周经理", Phone: "021-55556666"})
		w.must(err)
		tk, _, err = w.svc.Escalate(agent, w.key(), tk.ID, tk.Version, "对方公司未回复", nil)
		w.must(err)
		tk, _, err = w.svc.Escalate(agent, w.key(), tk.ID, tk.Version, "片区无法解决", nil)
		w.must(err)
		if tk.EscalationLevel != 4 {
			t.Fatalf("level %d", tk.EscalationLevel)
		}
		t.Run("escalating past the HQ department is refused", func(t *testing.T) {
			_, _, err := w.svc.Escalate(agent, w.key(), tk.ID, tk.Version, "再升级", nil)
			wantCode(t, err, apperr.TicketEscalationTop)
		})
		es, err := w.svc.EscalationsOf(agent, []string{tk.ID})
		w.must(err)
		if len(es) != 4 || es[3].FromLevel != 3 || es[3].ToLevel != 4 {
			t.Fatalf("escalations %d", len(es))
		}
	})
}

func TestSLABreachesAndAutomaticEscalation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		late := w.ticket()
		paused := w.ticket()
		_, _, err := w.svc.ChangeState(ctx, w.key(), paused.ID, paused.Version, ticket.WaitingCustomer, "等客户回复")
		w.must(err)
		w.advance(25 * time.Hour)

		n, err := w.svc.ScanBreaches(ctx, w.clock())
		w.must(err)
		if n != 2 {
			t.Fatalf("an unanswered, unresolved ticket breaches both targets; a paused one none: got %d", n)
		}
		n, err = w.svc.ScanBreaches(ctx, w.clock())
		w.must(err)
		if n != 0 {
			t.Fatalf("a second scan records nothing, got %d", n)
		}
		bs, err := w.svc.BreachesOf(ctx, []string{late.ID, paused.ID})
		w.must(err)
		if len(bs) != 2 || bs[0].TicketID != late.ID {
			t.Fatalf("breaches %d", len(bs))
		}

		n, err = w.svc.EscalateOverdue(ctx, w.clock())
		w.must(err)
		if n != 1 {
			t.Fatalf("one overdue ticket is escalated, got %d", n)
		}
		n, err = w.svc.EscalateOverdue(ctx, w.clock())
		w.must(err)
		if n != 0 {
			t.Fatalf("escalating again does nothing, got %d", n)
		}
		got, err := w.svc.Get(ctx, late.ID)
		w.must(err)
		if got.EscalationLevel != 1 || got.State != ticket.Escalated {
			t.Fatalf("automatic escalation: level %d %s", got.EscalationLevel, got.State)
		}
		mine, err := w.svc.MyTickets(ctx)
		w.must(err)
		if len(mine) != 2 || mine[0].ID != late.ID {
			t.Fatal("my tickets put the overdue ticket first")
		}
	})
}

func TestHandover(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		a, b := w.ticket(), w.ticket()
		for _, c := range []struct {
			name, to, note string
			code           apperr.Code
		}{
			{"handing over to someone off duty is refused", "CS1002", "交接两张工单", apperr.TicketHandoverOffDuty},
			{"handing over to oneself is refused", "CS1001", "交接两张工单", apperr.TicketHandoverToSelf},
			{"a handover needs a note", "CS1002", "", apperr.BadUserInput},
			{"only agents and supervisors take tickets", "CS4001", "交接两张工单", apperr.BadUserInput},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := w.svc.HandOver(ctx, w.key(), w.staff[c.to].ID, c.note, nil)
				wantCode(t, err, c.code)
			})
		}
		w.onDuty("CS1002")
		key := w.key()
		moved, _, err := w.svc.HandOver(ctx, key, w.staff["CS1002"].ID, "客户下午回电,请跟进", nil)
		w.must(err)
		if len(moved) != 2 || *moved[0].AssigneeID != w.staff["CS1002"].ID {
			t.Fatalf("handed over %d", len(moved))
		}
		again, replayed, err := w.svc.HandOver(ctx, key, w.staff["CS1002"].ID, "客户下午回电,请跟进", nil)
		w.must(err)
		if !replayed || len(again) != 2 {
			t.Fatal("a retried handover returns the first result")
		}
		hs, err := w.svc.HandoversOf(ctx, []string{a.ID, b.ID})
		w.must(err)
		if len(hs) != 2 {
			t.Fatalf("one handover per ticket, got %d", len(hs))
		}
		mine, err := w.svc.MyTickets(w.as("CS1002"))
		w.must(err)
		if len(mine) != 2 {
			t.Fatalf("the colleague owns them now: %d", len(mine))
		}

		t.Run("supervisors see tickets nobody owns", func(t *testing.T) {
			o := w.order()
			queued, _, err := w.svc.Create(ctx, w.key(), ticket.NewTicket{Kind: ticket.Enquiry, Summary: "查询运费", OrderID: o.ID,
				CustomerName: "陈先生", CustomerPhone: "13812345678", Unassigned: true})
			w.must(err)
			_, err = w.svc.Unowned(ctx, "")
			wantCode(t, err, apperr.Forbidden)
			list, err := w.svc.Unowned(w.as("CS2001"), "")
			w.must(err)
			if len(list) != 1 || list[0].ID != queued.ID {
				t.Fatalf("unowned %d", len(list))
			}
			_, _, err = w.svc.Assign(w.as("CS2001"), w.key(), queued.ID, queued.Version, w.staff["CS1003"].ID, "请处理")
			w.must(err)
			list, err = w.svc.Unowned(w.as("CS2001"), "")
			w.must(err)
			if len(list) != 0 {
				t.Fatal("an assigned ticket has an owner")
			}
		})
	})
}

func TestTwoPeopleResolvingAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		tk := w.ticket()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, who := range []string{"CS1001", "CS2001"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = w.svc.Resolve(w.as(who), w.key(), tk.ID, tk.Version, "已补发", "包装不当")
			}()
		}
		wg.Wait()
		ok, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case apperr.Is(err, apperr.Conflict):
				conflicts++
			default:
				t.Fatal(err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("want one success and one CONFLICT, got %d and %d", ok, conflicts)
		}
	})
}

func TestClaims(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		tk := w.ticket()
		propose := func(fen int64) *ticket.Claim {
			c, _, err := w.svc.ProposeClaim(w.as("CS1001"), w.key(), tk.ID, fen, "茶具破损,按申报价值赔付")
			w.must(err)
			return c
		}
		big := propose(80_000)
		fen := func(v int64) *int64 { return &v }
		for _, c := range []struct {
			name, who string
			amount    *int64
			comment   string
			code      apperr.Code
		}{
			{"a claim above the supervisor's limit is refused", "CS2001", nil, "", apperr.ClaimOverLimit},
			{"a reduction the supervisor may approve still needs a reason", "CS2001", fen(40_000), "", apperr.BadUserInput},
			{"approving more than proposed is refused", "CS3001", fen(90_000), "多批", apperr.BadUserInput},
			{"agents do not approve claims", "CS1002", nil, "", apperr.Forbidden},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := w.svc.DecideClaim(w.as(c.who), w.key(), big.ID, big.Version, roster.Approve, c.amount, c.comment)
				wantCode(t, err, c.code)
			})
		}
		t.Run("a supervisor reduces within the limit, then the claim is paid", func(t *testing.T) {
			c, _, err := w.svc.DecideClaim(w.as("CS2001"), w.key(), big.ID, big.Version, roster.Approve, fen(40_000), "按实际损失核减")
			w.must(err)
			if c.State != ticket.ClaimApproved || *c.ApprovedFen != 40_000 {
				t.Fatalf("decided %+v", c)
			}
			_, _, err = w.svc.DecideClaim(w.as("CS3001"), w.key(), c.ID, c.Version, roster.Approve, nil, "")
			wantCode(t, err, apperr.ClaimStateInvalid)
			c, _, err = w.svc.PayClaim(w.as("CS2001"), w.key(), c.ID, c.Version, "PAY-20261110-01")
			w.must(err)
			if c.State != ticket.ClaimPaid {
				t.Fatal(c.State)
			}
			evs, err := w.svc.ClaimEventsOf(w.as("CS2001"), []string{c.ID})
			w.must(err)
			if len(evs) != 3 || evs[1].Action != "REDUCED" || evs[2].Action != "PAID" {
				t.Fatalf("history %d", len(evs))
			}
		})
		t.Run("a proposer does not approve their own claim", func(t *testing.T) {
			c, _, err := w.svc.ProposeClaim(w.as("CS2001"), w.key(), tk.ID, 1000, "运费退还")
			w.must(err)
			_, _, err = w.svc.DecideClaim(w.as("CS2001"), w.key(), c.ID, c.Version, roster.Approve, nil, "")
			wantCode(t, err, apperr.ClaimSelfApproval)
		})
		t.Run("the limit per role is configurable", func(t *testing.T) {
			_, err := w.svc.SetLimit(w.as("CS3001"), "SUPERVISOR", fen(100_000))
			wantCode(t, err, apperr.Forbidden)
			_, err = w.svc.SetLimit(w.as("CS9001"), "SUPERVISOR", fen(60_000))
			w.must(err)
			_, err = w.svc.SetLimit(w.as("CS9001"), "SUPERVISOR", fen(100_000))
			w.must(err)
			ls, err := w.svc.Limits(w.as("CS1001"))
			w.must(err)
			if len(ls) != 3 || *ls[0].LimitFen != 100_000 || ls[2].LimitFen != nil {
				t.Fatal("limits: supervisor changed, admin unlimited")
			}
			c := propose(90_000)
			_, _, err = w.svc.DecideClaim(w.as("CS2001"), w.key(), c.ID, c.Version, roster.Approve, nil, "")
			w.must(err)
		})
		t.Run("two approvers at once: one wins, one CONFLICT", func(t *testing.T) {
			c := propose(30_000)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, who := range []string{"CS2001", "CS3001"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, _, errs[i] = w.svc.DecideClaim(w.as(who), w.key(), c.ID, c.Version, roster.Approve, nil, "")
				}()
			}
			wg.Wait()
			if (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("want exactly one success: %v / %v", errs[0], errs[1])
			}
			for _, err := range errs {
				if err != nil {
					wantCode(t, err, apperr.Conflict)
				}
			}
		})
	})
}

func TestOverShortGoods(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		in := ticket.OverShortInput{Kind: ticket.Over, GoodsName: "蓝色纸箱(内有鞋两双)", Counter: "2 号窗口", ClearingDate: "2026-11-10",
			PhotoIDs: []string{w.photo("CS1001"), w.photo("CS1001")}}
		noPhotos := in
		noPhotos.PhotoIDs = nil
		_, _, err := w.svc.ReportOverShort(w.as("CS1001"), w.key(), noPhotos)
		wantCode(t, err, apperr.BadUserInput)
		othersPhoto := in
		othersPhoto.PhotoIDs = []string{w.photo("CS1002")}
		_, _, err = w.svc.ReportOverShort(w.as("CS1001"), w.key(), othersPhoto)
		wantCode(t, err, apperr.NotFound)
		r, _, err := w.svc.ReportOverShort(w.as("CS1001"), w.key(), in)
		w.must(err)
		_, _, err = w.svc.ReviewOverShort(w.as("CS2001"), w.key(), r.ID, r.Version, roster.Approve, "属实")
		wantCode(t, err, apperr.Forbidden)

		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = w.svc.ReviewOverShort(w.as("CS4001"), w.key(), r.ID, r.Version, roster.Approve, "照片清楚,属实")
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("two reviews at once: want one success: %v / %v", errs[0], errs[1])
		}
		_, _, err = w.svc.ReviewOverShort(w.as("CS4001"), w.key(), r.ID, r.Version+1, roster.Reject, "重复")
		wantCode(t, err, apperr.OverShortAlreadyReviewed)

		reg, err := w.svc.OverShortRegister(w.as("CS4001"), "2026-11")
		w.must(err)
		if len(reg) != 1 || reg[0].Status != ticket.ReviewApproved || reg[0].ResponsibleBranchID == "" {
			t.Fatalf("register %d", len(reg))
		}
		q, err := w.svc.OverShortQueue(w.as("CS4001"))
		w.must(err)
		if len(q) != 0 {
			t.Fatal("a reviewed report leaves the queue")
		}
	})
}

func TestReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		for i := 0; i < 3; i++ {
			tk := w.ticket()
			w.advance(20 * time.Minute)
			tk, _, err := w.svc.Resolve(ctx, w.key(), tk.ID, tk.Version, "已处理", "装卸不当")
			w.must(err)
			_, _, err = w.svc.Close(ctx, w.key(), tk.ID, tk.Version, ticket.FollowUpInput{Outcome: "满意", Satisfaction: 3 + i})
			w.must(err)
		}
		_, err := w.svc.Report(ctx, "2026-11-01", "2026-11-30", "")
		wantCode(t, err, apperr.Forbidden)
		r, err := w.svc.Report(w.as("CS3001"), "2026-11-01", "2026-11-30", "")
		w.must(err)
		if r.Total != 3 || r.ByKind[0].Key != "EXCEPTION/DAMAGE" || r.ByCause[0].Count != 3 || len(r.ByBranch) != 1 {
			t.Fatalf("report %+v", r)
		}
		if *r.SatisfactionAverage != 4 || *r.ResolutionCompliance != 1 || r.TopProblems[0].Cause != "装卸不当" {
			t.Fatalf("report %+v", r)
		}
		if *r.MedianResolution != 20*time.Minute {
			t.Fatalf("median %s", *r.MedianResolution)
		}
	})
}

func TestSLAPolicies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		_, err := w.svc.SetPolicy(w.as("CS1001"), ticket.Enquiry, ticket.Normal, 5, 30)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.SetPolicy(w.as("CS3001"), ticket.Enquiry, ticket.Normal, 30, 5)
		wantCode(t, err, apperr.BadUserInput)
		_, err = w.svc.SetPolicy(w.as("CS3001"), ticket.Enquiry, ticket.Normal, 10, 60)
		w.must(err)
		_, err = w.svc.SetPolicy(w.as("CS3001"), ticket.Enquiry, ticket.Normal, 5, 30)
		w.must(err)
		ps, err := w.svc.Policies(w.as("CS1001"))
		w.must(err)
		if len(ps) != 16 {
			t.Fatalf("a policy for every kind and priority, got %d", len(ps))
		}
		o := w.order()
		tk, _, err := w.svc.Create(w.as("CS1001"), w.key(), ticket.NewTicket{Kind: ticket.Enquiry, Summary: "问运费", OrderID: o.ID,
			CustomerName: "陈先生", CustomerPhone: "138 1234 5678"})
		w.must(err)
		if tk.FirstResponseMinutes != 5 || tk.ResolutionDueAt.Sub(tk.CreatedAt) != 30*time.Minute || tk.CustomerPhone != "13812345678" {
			t.Fatalf("new tickets use the organisation's policy: %d %s", tk.FirstResponseMinutes, tk.ResolutionDueAt.Sub(tk.CreatedAt))
		}
		key := w.key()
		_, _, err = w.svc.AddComment(w.as("CS1001"), key, tk.ID, "已答复运费", nil, "")
		w.must(err)
		_, replayed, err := w.svc.AddComment(w.as("CS1001"), key, tk.ID, "已答复运费", nil, "")
		w.must(err)
		es, err := w.svc.EntriesOf(w.as("CS1001"), []string{tk.ID})
		w.must(err)
		if !replayed || len(es) != 2 {
			t.Fatalf("a retried comment is written once: replayed=%v entries=%d", replayed, len(es))
		}
		_, _, err = w.svc.Resolve(w.as("CS1001"), w.key(), tk.ID, tk.Version+1, "已答复", "")
		w.must(err) // an enquiry needs no cause
	})
}

func TestTheScheduledSLAJobEscalatesOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		late := w.ticket()
		w.advance(25 * time.Hour)
		job := &ticket.SLAWorker{Svc: w.svc}
		for run := 1; run <= 2; run++ {
			if err := job.Work(context.Background(), &river.Job[ticket.SLAArgs]{}); err != nil {
				t.Fatal(err)
			}
			got, err := w.svc.Get(ctx, late.ID)
			w.must(err)
			if got.EscalationLevel != 1 {
				t.Fatalf("after run %d the ticket is at L%d, want L1 (one step, once)", run, got.EscalationLevel)
			}
		}
		// Instances scheduling the job in the same window insert one job.
		at := time.Date(2026, 11, 24, 9, 1, 0, 0, time.UTC)
		w1 := ticket.SLAArgs{Window: at.Truncate(ticket.SLAInterval).Format(time.RFC3339)}
		w2 := ticket.SLAArgs{Window: at.Add(3 * time.Minute).Truncate(ticket.SLAInterval).Format(time.RFC3339)}
		if w1 != w2 || !w1.InsertOpts().UniqueOpts.ByArgs {
			t.Errorf("one window must give one unique job: %v %v", w1, w2)
		}
	})
}
