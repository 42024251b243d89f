package db

import "testing"

// Bun's placeholders become PostgreSQL's, outside quotes, with the types PostgreSQL
// cannot infer written; what bun alone understands is left to bun.
func TestDollarPlaceholders(t *testing.T) {
	for _, c := range []struct{ text, kinds, want string }{
		{`SELECT "o"."id" FROM orders AS "o" WHERE waybill_no = ? AND n < ?`, "si", `SELECT "o"."id" FROM orders AS "o" WHERE waybill_no = $1 AND n < $2::bigint`},
		{`VALUES (?0, CASE WHEN ?1 <= ?2 THEN ?2 - ?1 ELSE ?2 END, ?3 * ?4, ?5)`, "siiifb", `VALUES ($1, CASE WHEN $2::bigint <= $3::bigint THEN $3::bigint - $2::bigint ELSE $3::bigint END, $4::bigint * $5::float8, $6::boolean)`},
		{`SELECT 'a?b', "c?" FROM t WHERE x = ?`, "s", `SELECT 'a?b', "c?" FROM t WHERE x = $1`},
		{`SELECT ?0, ?`, "ss", ""},           // both kinds
		{`SELECT * FROM ?TableName`, "", ""}, // bun's own
		{`SELECT ?, ?`, "s", ""},             // an argument short
		{`SELECT ?`, "ss", ""},               // one too many
		{`SELECT ?3`, "ss", ""},              // no such argument
		{`SELECT 'open`, "", ""},
	} {
		if got := dollarPlaceholders(c.text, []byte(c.kinds)); got != c.want {
			t.Errorf("%s (%s):\n got %q\nwant %q", c.text, c.kinds, got, c.want)
		}
	}
}
