package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// BenchmarkScale measures an agent's everyday queries through the API (median of 5)
// with the demo's few orders, then again after loading a year of data into the agent's
// depot with set-based SQL: SCALE_ORDERS orders (default 1,000,000 on PostgreSQL and
// 100,000 on SQLite, a depot-size database), three tracking events each and one ticket
// for every ten orders. It prints
// both columns side by side (issue 21). Run it with -benchtime 1x (make bench-scale).
func BenchmarkScale(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			var s *testServer
			n := 100_000
			if name == "sqlite" {
				s = newTestServer(b, dbtest.SQLite(b))
			} else {
				s = postgresLikeProduction(b)
				n = 1_000_000
			}
			if v, err := strconv.Atoi(os.Getenv("SCALE_ORDERS")); err == nil && v > 0 {
				n = v
			}
			token, _ := s.login("CS1001")
			waybill := benchOrders(b, s, token, 6)[0]
			events := []any{}
			for i, st := range []string{"PICKED_UP", "IN_TRANSIT", "ARRIVED_AT_HUB"} {
				events = append(events, ev(fmt.Sprintf("scale-%d", i), waybill, st, time.Now().Add(time.Duration(i-5)*time.Hour)))
			}
			s.post(recordEvents, map[string]any{"events": events}, withToken(token)).must(b)
			s.openTicket(token)
			queries := scaleQueries(waybill)
			small := make([]time.Duration, len(queries))
			for i, q := range queries {
				small[i] = medianOf5(b, s, token, q.query)
			}
			start := time.Now()
			loadScale(b, s.app.DB, waybill, n)
			loaded := time.Since(start)
			large := make([]time.Duration, len(queries))
			for i, q := range queries {
				large[i] = medianOf5(b, s, token, q.query)
			}
			b.StopTimer()
			if name == "postgres" && os.Getenv("SCALE_EXPLAIN") != "" {
				explainScale(b, s.app.DB)
			}
			fmt.Printf("\nBenchmarkScale/%s: loaded %d orders, %d events and %d tickets in %s; median of 5 through the API\n",
				name, n, 3*n, n/10, loaded.Round(time.Second))
			fmt.Printf("%-58s %10s %14s\n", "query (an agent of the depot)", "6 orders", fmt.Sprintf("%d orders", n+6))
			for i, q := range queries {
				fmt.Printf("%-58s %8.1fms %12.1fms\n", q.name, ms(small[i]), ms(large[i]))
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type scaleQuery struct{ name, query string }

// scaleQueries are the queries. The loaded names are 王/李/张… + 建国/秀英/…
// and the phones' last four digits spread evenly, so a three-character name matches one
// order in 500 and a last four one in 5,000 per phone.
func scaleQueries(waybill string) []scaleQuery {
	list := func(search string) string {
		return `{ orders(first: 20` + search + `) { totalCount totalCountCapped edges { node { id waybillNo consignee { name phoneMasked } } } } }`
	}
	return []scaleQuery{
		{"orders(first: 20) { totalCount … }", list("")},
		{`orders(search: "<phone last 4>")`, list(`, search: "5678"`)},
		{`orders(search: "<full phone>")`, list(`, search: "13800015678"`)},
		{`orders(search: "<name, 3 characters>")`, list(`, search: "李秀英"`)},
		{`orders(search: "<name, 2 characters>")`, list(`, search: "秀英"`)},
		{`orders(search: "<no such name>")`, list(`, search: "欧阳无此人"`)},
		{"orderByWaybill with its timeline", `{ orderByWaybill(waybillNo: "` + waybill + `") { waybillNo milestone trackingEvents { status occurredAt place } } }`},
		{"tickets(first: 20) { totalCount … }", `{ tickets(first: 20) { totalCount totalCountCapped edges { node { id } } } }`},
	}
}

// medianOf5 posts query five times (after one warm-up) and returns the median time.
func medianOf5(b *testing.B, s *testServer, token, query string) time.Duration {
	b.Helper()
	s.post(query, nil, withToken(token)).must(b)
	times := make([]time.Duration, 5)
	for i := range times {
		t0 := time.Now()
		s.post(query, nil, withToken(token)).must(b)
		times[i] = time.Since(t0)
	}
	slices.Sort(times)
	return times[2]
}

// loadScale copies the order with the given waybill n times, with names, phones, ids,
// waybills and creation times varied, and gives each copy three tracking events copied
// from the original's, in a few set-based statements (generate_series on PostgreSQL, a
// recursive CTE on SQLite). Columns are read from the catalogue, so later migrations'
// columns are copied too.
func loadScale(b *testing.B, d *db.DB, waybill string, n int) {
	b.Helper()
	ctx := context.Background()
	var templateID string
	if err := d.W.NewSelect().Table("orders").Column("id").Where("waybill_no = ?", waybill).Scan(ctx, &templateID); err != nil {
		b.Fatal(err)
	}
	pg := d.Dialect == db.Postgres
	series := "generate_series(1::bigint, ?) AS g(n)"
	str := func(expr string) string { return "(" + expr + ")::text" }
	pad := func(expr string, width int) string { return fmt.Sprintf("lpad((%s)::text, %d, '0')", expr, width) }
	pick := func(list []string, expr string) string {
		return "(ARRAY['" + strings.Join(list, "','") + "'])[(" + expr + ") + 1]"
	}
	if !pg {
		series = "g"
		str = func(expr string) string { return "CAST(" + expr + " AS TEXT)" }
		pad = func(expr string, width int) string {
			return fmt.Sprintf("substr('%s' || CAST(%s AS TEXT), -%d)", strings.Repeat("0", width), expr, width)
		}
		pick = func(list []string, expr string) string {
			var c strings.Builder
			c.WriteString("CASE " + expr)
			for i, v := range list {
				fmt.Fprintf(&c, " WHEN %d THEN '%s'", i, v)
			}
			return c.String() + " END"
		}
	}
	with := ""
	if !pg {
		with = "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?) "
	}
	surnames := []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}
	given := []string{"建国", "秀英", "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇"}
	id := func(prefix string) string {
		return "'" + prefix + "-0000-7000-8000-' || " + pad("n", 12)
	}
	ago := func(col, seconds string) string {
		if pg {
			return "t." + col + " - (" + seconds + ") * interval '1 second'"
		}
		return "strftime('%Y-%m-%d %H:%M:%f+00:00', t." + col + ", printf('%+d seconds', -(" + seconds + ")))"
	}
	orderCols := map[string]string{
		"id":              id("00000000"),
		"waybill_no":      "'ZZ' || " + pad("n", 10),
		"consignor_name":  pick(surnames, "n % 10") + " || " + pick(given, "(n / 10) % 10") + " || '先生'",
		"consignor_phone": "'138' || " + pad("(n * 7919) % 100000000", 8),
		"consignee_name":  pick(surnames, "(n / 100) % 10") + " || " + pick(given, "(n / 1000) % 10"),
		"consignee_phone": "'139' || " + pad("(n * 104729) % 100000000", 8),
		"created_at":      ago("created_at", "n * 30"),
		"updated_at":      ago("created_at", "n * 30"),
	}
	copyRows(b, d, "orders", orderCols, with+"INSERT INTO orders (%s) SELECT %s FROM "+series+", orders AS t WHERE t.id = ?", n, templateID)
	eventCols := map[string]string{
		"id":          "'" + "00000001-0000-7000-8000-' || " + pad("n * 3 + k.k", 12),
		"event_key":   "'scale-' || " + str("n") + " || '-' || " + str("k.k"),
		"order_id":    id("00000000"),
		"occurred_at": ago("occurred_at", "n * 30 - k.k * 3600"),
		"recorded_at": ago("recorded_at", "n * 30 - k.k * 3600"),
	}
	kTable := "(SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) AS k"
	copyRows(b, d, "tracking_events", eventCols, with+"INSERT INTO tracking_events (%s) SELECT %s FROM "+series+", (SELECT * FROM tracking_events WHERE order_id = ? LIMIT 1) AS t, "+kTable, n, templateID)
	if d.Dialect == db.Postgres {
		// On PostgreSQL event keys are unique through tracking_event_keys, which ingest writes
		// with each event (see the migration 20261209020000); a bulk load writes them too.
		if _, err := d.W.ExecContext(ctx, `INSERT INTO tracking_event_keys (event_key, order_id, occurred_at)
			SELECT event_key, order_id, occurred_at FROM tracking_events ON CONFLICT (event_key) DO NOTHING`); err != nil {
			b.Fatal(err)
		}
	}
	var ticketID string
	if err := d.W.NewSelect().Table("tickets").ColumnExpr("max(id)").Scan(ctx, &ticketID); err != nil {
		b.Fatal(err)
	}
	ticketCols := map[string]string{"id": id("00000002"), "created_at": ago("created_at", "n * 300"), "updated_at": ago("updated_at", "n * 300")}
	copyRows(b, d, "tickets", ticketCols, with+"INSERT INTO tickets (%s) SELECT %s FROM "+series+", tickets AS t WHERE t.id = ?", n/10, ticketID)
	// After a bulk load PostgreSQL's autovacuum would soon vacuum and analyse the tables
	// (visibility map for index-only scans, GIN pending lists merged); do it now.
	analyze := "ANALYZE "
	if d.Dialect == db.Postgres {
		analyze = "VACUUM ANALYZE "
	}
	for _, table := range []string{"orders", "tracking_events", "tickets"} {
		if _, err := d.W.ExecContext(ctx, analyze+table); err != nil {
			b.Fatal(err)
		}
	}
}

// copyRows runs an INSERT … SELECT that copies table's columns from t, but for the
// columns given in replace; generated columns are left to the database.
func copyRows(b *testing.B, d *db.DB, table string, replace map[string]string, stmt string, n int, templateID string) {
	b.Helper()
	ctx := context.Background()
	var cols []string
	var err error
	if d.Dialect == db.Postgres {
		err = d.W.NewRaw(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()
			AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`, table).Scan(ctx, &cols)
	} else {
		err = d.W.NewRaw(`SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid`, table).Scan(ctx, &cols)
	}
	if err != nil {
		b.Fatal(err)
	}
	exprs := make([]string, len(cols))
	for i, c := range cols {
		exprs[i] = "t." + c
		if e, ok := replace[c]; ok {
			exprs[i] = e
		}
	}
	args := []any{n, templateID}
	q := fmt.Sprintf(stmt, strings.Join(cols, ", "), strings.Join(exprs, ", "))
	if _, err := d.W.ExecContext(ctx, q, args...); err != nil {
		b.Fatalf("load %s: %v", table, err)
	}
}

// explainScale prints PostgreSQL's plans for the list's statements as order.List writes
// them for a depot's agent (SCALE_EXPLAIN=1), to check that the indexes are used.
func explainScale(b *testing.B, d *db.DB) {
	b.Helper()
	ctx := context.Background()
	var depot string
	if err := d.W.NewRaw("SELECT depot_id FROM orders WHERE id = (SELECT min(id) FROM orders)").Scan(ctx, &depot); err != nil {
		b.Fatal(err)
	}
	conds := map[string]string{
		"page, no search":    "TRUE",
		"phone last 4":       "(consignor_phone_last4 = '5678' OR consignee_phone_last4 = '5678')",
		"full phone":         "((consignor_phone_last4 = '5678' AND consignor_phone = '13800015678') OR (consignee_phone_last4 = '5678' AND consignee_phone = '13800015678'))",
		"name, 3 characters": `(consignor_name LIKE '%李秀英%' ESCAPE '\' OR consignee_name LIKE '%李秀英%' ESCAPE '\')`,
		"name, 2 characters": `(consignor_name LIKE '%秀英%' ESCAPE '\' OR consignee_name LIKE '%秀英%' ESCAPE '\')`,
		"name, none such":    `(consignor_name LIKE '%欧阳无此人%' ESCAPE '\' OR consignee_name LIKE '%欧阳无此人%' ESCAPE '\')`,
	}
	keys := make([]string, 0, len(conds))
	for k := range conds {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		where := "depot_id = '" + depot + "' AND " + conds[k]
		for _, q := range []string{
			"SELECT id FROM orders WHERE " + where + " ORDER BY id DESC LIMIT 21",
			"SELECT count(*) FROM (SELECT 1 FROM orders WHERE " + where + " LIMIT " + strconv.Itoa(db.CountCap+1) + ") AS capped",
		} {
			var plan []string
			if err := d.W.NewRaw("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+q).Scan(ctx, &plan); err != nil {
				b.Fatal(err)
			}
			fmt.Printf("\n-- %s: %s\n%s\n", k, q, strings.Join(plan, "\n"))
		}
	}
}
