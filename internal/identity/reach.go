package identity

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
)

// Reach is what a caller may read and act in, per role they hold: an agent and a
// supervisor their depot; a manager the subtree of the unit they manage; a verifier and
// an admin their whole organisation (a verifier uses it for the over/short-goods
// register only, because no other capability lets a verifier in); a partner client the
// subtree of the unit it is assigned to (the depot its API orders go to, or what a
// registered scanner scans), besides its own orders, which capabilities check by owner.
//
// It is computed once per request, when the token is verified, from the roles and units
// in the token and the in-memory organisation tree: no SQL statement. Capabilities ask it
// two questions that cannot disagree: Covers (may the caller reach this depot?) for a
// record in hand, and Filter/SQL (narrow a query to the depots reached) for lists.
type Reach struct {
	tree  *OrgTree // nil when the principal was built without the tree: own depot only
	org   string
	roots map[Role]string // role → the unit whose subtree the role reaches
	own   string          // the caller's depot (staff)
}

// Reach returns the caller's reach. A principal built by hand (without the tree)
// reaches its own depot with every staff role it holds, and nothing else.
func (p *Principal) Reach() *Reach {
	if p == nil {
		return &Reach{}
	}
	if p.reach != nil {
		return p.reach
	}
	r := &Reach{roots: map[Role]string{}, own: p.DepotID}
	if p.Kind == KindStaff {
		for _, role := range p.Roles {
			r.roots[role] = p.DepotID
		}
	}
	return r
}

// reachOf computes p's reach from the tree.
func (t *OrgTree) reachOf(p *Principal) *Reach {
	r := &Reach{tree: t, roots: map[Role]string{}, own: p.DepotID}
	if p.Kind == KindPartner {
		if p.UnitID != "" && t.Unit(p.UnitID) != nil {
			r.org = t.OrgOf(p.UnitID)
			r.roots[RolePartner] = p.UnitID
		}
		return r
	}
	r.org = t.OrgOf(p.DepotID)
	for _, role := range p.Roles {
		switch role {
		case RoleAgent, RoleSupervisor:
			r.roots[role] = p.DepotID
		case RoleManager:
			// A manager without a unit to run (not yet assigned) reaches their own depot.
			r.roots[role] = p.DepotID
			if p.ManagedUnitID != "" && t.Unit(p.ManagedUnitID) != nil && t.OrgOf(p.ManagedUnitID) == r.org {
				r.roots[role] = p.ManagedUnitID
			}
		case RoleVerifier, RoleAdmin:
			if r.org != "" {
				r.roots[role] = r.org
			}
		}
	}
	return r
}

// Org returns the caller's organisation (the top of their tree), or "" when unknown.
func (r *Reach) Org() string { return r.org }

// OrgSQL is the condition that column (a depot id) names a depot of the caller's
// organisation: the directory staff share (colleagues, superiors, the org chart).
func (r *Reach) OrgSQL(column string) (string, []any) {
	var depots []string
	switch {
	case r.tree == nil && r.own != "":
		depots = []string{r.own}
	case r.tree != nil && r.org != "":
		depots = r.tree.DepotsUnder(r.org)
	}
	switch {
	case len(depots) == 0:
		return "1 = 0", nil
	case r.tree != nil && r.tree.coversEveryDepot(depots):
		return "1 = 1", nil
	default:
		return column + " IN (?)", []any{bun.List(depots)}
	}
}

// Tree returns the organisation tree the reach was computed from, or nil for a
// principal built without it.
func (r *Reach) Tree() *OrgTree { return r.tree }

// Root returns the unit whose subtree role reaches, or "" when the caller does not hold
// the role (a manager's managed unit, an admin's organisation, a supervisor's depot).
func (r *Reach) Root(role Role) string { return r.roots[role] }

// Depots returns the depots the caller reaches through any of roles, sorted.
func (r *Reach) Depots(roles ...Role) []string {
	var out []string
	for _, role := range roles {
		root, ok := r.roots[role]
		if !ok {
			continue
		}
		if r.tree == nil {
			out = append(out, root)
			continue
		}
		out = append(out, r.tree.DepotsUnder(root)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Covers reports whether the caller reaches depotID through any of roles.
func (r *Reach) Covers(depotID string, roles ...Role) bool {
	if depotID == "" {
		return false
	}
	for _, role := range roles {
		root, ok := r.roots[role]
		if !ok {
			continue
		}
		if root == depotID || (r.tree != nil && r.tree.Contains(root, depotID)) {
			return true
		}
	}
	return false
}

// InOrg reports whether unitID (a depot or any other unit) belongs to the caller's
// organisation (for people and records that must stay inside it, such as a colleague
// handed a ticket).
func (r *Reach) InOrg(unitID string) bool {
	if r.tree == nil {
		return unitID != "" && unitID == r.own
	}
	return r.org != "" && r.tree.OrgOf(unitID) == r.org
}

// CoversUnit reports whether unitID (of any level) lies within what the caller reaches
// through any of roles: a manager covers their unit and everything below it.
func (r *Reach) CoversUnit(unitID string, roles ...Role) bool { return r.Covers(unitID, roles...) }

// SQL returns a condition that column (a depot id) is one the caller reaches through any
// of roles, with its arguments: `column IN (?)`, or a condition that is always true when
// that is every depot there is, or always false when it is none.
func (r *Reach) SQL(column string, roles ...Role) (string, []any) {
	return r.SQLWith(column, func(column string, depots []string) (string, any) { return column + " IN (?)", bun.List(depots) }, roles...)
}

// SQLWith is SQL with the depots' condition written by in (db.DB.In), so that the
// statement's text need not name them.
func (r *Reach) SQLWith(column string, in func(column string, values []string) (string, any), roles ...Role) (string, []any) {
	depots := r.Depots(roles...)
	switch {
	case len(depots) == 0:
		return "1 = 0", nil
	case r.tree != nil && r.tree.coversEveryDepot(depots):
		return "1 = 1", nil
	default:
		cond, arg := in(column, depots)
		return cond, []any{arg}
	}
}

// Filter narrows q to rows whose column names a depot the caller reaches through any of
// roles.
func (r *Reach) Filter(q *bun.SelectQuery, column string, roles ...Role) *bun.SelectQuery {
	cond, args := r.SQL(column, roles...)
	return q.Where(cond, args...)
}

// StaffRoles are the roles through which staff read and act in depots (everything but
// VERIFIER, whose reach opens only the over/short-goods register).
var StaffRoles = []Role{RoleAgent, RoleSupervisor, RoleManager, RoleAdmin}

// OverseerRoles are the roles that oversee a depot: its supervisors, the managers above
// it and the admins (rosters, attendance, inspections, score sheets, reports).
var OverseerRoles = []Role{RoleSupervisor, RoleManager, RoleAdmin}

// Authenticate verifies an access token and returns its principal with the caller's
// reach attached, computed from the in-memory organisation tree (loaded with one
// statement only after the tree changed). UNAUTHENTICATED as Tokens.Verify.
func (s *Service) Authenticate(ctx context.Context, raw string) (*Principal, error) {
	p, err := s.Tokens.Verify(raw)
	if err != nil {
		return nil, err
	}
	return s.withReach(ctx, p)
}

func (s *Service) withReach(ctx context.Context, p *Principal) (*Principal, error) {
	t, err := s.Org.Tree(ctx)
	if err != nil {
		return nil, apperr.Wrap("identity.reach", err)
	}
	p.reach = t.reachOf(p)
	return p, nil
}

// PrincipalOf returns the principal of a staff member as a token would carry it, with
// its reach: for tests, background jobs and the demo data, which act as someone without
// a request.
func (s *Service) PrincipalOf(ctx context.Context, st *Staff) (*Principal, error) {
	p, err := staffPrincipal(ctx, s.DB.R, st)
	if err != nil {
		return nil, err
	}
	return s.withReach(ctx, p)
}

// Tree returns the current organisation tree (no statement unless it changed).
func (s *Service) Tree(ctx context.Context) (*OrgTree, error) { return s.Org.Tree(ctx) }

// OrgOfCaller returns the caller's organisation: from their reach (no statement), or,
// for a principal built without the tree, from the database.
func OrgOfCaller(ctx context.Context, idb bun.IDB, p *Principal) (string, error) {
	if org := p.Reach().Org(); org != "" {
		return org, nil
	}
	return OrgOf(ctx, idb, p.DepotID)
}

// StaffWithRole lists the active staff holding role whose depot is one of depotIDs, by
// employee number: "the supervisors of this depot", "the admins of this organisation"
// (pass Tree.DepotsUnder of a unit for everyone under it).
func StaffWithRole(ctx context.Context, idb bun.IDB, role Role, depotIDs []string) ([]*Staff, error) {
	out := []*Staff{}
	if len(depotIDs) == 0 {
		return out, nil
	}
	cond, arg := hasRoleSQL("staff.id", role)
	if err := idb.NewSelect().Model(&out).Where("depot_id IN (?) AND active", bun.List(depotIDs)).Where(cond, arg).
		OrderExpr("employee_no").Scan(ctx); err != nil {
		return nil, err
	}
	return out, LoadRoles(ctx, idb, out...)
}

// NextManagers finds the next level up from unitID: the nearest unit at or above it run by
// an active manager who is not one of exclude (the parties to a case), and its managers.
// It returns "" and none when there is no such unit or no tree.
func NextManagers(ctx context.Context, idb bun.IDB, tree *OrgTree, unitID string, exclude ...string) (string, []*Staff, error) {
	if tree == nil {
		return "", nil, nil
	}
	ancestors := tree.AncestorIDs(unitID)
	ms, err := ManagersOf(ctx, idb, ancestors)
	if err != nil {
		return "", nil, err
	}
	for _, a := range ancestors {
		var here []*Staff
		for _, m := range ms {
			if m.ManagedUnitID != nil && *m.ManagedUnitID == a && !slices.Contains(exclude, m.ID) {
				here = append(here, m)
			}
		}
		if len(here) > 0 {
			return a, here, nil
		}
	}
	return "", nil, nil
}

// ManagersOf lists the active managers who run one of unitIDs, by employee number.
func ManagersOf(ctx context.Context, idb bun.IDB, unitIDs []string) ([]*Staff, error) {
	out := []*Staff{}
	if len(unitIDs) == 0 {
		return out, nil
	}
	cond, arg := hasRoleSQL("staff.id", RoleManager)
	if err := idb.NewSelect().Model(&out).Where("managed_unit_id IN (?) AND active", bun.List(unitIDs)).Where(cond, arg).
		OrderExpr("employee_no").Scan(ctx); err != nil {
		return nil, err
	}
	return out, LoadRoles(ctx, idb, out...)
}

// UnitAncestors returns unitID and the units above it, nearest first: from tree when
// there is one (no statement), else with one recursive query (for work done without a
// request's principal).
func UnitAncestors(ctx context.Context, idb bun.IDB, tree *OrgTree, unitID string) ([]string, error) {
	if tree != nil {
		return tree.AncestorIDs(unitID), nil
	}
	var out []string
	err := idb.NewRaw(`WITH RECURSIVE up(id, parent_id, depth) AS (
		SELECT id, parent_id, 0 FROM org_units WHERE id = ?
		UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM org_units o JOIN up ON o.id = up.parent_id WHERE up.depth < 16
	) SELECT id FROM up ORDER BY depth`, unitID).Scan(ctx, &out)
	return out, err
}

// Units returns every unit (of any level) the caller reaches through any of roles: the
// subtrees of their roots.
func (r *Reach) Units(roles ...Role) []string {
	var out []string
	for _, role := range roles {
		root, ok := r.roots[role]
		if !ok {
			continue
		}
		if r.tree == nil {
			out = append(out, root)
			continue
		}
		out = append(out, r.tree.UnitsUnder(root)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
