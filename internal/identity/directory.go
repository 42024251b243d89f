package identity

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/text"
)

// StaffByIDs loads staff members by id (for dataloaders); missing ids are absent from
// the result. Staff read the directory of their own organisation (anyone else of it is
// left out); phone numbers leave this package only masked, except through RevealPhone.
// Other callers reach staff only through fields that already decided they may.
func (s *Service) StaffByIDs(ctx context.Context, ids []string) ([]*Staff, error) {
	var out []*Staff
	q := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids))
	if p := PrincipalFrom(ctx); p != nil && p.Kind == KindStaff {
		cond, args := p.Reach().OrgSQL("depot_id")
		q = q.Where(cond, args...)
	}
	return out, apperr.Wrap("identity.StaffByIDs", q.Scan(ctx))
}

// OrgUnitsByIDs loads units by id (for dataloaders): for staff, the units of their
// organisation.
func (s *Service) OrgUnitsByIDs(ctx context.Context, ids []string) ([]*OrgUnit, error) {
	var out []*OrgUnit
	q := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids))
	if org := staffOrg(ctx); org != nil {
		q = q.Where("id IN (?)", bun.List(org))
	}
	return out, apperr.Wrap("identity.OrgUnitsByIDs", q.Scan(ctx))
}

// staffOrg returns the units of a staff caller's organisation, or nil for other callers
// (and for a principal built without the tree, who is not held to it).
func staffOrg(ctx context.Context) []string {
	p := PrincipalFrom(ctx)
	if p == nil || p.Kind != KindStaff || p.Reach().Tree() == nil {
		return nil
	}
	return append(p.Reach().Tree().UnitsUnder(p.Reach().Org()), "")
}

// ChildrenOf loads the units directly below each parent id (for dataloaders).
func (s *Service) ChildrenOf(ctx context.Context, parentIDs []string) ([]*OrgUnit, error) {
	var out []*OrgUnit
	err := s.DB.R.NewSelect().Model(&out).Where("parent_id IN (?)", bun.List(parentIDs)).OrderExpr("code").Scan(ctx)
	return out, apperr.Wrap("identity.ChildrenOf", err)
}

// OrgUnits lists every unit of the caller's organisation, top-down by level then code.
// Staff only.
func (s *Service) OrgUnits(ctx context.Context) ([]*OrgUnit, error) {
	const op = "identity.OrgUnits"
	if _, err := RequireStaff(ctx, op); err != nil {
		return nil, err
	}
	var out []*OrgUnit
	q := s.DB.R.NewSelect().Model(&out).
		OrderExpr("CASE kind WHEN 'GROUP' THEN 0 WHEN 'REGION' THEN 1 WHEN 'BRANCH' THEN 2 ELSE 3 END, code")
	if org := staffOrg(ctx); org != nil {
		q = q.Where("id IN (?)", bun.List(org))
	}
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// Me returns the calling staff member. UNAUTHENTICATED without a token, FORBIDDEN for
// partners.
func (s *Service) Me(ctx context.Context) (*Staff, error) {
	const op = "identity.Me"
	p, err := RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	st := new(Staff)
	err = s.DB.R.NewSelect().Model(st).Where("id = ?", p.ID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.Unauthenticated)
	}
	return st, apperr.Wrap(op, err)
}

// StaffPage is one page of a depot's staff, ordered by id.
type StaffPage struct {
	Staff []*Staff
	db.PageInfo
}

// StaffOfDepot pages through the staff of a unit (see db.PageArgs).
// Those who oversee the depot: its supervisors, the managers above it, its
// organisation's admins. FORBIDDEN otherwise.
func (s *Service) StaffOfDepot(ctx context.Context, depotID string, args db.PageArgs) (*StaffPage, error) {
	const op = "identity.StaffOfDepot"
	p, err := RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.Reach().Covers(depotID, OverseerRoles...) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	page := &StaffPage{}
	inDepot := func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("depot_id = ?", depotID) }
	page.Staff, page.PageInfo, err = db.KeysetPage[Staff](ctx, s.DB.R, inDepot, args, false)
	return page, apperr.Wrap(op, err)
}

// MaskPhone shows the first three and last four digits: 138****5678.
func MaskPhone(phone string) string {
	r := []rune(phone)
	if len(r) < 8 {
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}

// PhoneFor returns the number the caller may see without revealing: in full for the
// person themself, masked for everyone else.
func PhoneFor(ctx context.Context, st *Staff) string {
	if p := PrincipalFrom(ctx); p != nil && p.Kind == KindStaff && p.ID == st.ID {
		return st.Phone
	}
	return MaskPhone(st.Phone)
}

// RevealPhone returns a staff member's full number and records the read in the audit
// log. Allowed for the person themself, anyone above them in the reporting chain, and
// those who oversee their depot (its supervisors, the managers above it, its
// organisation's admins). Returns BAD_USER_INPUT without a reason, NOT_FOUND for an
// unknown id or someone of another organisation, FORBIDDEN otherwise.
func (s *Service) RevealPhone(ctx context.Context, staffID, reason string) (*Staff, error) {
	const op = "identity.RevealPhone"
	p, err := RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if reason, err = (text.Rule{Field: "reason", Max: 200}).Clean(op, reason); err != nil {
		return nil, err
	}
	if len([]rune(reason)) < 2 {
		return nil, apperr.Invalid(op, "reason", "请说明查看原因(2 到 200 字)", "Give a reason (2 to 200 characters)")
	}
	target := new(Staff)
	err = s.DB.R.NewSelect().Model(target).Where("id = ?", staffID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if !p.Reach().InOrg(target.DepotID) && p.ID != target.ID {
		return nil, apperr.E(op, apperr.NotFound)
	}
	allowed := p.ID == target.ID || p.Reach().Covers(target.DepotID, OverseerRoles...)
	if !allowed {
		allowed, err = s.isAbove(ctx, p.ID, target)
		if err != nil {
			return nil, apperr.Wrap(op, err)
		}
	}
	if !allowed {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	entry := &AuditEntry{
		ID: uuid.Must(uuid.NewV7()).String(), ActorKind: string(p.Kind), ActorID: p.ID,
		Action: ActionStaffPhoneReveal, SubjectType: "Staff", SubjectID: target.ID, DepotID: &target.DepotID, Reason: reason,
		RequestID: RequestIDFrom(ctx), CreatedAt: s.Now(),
	}
	if _, err := s.DB.W.NewInsert().Model(entry).Exec(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return target, nil
}

// isAbove reports whether actorID is in target's chain of superiors.
func (s *Service) isAbove(ctx context.Context, actorID string, target *Staff) (bool, error) {
	cur := target
	for depth := 0; depth < 16 && cur.SuperiorID != nil; depth++ {
		if *cur.SuperiorID == actorID {
			return true, nil
		}
		next := new(Staff)
		if err := s.DB.R.NewSelect().Model(next).Where("id = ?", *cur.SuperiorID).Scan(ctx); err != nil {
			return false, err
		}
		cur = next
	}
	return false, nil
}

// AuditTrail returns the audit entries about one subject of the caller's organisation,
// newest first. Admins only.
func (s *Service) AuditTrail(ctx context.Context, subjectType, subjectID string) ([]*AuditEntry, error) {
	const op = "identity.AuditTrail"
	p, err := RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasRole(RoleAdmin) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	var out []*AuditEntry
	q := p.Reach().Filter(s.DB.R.NewSelect().Model(&out), "depot_id", RoleAdmin)
	err = q.Where("subject_type = ? AND subject_id = ?", subjectType, subjectID).OrderExpr("created_at DESC").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// IsOrganisation reports whether unitID is an organisation (a unit at the top of a tree).
func IsOrganisation(ctx context.Context, idb bun.IDB, unitID string) (bool, error) {
	return idb.NewSelect().Model((*OrgUnit)(nil)).Where("id = ? AND parent_id IS NULL", unitID).Exists(ctx)
}

// OrgOf returns the organisation (the top of the unit tree) a unit belongs to, for the
// capabilities whose settings and calendars are kept per organisation. NOT_FOUND for an
// unknown unit.
func OrgOf(ctx context.Context, idb bun.IDB, unitID string) (string, error) {
	var org string
	err := idb.NewRaw(`WITH RECURSIVE up(id, parent_id, depth) AS (
		SELECT id, parent_id, 0 FROM org_units WHERE id = ?
		UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM org_units o JOIN up ON o.id = up.parent_id WHERE up.depth < 16
	) SELECT id FROM up WHERE parent_id IS NULL`, unitID).Scan(ctx, &org)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.E("identity.OrgOf", apperr.NotFound)
	}
	return org, err
}
