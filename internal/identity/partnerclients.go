package identity

import (
	"context"

	"github.com/uptrace/bun"
)

// ActivePartnerClient loads the active partner client whose public client id is
// clientID, for other capabilities that take one as input (an order entered for a
// partner, a consignment station's merchant). sql.ErrNoRows when there is none.
func ActivePartnerClient(ctx context.Context, idb bun.IDB, clientID string) (*PartnerClient, error) {
	pc := new(PartnerClient)
	err := idb.NewSelect().Model(pc).Where("client_id = ? AND active", clientID).Scan(ctx)
	return pc, err
}

// PartnerClientName returns the name of the partner client id (the internal id, as in a
// partner's Principal), as written in an order's history.
func PartnerClientName(ctx context.Context, idb bun.IDB, id string) (string, error) {
	var name string
	err := idb.NewSelect().Model((*PartnerClient)(nil)).Column("name").Where("id = ?", id).Scan(ctx, &name)
	return name, err
}
