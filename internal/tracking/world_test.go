package tracking_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tracking"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// world is the demo organisation with a clock the test moves, and the order, roster and
// tracking services sharing it.
type world struct {
	t        *testing.T
	d        *db.DB
	ids      *identity.Service
	orders   *order.Service
	roster   *roster.Service
	tracking *tracking.Service
	staff    map[string]*identity.Staff
	mu       sync.Mutex
	now      time.Time
	keyN     int
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ids := identity.NewService(d, nil)
	ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), ids, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, d: d, ids: ids, staff: map[string]*identity.Staff{}, now: time.Date(2026, 11, 10, 9, 0, 0, 0, shanghai)}
	w.orders = &order.Service{DB: d, Zone: shanghai, Now: w.clock}
	w.roster = &roster.Service{DB: d, Zone: shanghai, Now: w.clock}
	w.tracking = &tracking.Service{DB: d, Zone: shanghai, Now: w.clock, Lookup: tracking.DefaultLookupPolicy, Calendar: w.roster}
	var all []*identity.Staff
	w.must(d.R.NewSelect().Model(&all).Scan(context.Background()))
	for _, s := range all {
		w.staff[s.EmployeeNo] = s
	}
	return w
}

func (w *world) clock() time.Time  { w.mu.Lock(); defer w.mu.Unlock(); return w.now }
func (w *world) set(now time.Time) { w.mu.Lock(); w.now = now; w.mu.Unlock() }

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

// released takes a standard order at CS1001's depot, verifies every element and
// releases it.
func (w *world) released() *order.Order {
	w.t.Helper()
	ctx := w.as("CS1001")
	o, _, err := w.orders.Intake(ctx, w.key(), order.IntakeInput{
		Consignor: order.Party{Name: "陈先生", Phone: "13812345678", Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 100 号"},
		Consignee: order.Party{Name: "刘女士", Phone: "13987654321", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "文三路 200 号"},
		Goods:     order.GoodsInput{Name: "茶具", Quantity: 1, WeightKg: 2, VolumeM3: 0.01},
		Service:   order.Standard,
	})
	w.must(err)
	out, _, err := w.orders.Verify(ctx, w.key(), o.ID, o.Version, order.Elements, "")
	w.must(err)
	out, _, err = w.orders.Release(ctx, w.key(), o.ID, out.Order.Version)
	w.must(err)
	return out.Order
}

// scan records one event as CS1001 and returns its result.
func (w *world) scan(in tracking.EventInput) tracking.EventResult {
	w.t.Helper()
	if in.Place == "" {
		in.Place = "上海浦东张江网点"
	}
	if in.ScannedBy == "" {
		in.ScannedBy = "PDA-07"
	}
	rs, err := w.tracking.RecordEvents(w.as("CS1001"), []tracking.EventInput{in})
	w.must(err)
	return rs[0]
}

// reload reads the order back.
func (w *world) reload(id string) *order.Order {
	w.t.Helper()
	o := new(order.Order)
	w.must(w.d.R.NewSelect().Model(o).Where("id = ?", id).Scan(context.Background()))
	return o
}
