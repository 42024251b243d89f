package checklist

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

// NoticeUnread is the kind of the notification that reminds someone to read a notice.
const NoticeUnread = "NOTICE_UNREAD"

// NoticeReader is one person a notice is for, as their overseer sees them: when they read
// it (nil: not yet) and when they were last reminded to.
type NoticeReader struct {
	NoticeID   string     `bun:"notice_id"`
	StaffID    string     `bun:"staff_id"`
	ReadAt     *time.Time `bun:"read_at"`
	RemindedAt *time.Time `bun:"reminded_at"`
}

// SeesReadReceipts reports whether the caller oversees anyone's reading (a supervisor,
// manager or admin): only they see who has and has not read a notice.
func (s *Service) SeesReadReceipts(ctx context.Context) bool {
	p := identity.PrincipalFrom(ctx)
	return p != nil && p.Kind == identity.KindStaff && len(p.Reach().Depots(identity.OverseerRoles...)) > 0
}

// ReadReceipts lists, for each of noticeIDs, the active staff who receive it in the depots
// the caller oversees (a supervisor their depot, a manager the depots of the unit they
// run, an admin their organisation's), unread first, then by employee number. Notices the
// caller neither receives nor oversees are left out; so is everyone outside what the caller
// oversees, even when the notice reaches them (a notice to everyone shows a supervisor
// only their own depot). Callers who oversee no depot get nothing.
func (s *Service) ReadReceipts(ctx context.Context, noticeIDs []string) ([]*NoticeReader, error) {
	const op = "checklist.ReadReceipts"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	out, err := s.readers(ctx, s.DB.R, p, noticeIDs)
	return out, apperr.Wrap(op, err)
}

func (s *Service) readers(ctx context.Context, idb bun.IDB, p *identity.Principal, noticeIDs []string) ([]*NoticeReader, error) {
	overseen := p.Reach().Depots(identity.OverseerRoles...)
	tree := p.Reach().Tree()
	// Notice ids are UUIDs; anything else (a decoded global id may hold NUL or 10,000
	// characters) is no notice, and is not sent to the database.
	noticeIDs = slices.DeleteFunc(slices.Clone(noticeIDs), func(id string) bool { return uuid.Validate(id) != nil || len(id) != 36 })
	if len(overseen) == 0 || len(noticeIDs) == 0 || tree == nil {
		return nil, nil
	}
	audience, err := s.audienceOf(ctx, idb, p.DepotID)
	if err != nil {
		return nil, err
	}
	var notices []*Notice
	err = idb.NewSelect().Model(&notices).Column("n.id", "n.audience_unit_id").
		Where("n.id IN (?)", bun.List(noticeIDs)).
		Where("n.audience_unit_id IN (?)", bun.List(append(audience, p.Reach().Units(identity.OverseerRoles...)...))).
		Scan(ctx)
	if err != nil || len(notices) == 0 {
		return nil, err
	}
	// Each notice's readers are the staff of the depots under its audience that the caller
	// oversees: one condition per audience, so no row is read only to be thrown away.
	var conds []string
	var args []any
	seen := map[string]bool{}
	for _, n := range notices {
		if seen[n.AudienceUnitID] {
			continue
		}
		seen[n.AudienceUnitID] = true
		var depots []string
		for _, d := range tree.DepotsUnder(n.AudienceUnitID) {
			if _, ok := slices.BinarySearch(overseen, d); ok {
				depots = append(depots, d)
			}
		}
		if len(depots) > 0 {
			conds = append(conds, "(n.audience_unit_id = ? AND s.depot_id IN (?))")
			args = append(args, n.AudienceUnitID, bun.List(depots))
		}
	}
	if len(conds) == 0 {
		return nil, nil
	}
	ids := make([]string, len(notices))
	for i, n := range notices {
		ids[i] = n.ID
	}
	var out []*NoticeReader
	err = idb.NewSelect().TableExpr("notices AS n").
		Join("JOIN (?) AS s ON 1 = 1", identity.ActiveStaffRows(idb)).
		Join("LEFT JOIN notice_receipts AS r ON r.notice_id = n.id AND r.staff_id = s.id").
		ColumnExpr("n.id AS notice_id, s.id AS staff_id, r.read_at").
		ColumnExpr("(?) AS reminded_at", roster.LastNotifiedAt(idb, NoticeUnread, "Notice", bun.Ident("s.id"), bun.Ident("n.id"))).
		Where("n.id IN (?)", bun.List(ids)).
		Where("("+strings.Join(conds, " OR ")+")", args...).
		OrderExpr("n.id, CASE WHEN r.read_at IS NULL THEN 0 ELSE 1 END, s.employee_no").
		Scan(ctx, &out)
	return out, err
}

// Reminder is who was reminded to read a notice.
type Reminder struct {
	NoticeID string   `json:"noticeId"`
	StaffIDs []string `json:"staffIds"`
}

// RemindUnread reminds everyone the caller oversees who has not yet read a notice (see
// ReadReceipts; not the caller) with a notification and a push. A retry with the same key
// reminds nobody again and returns the first answer. Supervisors, managers and admins only
// (FORBIDDEN otherwise); NOT_FOUND for a notice the caller neither receives nor oversees,
// or that reaches nobody they oversee; BAD_USER_INPUT; IDEMPOTENCY_KEY_REUSED.
func (s *Service) RemindUnread(ctx context.Context, key, noticeID string) (*Reminder, bool, error) {
	const op = "checklist.RemindUnread"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if !s.SeesReadReceipts(ctx) {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	out, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(noticeID), now,
		func(ctx context.Context, tx bun.Tx) (*Reminder, error) {
			readers, err := s.readers(ctx, tx, p, []string{noticeID})
			if err != nil {
				return nil, err
			}
			if len(readers) == 0 {
				return nil, apperr.E(op, apperr.NotFound)
			}
			var title string
			if err := tx.NewSelect().Model((*Notice)(nil)).Column("title").Where("id = ?", noticeID).Scan(ctx, &title); err != nil {
				return nil, err
			}
			name, err := identity.NameOf(ctx, tx, p.ID)
			if err != nil {
				return nil, err
			}
			r := &Reminder{NoticeID: noticeID, StaffIDs: []string{}}
			for _, x := range readers {
				if x.ReadAt == nil && x.StaffID != p.ID {
					r.StaffIDs = append(r.StaffIDs, x.StaffID)
				}
			}
			return r, s.Roster.Notify(ctx, tx, r.StaffIDs, NoticeUnread, "Notice", noticeID,
				fmt.Sprintf("%s 提醒您阅读通知「%s」", name, title),
				fmt.Sprintf("%s asks you to read the notice “%s”", name, title))
		})
	return out, replayed, apperr.Wrap(op, err)
}
