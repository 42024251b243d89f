package identity

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/event"
)

// OrgTree is an immutable snapshot of the organisation tree (group → region → branch →
// depot), held in memory so that a request's reach and the questions capabilities ask
// about the tree (ancestors of a unit, depots under a unit) cost no SQL statement.
type OrgTree struct {
	units       map[string]*OrgUnit
	children    map[string][]string
	depotsUnder map[string][]string // every unit → the depots in its subtree, sorted
	depots      int
}

func newOrgTree(units []*OrgUnit) *OrgTree {
	t := &OrgTree{units: map[string]*OrgUnit{}, children: map[string][]string{}, depotsUnder: map[string][]string{}}
	for _, u := range units {
		t.units[u.ID] = u
	}
	for _, u := range units {
		if u.ParentID != nil {
			t.children[*u.ParentID] = append(t.children[*u.ParentID], u.ID)
		}
		if u.Kind != KindDepot {
			continue
		}
		t.depots++
		// A depot belongs to itself and to each unit above it (depth bounded, so a cycle
		// written by hand into the table cannot hang a request).
		for cur, depth := u, 0; cur != nil && depth < 16; depth++ {
			t.depotsUnder[cur.ID] = append(t.depotsUnder[cur.ID], u.ID)
			if cur.ParentID == nil {
				break
			}
			cur = t.units[*cur.ParentID]
		}
	}
	for _, ds := range t.depotsUnder {
		slices.Sort(ds)
	}
	return t
}

// Unit returns the unit with id, or nil.
func (t *OrgTree) Unit(id string) *OrgUnit { return t.units[id] }

// Ancestors returns the unit and every unit above it, nearest first, ending at the
// organisation (the top of the tree); empty for an unknown unit.
func (t *OrgTree) Ancestors(id string) []*OrgUnit {
	var out []*OrgUnit
	for cur, depth := t.units[id], 0; cur != nil && depth < 16; depth++ {
		out = append(out, cur)
		if cur.ParentID == nil {
			break
		}
		cur = t.units[*cur.ParentID]
	}
	return out
}

// AncestorIDs is Ancestors as ids.
func (t *OrgTree) AncestorIDs(id string) []string {
	as := t.Ancestors(id)
	out := make([]string, len(as))
	for i, u := range as {
		out[i] = u.ID
	}
	return out
}

// AncestorOfKind returns the unit of kind at or above id, or "".
func (t *OrgTree) AncestorOfKind(id string, kind OrgUnitKind) string {
	for _, u := range t.Ancestors(id) {
		if u.Kind == kind {
			return u.ID
		}
	}
	return ""
}

// OrgOf returns the organisation (the top of the tree) a unit belongs to, or "".
func (t *OrgTree) OrgOf(id string) string {
	as := t.Ancestors(id)
	if len(as) == 0 {
		return ""
	}
	return as[len(as)-1].ID
}

// Orgs returns the organisations: the units at the top of the tree, sorted by id.
func (t *OrgTree) Orgs() []string {
	var out []string
	for id, u := range t.units {
		if u.ParentID == nil {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// DepotsUnder returns the depots in the subtree of id (id itself when it is a depot),
// sorted. The slice is shared: do not change it.
func (t *OrgTree) DepotsUnder(id string) []string { return t.depotsUnder[id] }

// UnitsUnder returns id and every unit below it.
func (t *OrgTree) UnitsUnder(id string) []string {
	if t.units[id] == nil {
		return nil
	}
	out := []string{id}
	for i := 0; i < len(out) && i < 100_000; i++ {
		out = append(out, t.children[out[i]]...)
	}
	return out
}

// Contains reports whether unit lies in the subtree of ancestor (or is it).
func (t *OrgTree) Contains(ancestor, unit string) bool {
	return slices.ContainsFunc(t.Ancestors(unit), func(u *OrgUnit) bool { return u.ID == ancestor })
}

// coversEveryDepot reports whether depots (sorted, without duplicates) is every depot of
// the tree, so a filter by them would filter nothing.
func (t *OrgTree) coversEveryDepot(depots []string) bool {
	return t.depots > 0 && len(depots) == t.depots
}

// OrgTopic is the event topic announcing that the organisation tree changed.
const OrgTopic = "identity:org"

// Org holds the current snapshot of the organisation tree for one server instance. It
// loads the tree with one statement on first use and again after a change: the instance
// that changes a unit drops its snapshot when the change commits, and every instance
// drops it when the change's announcement on OrgTopic arrives (Follow).
type Org struct {
	DB *db.DB

	mu   sync.Mutex
	tree atomic.Pointer[OrgTree]
	gen  atomic.Uint64
}

// Tree returns the current snapshot, loading it if there is none.
func (o *Org) Tree(ctx context.Context) (*OrgTree, error) {
	if t := o.tree.Load(); t != nil {
		return t, nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if t := o.tree.Load(); t != nil {
		return t, nil
	}
	gen := o.gen.Load()
	t, err := LoadTree(ctx, o.DB.R)
	if err != nil {
		return nil, apperr.Wrap("identity.Org.Tree", err)
	}
	// A change announced while the tree was being read may be missing from it: use it
	// for this request but keep no copy.
	if o.gen.Load() == gen {
		o.tree.Store(t)
	}
	return t, nil
}

// LoadTree reads the whole organisation tree with one statement: for work done without a
// request's principal (whose reach carries the instance's snapshot, see Reach.Tree).
func LoadTree(ctx context.Context, idb bun.IDB) (*OrgTree, error) {
	var units []*OrgUnit
	if err := idb.NewSelect().Model(&units).Scan(ctx); err != nil {
		return nil, err
	}
	return newOrgTree(units), nil
}

// TreeOf returns the tree of the caller's reach, or, without one, the tree read afresh.
func TreeOf(ctx context.Context, idb bun.IDB) (*OrgTree, error) {
	if t := PrincipalFrom(ctx).Reach().Tree(); t != nil {
		return t, nil
	}
	return LoadTree(ctx, idb)
}

// Invalidate drops the snapshot; the next use loads the tree again.
func (o *Org) Invalidate() {
	o.gen.Add(1)
	o.tree.Store(nil)
}

// Follow drops the snapshot whenever any instance announces a change of the tree, until
// ctx ends.
func (o *Org) Follow(ctx context.Context, bus event.Bus) {
	for range bus.Subscribe(ctx, OrgTopic) {
		o.Invalidate()
	}
}

// changed announces a change of the tree made in the transaction of ctx: this instance
// drops its snapshot at commit, the others when the announcement reaches them.
func (o *Org) changed(ctx context.Context, tx bun.IDB, bus event.Bus) error {
	if !db.AfterCommit(ctx, o.Invalidate) {
		o.Invalidate()
	}
	if bus == nil {
		return nil
	}
	return bus.PublishTx(ctx, tx, OrgTopic, map[string]string{})
}
