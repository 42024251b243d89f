package checklist

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
)

func (k NoticeKind) valid() bool { return k == RateChange || k == RouteChange || k == Announcement }

// forReader narrows q (over notices AS n) to the notices staff of a depot receive:
// those addressed to the depot or to any unit above it (audience: the depot and its
// ancestors, see audienceOf).
func forReader(q *bun.SelectQuery, audience []string) *bun.SelectQuery {
	return q.Where("n.audience_unit_id IN (?)", bun.List(append([]string{""}, audience...)))
}

// audienceOf returns depotID and the units above it: whose notices its staff receive.
func (s *Service) audienceOf(ctx context.Context, idb bun.IDB, depotID string) ([]string, error) {
	return identity.UnitAncestors(ctx, idb, identity.PrincipalFrom(ctx).Reach().Tree(), depotID)
}

// unreadNotices counts the notices of the 30 days before a shift starts (and any since,
// up to now) that staffID has not read.
func (s *Service) unreadNotices(ctx context.Context, idb bun.IDB, staffID, depotID string, shiftStart, now time.Time) (int, error) {
	audience, err := s.audienceOf(ctx, idb, depotID)
	if err != nil {
		return 0, err
	}
	q := idb.NewSelect().Model((*Notice)(nil)).Where("n.published_at > ? AND n.published_at <= ?", shiftStart.Add(-noticeWindow), now).
		Where("NOT EXISTS (SELECT 1 FROM notice_receipts r WHERE r.notice_id = n.id AND r.staff_id = ?)", staffID)
	n, err := forReader(q, audience).Count(ctx)
	return int(n), err
}

// NewNotice is a notice to publish.
type NewNotice struct {
	Kind  NoticeKind
	Title string
	Body  string
	// DepotID limits the notice to one depot; empty means everyone the publisher
	// reaches (managers: the unit they run; admins: the organisation).
	DepotID string
}

// PublishNotice publishes a rate change, route change or announcement. A supervisor
// publishes to their own depot; managers to a depot under the unit they run or to all of
// it; admins to a depot of their organisation or to all of it (FORBIDDEN otherwise);
// BAD_USER_INPUT; IDEMPOTENCY_KEY_REUSED.
func (s *Service) PublishNotice(ctx context.Context, key string, in NewNotice) (*Notice, bool, error) {
	const op = "checklist.PublishNotice"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	audience := in.DepotID
	if audience == "" {
		audience = p.Reach().Root(identity.RoleAdmin)
		if audience == "" {
			audience = p.Reach().Root(identity.RoleManager)
		}
	}
	if audience == "" || in.DepotID != "" && !managesDepot(p, in.DepotID) {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	switch {
	case !in.Kind.valid():
		return nil, false, apperr.Invalid(op, "kind", "通知类型无效", "Unknown notice kind")
	}
	if err := noticeTitle.CleanAtLeast(op, &in.Title, 1, "请填写标题(最多 200 字)", "Give a title (at most 200 characters)"); err != nil {
		return nil, false, err
	}
	if err := noticeBody.CleanAtLeast(op, &in.Body, 1, "请填写正文(最多 10000 字)", "Write the notice (at most 10,000 characters)"); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var n *Notice
	var replayed bool
	n, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (*Notice, error) {
		n := &Notice{ID: newID(), AudienceUnitID: audience, Kind: in.Kind, Title: in.Title, Body: in.Body, PublishedBy: p.ID, PublishedAt: now}
		if in.DepotID != "" {
			n.DepotID = &in.DepotID
		}
		return n, AddNotice(ctx, tx, n)
	})
	return n, replayed, apperr.Wrap(op, err)
}

// AddNotice stores a notice as given, in idb, checking no caller: for a capability that
// publishes a notice with its own change in one transaction (a tariff and its 运价调整
// notice), having decided who may publish it.
func AddNotice(ctx context.Context, idb bun.IDB, n *Notice) error {
	_, err := idb.NewInsert().Model(n).Exec(ctx)
	return err
}

// LatestNotices lists the notices of the last 30 days the caller receives, newest first
// (at most 100), each with when the caller read it. Staff only.
func (s *Service) LatestNotices(ctx context.Context) ([]*Notice, error) {
	const op = "checklist.LatestNotices"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	audience, err := s.audienceOf(ctx, s.DB.R, p.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var out []*Notice
	q := s.DB.R.NewSelect().Model(&out).ColumnExpr("n.*").
		ColumnExpr("(SELECT r.read_at FROM notice_receipts r WHERE r.notice_id = n.id AND r.staff_id = ?) AS read_at", p.ID).
		Where("n.published_at > ?", s.Now().UTC().Add(-noticeWindow)).OrderExpr("n.published_at DESC, n.id DESC").Limit(100)
	return out, apperr.Wrap(op, forReader(q, audience).Scan(ctx))
}

// NoticesByIDs loads notices the caller receives (for node look-ups), and those
// addressed within what they oversee (a supervisor their depot's, a manager's their
// unit's, an admin's their organisation's). Staff only.
func (s *Service) NoticesByIDs(ctx context.Context, ids []string) ([]*Notice, error) {
	const op = "checklist.NoticesByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	audience, err := s.audienceOf(ctx, s.DB.R, p.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var out []*Notice
	q := s.DB.R.NewSelect().Model(&out).ColumnExpr("n.*").
		ColumnExpr("(SELECT r.read_at FROM notice_receipts r WHERE r.notice_id = n.id AND r.staff_id = ?) AS read_at", p.ID).
		Where("n.id IN (?)", bun.List(ids)).
		Where("n.audience_unit_id IN (?)", bun.List(append(audience, p.Reach().Units(identity.OverseerRoles...)...)))
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// MarkNoticeRead records that the caller read a notice; reading it again keeps the first
// receipt, so a retried request changes nothing. Staff only; NOT_FOUND for a notice the
// caller does not receive.
func (s *Service) MarkNoticeRead(ctx context.Context, noticeID string) (*Notice, error) {
	const op = "checklist.MarkNoticeRead"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	audience, err := s.audienceOf(ctx, s.DB.R, p.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	ok, err := forReader(s.DB.R.NewSelect().Model((*Notice)(nil)).Where("n.id = ?", noticeID), audience).Exists(ctx)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if !ok {
		return nil, apperr.E(op, apperr.NotFound)
	}
	_, err = s.DB.W.NewInsert().Model(&Receipt{NoticeID: noticeID, StaffID: p.ID, ReadAt: s.Now().UTC()}).
		On("CONFLICT DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	out, err := s.NoticesByIDs(ctx, []string{noticeID})
	if err != nil || len(out) == 0 {
		return nil, apperr.Wrap(op, err)
	}
	return out[0], nil
}

// UnreadNoticesCount is a COUNT(*) subquery of the notices of the last 30 days up to now
// addressed to p's depot or above it that p has not read, for a caller's own statement
// (today's badge counts). It runs a statement only to find the units above the depot
// when the caller's reach carries no organisation tree.
func UnreadNoticesCount(ctx context.Context, idb bun.IDB, p *identity.Principal, now time.Time) (*bun.SelectQuery, error) {
	audience, err := identity.UnitAncestors(ctx, idb, p.Reach().Tree(), p.DepotID)
	if err != nil {
		return nil, err
	}
	q := idb.NewSelect().TableExpr("notices AS n").ColumnExpr("COUNT(*)").
		Where("n.published_at > ? AND n.published_at <= ?", now.Add(-noticeWindow), now).
		Where("NOT EXISTS (SELECT 1 FROM notice_receipts nr WHERE nr.notice_id = n.id AND nr.staff_id = ?)", p.ID)
	return forReader(q, audience), nil
}
