package roster

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// AvailabilityKind is how firmly a person is not available.
type AvailabilityKind string

// The availability kinds: cannot work, or would rather not.
const (
	Unavailable AvailabilityKind = "UNAVAILABLE"
	PreferNot   AvailabilityKind = "PREFER_NOT"
)

// AvailabilityMark is a day, or a time range within a day, a person cannot work or
// prefers not to, with a reason. Marks never refuse an assignment: the roster editor
// shows them and assigning against one warns (ROSTER_AGAINST_AVAILABILITY).
type AvailabilityMark struct {
	bun.BaseModel `bun:"table:availability_marks,alias:am"`

	ID      string `bun:"id,pk"`
	StaffID string `bun:"staff_id"`
	DepotID string `bun:"depot_id"`
	Day     string `bun:"day"`
	// StartMinute and EndMinute bound the time range within the day (minutes after
	// midnight in the organisation's zone, end exclusive, 1440 for midnight); both nil
	// when the whole day is marked.
	StartMinute *int             `bun:"start_minute"`
	EndMinute   *int             `bun:"end_minute"`
	Kind        AvailabilityKind `bun:"kind"`
	// Reason is need to know: the person and those who oversee the depot read it.
	Reason    string    `bun:"reason"`
	CreatedAt time.Time `bun:"created_at"`
}

// AvailabilityInput describes a mark to make.
type AvailabilityInput struct {
	Day         string
	StartMinute *int
	EndMinute   *int
	Kind        AvailabilityKind
	Reason      string
}

var availabilityReason = text.Rule{Field: "reason", Max: 200}

// maxMarksPerDay bounds how many marks a person keeps on one day.
const maxMarksPerDay = 8

// checkAvailabilityInput is the input rule of a mark: a real day, a known kind, either
// no range or 0 ≤ start < end ≤ 1440, and a reason that passes the text rules.
func checkAvailabilityInput(op string, in *AvailabilityInput) error {
	if _, err := time.Parse(dayLayout, in.Day); err != nil {
		return apperr.Invalid(op, "day", "日期格式应为 YYYY-MM-DD", "Days are YYYY-MM-DD")
	}
	if in.Kind != Unavailable && in.Kind != PreferNot {
		return apperr.Invalid(op, "kind", "请选择不能上班或尽量不排", "Choose unavailable or prefer not")
	}
	if (in.StartMinute == nil) != (in.EndMinute == nil) {
		return apperr.Invalid(op, "startMinute", "时间段须同时填写开始和结束", "A time range needs both a start and an end")
	}
	if in.StartMinute != nil && (*in.StartMinute < 0 || *in.EndMinute > 24*60 || *in.StartMinute >= *in.EndMinute) {
		return apperr.Invalid(op, "startMinute", "时间段须在当天之内,且开始早于结束", "The time range must lie within the day and start before it ends")
	}
	return availabilityReason.CleanAtLeast(op, &in.Reason, 1, "请填写原因", "Give a reason")
}

// MarkAvailability records that the caller cannot work (or prefers not to) on a day or
// part of it. Staff of a depot only; today or later; idempotent by key.
func (s *Service) MarkAvailability(ctx context.Context, key string, in AvailabilityInput) (*AvailabilityMark, bool, error) {
	const op = "roster.MarkAvailability"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if p.DepotID == "" {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	if err := checkAvailabilityInput(op, &in); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	if in.Day < now.In(s.Zone).Format(dayLayout) {
		return nil, false, apperr.Invalid(op, "day", "不能标记已过去的日期", "A day that has passed cannot be marked")
	}
	id, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{in}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			n, err := tx.NewSelect().Model((*AvailabilityMark)(nil)).Where("staff_id = ? AND day = ?", p.ID, in.Day).Count(ctx)
			if err != nil {
				return "", err
			}
			if n >= maxMarksPerDay {
				return "", apperr.Invalid(op, "day", fmt.Sprintf("每天最多标记 %d 条", maxMarksPerDay), fmt.Sprintf("At most %d marks a day", maxMarksPerDay))
			}
			m := &AvailabilityMark{ID: newID(), StaffID: p.ID, DepotID: p.DepotID, Day: in.Day, StartMinute: in.StartMinute,
				EndMinute: in.EndMinute, Kind: in.Kind, Reason: in.Reason, CreatedAt: now}
			_, err = tx.NewInsert().Model(m).Exec(ctx)
			return m.ID, err
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	m := new(AvailabilityMark)
	if err := s.DB.W.NewSelect().Model(m).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return m, replayed, nil
}

// RemoveAvailability removes one of the caller's marks. Removing a mark that is gone
// (or was never the caller's) is not an error: it reports false and changes nothing.
func (s *Service) RemoveAvailability(ctx context.Context, id string) (bool, error) {
	const op = "roster.RemoveAvailability"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return false, err
	}
	removed, err := db.WroteOne(ctx, s.DB.W.NewDelete().Model((*AvailabilityMark)(nil)).Where("id = ? AND staff_id = ?", id, p.ID))
	return removed, apperr.Wrap(op, err)
}

func monthRange(op, month string) (string, string, error) {
	m, err := time.Parse(monthLayout, month)
	if err != nil {
		return "", "", apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	return m.Format(dayLayout), m.AddDate(0, 1, -1).Format(dayLayout), nil
}

// MyAvailability lists the caller's marks in a month, by day.
func (s *Service) MyAvailability(ctx context.Context, month string) ([]*AvailabilityMark, error) {
	const op = "roster.MyAvailability"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	from, to, err := monthRange(op, month)
	if err != nil {
		return nil, err
	}
	ms := []*AvailabilityMark{}
	err = s.DB.R.NewSelect().Model(&ms).Where("staff_id = ? AND day >= ? AND day <= ?", p.ID, from, to).
		Order("day", "start_minute", "created_at").Scan(ctx)
	return ms, apperr.Wrap(op, err)
}

// DepotAvailability lists the marks of a depot's staff in a month, reasons included:
// for the depot's supervisors, the managers above it and its organisation's admins
// (FORBIDDEN otherwise, colleagues included: a reason is need to know).
func (s *Service) DepotAvailability(ctx context.Context, depotID, month string) ([]*AvailabilityMark, error) {
	const op = "roster.DepotAvailability"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !readsDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	from, to, err := monthRange(op, month)
	if err != nil {
		return nil, err
	}
	ms := []*AvailabilityMark{}
	err = s.DB.R.NewSelect().Model(&ms).Where("depot_id = ? AND day >= ? AND day <= ?", depotID, from, to).
		Order("day", "staff_id", "start_minute", "created_at").Scan(ctx)
	return ms, apperr.Wrap(op, err)
}

// AvailabilityWarning is an assignment against a mark: a warning, not a refusal.
type AvailabilityWarning struct {
	StaffID   string
	Day       string
	Kind      AvailabilityKind
	Violation Violation
}

// against reports whether shift a falls on mark m: the whole day, or overlapping the
// mark's time range in the organisation's zone.
func (s *Service) against(m *AvailabilityMark, a *Assignment) bool {
	if m.StaffID != a.StaffID || m.Day != a.Day {
		return false
	}
	if m.StartMinute == nil {
		return true
	}
	d, err := time.ParseInLocation(dayLayout, m.Day, s.Zone)
	if err != nil {
		return false
	}
	from := d.Add(time.Duration(*m.StartMinute) * time.Minute)
	to := d.Add(time.Duration(*m.EndMinute) * time.Minute)
	return a.StartsAt.Before(to) && from.Before(a.EndsAt)
}

// AvailabilityWarningsFor is AvailabilityWarningsOfRoster for those who oversee the
// roster's depot; anyone else gets none (who marked what is need to know).
func (s *Service) AvailabilityWarningsFor(ctx context.Context, r *Roster) ([]*AvailabilityWarning, error) {
	p, err := identity.RequireStaff(ctx, "roster.AvailabilityWarningsFor")
	if err != nil {
		return nil, err
	}
	if !readsDepot(p, r.DepotID) {
		return []*AvailabilityWarning{}, nil
	}
	return s.AvailabilityWarningsOfRoster(ctx, r)
}

// AvailabilityWarningsOfRoster warns of each shift on roster r put on a day (or across a
// time range) its person marked UNAVAILABLE or PREFER_NOT, naming the person and the
// day, one warning per shift (UNAVAILABLE wins). Three statements. It checks no caller.
func (s *Service) AvailabilityWarningsOfRoster(ctx context.Context, r *Roster) ([]*AvailabilityWarning, error) {
	const op = "roster.AvailabilityWarningsOfRoster"
	out := []*AvailabilityWarning{}
	from, to, err := monthRange(op, r.Month)
	if err != nil {
		return nil, err
	}
	var as []*Assignment
	if err := s.DB.R.NewSelect().Model(&as).Where("roster_id = ?", r.ID).Order("day", "staff_id").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if len(as) == 0 {
		return out, nil
	}
	var ms []*AvailabilityMark
	if err := s.DB.R.NewSelect().Model(&ms).
		Where("staff_id IN (SELECT staff_id FROM roster_assignments WHERE roster_id = ?) AND day >= ? AND day <= ?", r.ID, from, to).
		Order("day", "start_minute").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if len(ms) == 0 {
		return out, nil
	}
	ids := []string{""}
	for _, a := range as {
		var hit *AvailabilityMark
		for _, m := range ms {
			if s.against(m, a) && (hit == nil || (hit.Kind == PreferNot && m.Kind == Unavailable)) {
				hit = m
			}
		}
		if hit != nil {
			out = append(out, &AvailabilityWarning{StaffID: a.StaffID, Day: a.Day, Kind: hit.Kind})
			ids = append(ids, a.StaffID)
		}
	}
	names := map[string]string{}
	if len(ids) > 1 {
		staff, err := identity.StaffWithIDs(ctx, s.DB.R, ids)
		if err != nil {
			return nil, apperr.Wrap(op, err)
		}
		for _, st := range staff {
			names[st.ID] = st.Name
		}
	}
	for _, w := range out {
		n := names[w.StaffID]
		v := Violation{Code: apperr.RosterAgainstAvailability, Day: w.Day,
			ZH: fmt.Sprintf("%s 已标记 %s 不能上班", n, dayZH(w.Day)),
			EN: fmt.Sprintf("%s marked %s as unavailable", n, dayEN(w.Day))}
		if w.Kind == PreferNot {
			v.ZH = fmt.Sprintf("%s 希望 %s 尽量不排班", n, dayZH(w.Day))
			v.EN = fmt.Sprintf("%s would prefer not to work on %s", n, dayEN(w.Day))
		}
		w.Violation = v
	}
	return out, nil
}

// unavailableMarks returns staffID's UNAVAILABLE marks on the days of shifts.
func (s *Service) unavailableMarks(ctx context.Context, staffID string, shifts []*OpenShift) ([]*AvailabilityMark, error) {
	days := []string{""}
	for _, o := range shifts {
		days = append(days, o.Day)
	}
	var ms []*AvailabilityMark
	err := s.DB.R.NewSelect().Model(&ms).Where("staff_id = ? AND kind = ? AND day IN (?)", staffID, Unavailable, bun.List(days)).Scan(ctx)
	return ms, err
}

// unavailableOn loads the UNAVAILABLE marks of people on day, by person.
func unavailableOn(ctx context.Context, idb bun.IDB, people []string, day string) (map[string][]*AvailabilityMark, error) {
	var ms []*AvailabilityMark
	err := idb.NewSelect().Model(&ms).Where("staff_id IN (?) AND kind = ? AND day = ?", bun.List(people), Unavailable, day).Scan(ctx)
	out := map[string][]*AvailabilityMark{}
	for _, m := range ms {
		out[m.StaffID] = append(out[m.StaffID], m)
	}
	return out, err
}

// markedUnavailable reports whether open shift o falls on one of marks (all the same
// person's, who would work it).
func (s *Service) markedUnavailable(marks []*AvailabilityMark, o *OpenShift) bool {
	for _, m := range marks {
		if s.against(m, &Assignment{StaffID: m.StaffID, Day: o.Day, StartsAt: o.StartsAt, EndsAt: o.EndsAt}) {
			return true
		}
	}
	return false
}
