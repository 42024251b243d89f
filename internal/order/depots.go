package order

import "github.com/uptrace/bun"

// Depots selects every order's id and depot (columns id, depot_id), for a capability that
// attributes its own rows about orders to depots within one statement (tracking history,
// pruned by each organisation's retention): join it as a subquery, (?) AS o.
func Depots(idb bun.IDB) *bun.SelectQuery {
	return idb.NewSelect().TableExpr("orders").Column("id", "depot_id")
}
