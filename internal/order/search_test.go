package order_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// searchIDs lists the ids of every order search finds for ctx's caller (all pages).
func searchIDs(t *testing.T, w *world, ctx context.Context, search string) []string {
	t.Helper()
	var out []string
	after := ""
	for {
		page, err := w.orders.List(ctx, order.Filter{Search: search}, db.First(100, after))
		if err != nil {
			t.Fatalf("search %q: %v", search, err)
		}
		for _, o := range page.Orders {
			out = append(out, o.ID)
		}
		if !page.HasNext {
			return out
		}
		after = page.Orders[len(page.Orders)-1].ID
	}
}

// likeBefore is what search matched before the indexes (LIKE '%1234' on the phones for
// four digits, equality for a full number, LIKE '%fragment%' on the names otherwise),
// computed here in Go over every visible order. SQLite's LIKE ignores the case of ASCII
// letters; PostgreSQL's does not.
func likeBefore(o *order.Order, search string, foldASCII bool) bool {
	if len(search) == 4 && strings.Trim(search, "0123456789") == "" {
		return strings.HasSuffix(o.Consignor.Phone, search) || strings.HasSuffix(o.Consignee.Phone, search)
	}
	if phone, ok := order.NormalizePhone(search); ok {
		return o.Consignor.Phone == phone || o.Consignee.Phone == phone
	}
	contains := strings.Contains
	if foldASCII {
		contains = func(s, sub string) bool { return strings.Contains(asciiLower(s), asciiLower(sub)) }
	}
	return contains(o.Consignor.Name, search) || contains(o.Consignee.Name, search)
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// The indexed search (phone last four in generated columns, trigram indexes on
// PostgreSQL) finds exactly what the LIKE search found, within the caller's reach only,
// and follows a phone or name changed after intake.
func TestSearchFindsWhatLikeFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		people := []struct{ name, phone string }{
			{"陈先生", "13812345678"}, {"陈小明", "13800005678"}, {"王%先生", "13955556666"},
			{"欧阳_娜娜", "0571-87651234"}, {"Zhang Wei", "13712341234"}, {"张伟", "021-55667788-123"},
			{"李四光", "13612340000"}, {"赵女士", "13700001111"},
		}
		var mine []*order.Order
		for i, p := range people {
			in := intake()
			in.Consignor.Name, in.Consignor.Phone = p.name, p.phone
			in.Consignee.Name = people[(i+3)%len(people)].name
			in.Consignee.Phone = people[(i+3)%len(people)].phone
			o, err := w.take(in)
			w.must(err)
			mine = append(mine, o)
		}
		// Another depot's order with the same names and phones never appears.
		in := intake()
		in.Consignor.Name, in.Consignor.Phone = "陈小明", "13800005678"
		theirs, _, err := w.orders.Intake(w.as("CS1006"), w.key(), in)
		w.must(err)

		ctx := w.as("CS1001")
		visible := map[string]*order.Order{}
		for _, id := range searchIDs(t, w, ctx, "") {
			visible[id] = nil
		}
		all, err := w.orders.OrdersByIDs(ctx, slices.Collect(func(yield func(string) bool) {
			for id := range visible {
				if !yield(id) {
					return
				}
			}
		}))
		w.must(err)
		check := func(search string) {
			t.Helper()
			var want []string
			for _, o := range all {
				if likeBefore(o, search, d.Dialect == db.SQLite) {
					want = append(want, o.ID)
				}
			}
			got := searchIDs(t, w, ctx, search)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("search %q found %v, want %v", search, got, want)
			}
			if slices.Contains(got, theirs.ID) {
				t.Errorf("search %q found another depot's order", search)
			}
		}
		for _, s := range []string{
			"5678", "1234", "0000", "6666", "9999", "7788", // last four
			"13800005678", "0571-87651234", "021-55667788-123", "13812340000", // full numbers
			"陈", "陈先生", "小明", "先生", "女士", "张伟", "Zhang", "ang W", "zhang", // names
			"%", "_", "王%", "欧阳_", "%先生", "无此人",
			// FTS5 syntax is taken literally on SQLite (one quoted phrase): quotes, operators,
			// prefixes, column filters, and case as LIKE folds it.
			`"陈先生"`, `陈"先生`, `""`, "ZHANG WEI", "zhang wei", "Wei*", "陈先*", "NEAR(陈 先)",
			"consignor_name:陈", "ang OR Wei", "NOT 陈先生", "{陈先生}", "欧阳_娜", "g W",
		} {
			check(s)
		}
		if len(all) < len(mine) {
			t.Fatalf("saw %d orders, took %d", len(all), len(mine))
		}

		// A changed consignee phone and name are found by their new values at once.
		o := mine[0]
		c := o.Consignee
		c.Name, c.Phone = "钱多多", "13566668642"
		_, _, err = w.orders.ChangeAddress(ctx, w.key(), o.ID, o.Version, c)
		w.must(err)
		for _, s := range []string{"8642", "13566668642", "钱多多"} {
			if got := searchIDs(t, w, ctx, s); !slices.Contains(got, o.ID) {
				t.Errorf("after the change, search %q found %v, not the changed order", s, got)
			}
		}
		if got := searchIDs(t, w, w.as("CS1006"), "8642"); len(got) != 0 {
			t.Errorf("another depot found %v by the new phone", got)
		}
		// The old consignee name (the consignor is 陈先生) no longer finds it.
		if got := searchIDs(t, w, ctx, "欧阳_娜娜"); slices.Contains(got, o.ID) {
			t.Errorf("after the change, the old consignee name still finds the order")
		}
		if d.Dialect == db.SQLite {
			// Every order has exactly one stable key in the name index, and nothing else does.
			var orders, keys, orphans int
			ctx := context.Background()
			w.must(d.R.NewRaw("SELECT COUNT(*) FROM orders").Scan(ctx, &orders))
			w.must(d.R.NewRaw("SELECT COUNT(*) FROM orders_name_keys").Scan(ctx, &keys))
			w.must(d.R.NewRaw("SELECT COUNT(*) FROM orders_name_keys WHERE order_id NOT IN (SELECT id FROM orders)").Scan(ctx, &orphans))
			if orders != keys || orphans != 0 {
				t.Errorf("%d orders, %d name keys, %d keys without an order", orders, keys, orphans)
			}
			// VACUUM may renumber the orders' rowids; search still finds by name after it.
			_, err := d.W.ExecContext(ctx, "VACUUM")
			w.must(err)
			if got := searchIDs(t, w, w.as("CS1001"), "钱多多"); !slices.Contains(got, o.ID) {
				t.Errorf("after VACUUM, search found %v, not the changed order", got)
			}
		}
	})
}
