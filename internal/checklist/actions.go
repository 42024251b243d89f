package checklist

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// NewAction raises a corrective action for a failed item.
type NewAction struct {
	CheckItemID string
	AssigneeID  string
	DueOn       string
	Description string
}

// RaiseAction raises a corrective action (整改) for a failed check item. The inspector
// of the check, the depot's supervisor, managers and admins only (FORBIDDEN); NOT_FOUND;
// ACTION_ITEM_NOT_FAILED unless the item failed; CONFLICT when the item already has an
// action; BAD_USER_INPUT for an assignee outside the depot or a due date in the past;
// SCORE_SHEET_SIGNED_OFF; IDEMPOTENCY_KEY_REUSED.
func (s *Service) RaiseAction(ctx context.Context, key string, in NewAction) (*CorrectiveAction, bool, error) {
	const op = "checklist.RaiseAction"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	today := now.In(s.Zone).Format(dayLayout)
	if d, err := time.Parse(dayLayout, in.DueOn); err != nil || in.DueOn < today || d.IsZero() {
		return nil, false, apperr.Invalid(op, "dueOn", "整改期限须为今天或以后的日期", "The due date must be today or later")
	}
	if err := actionDescription.CleanAtLeast(op, &in.Description, 1, "请填写整改要求(最多 1000 字)", "Describe what is to be corrected (at most 1,000 characters)"); err != nil {
		return nil, false, err
	}
	var a *CorrectiveAction
	var replayed bool
	a, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (*CorrectiveAction, error) {
		ci := new(CheckItem)
		if err := tx.NewSelect().Model(ci).Where("id = ?", in.CheckItemID).Scan(ctx); err != nil {
			return nil, notFound(op, err)
		}
		c, err := s.check(ctx, tx, op, ci.CheckID)
		if err != nil {
			return nil, err
		}
		if !managesDepot(p, c.DepotID) && (c.Type != SpotInspection || c.PerformedBy != p.ID) {
			if c.SubjectID != p.ID && c.PerformedBy != p.ID {
				return nil, apperr.E(op, apperr.NotFound)
			}
			return nil, apperr.E(op, apperr.Forbidden)
		}
		if ci.Passed == nil || *ci.Passed {
			return nil, apperr.E(op, apperr.ActionItemNotFailed)
		}
		if err := signedOff(ctx, tx, op, c.SubjectID, c.Month); err != nil {
			return nil, err
		}
		assignee, err := s.staff(ctx, tx, op, in.AssigneeID)
		if err != nil {
			return nil, err
		}
		if assignee.DepotID != c.DepotID {
			return nil, apperr.Invalid(op, "assigneeId", "整改负责人须为本网点员工", "The assignee must work at the same depot")
		}
		a := &CorrectiveAction{ID: newID(), CheckItemID: ci.ID, CheckID: c.ID, SubjectID: c.SubjectID, DepotID: c.DepotID,
			Month: c.Month, AssigneeID: assignee.ID, Description: in.Description, DueOn: in.DueOn, Status: ActionOpen,
			RaisedBy: p.ID, RaisedAt: now, Version: 1}
		if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
			if db.IsUniqueViolation(err) {
				return nil, apperr.E(op, apperr.Conflict).Explain("该项已有整改", "This item already has a corrective action")
			}
			return nil, err
		}
		return a, nil
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return a, replayed, nil
}

// CompleteAction marks an open action done with a note. The assignee, the depot's
// supervisor, managers and admins (FORBIDDEN); NOT_FOUND; ACTION_STATUS_INVALID unless
// it is open; CONFLICT for a stale version; IDEMPOTENCY_KEY_REUSED.
func (s *Service) CompleteAction(ctx context.Context, key, id string, version int, note string) (*CorrectiveAction, bool, error) {
	return s.moveAction(ctx, "checklist.CompleteAction", key, id, version, note, ActionOpen, ActionDone)
}

// VerifyAction confirms a done action. The depot's supervisor, managers and admins, but
// not the assignee themselves (FORBIDDEN); NOT_FOUND; ACTION_STATUS_INVALID unless it is
// done; CONFLICT for a stale version; IDEMPOTENCY_KEY_REUSED.
func (s *Service) VerifyAction(ctx context.Context, key, id string, version int) (*CorrectiveAction, bool, error) {
	return s.moveAction(ctx, "checklist.VerifyAction", key, id, version, "", ActionDone, ActionVerified)
}

func (s *Service) moveAction(ctx context.Context, op, key, id string, version int, note string, from, to ActionStatus) (*CorrectiveAction, bool, error) {
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if note, err = actionNote.Clean(op, note); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	fp := idempotency.Fingerprint([]any{id, version, note})
	var a *CorrectiveAction
	var replayed bool
	a, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, fp, now, func(ctx context.Context, tx bun.Tx) (*CorrectiveAction, error) {
		a := new(CorrectiveAction)
		if err := tx.NewSelect().Model(a).Where("id = ?", id).Scan(ctx); err != nil {
			return nil, notFound(op, err)
		}
		manages := managesDepot(p, a.DepotID)
		switch {
		case !manages && a.AssigneeID != p.ID:
			return nil, apperr.E(op, apperr.NotFound)
		case to == ActionVerified && (!manages || a.AssigneeID == p.ID):
			return nil, apperr.E(op, apperr.Forbidden).Explain("整改须由主管核实,不能自己核实", "A supervisor verifies an action; the assignee cannot verify their own")
		case a.Version != version:
			return nil, apperr.E(op, apperr.Conflict)
		case a.Status != from:
			return nil, apperr.E(op, apperr.ActionStatusInvalid).With("status", string(a.Status))
		}
		q := tx.NewUpdate().Model((*CorrectiveAction)(nil)).Set("status = ?, version = version + 1", to).
			Where("id = ? AND version = ?", id, version)
		if to == ActionDone {
			q = q.Set("done_note = ?, done_at = ?", note, now)
		} else {
			q = q.Set("verified_by = ?, verified_at = ?", p.ID, now)
		}
		res, err := q.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil, apperr.E(op, apperr.Conflict)
		}
		return a, tx.NewSelect().Model(a).Where("id = ?", id).Scan(ctx)
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return a, replayed, nil
}

// visibleActions narrows q (over corrective_actions AS ca) to what p may see: actions
// assigned to them or about them, and those of the depots they oversee.
func visibleActions(q *bun.SelectQuery, p *identity.Principal) *bun.SelectQuery {
	cond, args := overseenSQL(p, "ca.depot_id")
	return q.Where("(ca.assignee_id = ? OR ca.subject_id = ? OR "+cond+")", append([]any{p.ID, p.ID}, args...)...)
}

// ActionsByIDs loads the actions among ids the caller may see. Staff only.
func (s *Service) ActionsByIDs(ctx context.Context, ids []string) ([]*CorrectiveAction, error) {
	const op = "checklist.ActionsByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*CorrectiveAction
	q := s.DB.R.NewSelect().Model(&out).Where("ca.id IN (?)", bun.List(ids))
	return out, apperr.Wrap(op, visibleActions(q, p).Scan(ctx))
}

// ActionsOfCheckItems loads the actions of check items the caller may see (for loaders).
func (s *Service) ActionsOfCheckItems(ctx context.Context, ids []string) ([]*CorrectiveAction, error) {
	const op = "checklist.ActionsOfCheckItems"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*CorrectiveAction
	q := s.DB.R.NewSelect().Model(&out).Where("ca.check_item_id IN (?)", bun.List(ids))
	return out, apperr.Wrap(op, visibleActions(q, p).Scan(ctx))
}

// MyActions lists the actions assigned to the caller that are not verified yet, by due
// date. Staff only.
func (s *Service) MyActions(ctx context.Context) ([]*CorrectiveAction, error) {
	const op = "checklist.MyActions"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*CorrectiveAction
	err = s.DB.R.NewSelect().Model(&out).Where("assignee_id = ? AND status <> ?", p.ID, ActionVerified).OrderExpr("due_on, id").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// OverdueActions lists a depot's open actions past their due date, oldest due first. The
// depot's supervisor, managers and admins (FORBIDDEN).
func (s *Service) OverdueActions(ctx context.Context, depotID string) ([]*CorrectiveAction, error) {
	const op = "checklist.OverdueActions"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !managesDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	today := s.Now().In(s.Zone).Format(dayLayout)
	var out []*CorrectiveAction
	err = s.DB.R.NewSelect().Model(&out).Where("depot_id = ? AND status = ? AND due_on < ?", depotID, ActionOpen, today).
		OrderExpr("due_on, id").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// Overdue reports whether an action is still open after its due day (in zone).
func (a *CorrectiveAction) Overdue(now time.Time, zone *time.Location) bool {
	return a.Status == ActionOpen && a.DueOn < now.In(zone).Format(dayLayout)
}

// The free-text rules of checklists (internal/text).
var (
	actionDescription = text.Rule{Field: "description", Max: 1000, Multiline: true}
	actionNote        = text.Rule{Field: "note", Max: 1000, Optional: true, Multiline: true}
	answerNote        = text.Rule{Field: "note", Max: text.ReasonMax, Optional: true, Multiline: true}
	noticeTitle       = text.Rule{Field: "title", Max: 200}
	noticeBody        = text.Rule{Field: "body", Max: 10000, Multiline: true}
	templateTitle     = text.Rule{Field: "title", Max: text.ShortMax}
	itemCode          = text.Rule{Field: "items.code", Max: 30}
	itemText          = text.Rule{Field: "items.text", Max: text.ReasonMax}
	signOffComment    = text.Rule{Field: "comment", Max: 1000, Optional: true, Multiline: true}
)
