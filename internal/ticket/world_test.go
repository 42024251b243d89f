package ticket_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/ticket"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// world is the demo organisation with a clock the test moves, and services sharing it.
type world struct {
	t      *testing.T
	ids    *identity.Service // reach of the callers
	d      *db.DB
	mu     sync.Mutex
	now    time.Time
	svc    *ticket.Service
	orders *order.Service
	roster *roster.Service
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
	w := &world{t: t, ids: ids, d: d, staff: map[string]*identity.Staff{}, now: time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai)}
	clock := func() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }
	w.orders = &order.Service{DB: d, Zone: shanghai, Now: clock}
	w.roster = &roster.Service{DB: d, Zone: shanghai, Now: clock}
	w.svc = &ticket.Service{DB: d, Orders: w.orders, Roster: w.roster, Zone: shanghai, Now: clock}
	var all []*identity.Staff
	w.must(d.R.NewSelect().Model(&all).Scan(context.Background()))
	for _, s := range all {
		w.staff[s.EmployeeNo] = s
	}
	return w
}

func (w *world) advance(d time.Duration) { w.mu.Lock(); w.now = w.now.Add(d); w.mu.Unlock() }
func (w *world) clock() time.Time        { w.mu.Lock(); defer w.mu.Unlock(); return w.now }

// as returns a context in which employeeNo is the caller.
func (w *world) as(no string) context.Context {
	p, err := w.ids.PrincipalOf(context.Background(), w.staff[no])
	w.must(err)
	return identity.WithPrincipal(context.Background(), p)
}

func (w *world) key() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.keyN++
	return fmt.Sprintf("test-key-%04d", w.keyN)
}

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

// order takes and releases an order at CS1001's depot.
func (w *world) order() *order.Order {
	w.t.Helper()
	ctx := w.as("CS1001")
	o, _, err := w.orders.Intake(ctx, w.key(), order.IntakeInput{
		Consignor: order.Party{Name: "陈先生", Phone: "13812345678", Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 100 号"},
		Consignee: order.Party{Name: "刘女士", Phone: "13987654321", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "文三路 200 号"},
		Goods:     order.GoodsInput{Name: "茶具", Quantity: 1, WeightKg: 2, VolumeM3: 0.01},
		Service:   order.Standard,
	})
	w.must(err)
	return o
}

// ticket opens a damage ticket from a fresh order as CS1001.
func (w *world) ticket() *ticket.Ticket {
	w.t.Helper()
	o := w.order()
	t, _, err := w.svc.CreateFromOrder(w.as("CS1001"), w.key(), o.ID, ticket.Exception, ticket.Damage, "", "外箱破损")
	w.must(err)
	return t
}

// onDuty publishes a November roster at SH-PD-01 with CS1002 on the day shift on the 10th.
func (w *world) onDuty(no string) {
	w.t.Helper()
	sup := w.as("CS2001")
	depot := w.staff["CS2001"].DepotID
	st, err := w.roster.CreateShiftType(sup, roster.NewShiftType{DepotID: depot, Code: "DAY", Name: "白班", StartMinute: 9 * 60, EndMinute: 18 * 60})
	w.must(err)
	r, _, err := w.roster.AssignShifts(sup, w.key(), depot, "2026-11", []roster.AssignmentInput{{StaffID: w.staff[no].ID, Day: "2026-11-10", ShiftTypeID: st.ID}})
	w.must(err)
	_, _, err = w.roster.PublishRoster(sup, w.key(), r.ID, r.Version)
	w.must(err)
}

// photo records a photo uploaded by employeeNo and returns its id (the bytes do not
// matter to tickets: they attach photos by id).
func (w *world) photo(no string) string {
	w.t.Helper()
	st := w.staff[no]
	w.keyN++
	ph := &media.Photo{ID: fmt.Sprintf("photo-%s-%04d", no, w.keyN), SHA256: fmt.Sprintf("%064d", w.keyN), ContentType: "image/jpeg",
		SizeBytes: 100, UploadedBy: st.ID, DepotID: st.DepotID, CapturedAt: w.clock().UTC(), UploadedAt: w.clock().UTC()}
	_, err := w.d.W.NewInsert().Model(ph).Exec(context.Background())
	w.must(err)
	return ph.ID
}
