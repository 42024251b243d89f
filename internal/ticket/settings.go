package ticket

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// orgSettings loads a per-organisation setting (SLA policies, claim approval limits): one
// row per key, in the order of keys, the organisation's own where it set one and def(key)
// otherwise. The organisation's rows live in the setting's table under org_id.
func orgSettings[T any, K comparable](ctx context.Context, idb bun.IDB, org string, keys []K, keyOf func(*T) K, def func(K) *T) ([]*T, error) {
	var set []*T
	if err := idb.NewSelect().Model(&set).Where("org_id = ?", org).Scan(ctx); err != nil {
		return nil, err
	}
	own := make(map[K]*T, len(set))
	for _, x := range set {
		own[keyOf(x)] = x
	}
	out := make([]*T, 0, len(keys))
	for _, k := range keys {
		if x, ok := own[k]; ok {
			out = append(out, x)
		} else {
			out = append(out, def(k))
		}
	}
	return out, nil
}

// callersSettings loads a setting for the caller's organisation. Any ticket viewer.
func callersSettings[T any](ctx context.Context, s *Service, op string, load func(context.Context, bun.IDB, string) ([]*T, error)) ([]*T, error) {
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	org, err := identity.OrgOf(ctx, s.DB.R, p.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	out, err := load(ctx, s.DB.R, org)
	return out, apperr.Wrap(op, err)
}
