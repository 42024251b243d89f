package ticket_test

import (
	"context"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/ticket"
)

func TestTheCauseTaxonomyIsSeededMaintainedByManagersAndChosenWhenResolving(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent, manager := w.as("CS1001"), w.as("CS3001")
		find := func(ctx context.Context, category, name string, withRetired bool) *ticket.Cause {
			cs, err := w.svc.Causes(ctx, withRetired)
			w.must(err)
			for _, c := range cs {
				if c.Category == category && c.Name == name {
					return c
				}
			}
			return nil
		}
		// Seeded once from the handbooks' exception kinds, however many read it first.
		rough := find(agent, "破损", "装卸野蛮", false)
		if rough == nil || find(manager, "延误", "中转延误", false) == nil || find(agent, "信息错漏", "地址错误", false) == nil {
			t.Fatal("the taxonomy starts with the handbooks' exception kinds")
		}
		all, err := w.svc.Causes(agent, true)
		w.must(err)
		seeded := len(all)

		added, err := w.svc.AddCause(manager, " 破损 ", "外包装受潮")
		w.must(err)
		if added.Category != "破损" || added.Name != "外包装受潮" {
			t.Errorf("added %+v", added)
		}
		again, err := w.svc.AddCause(manager, "破损", "外包装受潮")
		w.must(err)
		if again.ID != added.ID {
			t.Errorf("adding it again made another: %s vs %s", again.ID, added.ID)
		}
		if all, _ := w.svc.Causes(agent, true); len(all) != seeded+1 {
			t.Errorf("%d causes after one addition to %d", len(all), seeded)
		}

		refusals := []struct {
			name, who, category, cause string
			code                       apperr.Code
		}{
			{"an agent may not add causes", "CS1001", "破损", "新原因", apperr.Forbidden},
			{"a supervisor may not add causes", "CS2001", "破损", "新原因", apperr.Forbidden},
			{"a blank category", "CS3001", "   ", "新原因", apperr.BadUserInput},
			{"a blank name", "CS3001", "破损", "\u3000", apperr.BadUserInput},
			{"a name with NUL", "CS3001", "破损", "装卸\x00野蛮", apperr.BadUserInput},
			{"a name with a bidi override", "CS3001", "破损", "装卸\u202e野蛮", apperr.BadUserInput},
			{"a name of 10,000 characters", "CS3001", "破损", strings.Repeat("装", 10000), apperr.BadUserInput},
		}
		for _, c := range refusals {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.svc.AddCause(w.as(c.who), c.category, c.cause)
				wantCode(t, err, c.code)
			})
		}

		// Chosen when resolving: the ticket records the taxonomy's name.
		name, err := w.svc.ChosenCause(agent, rough.ID)
		w.must(err)
		tk := w.ticket()
		tk, _, err = w.svc.Resolve(agent, w.key(), tk.ID, tk.Version, "已赔付", name)
		w.must(err)
		if tk.Cause != "装卸野蛮" {
			t.Errorf("resolved with cause %q", tk.Cause)
		}

		// Retired: no longer offered nor chosen; kept for the tickets that name it.
		_, err = w.svc.RetireCause(agent, rough.ID)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.RetireCause(manager, rough.ID)
		w.must(err)
		if find(agent, "破损", "装卸野蛮", false) != nil || find(agent, "破损", "装卸野蛮", true) == nil {
			t.Error("a retired cause leaves the choices but stays on record")
		}
		_, err = w.svc.ChosenCause(agent, rough.ID)
		wantCode(t, err, apperr.BadUserInput)
		back, err := w.svc.AddCause(manager, "破损", "装卸野蛮")
		w.must(err)
		if back.ID != rough.ID || back.RetiredAt != nil {
			t.Errorf("adding a retired cause offers it again: %+v", back)
		}

		for _, id := range []string{"00000000-0000-0000-0000-000000000000", "\x00" + rough.ID, strings.Repeat("9", 10000)} {
			_, err = w.svc.ChosenCause(agent, id)
			wantCode(t, err, apperr.NotFound)
			_, err = w.svc.RetireCause(manager, id)
			wantCode(t, err, apperr.NotFound)
		}
	})
}
