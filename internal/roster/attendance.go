package roster

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/push"
)

// PunchKind says whether a punch starts or ends work.
type PunchKind string

// The punch kinds.
const (
	ClockIn  PunchKind = "CLOCK_IN"
	ClockOut PunchKind = "CLOCK_OUT"
)

// Punch is one clock-in or clock-out.
type Punch struct {
	bun.BaseModel `bun:"table:attendance_punches"`

	ID         string    `bun:"id,pk" json:"id"`
	StaffID    string    `bun:"staff_id" json:"staffId"`
	Kind       PunchKind `bun:"kind" json:"kind"`
	OccurredAt time.Time `bun:"occurred_at" json:"occurredAt"`
	RecordedAt time.Time `bun:"recorded_at" json:"recordedAt"`
	WorkDay    string    `bun:"work_day" json:"workDay"`
}

// How far a device clock may be off, and how late an offline phone may sync.
const (
	maxClockSkew  = 5 * time.Minute
	maxOfflineLag = 48 * time.Hour
	dayLayout     = "2006-01-02"
)

// Service is the roster capability.
type Service struct {
	DB   *db.DB
	Zone *time.Location // the organisation's zone for work days
	Now  func() time.Time
	// Events, when set, announces each new notification on StaffTopic(recipient) once it
	// commits (for the rosterNotificationAdded subscription).
	Events event.Bus
	// Push, when set, queues each notification as Web Push to the recipient's devices in
	// the same transaction.
	Push *push.Service
	// ShiftInUse answers which of the rostered shifts (assignment ids) a record of
	// another capability refers to, in the transaction that would remove them: a self-check
	// or inspection keeps its shift (checklist.ShiftsWithChecks, set at wiring, since
	// checklist imports roster). Unset, AssignShifts removes no existing shift.
	ShiftInUse func(ctx context.Context, tx bun.IDB, assignmentIDs []string) (map[string]bool, error)
}

// StaffTopic is the event topic of one person's notifications.
func StaffTopic(staffID string) string { return "staff:" + staffID }

// RecordPunch stores a punch for the calling staff member, idempotently by key.
// occurredAt (zero means now) may lag up to 48 hours (an offline phone) and lead by at
// most 5 minutes of clock skew. Returns UNAUTHENTICATED/FORBIDDEN for non-staff,
// BAD_USER_INPUT for a bad key or kind, ATTENDANCE_TIME_INVALID for a time out of range,
// IDEMPOTENCY_KEY_REUSED for a key used for another punch.
func (s *Service) RecordPunch(ctx context.Context, key string, kind PunchKind, occurredAt time.Time) (*Punch, bool, error) {
	const op = "roster.RecordPunch"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if kind != ClockIn && kind != ClockOut {
		return nil, false, apperr.Invalid(op, "kind", "打卡类型无效", "Unknown punch kind")
	}
	now := s.Now().UTC()
	if occurredAt.IsZero() {
		occurredAt = now
	}
	occurredAt = occurredAt.UTC()
	if occurredAt.After(now.Add(maxClockSkew)) {
		return nil, false, apperr.E(op, apperr.AttendanceTimeInvalid).
			Explain("打卡时间晚于当前时间,请检查手机时间", "The punch time is in the future; check the phone's clock")
	}
	if occurredAt.Before(now.Add(-maxOfflineLag)) {
		return nil, false, apperr.E(op, apperr.AttendanceTimeInvalid).
			Explain("打卡时间超过 48 小时,请联系主管补录", "The punch is more than 48 hours old; ask your supervisor to record it")
	}
	fp := idempotency.Fingerprint(struct {
		Kind PunchKind
		At   time.Time
	}{kind, occurredAt.Truncate(time.Millisecond)})
	var punch *Punch
	var replayed bool
	punch, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, fp, now, func(ctx context.Context, tx bun.Tx) (*Punch, error) {
		pu := &Punch{ID: uuid.Must(uuid.NewV7()).String(), StaffID: p.ID, Kind: kind,
			OccurredAt: occurredAt, RecordedAt: now, WorkDay: occurredAt.In(s.Zone).Format(dayLayout)}
		_, err := tx.NewInsert().Model(pu).Exec(ctx)
		return pu, err
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return punch, replayed, nil
}

// MyPunches lists the caller's punches on day (YYYY-MM-DD; empty means today in the
// organisation's zone), oldest first. Staff only.
func (s *Service) MyPunches(ctx context.Context, day string) ([]*Punch, error) {
	const op = "roster.MyPunches"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if day == "" {
		day = s.Now().In(s.Zone).Format(dayLayout)
	}
	var out []*Punch
	err = s.DB.R.NewSelect().Model(&out).Where("staff_id = ? AND work_day = ?", p.ID, day).
		OrderExpr("occurred_at, id").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// PunchesByIDs loads punches by id for node look-ups; the caller sees their own, and
// those who oversee a depot see its staff's. Others' punches are left out.
func (s *Service) PunchesByIDs(ctx context.Context, ids []string) ([]*Punch, error) {
	const op = "roster.PunchesByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Punch
	cond, args := overseenSQL(p, "depot_id")
	q := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).
		Where("(staff_id = ? OR staff_id IN (?))", p.ID, identity.StaffIDsWhere(s.DB.R, cond, args...))
	return out, apperr.Wrap(op, q.Scan(ctx))
}
