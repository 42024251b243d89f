package tariff

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/text"
)

// WorkingDays is the organisation's holiday calendar, owned by the roster capability
// ((*roster.Service).WorkingDaysOfMonth): whether each day of a month (YYYY-MM) is a
// working day once public holidays and adjusted working days (调休) are applied.
type WorkingDays interface {
	WorkingDaysOfMonth(ctx context.Context, orgID, month string) (map[string]bool, error)
}

// Service stores tariffs and quotes.
type Service struct {
	DB   *db.DB
	Zone *time.Location
	Now  func() time.Time
	// Calendar answers working days; without one, Monday to Friday are working days.
	Calendar WorkingDays
	// MaxDeclaredValueFen is the highest declared value a quote takes, the intake's cap
	// (order.Service.MaxDeclaredValueFen); read as order.DeclaredValueCap reads it.
	MaxDeclaredValueFen int64
}

func (s *Service) maxDeclaredValue() int64 { return order.DeclaredValueCap(s.MaxDeclaredValueFen) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// NewTariff is a tariff to publish.
type NewTariff struct {
	Name          string
	EffectiveFrom string // YYYY-MM-DD in the organisation's zone, today or later
	Terms         Terms
}

// Publish publishes a tariff for the caller's organisation, applying from its effective
// date, and a 运价调整 notice to every depot of the organisation that links to it.
// Managers and admins (FORBIDDEN otherwise). BAD_USER_INPUT for a blank name, a date in
// the past or terms that cannot price (see Terms.Validate); IDEMPOTENCY_KEY_REUSED.
func (s *Service) Publish(ctx context.Context, key string, in NewTariff) (*Tariff, bool, error) {
	const op = "tariff.Publish"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if in.Name, err = (text.Rule{Field: "name", Max: text.ShortMax}).Clean(op, in.Name); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	from, err := time.ParseInLocation(DayLayout, in.EffectiveFrom, s.Zone)
	if err != nil {
		return nil, false, apperr.Invalid(op, "effectiveFrom", "生效日期格式应为 YYYY-MM-DD", "The effective date is YYYY-MM-DD")
	}
	if from.Format(DayLayout) < now.In(s.Zone).Format(DayLayout) {
		return nil, false, apperr.Invalid(op, "effectiveFrom", "生效日期不能早于今天", "The effective date cannot be in the past")
	}
	if err := in.Terms.Validate(op); err != nil {
		return nil, false, err
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (*Tariff, error) {
		t := &Tariff{ID: newID(), OrgID: org, Name: in.Name, EffectiveFrom: in.EffectiveFrom, Terms: in.Terms,
			NoticeID: newID(), PublishedBy: p.ID, PublishedAt: now}
		n := &checklist.Notice{ID: t.NoticeID, AudienceUnitID: org, Kind: checklist.RateChange, TariffID: &t.ID,
			Title:       fmt.Sprintf("运价调整:%s 自 %s 起执行", t.Name, t.EffectiveFrom),
			Body:        fmt.Sprintf("新运价“%s”自 %s 起执行,此前的报价与订单不受影响。请在报价前查看新的收费标准和时效标准。", t.Name, t.EffectiveFrom),
			PublishedBy: p.ID, PublishedAt: now}
		if err := checklist.AddNotice(ctx, tx, n); err != nil {
			return nil, err
		}
		_, err := tx.NewInsert().Model(t).Exec(ctx)
		return t, err
	})
}

// InEffect returns the caller's organisation's tariff in effect on a day (YYYY-MM-DD;
// empty for today): the published tariff with the latest effective date on or before it.
// Staff only; NO_TARIFF_IN_EFFECT when there is none.
func (s *Service) InEffect(ctx context.Context, day string) (*Tariff, error) {
	const op = "tariff.InEffect"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if day == "" {
		day = s.Now().In(s.Zone).Format(DayLayout)
	} else if _, err := time.Parse(DayLayout, day); err != nil {
		return nil, apperr.Invalid(op, "on", "日期格式应为 YYYY-MM-DD", "Days are YYYY-MM-DD")
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return s.inEffect(ctx, op, org, day)
}

func (s *Service) inEffect(ctx context.Context, op, org, day string) (*Tariff, error) {
	t := new(Tariff)
	err := s.DB.R.NewSelect().Model(t).Where("org_id = ? AND effective_from <= ?", org, day).
		OrderExpr("effective_from DESC, published_at DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NoTariffInEffect)
	}
	return t, apperr.Wrap(op, err)
}

// TariffsByIDs loads tariffs of the caller's organisation (for node look-ups and the
// notices that link to them); others are left out. Staff only.
func (s *Service) TariffsByIDs(ctx context.Context, ids []string) ([]*Tariff, error) {
	const op = "tariff.TariffsByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var out []*Tariff
	err = s.DB.R.NewSelect().Model(&out).Where("org_id = ? AND id IN (?)", org, bun.List(ids)).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// workingDays returns a calendar function over the months from `from` to a month past
// it, read once (two months, one query each), falling back to Monday to Friday.
func (s *Service) workingDays(ctx context.Context, org string, from time.Time) (func(string) bool, error) {
	cal := map[string]bool{}
	if s.Calendar != nil {
		l := from.In(s.Zone)
		first := time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, s.Zone)
		for _, m := range []time.Time{first, first.AddDate(0, 1, 0)} {
			days, err := s.Calendar.WorkingDaysOfMonth(ctx, org, m.Format("2006-01"))
			if err != nil {
				return nil, err
			}
			for d, w := range days {
				cal[d] = w
			}
		}
	}
	return func(day string) bool {
		if w, ok := cal[day]; ok {
			return w
		}
		d, _ := time.Parse(DayLayout, day)
		return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	}, nil
}

// Promise is the arrival the tariff in effect at a depot's organisation promises for a
// service from the sender's city to the receiver's, taken at takenAt: its transit
// standard counted on the holiday calendar. ok is false when no tariff is in effect, the
// route is in no zone or the service has no standard there. It checks no caller: intake
// asks it for the order it is taking.
func (s *Service) Promise(ctx context.Context, depotID string, service order.DeliveryService, origin, destination order.Party, takenAt time.Time) (time.Time, bool, error) {
	const op = "tariff.Promise"
	org, err := identity.OrgOf(ctx, s.DB.R, depotID)
	if err != nil {
		return time.Time{}, false, err
	}
	t, err := s.inEffect(ctx, op, org, takenAt.In(s.Zone).Format(DayLayout))
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.NoTariffInEffect {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	sr := t.Terms.Service(service)
	if sr == nil {
		return time.Time{}, false, nil
	}
	tr := sr.transitTo(t.Terms.ZoneOf(Place{Province: origin.Province, City: origin.City}, Place{Province: destination.Province, City: destination.City}))
	if tr == nil {
		return time.Time{}, false, nil
	}
	working, err := s.workingDays(ctx, org, takenAt)
	if err != nil {
		return time.Time{}, false, err
	}
	return Arrival(takenAt, t.Terms.CutOffHour, *tr, s.Zone, working), true, nil
}
