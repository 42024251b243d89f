package checklist

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/roster"
)

// rosteredShift loads staffID's assignment id from a published roster, unless they are on
// approved leave that day; CHECK_SHIFT_NOT_ROSTERED otherwise.
func rosteredShift(ctx context.Context, idb bun.IDB, op, assignmentID, staffID string) (*roster.Assignment, error) {
	a, err := roster.WorkedShift(ctx, idb, assignmentID, staffID)
	if errors.Is(err, roster.ErrNotWorked) {
		return nil, apperr.E(op, apperr.CheckShiftNotRostered)
	}
	return a, err
}

// ShiftsWithChecks reports which of the rostered shifts (assignment ids) a self-check or
// an inspection was recorded on: the record keeps its shift, so the roster refuses to
// remove those (roster.Service.ShiftInUse is set to it at wiring). It runs in the
// roster's transaction.
func ShiftsWithChecks(ctx context.Context, idb bun.IDB, assignmentIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(assignmentIDs) == 0 {
		return out, nil
	}
	var ids []string
	if err := idb.NewSelect().Model((*Check)(nil)).Distinct().Column("assignment_id").
		Where("assignment_id IN (?)", bun.List(assignmentIDs)).Scan(ctx, &ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// applies reports whether an item applies to a person on a day: its day rule (weekday
// items on working days, weekend items on days off), its dress-code profile (only to
// people following that profile) and its role.
func applies(it *Item, working bool, dressCode string, roles []identity.Role) bool {
	switch {
	case it.AppliesOn == Weekdays && !working, it.AppliesOn == Weekends && working:
		return false
	case it.DressCode != nil && *it.DressCode != dressCode:
		return false
	case it.Role != nil && !slices.Contains(roles, identity.Role(*it.Role)):
		return false
	}
	return true
}

// createCheck starts a check of subject on shift a with the current template of kind,
// copying the items that apply to them on that day (working: whether a.Day is a working
// day, see workingDay).
func (s *Service) createCheck(ctx context.Context, tx bun.Tx, typ CheckType, kind Kind, subject *identity.Staff,
	performer string, a *roster.Assignment, working bool, now time.Time) (*Check, error) {
	t := new(Template)
	if err := tx.NewSelect().Model(t).Where("kind = ? AND active", kind).Scan(ctx); err != nil {
		return nil, err
	}
	var items []*Item
	if err := tx.NewSelect().Model(&items).Where("template_id = ?", t.ID).OrderExpr("position").Scan(ctx); err != nil {
		return nil, err
	}
	var codes []string
	if err := tx.NewSelect().Model((*StaffDressCode)(nil)).Column("profile_code").Where("staff_id = ?", subject.ID).Scan(ctx, &codes); err != nil {
		return nil, err
	}
	code := ""
	if len(codes) > 0 {
		code = codes[0]
	}
	c := &Check{ID: newID(), TemplateID: t.ID, TemplateKind: kind, Type: typ, SubjectID: subject.ID, PerformedBy: performer,
		DepotID: a.DepotID, AssignmentID: a.ID, Day: a.Day, Month: a.Day[:7], Status: CheckOpen, StartedAt: now}
	if _, err := tx.NewInsert().Model(c).Exec(ctx); err != nil {
		return nil, err
	}
	if err := identity.LoadRoles(ctx, tx, subject); err != nil {
		return nil, err
	}
	var rows []*CheckItem
	for _, it := range items {
		if applies(it, working, code, subject.Roles()) {
			rows = append(rows, &CheckItem{ID: newID(), CheckID: c.ID, ItemID: it.ID, Position: it.Position, Weight: it.Weight})
		}
	}
	if len(rows) > 0 {
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return c, s.completeIfAnswered(ctx, tx, c, a, now)
}

// StartSelfCheck starts (or returns, when already started) the caller's self-check of a
// kind for one of their rostered shifts, from two hours before it starts until it ends.
// Staff only; CHECK_SHIFT_NOT_ROSTERED when the shift is not the caller's on a
// published roster or they are on leave that day; CHECK_NOT_DUE outside the window;
// SCORE_SHEET_SIGNED_OFF when the month is signed off; BAD_USER_INPUT;
// IDEMPOTENCY_KEY_REUSED.
func (s *Service) StartSelfCheck(ctx context.Context, key, assignmentID string, kind Kind) (*Check, bool, error) {
	const op = "checklist.StartSelfCheck"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if !kind.valid() {
		return nil, false, apperr.Invalid(op, "kind", "检查类型无效", "Unknown checklist kind")
	}
	if err := s.ensureDefaults(ctx); err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	// The day's calendar is read before the transaction (see workingDay); the transaction
	// checks the assignment again and refuses it with its code.
	working := false
	if a, err := roster.AssignmentOf(ctx, s.DB.R, assignmentID, p.ID); err != nil {
		return nil, false, apperr.Wrap(op, err)
	} else if a != nil {
		if working, err = s.workingDay(ctx, a.DepotID, a.Day); err != nil {
			return nil, false, apperr.Wrap(op, err)
		}
	}
	now := s.Now().UTC()
	var id string
	var replayed bool
	start := func() error {
		var err error
		id, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]string{assignmentID, string(kind)}), now,
			func(ctx context.Context, tx bun.Tx) (string, error) {
				a, err := rosteredShift(ctx, tx, op, assignmentID, p.ID)
				if err != nil {
					return "", err
				}
				if now.Before(a.StartsAt.Add(-selfCheckLead)) || !now.Before(a.EndsAt) {
					return "", apperr.E(op, apperr.CheckNotDue)
				}
				if err := signedOff(ctx, tx, op, p.ID, a.Day[:7]); err != nil {
					return "", err
				}
				var existing []string
				if err := tx.NewSelect().Model((*Check)(nil)).Column("id").
					Where("assignment_id = ? AND template_kind = ? AND check_type = ?", a.ID, kind, SelfCheck).Scan(ctx, &existing); err != nil {
					return "", err
				}
				if len(existing) > 0 {
					return existing[0], nil
				}
				subject, err := s.staff(ctx, tx, op, p.ID)
				if err != nil {
					return "", err
				}
				c, err := s.createCheck(ctx, tx, SelfCheck, kind, subject, p.ID, a, working, now)
				if err != nil {
					return "", err
				}
				return c.ID, nil
			})
		return err
	}
	err = start()
	if db.IsUniqueViolation(err) {
		// Two requests with different keys started the same self-check at once; the
		// loser's transaction rolled back and now finds the winner's check.
		err = start()
	}
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	c, err := s.check(ctx, s.DB.W, op, id)
	return c, replayed, err
}

// StartInspection starts a spot inspection (抽查) of a staff member on duty now. Their
// depot's supervisor, managers and admins only (FORBIDDEN); NOT_FOUND for an unknown
// person; CHECK_NOT_ON_DUTY when they are not on duty now; BAD_USER_INPUT for inspecting
// oneself; SCORE_SHEET_SIGNED_OFF; IDEMPOTENCY_KEY_REUSED.
func (s *Service) StartInspection(ctx context.Context, key, staffID string, kind Kind) (*Check, bool, error) {
	const op = "checklist.StartInspection"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if !kind.valid() {
		return nil, false, apperr.Invalid(op, "kind", "检查类型无效", "Unknown checklist kind")
	}
	subject, err := s.staff(ctx, s.DB.R, op, staffID)
	if err != nil {
		return nil, false, err
	}
	if !managesDepot(p, subject.DepotID) {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	if subject.ID == p.ID {
		return nil, false, apperr.Invalid(op, "staffId", "不能抽查自己,请做自查", "You cannot inspect yourself; do a self-check")
	}
	if err := s.ensureDefaults(ctx); err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	now := s.Now().UTC()
	onDuty, err := s.Roster.OnDutyAt(ctx, subject.DepotID, now)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	i := slices.IndexFunc(onDuty, func(a *roster.Assignment) bool { return a.StaffID == subject.ID })
	if i < 0 {
		return nil, false, apperr.E(op, apperr.CheckNotOnDuty)
	}
	a := onDuty[i]
	working, err := s.workingDay(ctx, a.DepotID, a.Day)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	var id string
	var replayed bool
	id, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]string{staffID, string(kind)}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			if err := signedOff(ctx, tx, op, subject.ID, a.Day[:7]); err != nil {
				return "", err
			}
			c, err := s.createCheck(ctx, tx, SpotInspection, kind, subject, p.ID, a, working, now)
			if err != nil {
				return "", err
			}
			return c.ID, nil
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	c, err := s.check(ctx, s.DB.W, op, id)
	return c, replayed, err
}

func (s *Service) check(ctx context.Context, idb bun.IDB, op, id string) (*Check, error) {
	c := new(Check)
	err := idb.NewSelect().Model(c).Where("id = ?", id).Scan(ctx)
	return c, notFound(op, err)
}

// Answer is one answer to a check item.
type Answer struct {
	CheckItemID string
	Passed      bool
	PhotoID     string
	Note        string
}

// AnswerItem records the answer to one item of an open check; the check completes and is
// scored when its last item is answered. Only the person doing the check (the subject
// of a self-check, the inspector of an inspection) answers (FORBIDDEN); NOT_FOUND for an
// unknown item or photo, or a photo the caller did not upload; CHECK_ITEM_ANSWERED when
// the item already has an answer (a retry with the same key returns the first result
// instead); CHECK_ITEM_AUTOMATIC for an item the system judges; CHECK_PHOTO_REQUIRED;
// SCORE_SHEET_SIGNED_OFF; IDEMPOTENCY_KEY_REUSED.
func (s *Service) AnswerItem(ctx context.Context, key string, in Answer) (*CheckItem, bool, error) {
	const op = "checklist.AnswerItem"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if in.Note, err = answerNote.Clean(op, in.Note); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var replayed bool
	_, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (string, error) {
		return in.CheckItemID, s.answer(ctx, tx, op, p, in, now)
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	ci := new(CheckItem)
	err = s.DB.W.NewSelect().Model(ci).Where("id = ?", in.CheckItemID).Scan(ctx)
	return ci, replayed, apperr.Wrap(op, err)
}

func (s *Service) answer(ctx context.Context, tx bun.Tx, op string, p *identity.Principal, in Answer, now time.Time) error {
	ci := new(CheckItem)
	if err := tx.NewSelect().Model(ci).Where("id = ?", in.CheckItemID).Scan(ctx); err != nil {
		return notFound(op, err)
	}
	c, err := s.check(ctx, tx, op, ci.CheckID)
	if err != nil {
		return err
	}
	if c.PerformedBy != p.ID {
		if c.SubjectID == p.ID || managesDepot(p, c.DepotID) {
			return apperr.E(op, apperr.Forbidden).Explain("只有检查人可以填写该检查", "Only the person doing this check can answer it")
		}
		return apperr.E(op, apperr.NotFound)
	}
	if err := signedOff(ctx, tx, op, c.SubjectID, c.Month); err != nil {
		return err
	}
	it := new(Item)
	if err := tx.NewSelect().Model(it).Where("id = ?", ci.ItemID).Scan(ctx); err != nil {
		return err
	}
	if it.Automatic != nil {
		return apperr.E(op, apperr.CheckItemAutomatic)
	}
	if ci.Passed != nil {
		return apperr.E(op, apperr.CheckItemAnswered)
	}
	var photo *string
	if in.PhotoID != "" {
		ph, err := media.UploadedBy(ctx, tx, in.PhotoID, p.ID)
		if err != nil {
			return err
		}
		if c.SubjectID != p.ID {
			if err := media.Grant(ctx, tx, ph.ID, c.SubjectID, now); err != nil {
				return err
			}
		}
		photo = &ph.ID
	} else if it.PhotoRequired {
		return apperr.E(op, apperr.CheckPhotoRequired)
	}
	res, err := tx.NewUpdate().Model((*CheckItem)(nil)).
		Set("passed = ?, photo_id = ?, note = ?, answered_by = ?, answered_at = ?", in.Passed, photo, in.Note, p.ID, now).
		Where("id = ? AND passed IS NULL", ci.ID).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.E(op, apperr.CheckItemAnswered)
	}
	a, err := roster.AssignmentByID(ctx, tx, c.AssignmentID)
	if err != nil {
		return err
	}
	return s.completeIfAnswered(ctx, tx, c, a, now)
}

// completeIfAnswered judges the automatic items and scores the check once every other
// item has an answer.
func (s *Service) completeIfAnswered(ctx context.Context, tx bun.Tx, c *Check, a *roster.Assignment, now time.Time) error {
	var rows []struct {
		ID        string     `bun:"id"`
		Weight    int        `bun:"weight"`
		Passed    *bool      `bun:"passed"`
		Automatic *Automatic `bun:"automatic"`
	}
	if err := tx.NewSelect().TableExpr("checklist_check_items AS ci").Join("JOIN checklist_items AS i ON i.id = ci.item_id").
		ColumnExpr("ci.id, ci.weight, ci.passed, i.automatic").Where("ci.check_id = ?", c.ID).Scan(ctx, &rows); err != nil {
		return err
	}
	for _, r := range rows {
		if r.Passed == nil && r.Automatic == nil {
			return nil
		}
	}
	total, passed := 0, 0
	for _, r := range rows {
		ok := r.Passed != nil && *r.Passed
		if r.Passed == nil {
			unread, err := s.unreadNotices(ctx, tx, c.SubjectID, c.DepotID, a.StartsAt, now)
			if err != nil {
				return err
			}
			ok = unread == 0
			note := ""
			if !ok {
				note = "未读通知 / unread notices: " + strconv.Itoa(unread)
			}
			if _, err := tx.NewUpdate().Model((*CheckItem)(nil)).Set("passed = ?, note = ?, answered_at = ?", ok, note, now).
				Where("id = ?", r.ID).Exec(ctx); err != nil {
				return err
			}
		}
		total += r.Weight
		if ok {
			passed += r.Weight
		}
	}
	score := 100
	if total > 0 {
		score = (passed*100 + total/2) / total
	}
	_, err := tx.NewUpdate().Model((*Check)(nil)).Set("status = ?, score = ?, completed_at = ?", CheckCompleted, score, now).
		Where("id = ?", c.ID).Exec(ctx)
	return err
}
