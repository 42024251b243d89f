package identity

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
)

// Depot returns the depot with id, for work done for a depot without a request's tree
// (tracking rounds). NOT_FOUND when there is no such depot (or the unit is no depot).
func Depot(ctx context.Context, idb bun.IDB, id string) (*OrgUnit, error) {
	depot := new(OrgUnit)
	err := idb.NewSelect().Model(depot).Where("id = ? AND kind = ?", id, KindDepot).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E("identity.Depot", apperr.NotFound)
	}
	return depot, err
}

// Depots returns every depot of every organisation, by id, for the schedulers that work
// depot by depot (tracking rounds).
func Depots(ctx context.Context, idb bun.IDB) ([]*OrgUnit, error) {
	var out []*OrgUnit
	err := idb.NewSelect().Model(&out).Where("kind = ?", KindDepot).OrderExpr("id").Scan(ctx)
	return out, err
}
