package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/reconcile"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tariff"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

type world struct {
	t      *testing.T
	d      *db.DB
	ids    *identity.Service
	svc    *reconcile.Service
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
	w := &world{t: t, d: d, ids: ids, staff: map[string]*identity.Staff{}, now: time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai)}
	now := func() time.Time { return w.now }
	w.svc = &reconcile.Service{DB: d, Zone: shanghai, Now: now, Notify: &roster.Service{DB: d, Zone: shanghai, Now: now}}
	w.orders = &order.Service{DB: d, Zone: shanghai, Now: now}
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

// order takes an order of kg at SH-PD-01.
func (w *world) order(kg float64) *order.Order {
	o, _, err := w.orders.Intake(w.as("CS1001"), w.key(), order.IntakeInput{Service: order.Standard,
		Consignor: order.Party{Name: "李四", Phone: "13812345678", Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 1 号"},
		Consignee: order.Party{Name: "王五", Phone: "13912345678", Province: "四川省", City: "成都市", District: "武侯区", Detail: "人民南路 1 号"},
		Goods:     order.GoodsInput{Name: "衣服", Quantity: 1, WeightKg: kg, VolumeM3: 0.01}})
	w.must(err)
	return o
}

var rate = tariff.ZonePrice{FirstWeightGrams: 1000, FirstFen: 800, StepGrams: 1000, StepFen: 300, MinimumFen: 800}

func TestMonthEndReconciliationWithAStation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		depot := w.staff["CS1001"].DepotID
		var partnerID string
		w.must(d.R.NewSelect().Model((*identity.PartnerClient)(nil)).Column("id").Where("client_id = ?", demo.PartnerClientID).Scan(context.Background(), &partnerID))
		client := demo.PartnerClientID
		station := reconcile.NewStation{DepotID: depot, Name: "成都中转托运站", PartnerClientID: &client, Rate: rate, ToleranceFen: 50}

		_, _, err := w.svc.CreateStation(w.as("CS1001"), w.key(), station)
		wantCode(t, err, apperr.Forbidden)
		st, _, err := w.svc.CreateStation(w.as("CS2001"), w.key(), station)
		w.must(err)

		// Five hand-overs in November: 1 kg expects ¥8, 3 kg ¥14.
		var waybills []string
		for _, kg := range []float64{1, 3, 1, 1, 1} {
			o := w.order(kg)
			h, _, err := w.svc.RecordHandover(w.as("CS1001"), w.key(), st.ID, o.ID)
			w.must(err)
			waybills = append(waybills, o.WaybillNo)
			if kg == 3 && h.ExpectedFen != 1400 {
				t.Fatalf("3 kg expects %d fen at the contract rate", h.ExpectedFen)
			}
		}
		t.Run("an agent of another depot does not see the station", func(t *testing.T) {
			_, err := w.svc.MonthOf(w.as("CS1006"), st.ID, "2026-11")
			wantCode(t, err, apperr.NotFound)
		})

		csv := fmt.Sprintf("运单号,运费,回单\n%s,8.00,是\n%s,14.40,是\n%s,9.00,是\n%s,8.00,否\nSD999999990CN,6.00,是\n", waybills[0], waybills[1], waybills[2], waybills[3])
		partner := identity.WithPrincipal(context.Background(), &identity.Principal{Kind: identity.KindPartner, ID: partnerID})
		k := w.key()
		n, _, err := w.svc.ImportBills(partner, k, st.ID, "2026-11", []byte(csv))
		w.must(err)
		if n != 5 {
			t.Fatalf("imported %d lines", n)
		}
		t.Run("importing the same bill again changes nothing", func(t *testing.T) {
			_, replayed, err := w.svc.ImportBills(partner, k, st.ID, "2026-11", []byte(csv))
			w.must(err)
			_, _, err2 := w.svc.ImportBills(w.as("CS1001"), w.key(), st.ID, "2026-11", []byte(csv))
			w.must(err2)
			count, err := d.R.NewSelect().Model((*reconcile.Bill)(nil)).Count(context.Background())
			w.must(err)
			if !replayed || count != 5 {
				t.Fatalf("replayed %v, %d bills", replayed, count)
			}
		})

		m, err := w.svc.MonthOf(w.as("CS1001"), st.ID, "2026-11")
		w.must(err)
		status := map[string]reconcile.Status{}
		for _, l := range m.Lines {
			status[l.WaybillNo] = l.Status
		}
		want := map[string]reconcile.Status{
			waybills[0]:     reconcile.Matched,
			waybills[1]:     reconcile.Matched,  // ¥0.40 over is within the ¥0.50 tolerance
			waybills[2]:     reconcile.Mismatch, // ¥1 over
			waybills[3]:     reconcile.MissingReceipt,
			waybills[4]:     reconcile.MissingReceipt,
			"SD999999990CN": reconcile.UnknownWaybill,
		}
		if !reflect.DeepEqual(status, want) {
			t.Fatalf("statuses %v\nwant %v", status, want)
		}

		decide := func(who, waybill string, dec reconcile.Decision, reason string, version int) error {
			in := reconcile.NewDecision{WaybillNo: waybill, Decision: dec, Reason: reason, ExpectedVersion: version}
			if dec == reconcile.Corrected {
				c := int64(800)
				in.CorrectedFen = &c
			}
			_, _, err := w.svc.Decide(w.as(who), w.key(), st.ID, "2026-11", in)
			return err
		}
		t.Run("a dispute needs a reason", func(t *testing.T) {
			wantCode(t, decide("CS1001", waybills[2], reconcile.Disputed, " ", 0), apperr.BadUserInput)
		})
		t.Run("a matched waybill needs no decision", func(t *testing.T) {
			wantCode(t, decide("CS1001", waybills[0], reconcile.Accepted, "", 0), apperr.BadUserInput)
		})
		w.must(decide("CS1001", waybills[2], reconcile.Disputed, "重量 1 千克,应为 8 元", 0))
		w.must(decide("CS1001", "SD999999990CN", reconcile.Disputed, "未交接此运单", 0))
		t.Run("two agents deciding the same line: the second is a conflict", func(t *testing.T) {
			wantCode(t, decide("CS1002", waybills[2], reconcile.Accepted, "", 0), apperr.Conflict)
		})
		t.Run("the month cannot be signed off with anomalies undecided", func(t *testing.T) {
			_, _, err := w.svc.SignOff(w.as("CS2001"), w.key(), st.ID, "2026-11")
			wantCode(t, err, apperr.ReconciliationUndecided)
		})
		w.must(decide("CS1001", waybills[3], reconcile.Accepted, "", 0))
		w.must(decide("CS1001", waybills[4], reconcile.Corrected, "回单随后补交", 0))
		t.Run("the station reads the disputes and their reasons", func(t *testing.T) {
			m, err := w.svc.MonthOf(partner, st.ID, "2026-11")
			w.must(err)
			found := 0
			for _, l := range m.Lines {
				if l.Decision == reconcile.Disputed && l.Reason != "" {
					found++
				}
			}
			if found != 2 {
				t.Fatalf("the station sees %d disputes", found)
			}
		})
		t.Run("an agent may not sign the month off", func(t *testing.T) {
			_, _, err := w.svc.SignOff(w.as("CS1001"), w.key(), st.ID, "2026-11")
			wantCode(t, err, apperr.Forbidden)
		})
		before, err := w.svc.MonthOf(w.as("CS2001"), st.ID, "2026-11")
		w.must(err)
		signed, _, err := w.svc.SignOff(w.as("CS2001"), w.key(), st.ID, "2026-11")
		w.must(err)

		t.Run("a signed month reads back exactly as signed", func(t *testing.T) {
			// The station bills again and the rate of a line would change: nothing moves.
			_, _, err := w.svc.ImportBills(partner, w.key(), st.ID, "2026-11", []byte(csv))
			wantCode(t, err, apperr.ReconciliationSigned)
			wantCode(t, decide("CS1001", waybills[2], reconcile.Accepted, "", 1), apperr.ReconciliationSigned)
			_, _, err = w.svc.SignOff(w.as("CS2001"), w.key(), st.ID, "2026-11")
			wantCode(t, err, apperr.ReconciliationSigned)
			_, err = d.W.NewUpdate().Model((*reconcile.Mark)(nil)).Set("reason = 'changed behind the back'").Where("1 = 1").Exec(context.Background())
			w.must(err)
			after, err := w.svc.MonthOf(w.as("CS1001"), st.ID, "2026-11")
			w.must(err)
			if !reflect.DeepEqual(after.Lines, before.Lines) || !reflect.DeepEqual(signed.Lines, before.Lines) || after.Signed == nil {
				t.Fatalf("signed lines changed:\n%+v\n%+v", after.Lines, before.Lines)
			}
		})
		t.Run("the statement lists every waybill and the total payable", func(t *testing.T) {
			csv, err := w.svc.Statement(w.as("CS2001"), st.ID, "2026-11")
			w.must(err)
			// ¥8 + ¥14.40 matched, ¥8 accepted, ¥8 corrected; the disputes pay nothing.
			if !strings.Contains(string(csv), "合计 total,,,,,,,38.40") || !strings.Contains(string(csv), "未交接此运单") {
				t.Fatal(string(csv))
			}
		})
	})
}

func TestOpenMonthsWithUndecidedAnomaliesReachTheSupervisorsInbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		depot := w.staff["CS1001"].DepotID
		st, _, err := w.svc.CreateStation(w.as("CS2001"), w.key(), reconcile.NewStation{DepotID: depot, Name: "成都中转托运站", Rate: rate, ToleranceFen: 0})
		w.must(err)
		o := w.order(1)
		_, _, err = w.svc.RecordHandover(w.as("CS1001"), w.key(), st.ID, o.ID)
		w.must(err)
		_, _, err = w.svc.ImportBills(w.as("CS1001"), w.key(), st.ID, "2026-11", []byte("h,h,h\n"+o.WaybillNo+",9.00,是\n"))
		w.must(err)
		inbox, err := w.svc.OpenMonths(w.as("CS2001"))
		w.must(err)
		if len(inbox) != 1 || inbox[0].Month != "2026-11" || inbox[0].Undecided() != 1 {
			t.Fatalf("inbox %+v", inbox)
		}
		other, err := w.svc.OpenMonths(w.as("CS2003"))
		w.must(err)
		if len(other) != 0 {
			t.Fatal("another depot's supervisor sees the month")
		}
		_, err = w.svc.OpenMonths(w.as("CS1001"))
		wantCode(t, err, apperr.Forbidden)
		_, _, err = w.svc.Decide(w.as("CS1001"), w.key(), st.ID, "2026-11", reconcile.NewDecision{WaybillNo: o.WaybillNo, Decision: reconcile.Accepted})
		w.must(err)
		inbox, err = w.svc.OpenMonths(w.as("CS2001"))
		w.must(err)
		if len(inbox) != 0 {
			t.Fatal("a month with every anomaly decided leaves the inbox")
		}
	})
}

// notes lists the notifications of a kind each staff member (by employee number) has.
func (w *world) notes(kind string) map[string]int {
	var rows []*roster.Notification
	w.must(w.d.R.NewSelect().Model(&rows).Where("kind = ?", kind).Scan(context.Background()))
	byID := map[string]string{}
	for no, s := range w.staff {
		byID[s.ID] = no
	}
	out := map[string]int{}
	for _, n := range rows {
		out[byID[n.StaffID]]++
	}
	return out
}

func TestAnomalyAlertsAreSentOncePerStationMonthAndKind(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		depot := w.staff["CS1001"].DepotID
		// The demo merchant's salesperson is 徐静 (CS1004, SH-XH-02: the same branch).
		w.must(errOf(d.W.NewUpdate().Model((*identity.PartnerClient)(nil)).Set("salesperson_id = ?", w.staff["CS1004"].ID).
			Where("client_id = ?", demo.PartnerClientID).Exec(ctx)))
		st, _, err := w.svc.CreateStation(w.as("CS2001"), w.key(), reconcile.NewStation{DepotID: depot, Name: "成都中转托运站", Rate: rate, ToleranceFen: 0})
		w.must(err)
		var merchant, own []string
		for i := 0; i < 2; i++ {
			o := w.order(1)
			_, _, err = w.svc.RecordHandover(w.as("CS1001"), w.key(), st.ID, o.ID)
			w.must(err)
			own = append(own, o.WaybillNo)
			m, _, err := w.orders.Intake(w.as("CS1001"), w.key(), order.IntakeInput{Service: order.Standard, PartnerClientID: demo.PartnerClientID,
				Consignor: order.Party{Name: "李四", Phone: "13812345678", Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 1 号"},
				Consignee: order.Party{Name: "王五", Phone: "13912345678", Province: "四川省", City: "成都市", District: "武侯区", Detail: "人民南路 1 号"},
				Goods:     order.GoodsInput{Name: "衣服", Quantity: 1, WeightKg: 1, VolumeM3: 0.01}})
			w.must(err)
			_, _, err = w.svc.RecordHandover(w.as("CS1001"), w.key(), st.ID, m.ID)
			w.must(err)
			merchant = append(merchant, m.WaybillNo)
		}
		bill := func(lines ...string) []byte {
			return []byte("运单号,运费,回单\n" + strings.Join(lines, "\n") + "\n")
		}

		t.Run("a month that matches alerts nobody", func(t *testing.T) {
			_, _, err := w.svc.ImportBills(w.as("CS1001"), w.key(), st.ID, "2026-11",
				bill(own[0]+",8.00,是", own[1]+",8.00,是", merchant[0]+",8.00,是", merchant[1]+",8.00,是"))
			w.must(err)
			if n := len(w.notes(reconcile.AlertAnomalies)) + len(w.notes(reconcile.AlertMerchantAnomalies)); n != 0 {
				t.Fatalf("%d alerts for a month without anomalies", n)
			}
		})
		t.Run("anomalies reach the depot's supervisors and the merchant's salesperson", func(t *testing.T) {
			_, _, err := w.svc.ImportBills(w.as("CS1001"), w.key(), st.ID, "2026-11",
				bill(own[0]+",9.00,是", own[1]+",8.00,是", merchant[0]+",12.00,是", merchant[1]+",8.00,是"))
			w.must(err)
			if got := w.notes(reconcile.AlertAnomalies); !reflect.DeepEqual(got, map[string]int{"CS2001": 1}) {
				t.Fatalf("anomaly alerts %v, want the depot's supervisor once", got)
			}
			if got := w.notes(reconcile.AlertMerchantAnomalies); !reflect.DeepEqual(got, map[string]int{"CS1004": 1}) {
				t.Fatalf("merchant alerts %v, want the salesperson once", got)
			}
			var n roster.Notification
			w.must(d.R.NewSelect().Model(&n).Where("kind = ?", reconcile.AlertMerchantAnomalies).Scan(ctx))
			if !strings.Contains(n.TextZH, "1 票") || !strings.Contains(n.TextEN, "1 waybills") || n.SubjectID != st.ID {
				t.Fatalf("the salesperson is told %q / %q about %s", n.TextZH, n.TextEN, n.SubjectID)
			}
		})
		t.Run("running the reconciliation again repeats no alert", func(t *testing.T) {
			for _, b := range [][]byte{
				bill(own[0]+",9.00,是", own[1]+",8.00,是", merchant[0]+",12.00,是", merchant[1]+",8.00,是"),
				bill(own[0]+",9.00,是", own[1]+",7.00,是", merchant[0]+",12.00,是", merchant[1]+",13.00,是", "SF0000000001,5.00,是"),
			} {
				_, _, err := w.svc.ImportBills(w.as("CS1001"), w.key(), st.ID, "2026-11", b)
				w.must(err)
			}
			if got := w.notes(reconcile.AlertAnomalies); !reflect.DeepEqual(got, map[string]int{"CS2001": 1}) {
				t.Fatalf("anomaly alerts %v after reruns", got)
			}
			if got := w.notes(reconcile.AlertMerchantAnomalies); !reflect.DeepEqual(got, map[string]int{"CS1004": 1}) {
				t.Fatalf("merchant alerts %v after reruns", got)
			}
			var alerts []*reconcile.Alert
			w.must(d.R.NewSelect().Model(&alerts).Scan(ctx))
			if len(alerts) != 2 {
				t.Fatalf("%d alert records, want 2", len(alerts))
			}
		})
		t.Run("another month is alerted on its own", func(t *testing.T) {
			_, _, err := w.svc.ImportBills(w.as("CS1001"), w.key(), st.ID, "2026-10", bill(merchant[0]+",8.00,是"))
			w.must(err)
			if got := w.notes(reconcile.AlertAnomalies); got["CS2001"] != 2 || len(got) != 1 {
				t.Fatalf("anomaly alerts %v", got)
			}
		})
		t.Run("the review waits in the supervisor's inbox from the alert", func(t *testing.T) {
			inbox, err := w.svc.Reviews(w.as("CS2001"))
			w.must(err)
			if len(inbox) != 2 || !inbox[0].Since.Equal(w.now) || !inbox[1].Since.Equal(w.now) {
				t.Fatalf("inbox %+v", inbox)
			}
			for _, who := range []string{"CS2001", "CS2002", "CS2003", "CS1001"} {
				n, err := w.svc.ReviewsWaiting(w.as(who))
				w.must(err)
				if want := map[string]int{"CS2001": 2}[who]; n != want {
					t.Errorf("%s has %d reviews waiting, want %d", who, n, want)
				}
			}
		})
	})
}

func errOf(_ any, err error) error { return err }
