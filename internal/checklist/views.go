package checklist

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

// DueCheck is a self-check the caller should do for a shift: the template of a kind and
// the check when it has been started.
type DueCheck struct {
	Shift    *roster.Assignment
	Kind     Kind
	Template *Template
	Check    *Check
}

// DueSelfChecks lists the self-checks of the caller's rostered shifts that are due now
// (from two hours before a shift starts until it ends), one per kind, with the check
// when started. Staff only.
func (s *Service) DueSelfChecks(ctx context.Context) ([]*DueCheck, error) {
	const op = "checklist.DueSelfChecks"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if err := s.ensureDefaults(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	now := s.Now().UTC()
	// Due from selfCheckLead before a shift starts until it ends.
	shifts, err := s.Roster.WorkedShifts(ctx, p.ID, now, now.Add(selfCheckLead))
	if err != nil || len(shifts) == 0 {
		return nil, apperr.Wrap(op, err)
	}
	var templates []*Template
	if err := s.DB.R.NewSelect().Model(&templates).Where("active").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	ids := make([]string, len(shifts))
	for i, a := range shifts {
		ids[i] = a.ID
	}
	var checks []*Check
	if err := s.DB.R.NewSelect().Model(&checks).Where("assignment_id IN (?) AND check_type = ?", bun.List(ids), SelfCheck).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var out []*DueCheck
	for _, a := range shifts {
		for _, k := range Kinds {
			d := &DueCheck{Shift: a, Kind: k}
			for _, t := range templates {
				if t.Kind == k {
					d.Template = t
				}
			}
			for _, c := range checks {
				if c.AssignmentID == a.ID && c.TemplateKind == k {
					d.Check = c
				}
			}
			if d.Template != nil {
				out = append(out, d)
			}
		}
	}
	return out, nil
}

// visibleChecks narrows q (over checklist_checks AS c) to the checks p may see: their
// own (as subject or inspector) and those of the depots they oversee.
func visibleChecks(q *bun.SelectQuery, p *identity.Principal) *bun.SelectQuery {
	cond, args := overseenSQL(p, "c.depot_id")
	return q.Where("(c.subject_id = ? OR c.performed_by = ? OR "+cond+")", append([]any{p.ID, p.ID}, args...)...)
}

// ChecksByIDs loads the checks among ids the caller may see (for loaders and node
// look-ups). Staff only.
func (s *Service) ChecksByIDs(ctx context.Context, ids []string) ([]*Check, error) {
	const op = "checklist.ChecksByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Check
	q := s.DB.R.NewSelect().Model(&out).Where("c.id IN (?)", bun.List(ids))
	return out, apperr.Wrap(op, visibleChecks(q, p).Scan(ctx))
}

// ItemsOfChecks loads the items of the checks among ids the caller may see, in order
// (for loaders). Staff only.
func (s *Service) ItemsOfChecks(ctx context.Context, ids []string) ([]*CheckItem, error) {
	const op = "checklist.ItemsOfChecks"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*CheckItem
	q := s.DB.R.NewSelect().Model(&out).Join("JOIN checklist_checks AS c ON c.id = ci.check_id").
		Where("ci.check_id IN (?)", bun.List(ids)).OrderExpr("ci.check_id, ci.position")
	return out, apperr.Wrap(op, visibleChecks(q, p).Scan(ctx))
}

// MyChecks lists the checks of the caller (self-checks and inspections of them) in a
// month, newest first. Staff only; BAD_USER_INPUT for a bad month.
func (s *Service) MyChecks(ctx context.Context, month string) ([]*Check, error) {
	const op = "checklist.MyChecks"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	var out []*Check
	err = s.DB.R.NewSelect().Model(&out).Where("subject_id = ? AND month = ?", p.ID, month).OrderExpr("started_at DESC, id DESC").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// DepotChecks lists a depot's checks in a month, newest first: the supervisor's month
// view. The depot's supervisor, managers and admins (FORBIDDEN); BAD_USER_INPUT.
func (s *Service) DepotChecks(ctx context.Context, depotID, month string) ([]*Check, error) {
	const op = "checklist.DepotChecks"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !managesDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	var out []*Check
	err = s.DB.R.NewSelect().Model(&out).Where("depot_id = ? AND month = ?", depotID, month).OrderExpr("started_at DESC, id DESC").Scan(ctx)
	return out, apperr.Wrap(op, err)
}
