package order

import (
	"context"

	"github.com/uptrace/bun"
)

// InDepot loads order id if it belongs to depotID, for other capabilities that take an
// order of a depot as input (a hand-over to a consignment station). sql.ErrNoRows when
// there is no such order in that depot.
func InDepot(ctx context.Context, idb bun.IDB, id, depotID string) (*Order, error) {
	o := new(Order)
	err := idb.NewSelect().Model(o).Where("id = ? AND depot_id = ?", id, depotID).Scan(ctx)
	return o, err
}

// PartnerWaybills is how many of some waybills one partner client sent.
type PartnerWaybills struct {
	PartnerClientID string `bun:"partner_client_id"`
	N               int    `bun:"n"`
}

// WaybillsByPartner counts, per partner client, the orders of depotID among waybills
// that a partner client sent, by client id: a consignment station's anomalies told to
// the merchants' salespeople.
func WaybillsByPartner(ctx context.Context, idb bun.IDB, depotID string, waybills []string) ([]PartnerWaybills, error) {
	var out []PartnerWaybills
	err := idb.NewSelect().TableExpr("orders AS o").ColumnExpr("o.partner_client_id, COUNT(*) AS n").
		Where("o.depot_id = ? AND o.waybill_no IN (?) AND o.partner_client_id IS NOT NULL", depotID, bun.List(waybills)).
		GroupExpr("o.partner_client_id").OrderExpr("o.partner_client_id").Scan(ctx, &out)
	return out, err
}

// WaybillsByID returns the waybill number of each of ids that is an order, with one
// statement and no check of the caller: identity's reveal audit export names the
// orders whose contact was revealed (identity.Service.Waybills is set to it at wiring).
func WaybillsByID(ctx context.Context, idb bun.IDB, ids []string) (map[string]string, error) {
	var rows []struct {
		ID        string `bun:"id"`
		WaybillNo string `bun:"waybill_no"`
	}
	if err := idb.NewSelect().Model((*Order)(nil)).Column("id", "waybill_no").Where("id IN (?)", bun.List(ids)).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.WaybillNo
	}
	return out, nil
}
