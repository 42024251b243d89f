package order_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// world is the demo organisation with a clock the test moves and an order service on it.
type world struct {
	t      *testing.T
	d      *db.DB
	ids    *identity.Service
	orders *order.Service
	staff  map[string]*identity.Staff
	mu     sync.Mutex
	now    time.Time
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
	w.orders = &order.Service{DB: d, Zone: shanghai, Now: w.clock}
	var all []*identity.Staff
	w.must(d.R.NewSelect().Model(&all).Scan(context.Background()))
	for _, s := range all {
		w.staff[s.EmployeeNo] = s
	}
	return w
}

func (w *world) clock() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }

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

func wantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("want %s, got %v", code, err)
	}
	var e *apperr.Error
	errors.As(err, &e)
	return e
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if e := wantCode(t, err, apperr.BadUserInput); e == nil || e.Field != field {
		t.Fatalf("want BAD_USER_INPUT on %s, got %v", field, err)
	}
}

// intake is a standard order as taken at CS1001's counter (上海浦东张江网点).
func intake() order.IntakeInput {
	return order.IntakeInput{
		Consignor: order.Party{Name: "陈先生", Phone: "13812345678", Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 100 号"},
		Consignee: order.Party{Name: "刘女士", Phone: "13987654321", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "文三路 200 号"},
		Goods:     order.GoodsInput{Name: "茶具", Quantity: 1, WeightKg: 2, VolumeM3: 0.01},
		Service:   order.Standard,
	}
}

// take takes in as CS1001.
func (w *world) take(in order.IntakeInput) (*order.Order, error) {
	o, _, err := w.orders.Intake(w.as("CS1001"), w.key(), in)
	return o, err
}
