package tariff_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tariff"
)

// world is the demo organisation with the tariff and order services over one database,
// at a clock the test sets.
type world struct {
	t      *testing.T
	d      *db.DB
	ids    *identity.Service
	svc    *tariff.Service
	orders *order.Service
	now    time.Time
	staff  map[string]*identity.Staff
	keyN   int
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ids := identity.NewService(d, nil)
	ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), ids, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	// Saturday 5 December 2026, 10:00 in Shanghai.
	w := &world{t: t, d: d, ids: ids, staff: map[string]*identity.Staff{}, now: time.Date(2026, 12, 5, 10, 0, 0, 0, shanghai)}
	now := func() time.Time { return w.now }
	cal := &roster.Service{DB: d, Zone: shanghai, Now: now}
	w.svc = &tariff.Service{DB: d, Zone: shanghai, Now: now, Calendar: cal}
	w.orders = &order.Service{DB: d, Zone: shanghai, Now: now, Quotes: w.svc, Transit: w.svc}
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

func (w *world) key() string { w.keyN++; return fmt.Sprintf("test-key-%04d", w.keyN) }

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

// publish publishes the demo terms as the branch manager, from a day.
func (w *world) publish(name, from string, terms tariff.Terms) *tariff.Tariff {
	t, _, err := w.svc.Publish(w.as("CS3001"), w.key(), tariff.NewTariff{Name: name, EffectiveFrom: from, Terms: terms})
	w.must(err)
	return t
}

var sh = tariff.Place{Province: "上海市", City: "上海市"}
var chengdu = tariff.Place{Province: "四川省", City: "成都市"}

func box() tariff.QuoteRequest {
	return tariff.QuoteRequest{Origin: sh, Destination: chengdu, GoodsName: "衣服", NeededBy: "2026-12-11",
		Parcel: tariff.Parcel{WeightGrams: 5000, LengthMm: 300, WidthMm: 300, HeightMm: 300}}
}

func TestPublishingTariffs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		bad := tariff.DemoTerms()
		bad.Services[0].Prices[0].Zone = "9"
		for _, c := range []struct {
			name string
			who  string
			in   tariff.NewTariff
			code apperr.Code
		}{
			{"an agent may not publish a tariff", "CS1001", tariff.NewTariff{Name: "x", EffectiveFrom: "2026-12-10", Terms: tariff.DemoTerms()}, apperr.Forbidden},
			{"a supervisor may not publish a tariff", "CS2001", tariff.NewTariff{Name: "x", EffectiveFrom: "2026-12-10", Terms: tariff.DemoTerms()}, apperr.Forbidden},
			{"a tariff cannot apply from the past", "CS3001", tariff.NewTariff{Name: "x", EffectiveFrom: "2026-12-04", Terms: tariff.DemoTerms()}, apperr.BadUserInput},
			{"a blank name is refused", "CS3001", tariff.NewTariff{Name: " \u3000", EffectiveFrom: "2026-12-10", Terms: tariff.DemoTerms()}, apperr.BadUserInput},
			{"a price for a zone the tariff lacks is refused", "CS3001", tariff.NewTariff{Name: "x", EffectiveFrom: "2026-12-10", Terms: bad}, apperr.BadUserInput},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := w.svc.Publish(w.as(c.who), w.key(), c.in)
				wantCode(t, err, c.code)
			})
		}

		t.Run("a rate change is announced by a notice that links to the tariff", func(t *testing.T) {
			k := w.key()
			tf, _, err := w.svc.Publish(w.as("CS3001"), k, tariff.NewTariff{Name: "2026 冬季运价", EffectiveFrom: "2026-12-05", Terms: tariff.DemoTerms()})
			w.must(err)
			again, replayed, err := w.svc.Publish(w.as("CS3001"), k, tariff.NewTariff{Name: "2026 冬季运价", EffectiveFrom: "2026-12-05", Terms: tariff.DemoTerms()})
			w.must(err)
			if !replayed || again.ID != tf.ID {
				t.Fatal("a retried publication must return the first tariff")
			}
			n := new(checklist.Notice)
			w.must(d.R.NewSelect().Model(n).Where("n.id = ?", tf.NoticeID).Scan(context.Background()))
			if n.Kind != checklist.RateChange || n.TariffID == nil || *n.TariffID != tf.ID {
				t.Fatalf("notice %+v does not announce the tariff", n)
			}
			count, err := d.R.NewSelect().Model((*tariff.Tariff)(nil)).Count(context.Background())
			w.must(err)
			if count != 1 {
				t.Fatalf("%d tariffs stored, want 1", count)
			}
		})

		t.Run("a published tariff reads back exactly as published", func(t *testing.T) {
			got, err := w.svc.InEffect(w.as("CS1001"), "2026-12-05")
			w.must(err)
			want := tariff.DemoTerms()
			if fmt.Sprintf("%+v", got.Terms) != fmt.Sprintf("%+v", want) {
				t.Fatal("the stored terms differ from the published ones")
			}
		})
	})
}

func TestEffectiveDates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		_, err := w.svc.InEffect(ctx, "")
		wantCode(t, err, apperr.NoTariffInEffect)
		_, _, err = w.svc.Quote(ctx, w.key(), box())
		wantCode(t, err, apperr.NoTariffInEffect)

		winter := w.publish("冬季运价", "2026-12-05", tariff.DemoTerms())
		dearer := tariff.DemoTerms()
		dearer.Services[0].Prices[2].FirstFen = 1800
		spring := w.publish("运价调整 2027", "2026-12-20", dearer)
		for _, c := range []struct {
			name, day string
			want      *tariff.Tariff
		}{
			{"the tariff applies from its effective date", "2026-12-05", winter},
			{"the earlier tariff applies until the next one's date", "2026-12-19", winter},
			{"a rate change applies from its date", "2026-12-20", spring},
			{"and after it", "2027-01-05", spring},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := w.svc.InEffect(ctx, c.day)
				w.must(err)
				if got.ID != c.want.ID {
					t.Fatalf("on %s got %s, want %s", c.day, got.Name, c.want.Name)
				}
			})
		}
		t.Run("quotes price with the tariff in effect on the day", func(t *testing.T) {
			q, _, err := w.svc.Quote(ctx, w.key(), box())
			w.must(err)
			if q.TariffID != winter.ID || q.Option("STANDARD").Breakdown.FreightFen != 7900 {
				t.Fatalf("quote before the change: %+v", q.Option("STANDARD"))
			}
			w.now = time.Date(2026, 12, 21, 10, 0, 0, 0, shanghai)
			q, _, err = w.svc.Quote(ctx, w.key(), box())
			w.must(err)
			if q.TariffID != spring.ID || q.Option("STANDARD").Breakdown.FreightFen != 8200 {
				t.Fatalf("quote after the change: %+v", q.Option("STANDARD"))
			}
		})
		t.Run("another organisation's staff do not see the tariff", func(t *testing.T) {
			other := seedOtherOrg(t, w)
			_, err := w.svc.InEffect(other, "")
			wantCode(t, err, apperr.NoTariffInEffect)
			got, err := w.svc.TariffsByIDs(other, []string{winter.ID})
			w.must(err)
			if len(got) != 0 {
				t.Fatal("a tariff of another organisation was loaded")
			}
		})
	})
}

// seedOtherOrg adds a second organisation with an admin and returns their context.
func seedOtherOrg(t *testing.T, w *world) context.Context {
	t.Helper()
	ctx := context.Background()
	group, err := w.ids.CreateOrgUnit(ctx, w.d.W, identity.NewOrgUnit{Kind: identity.KindGroup, Code: "OT", Name: "另一集团", TimeZone: "Asia/Shanghai"})
	w.must(err)
	depot, err := w.ids.CreateOrgUnit(ctx, w.d.W, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "OT-01", Name: "另一网点", ParentID: &group.ID, TimeZone: "Asia/Shanghai"})
	w.must(err)
	st, err := w.ids.CreateStaff(ctx, w.d.W, identity.NewStaff{EmployeeNo: "OT9001", Name: "外部", Phone: "13700000000", DepotID: depot.ID,
		Roles: []identity.Role{identity.RoleAdmin}, Password: demo.Password})
	w.must(err)
	w.staff["OT9001"] = st
	return w.as("OT9001")
}

func TestQuoteHolidayAwareTransitAndRecommendation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.publish("冬季运价", "2026-12-05", tariff.DemoTerms())
		ctx := w.as("CS1001")
		day := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, shanghai).UTC() }

		t.Run("5 kg 30×30×30 cm 上海 → 成都 by Friday: economy is the cheapest that arrives in time", func(t *testing.T) {
			q, _, err := w.svc.Quote(ctx, w.key(), box())
			w.must(err)
			want := map[order.DeliveryService]struct {
				fen int64
				at  time.Time
			}{"STANDARD": {7900, day(12, 9, 18)}, "NEXT_DAY": {12400, day(12, 7, 18)}, "ECONOMY": {3200, day(12, 11, 18)}}
			for s, o := range want {
				got := q.Option(s)
				if got == nil || got.Breakdown.TotalFen != o.fen || !got.Arrival.Equal(o.at) || !got.MeetsDeadline {
					t.Errorf("%s: %+v, want %d fen by %s", s, got, o.fen, o.at.In(shanghai))
				}
			}
			if q.Recommended != "ECONOMY" || q.Reason != tariff.CheapestMeetingDeadline {
				t.Errorf("recommended %s (%s)", q.Recommended, q.Reason)
			}
		})
		t.Run("the transit standard skips the calendar's public holidays (元旦 2027)", func(t *testing.T) {
			w.now = time.Date(2026, 12, 31, 10, 0, 0, 0, shanghai)
			r := box()
			r.NeededBy = ""
			r.Destination = tariff.Place{Province: "江苏省", City: "苏州市"}
			q, _, err := w.svc.Quote(ctx, w.key(), r)
			w.must(err)
			// Next day from Thursday Dec 31: Jan 1 is 元旦 and Jan 2–3 a weekend.
			if got := q.Option("NEXT_DAY").Arrival; !got.Equal(time.Date(2027, 1, 4, 12, 0, 0, 0, shanghai)) {
				t.Fatalf("next-day arrival %s", got.In(shanghai))
			}
			w.now = time.Date(2026, 12, 5, 10, 0, 0, 0, shanghai)
		})
		t.Run("services that cannot carry the parcel are named with the reason", func(t *testing.T) {
			r := box()
			r.Destination = tariff.Place{Province: "西藏自治区", City: "拉萨市"}
			r.Parcel.WeightGrams = 40000
			q, _, err := w.svc.Quote(ctx, w.key(), r)
			w.must(err)
			got := map[order.DeliveryService]tariff.Refusal{}
			for _, f := range q.Refusals {
				got[f.Service] = f.Reason
			}
			if got["NEXT_DAY"] != tariff.OverWeight || len(q.Options) != 2 {
				t.Fatalf("refusals %v, options %d", got, len(q.Options))
			}
			r.Destination = tariff.Place{Province: "台湾省", City: "台北市"}
			q, _, err = w.svc.Quote(ctx, w.key(), r)
			w.must(err)
			if len(q.Options) != 0 || q.Recommended != "" || len(q.Refusals) != 3 {
				t.Fatalf("a route in no zone: %+v", q)
			}
		})
		t.Run("prohibited goods are refused as at intake", func(t *testing.T) {
			r := box()
			r.GoodsName = "打火机"
			_, _, err := w.svc.Quote(ctx, w.key(), r)
			wantCode(t, err, apperr.DangerousGoodsRefused)
		})
		t.Run("a verifier may not quote", func(t *testing.T) {
			_, _, err := w.svc.Quote(w.as("CS4001"), w.key(), box())
			wantCode(t, err, apperr.Forbidden)
		})
	})
}

func intake(q *tariff.Quote, service order.DeliveryService) order.IntakeInput {
	return order.IntakeInput{QuoteID: q.ID, Service: service,
		Consignor: order.Party{Name: "李四", Phone: "13812345678", Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 1 号"},
		Consignee: order.Party{Name: "王五", Phone: "13912345678", Province: "四川省", City: "成都市", District: "武侯区", Detail: "人民南路 4 段 1 号"},
		Goods:     order.GoodsInput{Name: "衣服", Quantity: 1, WeightKg: 5, VolumeM3: 0.027}}
}

func TestIntakeFromQuote(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.publish("冬季运价", "2026-12-05", tariff.DemoTerms())
		ctx := w.as("CS1001")
		q, _, err := w.svc.Quote(ctx, w.key(), box())
		w.must(err)

		t.Run("the order's freight charge and arrival are the quoted ones", func(t *testing.T) {
			o, _, err := w.orders.Intake(ctx, w.key(), intake(q, order.Economy))
			w.must(err)
			if o.FreightFen == nil || *o.FreightFen != 3200 || !o.ETA.Equal(time.Date(2026, 12, 11, 18, 0, 0, 0, shanghai)) || *o.QuoteID != q.ID {
				t.Fatalf("order %v fen, ETA %s", o.FreightFen, o.ETA.In(shanghai))
			}
			stored, err := w.orders.Get(ctx, o.ID)
			w.must(err)
			if *stored.FreightFen != 3200 || !stored.ETA.Equal(o.ETA) || stored.Service != order.Economy {
				t.Fatal("the stored order differs from the quote")
			}
		})
		t.Run("a quote makes one order", func(t *testing.T) {
			_, _, err := w.orders.Intake(ctx, w.key(), intake(q, order.Economy))
			wantCode(t, err, apperr.QuoteUsed)
		})
		fresh := func() *tariff.Quote {
			q, _, err := w.svc.Quote(ctx, w.key(), box())
			w.must(err)
			return q
		}
		for _, c := range []struct {
			name   string
			who    string
			change func(in *order.IntakeInput)
			code   apperr.Code
		}{
			{"a service the quote has no price for is a mismatch", "CS1001", func(in *order.IntakeInput) {
				v := int64(100000)
				in.Service, in.Goods.DeclaredValueFen = order.Insured, &v
			}, apperr.QuoteMismatch},
			{"another destination city is a mismatch", "CS1001", func(in *order.IntakeInput) { in.Consignee.City = "绵阳市" }, apperr.QuoteMismatch},
			{"more weight than quoted is a mismatch", "CS1001", func(in *order.IntakeInput) { in.Goods.WeightKg = 5.2 }, apperr.QuoteMismatch},
			{"handling that was not quoted is a mismatch", "CS1001", func(in *order.IntakeInput) { in.Handling.Fragile = true }, apperr.QuoteMismatch},
			{"an agent of another depot does not see the quote", "CS1006", func(*order.IntakeInput) {}, apperr.NotFound},
		} {
			t.Run(c.name, func(t *testing.T) {
				in := intake(fresh(), order.Economy)
				c.change(&in)
				_, _, err := w.orders.Intake(w.as(c.who), w.key(), in)
				wantCode(t, err, c.code)
			})
		}
		t.Run("a quote lapses at the cut-off", func(t *testing.T) {
			q := fresh()
			if !q.ExpiresAt.Equal(time.Date(2026, 12, 5, 12, 0, 0, 0, shanghai)) {
				t.Fatalf("a 10:00 quote expires at %s, want 12:00", q.ExpiresAt.In(shanghai))
			}
			w.now = time.Date(2026, 12, 5, 16, 30, 0, 0, shanghai)
			late := fresh()
			if !late.ExpiresAt.Equal(time.Date(2026, 12, 5, 17, 0, 0, 0, shanghai)) {
				t.Fatalf("a 16:30 quote expires at %s, want the 17:00 cut-off", late.ExpiresAt.In(shanghai))
			}
			_, _, err := w.orders.Intake(ctx, w.key(), intake(q, order.Economy))
			wantCode(t, err, apperr.QuoteExpired)
		})
	})
}

func TestOrdersWithoutAQuoteArePromisedTheTransitStandard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		in := func(service order.DeliveryService, city string) order.IntakeInput {
			q := &tariff.Quote{}
			x := intake(q, service)
			x.QuoteID = ""
			x.Consignee.Province, x.Consignee.City = "江苏省", city
			return x
		}
		w.now = time.Date(2026, 12, 31, 10, 0, 0, 0, shanghai)
		t.Run("without a tariff the service's default promise stands", func(t *testing.T) {
			o, _, err := w.orders.Intake(ctx, w.key(), in(order.NextDay, "苏州市"))
			w.must(err)
			if !o.ETA.Equal(time.Date(2027, 1, 1, 18, 0, 0, 0, shanghai)) {
				t.Fatalf("ETA %s", o.ETA.In(shanghai))
			}
		})
		w.now = time.Date(2026, 12, 5, 10, 0, 0, 0, shanghai)
		w.publish("冬季运价", "2026-12-05", tariff.DemoTerms())
		w.now = time.Date(2026, 12, 31, 10, 0, 0, 0, shanghai)
		for _, c := range []struct {
			name    string
			service order.DeliveryService
			want    time.Time
		}{
			{"next day to zone 1 by 12:00, skipping 元旦 and the weekend", order.NextDay, time.Date(2027, 1, 4, 12, 0, 0, 0, shanghai)},
			{"an insured parcel follows the standard service's standard", order.Insured, time.Date(2027, 1, 4, 18, 0, 0, 0, shanghai)},
		} {
			t.Run(c.name, func(t *testing.T) {
				x := in(c.service, "苏州市")
				v := int64(100000)
				x.Goods.DeclaredValueFen = &v
				o, _, err := w.orders.Intake(ctx, w.key(), x)
				w.must(err)
				if !o.ETA.Equal(c.want) || o.FreightFen != nil {
					t.Fatalf("ETA %s, freight %v", o.ETA.In(shanghai), o.FreightFen)
				}
			})
		}
	})
}

// wantMismatch checks a QUOTE_MISMATCH names the field and explains it in both languages.
func wantMismatch(t *testing.T, err error, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.QuoteMismatch || e.Extra["field"] != field {
		t.Fatalf("got %v, want QUOTE_MISMATCH on %s", err, field)
	}
	if e.Detail == nil || e.Detail.ZH == "" || e.Detail.EN == "" || e.Detail.ZH == e.Detail.EN {
		t.Fatalf("the mismatch on %s is not explained in both languages: %+v", field, e.Detail)
	}
}

func TestTimeSlotQuoteMakesATimeSlotOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.publish("冬季运价", "2026-12-05", tariff.DemoTerms())
		ctx := w.as("CS1001")
		slotQuote := func() *tariff.Quote {
			r := box()
			r.Parcel.TimeSlot = true
			q, _, err := w.svc.Quote(ctx, w.key(), r)
			w.must(err)
			return q
		}
		slot := func(q *tariff.Quote, at time.Time) order.IntakeInput {
			in := intake(q, order.TimeSlot)
			in.RequiredArrivalAt = &at
			in.Requests.DeliveryWindowFrom, in.Requests.DeliveryWindowTo = "14:00", "16:00"
			return in
		}
		agreed := time.Date(2026, 12, 10, 15, 0, 0, 0, shanghai)

		t.Run("the order is TIME_SLOT at the price of the cheapest service arriving by the agreed day", func(t *testing.T) {
			q := slotQuote()
			var want *tariff.Option
			for i := range q.Options {
				o := &q.Options[i]
				if o.Breakdown.TimeSlotFen != 1000 {
					t.Fatalf("option %s is priced without the time slot: %+v", o.Service, o.Breakdown)
				}
				if !o.Arrival.After(agreed) && (want == nil || o.Breakdown.TotalFen < want.Breakdown.TotalFen) {
					want = o
				}
			}
			if want == nil || len(q.Options) < 2 {
				t.Fatalf("the demo tariff should carry a time slot by %s: %+v", agreed, q.Options)
			}
			o, _, err := w.orders.Intake(ctx, w.key(), slot(q, agreed))
			w.must(err)
			stored, err := w.orders.Get(ctx, o.ID)
			w.must(err)
			if stored.Service != order.TimeSlot || stored.FreightFen == nil || *stored.FreightFen != want.Breakdown.TotalFen ||
				!stored.ETA.Equal(agreed) || stored.QuoteID == nil || *stored.QuoteID != q.ID {
				t.Fatalf("order %s at %v fen, ETA %s; want TIME_SLOT at %d fen by %s", stored.Service, stored.FreightFen,
					stored.ETA.In(shanghai), want.Breakdown.TotalFen, agreed)
			}
		})
		t.Run("an agreed day no quoted service reaches is a mismatch", func(t *testing.T) {
			_, _, err := w.orders.Intake(ctx, w.key(), slot(slotQuote(), time.Date(2026, 12, 6, 15, 0, 0, 0, shanghai)))
			wantMismatch(t, err, "requiredArrivalAt")
		})
		t.Run("a TIME_SLOT order from a quote without the time slot is a mismatch", func(t *testing.T) {
			q, _, err := w.svc.Quote(ctx, w.key(), box())
			w.must(err)
			_, _, err = w.orders.Intake(ctx, w.key(), slot(q, agreed))
			wantMismatch(t, err, "service")
		})
		t.Run("a time-slot quote makes no other service's order", func(t *testing.T) {
			_, _, err := w.orders.Intake(ctx, w.key(), intake(slotQuote(), order.Standard))
			wantMismatch(t, err, "service")
		})
		for _, c := range []struct {
			name   string
			field  string
			change func(in *order.IntakeInput)
		}{
			{"other goods are a mismatch", "goods.name", func(in *order.IntakeInput) { in.Goods.Name = "手机" }},
			{"another origin is a mismatch", "consignor", func(in *order.IntakeInput) { in.Consignor.Province, in.Consignor.City = "浙江省", "杭州市" }},
			{"another destination is a mismatch", "consignee", func(in *order.IntakeInput) { in.Consignee.City = "绵阳市" }},
			{"more weight is a mismatch", "goods.weightKg", func(in *order.IntakeInput) { in.Goods.WeightKg = 5.001 }},
		} {
			t.Run(c.name, func(t *testing.T) {
				in := slot(slotQuote(), agreed)
				c.change(&in)
				_, _, err := w.orders.Intake(ctx, w.key(), in)
				wantMismatch(t, err, c.field)
			})
		}
		t.Run("the same goods with their name spaced out are the quoted goods", func(t *testing.T) {
			in := slot(slotQuote(), agreed)
			in.Goods.Name = "  衣服 "
			_, _, err := w.orders.Intake(ctx, w.key(), in)
			w.must(err)
		})
	})
}
