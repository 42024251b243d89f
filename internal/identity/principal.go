package identity

import (
	"context"
	"slices"

	"github.com/expresscs/cs/internal/apperr"
)

// PrincipalKind says whether a caller is a staff member or a partner client.
type PrincipalKind string

// The kinds of caller.
const (
	KindStaff   PrincipalKind = "staff"
	KindPartner PrincipalKind = "partner"
)

// Principal is the authenticated caller of a request, taken from a verified token.
type Principal struct {
	Kind    PrincipalKind
	ID      string // staff id or partner client row id
	Roles   []Role
	DepotID string   // staff only
	Scopes  []string // partner only
	// SessionVersion is the staff member's session version the token was issued at
	// (staff only): deactivation raises it, ending every earlier token (see Sessions).
	SessionVersion int

	// sessions, set by Tokens.Verify, lets UntilSessionEnds watch this caller's session.
	sessions *Sessions
	// ManagedUnitID is the unit a manager runs (token claim "mu"); empty otherwise.
	ManagedUnitID string
	// UnitID is the unit a partner client is assigned to (token claim "unit"): the depot
	// its API orders go to, or the units a registered scanner scans in.
	UnitID string

	reach *Reach // attached when the token is verified; see Reach
}

// HasRole reports whether the caller holds r.
func (p *Principal) HasRole(r Role) bool { return p != nil && slices.Contains(p.Roles, r) }

// HasAnyRole reports whether the caller holds any of rs.
func (p *Principal) HasAnyRole(rs ...Role) bool {
	for _, r := range rs {
		if p.HasRole(r) {
			return true
		}
	}
	return false
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller, or nil for an anonymous request.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// RequireStaff returns the caller if it is a logged-in staff member; UNAUTHENTICATED for
// anonymous callers and FORBIDDEN for partners.
func RequireStaff(ctx context.Context, op string) (*Principal, error) {
	p := PrincipalFrom(ctx)
	if p == nil {
		return nil, apperr.E(op, apperr.Unauthenticated)
	}
	if p.Kind != KindStaff {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	return p, nil
}

// RequireStaffWithAnyRole returns the caller if it is a logged-in staff member holding
// one of roles; UNAUTHENTICATED for anonymous callers, FORBIDDEN for partners and for
// staff without such a role.
func RequireStaffWithAnyRole(ctx context.Context, op string, roles ...Role) (*Principal, error) {
	p, err := RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasAnyRole(roles...) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	return p, nil
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the request id (used in audit entries and logs).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}
