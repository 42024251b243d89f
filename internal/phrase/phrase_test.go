package phrase_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/phrase"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/text/texttest"
	"github.com/expresscs/cs/internal/ticket"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// world is the demo organisation with the phrase and ticket services over one database.
type world struct {
	t       *testing.T
	d       *db.DB
	ids     *identity.Service
	svc     *phrase.Service
	tickets *ticket.Service
	orders  *order.Service
	staff   map[string]*identity.Staff
	keyN    int
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ids := identity.NewService(d, nil)
	ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), ids, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 12, 8, 10, 0, 0, 0, shanghai) }
	w := &world{t: t, d: d, ids: ids, staff: map[string]*identity.Staff{}}
	w.svc = &phrase.Service{DB: d, Zone: shanghai, Now: now}
	w.orders = &order.Service{DB: d, Zone: shanghai, Now: now}
	w.tickets = &ticket.Service{DB: d, Orders: w.orders, Roster: &roster.Service{DB: d, Zone: shanghai, Now: now}, Zone: shanghai, Now: now, Phrases: w.svc}
	var all []*identity.Staff
	w.must(d.R.NewSelect().Model(&all).Scan(context.Background()))
	for _, s := range all {
		w.staff[s.EmployeeNo] = s
	}
	return w
}

func (w *world) as(no string) context.Context {
	p, err := w.ids.PrincipalOf(context.Background(), w.staff[no])
	w.must(err)
	return identity.WithPrincipal(context.Background(), p)
}

var partner = identity.WithPrincipal(context.Background(), &identity.Principal{Kind: identity.KindPartner, ID: "demo-mall"})

func (w *world) key() string { w.keyN++; return fmt.Sprintf("test-key-%04d", w.keyN) }

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("want %s, got %v", code, err)
	}
}

func draft(zh string) phrase.Draft {
	return phrase.Draft{Situation: phrase.Apology, TextZH: zh, TextEN: "We are sorry.", Order: 5}
}

func (w *world) create(no, zh string) *phrase.Phrase {
	w.t.Helper()
	ph, _, err := w.svc.Create(w.as(no), w.key(), draft(zh))
	w.must(err)
	return ph
}

// texts lists the Chinese texts of the phrases employeeNo reads.
func (w *world) texts(ctx context.Context, includeRetired bool) []string {
	w.t.Helper()
	list, err := w.svc.List(ctx, includeRetired)
	w.must(err)
	var out []string
	for _, ph := range list {
		out = append(out, ph.TextZH)
	}
	return out
}

func (w *world) count(model any) int {
	w.t.Helper()
	n, err := w.d.R.NewSelect().Model(model).Count(context.Background())
	w.must(err)
	return int(n)
}

func TestManagersMaintainPhrasesForTheirUnit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, c := range []struct {
			name string
			ctx  context.Context
			d    phrase.Draft
			key  string
			code apperr.Code
		}{
			{"an agent may not add a phrase", w.as("CS1001"), draft("非常抱歉"), w.key(), apperr.Forbidden},
			{"a supervisor may not add a phrase", w.as("CS2001"), draft("非常抱歉"), w.key(), apperr.Forbidden},
			{"a verifier may not add a phrase", w.as("CS4001"), draft("非常抱歉"), w.key(), apperr.Forbidden},
			{"a partner may not add a phrase", partner, draft("非常抱歉"), w.key(), apperr.Forbidden},
			{"an unknown situation is refused", w.as("CS3001"), phrase.Draft{Situation: "SHRUG", TextZH: "好", TextEN: "OK"}, w.key(), apperr.BadUserInput},
			{"an order over 999 is refused", w.as("CS3001"), phrase.Draft{Situation: phrase.Thanks, TextZH: "谢谢", TextEN: "Thanks", Order: 1000}, w.key(), apperr.BadUserInput},
			{"a missing English text is refused", w.as("CS3001"), phrase.Draft{Situation: phrase.Thanks, TextZH: "谢谢"}, w.key(), apperr.BadUserInput},
			{"a short idempotency key is refused", w.as("CS3001"), draft("非常抱歉"), "k", apperr.BadUserInput},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := w.svc.Create(c.ctx, c.key, c.d)
				wantCode(t, err, c.code)
			})
		}
		if n := w.count((*phrase.Phrase)(nil)); n != 0 {
			t.Fatalf("refused writes stored %d phrases", n)
		}

		t.Run("attacker text in a phrase is refused", func(t *testing.T) {
			texttest.Check(t, "textZh", false, func(v string) error {
				_, _, err := w.svc.Create(w.as("CS3001"), w.key(), draft(v))
				return err
			})
			texttest.Check(t, "textEn", false, func(v string) error {
				d := draft("非常抱歉")
				d.TextEN = v
				_, _, err := w.svc.Create(w.as("CS3001"), w.key(), d)
				return err
			})
			if n := w.count((*phrase.Phrase)(nil)); n != 0 {
				t.Fatalf("refused texts stored %d phrases", n)
			}
		})

		t.Run("a retried create returns the first phrase", func(t *testing.T) {
			k := w.key()
			a, _, err := w.svc.Create(w.as("CS3001"), k, draft("上海分公司:非常抱歉"))
			w.must(err)
			b, replayed, err := w.svc.Create(w.as("CS3001"), k, draft("上海分公司:非常抱歉"))
			w.must(err)
			if !replayed || a.ID != b.ID || w.count((*phrase.Phrase)(nil)) != 1 {
				t.Fatal("the retry created a second phrase")
			}
			_, _, err = w.svc.Create(w.as("CS3001"), k, draft("另一句"))
			wantCode(t, err, apperr.IdempotencyKeyReused)
		})

		sh := w.create("CS3001", "上海:请您稍等")
		org := w.create("CS9001", "集团:您好")
		hz := w.create("CS3002", "杭州:谢谢")

		t.Run("agents read their organisation's and their branch's phrases only", func(t *testing.T) {
			got := w.texts(w.as("CS1001"), false)
			if !slices.Contains(got, sh.TextZH) || !slices.Contains(got, org.TextZH) || slices.Contains(got, hz.TextZH) {
				t.Fatalf("a Shanghai agent reads %v", got)
			}
			got = w.texts(w.as("CS1006"), false)
			if slices.Contains(got, sh.TextZH) || !slices.Contains(got, org.TextZH) || !slices.Contains(got, hz.TextZH) {
				t.Fatalf("a Hangzhou agent reads %v", got)
			}
			_, err := w.svc.List(partner, false)
			wantCode(t, err, apperr.Forbidden)
			_, err = w.svc.List(w.as("CS4001"), false)
			wantCode(t, err, apperr.Forbidden)
		})

		t.Run("another branch's manager cannot edit a branch's phrase", func(t *testing.T) {
			_, _, err := w.svc.Update(w.as("CS3002"), w.key(), sh.ID, sh.Version, draft("改了"))
			wantCode(t, err, apperr.NotFound)
		})
		t.Run("a branch manager cannot edit the organisation's phrase", func(t *testing.T) {
			_, _, err := w.svc.Update(w.as("CS3001"), w.key(), org.ID, org.Version, draft("改了"))
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("an agent cannot edit a phrase", func(t *testing.T) {
			_, _, err := w.svc.Update(w.as("CS1001"), w.key(), sh.ID, sh.Version, draft("改了"))
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("attacker text in an edit is refused", func(t *testing.T) {
			texttest.Check(t, "textZh", false, func(v string) error {
				d := draft(v)
				d.Active = true
				_, _, err := w.svc.Update(w.as("CS3001"), w.key(), sh.ID, sh.Version, d)
				return err
			})
		})

		t.Run("of two edits from the same version one wins and the other is a conflict", func(t *testing.T) {
			d := draft("上海:请您稍等,马上为您查询")
			d.Active = true
			got, _, err := w.svc.Update(w.as("CS3001"), w.key(), sh.ID, sh.Version, d)
			w.must(err)
			if got.Version != sh.Version+1 || got.TextZH != d.TextZH {
				t.Fatalf("edit gave %+v", got)
			}
			_, _, err = w.svc.Update(w.as("CS9001"), w.key(), sh.ID, sh.Version, draft("管理员的改法"))
			wantCode(t, err, apperr.Conflict)
			if texts := w.texts(w.as("CS1001"), false); !slices.Contains(texts, d.TextZH) {
				t.Fatalf("the losing edit changed the phrase: %v", texts)
			}
			sh = got
		})

		t.Run("an admin's phrase goes to the whole organisation, also from a principal built without the tree", func(t *testing.T) {
			admin := w.staff["CS9001"]
			ctx := identity.WithPrincipal(context.Background(), &identity.Principal{Kind: identity.KindStaff, ID: admin.ID,
				Roles: []identity.Role{identity.RoleAdmin}, DepotID: admin.DepotID})
			ph, _, err := w.svc.Create(ctx, w.key(), draft("集团:感谢您的耐心"))
			w.must(err)
			if !slices.Contains(w.texts(w.as("CS1008"), false), ph.TextZH) {
				t.Fatal("an agent of another branch does not read the organisation's phrase")
			}
			list, err := w.svc.List(w.as("CS3001"), false)
			w.must(err)
			for _, p := range list {
				if p.ID == ph.ID && p.Editable {
					t.Fatal("a branch manager may edit the organisation's phrase")
				}
			}
		})

		t.Run("a retired phrase is offered to nobody but those who maintain it", func(t *testing.T) {
			d := phrase.Draft{Situation: sh.Situation, TextZH: sh.TextZH, TextEN: sh.TextEN, Order: sh.Order, Active: false}
			_, _, err := w.svc.Update(w.as("CS3001"), w.key(), sh.ID, sh.Version, d)
			w.must(err)
			if slices.Contains(w.texts(w.as("CS1001"), true), sh.TextZH) {
				t.Fatal("an agent still reads the retired phrase")
			}
			if !slices.Contains(w.texts(w.as("CS3001"), true), sh.TextZH) || slices.Contains(w.texts(w.as("CS3001"), false), sh.TextZH) {
				t.Fatal("the manager reads the retired phrase only when asking for retired ones")
			}
		})
	})
}

func TestRepliesCountPhraseUseForCoaching(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		sh := w.create("CS3001", "非常抱歉给您带来不便。")
		hz := w.create("CS3002", "杭州:谢谢")
		o, _, err := w.orders.Intake(w.as("CS1001"), w.key(), order.IntakeInput{
			Consignor: order.Party{Name: "陈先生", Phone: "13812345678", Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 100 号"},
			Consignee: order.Party{Name: "刘女士", Phone: "13987654321", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "文三路 200 号"},
			Goods:     order.GoodsInput{Name: "茶具", Quantity: 1, WeightKg: 2, VolumeM3: 0.01},
			Service:   order.Standard,
		})
		w.must(err)
		tk, _, err := w.tickets.CreateFromOrder(w.as("CS1001"), w.key(), o.ID, ticket.Exception, ticket.Damage, "", "外箱破损")
		w.must(err)

		k := w.key()
		for range 2 {
			_, _, err := w.tickets.AddComment(w.as("CS1001"), k, tk.ID, sh.TextZH+"我们马上核实。", nil, sh.ID)
			w.must(err)
		}
		_, _, err = w.tickets.AddComment(w.as("CS1002"), w.key(), tk.ID, "不行,这个改不了", nil, "")
		w.must(err)
		_, _, err = w.tickets.AddComment(w.as("CS1002"), w.key(), tk.ID, "已联系客户", nil, "")
		w.must(err)

		t.Run("a phrase the replier cannot read is refused and the reply not written", func(t *testing.T) {
			before := len(mustTicketEntries(t, w, tk.ID))
			_, _, err := w.tickets.AddComment(w.as("CS1001"), w.key(), tk.ID, hz.TextZH, nil, hz.ID)
			wantCode(t, err, apperr.NotFound)
			if after := len(mustTicketEntries(t, w, tk.ID)); after != before {
				t.Fatalf("the refused reply was written (%d entries, was %d)", after, before)
			}
		})

		t.Run("a retried reply is counted once", func(t *testing.T) {
			if n := w.count((*phrase.Use)(nil)); n != 2 {
				t.Fatalf("%d uses recorded, want 2 (one phrase, one forbidden opening)", n)
			}
		})

		depot := w.staff["CS1001"].DepotID
		t.Run("the depot's supervisor sees each agent's phrases and forbidden openings", func(t *testing.T) {
			got, err := w.svc.Usage(w.as("CS2001"), depot, "2026-12")
			w.must(err)
			if len(got) != 2 || got[0].EmployeeNo != "CS1001" || got[1].EmployeeNo != "CS1002" {
				t.Fatalf("report %+v", got)
			}
			if len(got[0].Phrases) != 1 || got[0].Phrases[0].Uses != 1 || got[0].Phrases[0].Phrase.ID != sh.ID || got[0].ForbiddenOpenings != 0 {
				t.Fatalf("CS1001: %+v", got[0])
			}
			if len(got[1].Phrases) != 0 || got[1].ForbiddenOpenings != 1 {
				t.Fatalf("CS1002: %+v", got[1])
			}
			other, err := w.svc.Usage(w.as("CS2001"), depot, "2026-11")
			w.must(err)
			if len(other) != 0 {
				t.Fatalf("another month reports %+v", other)
			}
		})
		for _, c := range []struct {
			name string
			ctx  context.Context
			code apperr.Code
		}{
			{"the branch's manager sees the report", w.as("CS3001"), ""},
			{"the top manager sees the report", w.as("CS3000"), ""},
			{"an admin sees the report", w.as("CS9001"), ""},
			{"an agent may not see the report", w.as("CS1001"), apperr.Forbidden},
			{"another depot's supervisor may not see the report", w.as("CS2002"), apperr.Forbidden},
			{"another branch's manager may not see the report", w.as("CS3002"), apperr.Forbidden},
			{"a partner may not see the report", partner, apperr.Forbidden},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.svc.Usage(c.ctx, depot, "2026-12")
				if c.code == "" {
					w.must(err)
					return
				}
				wantCode(t, err, c.code)
			})
		}
		t.Run("a month that is not YYYY-MM is refused", func(t *testing.T) {
			_, err := w.svc.Usage(w.as("CS2001"), depot, "2026-13")
			wantCode(t, err, apperr.BadUserInput)
		})
	})
}

func mustTicketEntries(t *testing.T, w *world, ticketID string) []*ticket.Entry {
	t.Helper()
	var es []*ticket.Entry
	w.must(w.d.R.NewSelect().Model(&es).Where("ticket_id = ?", ticketID).Scan(context.Background()))
	return es
}
