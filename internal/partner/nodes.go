package partner

import (
	"context"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// Look-ups by id for node/nodes and dataloaders. Each returns only what the caller owns
// (a partner client: itself, and its endpoints, deliveries and operations, the webhook
// ones only with the webhooks scope) or, for an administrator, everything; anyone else
// gets nothing. What is not returned is, to the caller, indistinguishable from what does
// not exist.

// lookUpTypes are the node types a partner client may look up by id (node/nodes): its
// orders, its own client record, endpoints, deliveries and operations, and the stations
// its orders go through. Each type's loader then keeps to what the client owns or reaches.
var lookUpTypes = []string{"Order", "PartnerClient", "WebhookEndpoint", "WebhookDelivery", "PersistedOperation", "ConsignmentStation"}

// MayLookUp reports whether p may look a node of type typ up by id at all: staff any type
// (each loader applies their reach), a partner client only the types above.
func MayLookUp(p *identity.Principal, typ string) bool {
	return p != nil && (p.Kind == identity.KindStaff || slices.Contains(lookUpTypes, typ))
}

// viewer says whose partner records the caller may read: all (an administrator), one
// client's (that partner), or none.
func viewer(ctx context.Context, needScope string) (all bool, clientID string) {
	p := identity.PrincipalFrom(ctx)
	switch {
	case p == nil:
		return false, ""
	case p.Kind == identity.KindStaff && p.HasRole(identity.RoleAdmin):
		return true, ""
	case p.Kind == identity.KindPartner && (needScope == "" || slices.Contains(p.Scopes, needScope)):
		return false, p.ID
	}
	return false, ""
}

// ownedByIDs loads the records of type T among ids that the caller may read (see viewer):
// all of them for an administrator; for a partner, mine narrows the query to its own.
func ownedByIDs[T any](ctx context.Context, s *Service, op, scope, idColumn string, ids []string,
	mine func(q *bun.SelectQuery, clientID string) *bun.SelectQuery) ([]*T, error) {
	all, own := viewer(ctx, scope)
	if !all && own == "" {
		return nil, nil
	}
	var out []*T
	q := s.DB.R.NewSelect().Model(&out).Where("? IN (?)", bun.Ident(idColumn), bun.List(ids))
	if !all {
		q = mine(q, own)
	}
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// ClientsByIDs loads partner clients: an administrator any, a partner only itself.
func (s *Service) ClientsByIDs(ctx context.Context, ids []string) ([]*Client, error) {
	return ownedByIDs[Client](ctx, s, "partner.ClientsByIDs", "", "id", ids, func(q *bun.SelectQuery, own string) *bun.SelectQuery {
		return q.Where("id = ?", own)
	})
}

// EndpointsByIDs loads webhook endpoints: an administrator any, a partner with the
// webhooks scope its own.
func (s *Service) EndpointsByIDs(ctx context.Context, ids []string) ([]*Endpoint, error) {
	return ownedByIDs[Endpoint](ctx, s, "partner.EndpointsByIDs", ScopeWebhooks, "e.id", ids, func(q *bun.SelectQuery, own string) *bun.SelectQuery {
		return q.Where("e.client_id = ?", own)
	})
}

// DeliveriesByIDs loads webhook deliveries: an administrator any, a partner with the
// webhooks scope those of its own endpoints.
func (s *Service) DeliveriesByIDs(ctx context.Context, ids []string) ([]*Delivery, error) {
	return ownedByIDs[Delivery](ctx, s, "partner.DeliveriesByIDs", ScopeWebhooks, "d.id", ids, func(q *bun.SelectQuery, own string) *bun.SelectQuery {
		return q.Join("JOIN webhook_endpoints AS e ON e.id = d.endpoint_id").Where("e.client_id = ?", own)
	})
}

// OperationKey is the key of a registered operation among every client's: the client
// row id, a slash and the document's SHA-256.
func (o *Operation) Key() string { return o.ClientID + "/" + o.ID }

// OperationsByKeys loads registered operations by OperationKey: an administrator any, a
// partner its own.
func (s *Service) OperationsByKeys(ctx context.Context, keys []string) ([]*Operation, error) {
	all, own := viewer(ctx, "")
	if !all && own == "" {
		return nil, nil
	}
	var pairs [][]string
	for _, k := range keys {
		client, hash, ok := strings.Cut(k, "/")
		if ok && (all || client == own) {
			pairs = append(pairs, []string{client, hash})
		}
	}
	if len(pairs) == 0 {
		return nil, nil
	}
	var out []*Operation
	err := s.DB.R.NewSelect().Model(&out).WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		for _, p := range pairs {
			q = q.WhereOr("client_id = ? AND id = ?", p[0], p[1])
		}
		return q
	}).Scan(ctx)
	return out, apperr.Wrap("partner.OperationsByKeys", err)
}
