package roster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/push"
)

// note builds a notification for one person.
func (s *Service) note(staffID, kind, subjectType, subjectID string, now time.Time, zh, en string) *Notification {
	return &Notification{ID: newID(), StaffID: staffID, Kind: kind, SubjectType: subjectType, SubjectID: subjectID,
		TextZH: zh, TextEN: en, CreatedAt: now}
}

// staffName is a staff member's name for a notification; "同事" / "A colleague" when it
// cannot be read (a notification never fails a change).
func staffName(ctx context.Context, idb bun.IDB, id string) (zh, en string) {
	name, err := identity.NameOf(ctx, idb, id)
	if err != nil || name == "" {
		return "同事", "A colleague"
	}
	return name, name
}

// dayZH and dayEN write a day (YYYY-MM-DD) as people read it: 12月13日, 13 Dec.
func dayZH(d string) string {
	t, err := time.Parse(dayLayout, d)
	if err != nil {
		return d
	}
	return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day())
}

func dayEN(d string) string {
	t, err := time.Parse(dayLayout, d)
	if err != nil {
		return d
	}
	return t.Format("2 Jan")
}

// Notify records one notification for each of staffIDs in tx, the transaction of the
// change it announces, and announces it live (rosterNotificationAdded). Other
// capabilities use it for requests that wait in the approvals inbox (claims).
func (s *Service) Notify(ctx context.Context, tx bun.IDB, staffIDs []string, kind, subjectType, subjectID, zh, en string) error {
	now := s.Now().UTC()
	notes := make([]*Notification, len(staffIDs))
	for i, id := range staffIDs {
		notes[i] = s.note(id, kind, subjectType, subjectID, now, zh, en)
	}
	return s.notify(ctx, tx, notes...)
}

// notify records notifications in the transaction of the change they announce, so a
// change and its notice are written together or not at all.
func (s *Service) notify(ctx context.Context, tx bun.IDB, notes ...*Notification) error {
	if len(notes) == 0 {
		return nil
	}
	if _, err := tx.NewInsert().Model(&notes).Exec(ctx); err != nil {
		return err
	}
	if err := s.Push.EnqueueTx(ctx, tx, pushMessages(notes)...); err != nil {
		return err
	}
	if s.Events == nil {
		return nil
	}
	for _, n := range notes {
		if err := s.Events.PublishTx(ctx, tx, StaffTopic(n.StaffID), map[string]string{"notificationId": n.ID}); err != nil {
			return err
		}
	}
	// Whoever else may decide the matter (the depot's other supervisors, the managers
	// above) is not notified, but what waits for them changed: their counts are recounted.
	return s.Events.PublishTx(ctx, tx, ApprovalsTopic, map[string]string{"notificationId": notes[0].ID})
}

// ApprovalsTopic announces that a swap or leave request moved (requested, answered,
// decided, withdrawn): approvers recount what waits for them.
const ApprovalsTopic = "roster:approvals"

// MyNotifications lists the caller's most recent notifications, newest first (at most
// limit, 1 to 100). Staff only.
func (s *Service) MyNotifications(ctx context.Context, limit int, unreadOnly bool) ([]*Notification, error) {
	const op = "roster.MyNotifications"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if limit < 1 || limit > 100 {
		return nil, apperr.E(op, apperr.PageSizeExceeded).With("max", 100)
	}
	var out []*Notification
	q := s.DB.R.NewSelect().Model(&out).Where("staff_id = ?", p.ID).OrderExpr("created_at DESC, id DESC").Limit(int64(limit))
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// MarkNotificationsRead marks the caller's notifications read up to and including the
// given instant and returns how many changed. Staff only.
func (s *Service) MarkNotificationsRead(ctx context.Context, upTo time.Time) (int, error) {
	const op = "roster.MarkNotificationsRead"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return 0, err
	}
	res, err := s.DB.W.NewUpdate().Model((*Notification)(nil)).Set("read_at = ?", s.Now().UTC()).
		Where("staff_id = ? AND read_at IS NULL AND created_at <= ?", p.ID, upTo.UTC()).Exec(ctx)
	if err != nil {
		return 0, apperr.Wrap(op, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// MyNotification returns one of the caller's notifications by id; NOT_FOUND for anyone
// else's. Staff only.
func (s *Service) MyNotification(ctx context.Context, id string) (*Notification, error) {
	const op = "roster.MyNotification"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	n := new(Notification)
	err = s.DB.R.NewSelect().Model(n).Where("id = ? AND staff_id = ?", id, p.ID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return n, apperr.Wrap(op, err)
}

// pushMessages turns notifications into pushes that open the screen where the matter is
// handled: the approvals inbox for what waits for the person, the roster for the rest.
func pushMessages(notes []*Notification) []push.Message {
	out := make([]push.Message, len(notes))
	for i, n := range notes {
		url := "/roster"
		switch n.Kind {
		case "SWAP_REQUESTED", "SWAP_AWAITS_APPROVAL", "LEAVE_AWAITS_APPROVAL", "RECONCILIATION_ANOMALIES", "OPEN_SHIFT_CLAIMED":
			url = "/approvals"
		case "NOTICE_UNREAD":
			url = "/notices"
		}
		out[i] = push.Message{StaffID: n.StaffID, Kind: n.Kind, TextZH: n.TextZH, TextEN: n.TextEN, URL: url,
			Tag: n.SubjectType + ":" + n.SubjectID}
	}
	return out
}

// LastNotifiedAt is a correlated subquery of when the person in the outer statement's
// column staffCol was last sent a notification of kind about the subject (subjectType,
// id in the outer column subjectCol), NULL if never: for another capability's statement
// that lists people with when they were last reminded. It runs nothing.
func LastNotifiedAt(idb bun.IDB, kind, subjectType string, staffCol, subjectCol bun.Ident) *bun.SelectQuery {
	return idb.NewSelect().TableExpr("roster_notifications AS rn").ColumnExpr("MAX(rn.created_at)").
		Where("rn.staff_id = ? AND rn.kind = ? AND rn.subject_type = ? AND rn.subject_id = ?", staffCol, kind, subjectType, subjectCol)
}
