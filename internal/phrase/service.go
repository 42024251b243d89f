package phrase

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// Service stores phrases and their use.
type Service struct {
	DB   *db.DB
	Zone *time.Location // the organisation's zone, for the months of the usage report
	Now  func() time.Time
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// TextMax is the longest phrase text in characters: a phrase is a sentence or two.
const TextMax = 200

// Draft is what a manager writes: the situation, both texts and the order within the
// situation (lower first). Active matters only when editing (false retires the phrase).
type Draft struct {
	Situation Situation
	TextZH    string
	TextEN    string
	Order     int
	Active    bool
}

func (d *Draft) clean(op string) error {
	if !d.Situation.Valid() {
		return apperr.Invalid(op, "situation", "请选择使用场景", "Choose a situation")
	}
	if err := (text.Rule{Field: "textZh", Max: TextMax}).CleanAtLeast(op, &d.TextZH, 1, "请填写中文话术(最多 200 字)", "Write the Chinese text (at most 200 characters)"); err != nil {
		return err
	}
	if err := (text.Rule{Field: "textEn", Max: TextMax}).CleanAtLeast(op, &d.TextEN, 1, "请填写英文话术(最多 200 字)", "Write the English text (at most 200 characters)"); err != nil {
		return err
	}
	if d.Order < 0 || d.Order > 999 {
		return apperr.Invalid(op, "order", "顺序为 0 到 999", "The order is 0 to 999")
	}
	return nil
}

// maintainedUnit is the unit whose phrases the caller maintains: an admin's organisation,
// else a manager's unit; ok is false for everyone else.
func maintainedUnit(p *identity.Principal, org string) (string, bool) {
	if p.HasRole(identity.RoleAdmin) {
		return org, true
	}
	if u := p.Reach().Root(identity.RoleManager); u != "" {
		return u, true
	}
	return "", false
}

// editable reports whether p (of organisation org) may edit ph: admins every phrase of
// their organisation, managers those of the unit they run and the units under it.
func editable(p *identity.Principal, org string, ph *Phrase) bool {
	return p.HasRole(identity.RoleAdmin) && ph.OrgID == org || p.Reach().CoversUnit(ph.UnitID, identity.RoleManager)
}

// readableUnits are the units whose phrases p reads: their depot and every unit above it
// (the branch, the region, the organisation), and what they maintain.
func (s *Service) readableUnits(ctx context.Context, p *identity.Principal) ([]string, error) {
	units, err := identity.UnitAncestors(ctx, s.DB.R, p.Reach().Tree(), p.DepotID)
	if err != nil {
		return nil, err
	}
	units = append(units, p.Reach().Units(identity.RoleManager, identity.RoleAdmin)...)
	if p.HasRole(identity.RoleAdmin) && p.Reach().Tree() == nil {
		// Without the tree an admin's reach is their depot: read the organisation's own.
		org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
		if err != nil {
			return nil, err
		}
		units = append(units, org)
	}
	slices.Sort(units)
	return slices.Compact(units), nil
}

// Create adds a phrase to the unit the caller maintains (an admin's organisation, a
// manager's branch or region). Managers and admins (FORBIDDEN otherwise); BAD_USER_INPUT
// for an unknown situation, blank or over-long texts, an order outside 0 to 999;
// IDEMPOTENCY_KEY_REUSED.
func (s *Service) Create(ctx context.Context, key string, d Draft) (*Phrase, bool, error) {
	const op = "phrase.Create"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	d.Active = true
	if err := d.clean(op); err != nil {
		return nil, false, err
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	unit, ok := maintainedUnit(p, org)
	if !ok {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	now := s.Now().UTC()
	ph, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(d), now, func(ctx context.Context, tx bun.Tx) (*Phrase, error) {
		ph := &Phrase{ID: newID(), OrgID: org, UnitID: unit, Situation: d.Situation, TextZH: d.TextZH, TextEN: d.TextEN,
			Order: d.Order, Active: true, Version: 1, CreatedBy: p.ID, CreatedAt: now, UpdatedBy: p.ID, UpdatedAt: now}
		_, err := tx.NewInsert().Model(ph).Exec(ctx)
		return ph, err
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	ph.Editable = true
	return ph, replayed, nil
}

// Update edits a phrase, or retires it (Active false) or brings it back. Admins for every
// phrase of their organisation, managers for those of their unit and below; FORBIDDEN for
// a phrase the caller reads but does not maintain, NOT_FOUND for one they cannot read,
// CONFLICT when expectedVersion is not the phrase's version (two managers editing at once:
// one wins), BAD_USER_INPUT as Create; IDEMPOTENCY_KEY_REUSED.
func (s *Service) Update(ctx context.Context, key, id string, expectedVersion int, d Draft) (*Phrase, bool, error) {
	const op = "phrase.Update"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if err := d.clean(op); err != nil {
		return nil, false, err
	}
	readable, err := s.readableUnits(ctx, p)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	now := s.Now().UTC()
	ph, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{id, expectedVersion, d}), now, func(ctx context.Context, tx bun.Tx) (*Phrase, error) {
		ph := new(Phrase)
		err := tx.NewSelect().Model(ph).Where("id = ?", id).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !slices.Contains(readable, ph.UnitID) {
			return nil, apperr.E(op, apperr.NotFound)
		}
		if err != nil {
			return nil, err
		}
		if !editable(p, org, ph) {
			return nil, apperr.E(op, apperr.Forbidden)
		}
		if ph.Version != expectedVersion {
			return nil, apperr.E(op, apperr.Conflict).With("currentVersion", ph.Version)
		}
		ph.Situation, ph.TextZH, ph.TextEN, ph.Order, ph.Active = d.Situation, d.TextZH, d.TextEN, d.Order, d.Active
		ph.Version, ph.UpdatedBy, ph.UpdatedAt = expectedVersion+1, p.ID, now
		return ph, db.WriteOne(ctx, tx.NewUpdate().Model(ph).WherePK().Where("version = ?", expectedVersion), apperr.E(op, apperr.Conflict))
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	ph.Editable = true
	return ph, replayed, nil
}

// List returns the phrases the caller reads, by situation and order: those of their
// organisation, of the units above their depot and of their depot, and, for managers and
// admins, of the units they maintain. Retired ones only when includeRetired is set and
// only those the caller maintains. Agents, supervisors, managers and admins (FORBIDDEN
// for partners and verifiers).
func (s *Service) List(ctx context.Context, includeRetired bool) ([]*Phrase, error) {
	const op = "phrase.List"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.StaffRoles...)
	if err != nil {
		return nil, err
	}
	units, err := s.readableUnits(ctx, p)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var all []*Phrase
	q := s.DB.R.NewSelect().Model(&all).Where("unit_id IN (?)", bun.List(units))
	if !includeRetired {
		q = q.Where("active")
	}
	if err := q.OrderExpr("sort_order, created_at, id").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	out := all[:0]
	for _, ph := range all {
		ph.Editable = editable(p, org, ph)
		if ph.Active || ph.Editable {
			out = append(out, ph)
		}
	}
	slices.SortStableFunc(out, func(a, b *Phrase) int {
		return slices.Index(Situations, a.Situation) - slices.Index(Situations, b.Situation)
	})
	return out, nil
}
