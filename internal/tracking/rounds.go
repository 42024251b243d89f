package tracking

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
)

// Slot is one of the two daily tracking rounds (每天早上九点及下午四点各跟踪一次).
type Slot string

// The slots.
const (
	Morning   Slot = "MORNING"   // 09:00
	Afternoon Slot = "AFTERNOON" // 16:00
)

// When each round starts and by when it must be done, in the depot's local time.
var slotTimes = map[Slot]struct{ start, due int }{Morning: {9, 12}, Afternoon: {16, 19}}

// Round is one depot's tracking round for one slot of one day.
type Round struct {
	bun.BaseModel `bun:"table:tracking_rounds"`

	ID          string    `bun:"id,pk" json:"id"`
	DepotID     string    `bun:"depot_id" json:"depotId"`
	Day         string    `bun:"day" json:"day"`
	Slot        Slot      `bun:"slot" json:"slot"`
	StartsAt    time.Time `bun:"starts_at" json:"startsAt"`
	DueAt       time.Time `bun:"due_at" json:"dueAt"`
	GeneratedAt time.Time `bun:"generated_at" json:"generatedAt"`
}

// RoundItem is one in-transit order an agent must check in a round.
type RoundItem struct {
	bun.BaseModel `bun:"table:tracking_round_items"`

	ID           string     `bun:"id,pk" json:"id"`
	RoundID      string     `bun:"round_id" json:"roundId"`
	OrderID      string     `bun:"order_id" json:"orderId"`
	AgentID      string     `bun:"agent_id" json:"agentId"`
	CheckedAt    *time.Time `bun:"checked_at" json:"checkedAt"`
	CheckedBy    *string    `bun:"checked_by" json:"checkedBy"`
	CustomerTold bool       `bun:"customer_told" json:"customerTold"`
	Note         string     `bun:"note" json:"note"`
}

// SlotTimes returns when the round of slot on day (YYYY-MM-DD) starts and is due, in zone.
func SlotTimes(day string, slot Slot, zone *time.Location) (time.Time, time.Time, error) {
	t, ok := slotTimes[slot]
	if !ok {
		return time.Time{}, time.Time{}, apperr.Invalid("tracking.SlotTimes", "slot", "跟踪轮次无效", "Unknown round slot")
	}
	d, err := time.ParseInLocation("2006-01-02", day, zone)
	if err != nil {
		return time.Time{}, time.Time{}, apperr.Invalid("tracking.SlotTimes", "day", "日期格式应为 YYYY-MM-DD", "The day is YYYY-MM-DD")
	}
	start := time.Date(d.Year(), d.Month(), d.Day(), t.start, 0, 0, 0, zone)
	due := time.Date(d.Year(), d.Month(), d.Day(), t.due, 0, 0, 0, zone)
	return start.UTC(), due.UTC(), nil
}

// GenerateRound creates the round of depotID for day and slot, listing every in-transit
// order of the depot (released, shipped, not yet signed for or returned) and sharing them
// round-robin among agentIDs (the agents on duty, who must be active agents of the
// depot). It is idempotent: the round of a depot, day and slot exists once, however many
// schedulers or supervisors ask, and asking again returns it with created = false. The
// caller has been authorised (the scheduler, or GenerateRoundFor).
func (s *Service) GenerateRound(ctx context.Context, depotID, day string, slot Slot, agentIDs []string) (*Round, bool, error) {
	const op = "tracking.GenerateRound"
	var round *Round
	created := false
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		depot, err := identity.Depot(ctx, tx, depotID)
		if apperr.Is(err, apperr.NotFound) {
			return apperr.Invalid(op, "depotId", "网点不存在", "No such depot")
		}
		if err != nil {
			return err
		}
		zone, err := time.LoadLocation(depot.TimeZone)
		if err != nil {
			zone = s.Zone
		}
		start, due, err := SlotTimes(day, slot, zone)
		if err != nil {
			return err
		}
		round = &Round{ID: uuid.Must(uuid.NewV7()).String(), DepotID: depotID, Day: day, Slot: slot, StartsAt: start, DueAt: due, GeneratedAt: s.Now().UTC()}
		res, err := tx.NewInsert().Model(round).On("CONFLICT (depot_id, day, slot) DO NOTHING").Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			round = new(Round)
			return tx.NewSelect().Model(round).Where("depot_id = ? AND day = ? AND slot = ?", depotID, day, slot).Scan(ctx)
		}
		created = true
		agents, err := dutyAgents(ctx, tx, op, depotID, agentIDs)
		if err != nil {
			return err
		}
		orderIDs, err := order.OpenShippedIn(ctx, tx, depotID)
		if err != nil || len(orderIDs) == 0 {
			return err
		}
		items := make([]*RoundItem, len(orderIDs))
		for i, id := range orderIDs {
			items[i] = &RoundItem{ID: uuid.Must(uuid.NewV7()).String(), RoundID: round.ID, OrderID: id, AgentID: agents[i%len(agents)]}
		}
		_, err = tx.NewInsert().Model(&items).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return round, created, nil
}

// dutyAgents checks that every id is an active agent of the depot and returns them sorted.
func dutyAgents(ctx context.Context, tx bun.IDB, op, depotID string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, apperr.Invalid(op, "agentIds", "请指定当班客服", "Name the agents on duty")
	}
	out, err := identity.ActiveOfDepotWithRole(ctx, tx, depotID, ids, identity.RoleAgent)
	if err != nil {
		return nil, err
	}
	if len(out) != len(slices.Compact(slices.Sorted(slices.Values(ids)))) {
		return nil, apperr.Invalid(op, "agentIds", "当班客服须为本网点在职客服专员", "Agents on duty must be active agents of the depot")
	}
	slices.Sort(out)
	return out, nil
}

// mayRunRounds reports whether p may run or inspect the rounds of depotID: its
// supervisors, the managers above it and its organisation's admins.
func mayRunRounds(p *identity.Principal, depotID string) bool {
	return p.Reach().Covers(depotID, identity.OverseerRoles...)
}

// GenerateRoundFor is GenerateRound on request, for a supervisor catching up a round the
// scheduler has not made yet. Supervisors of the depot, managers and admins; FORBIDDEN
// otherwise; BAD_USER_INPUT for an unknown depot, slot, day or agent.
func (s *Service) GenerateRoundFor(ctx context.Context, depotID, day string, slot Slot, agentIDs []string) (*Round, bool, error) {
	const op = "tracking.GenerateRoundFor"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if !mayRunRounds(p, depotID) {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	return s.GenerateRound(ctx, depotID, day, slot, agentIDs)
}

// MarkChecked records that the agent checked the parcel of a round item and whether
// the customer was told. The assigned agent or a supervisor of the depot; NOT_FOUND for
// anyone else. Idempotent by key. A later mark overwrites an earlier one.
func (s *Service) MarkChecked(ctx context.Context, key, itemID string, customerTold bool, note string) (*RoundItem, bool, error) {
	const op = "tracking.MarkChecked"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if note, err = eventNoteRule.Clean(op, note); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var item *RoundItem
	var replayed bool
	item, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{itemID, customerTold, note}), now,
		func(ctx context.Context, tx bun.Tx) (*RoundItem, error) {
			it := new(RoundItem)
			round := new(Round)
			if err := tx.NewSelect().Model(it).Where("id = ?", itemID).Scan(ctx); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return nil, apperr.E(op, apperr.NotFound)
				}
				return nil, err
			}
			if err := tx.NewSelect().Model(round).Where("id = ?", it.RoundID).Scan(ctx); err != nil {
				return nil, err
			}
			if it.AgentID != p.ID && !mayRunRounds(p, round.DepotID) {
				return nil, apperr.E(op, apperr.NotFound)
			}
			it.CheckedAt, it.CheckedBy, it.CustomerTold, it.Note = &now, &p.ID, customerTold, note
			_, err := tx.NewUpdate().Model(it).Column("checked_at", "checked_by", "customer_told", "note").WherePK().Exec(ctx)
			return it, err
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return item, replayed, nil
}

// MyRoundItems lists what the caller must check in the rounds of day (YYYY-MM-DD; empty
// means today in the organisation's zone), unchecked first. Staff only.
func (s *Service) MyRoundItems(ctx context.Context, day string) ([]*RoundItem, error) {
	const op = "tracking.MyRoundItems"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if day == "" {
		day = s.Now().In(s.Zone).Format("2006-01-02")
	}
	var out []*RoundItem
	err = s.DB.R.NewSelect().Model(&out).
		Join("JOIN tracking_rounds AS r ON r.id = round_item.round_id").
		Where("round_item.agent_id = ? AND r.day = ?", p.ID, day).
		OrderExpr("round_item.checked_at IS NOT NULL, r.starts_at, round_item.id").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// RoundsByIDs loads the rounds among ids the caller may see (for dataloaders and node
// look-ups): those of the depots whose orders they see. Staff only.
func (s *Service) RoundsByIDs(ctx context.Context, ids []string) ([]*Round, error) {
	const op = "tracking.RoundsByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Round
	q := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids))
	return out, apperr.Wrap(op, p.Reach().Filter(q, "depot_id", identity.StaffRoles...).Scan(ctx))
}

// RoundItemsByIDs loads the round items among ids the caller may see, by the same rule
// as their rounds.
func (s *Service) RoundItemsByIDs(ctx context.Context, ids []string) ([]*RoundItem, error) {
	const op = "tracking.RoundItemsByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*RoundItem
	cond, args := p.Reach().SQL("depot_id", identity.StaffRoles...)
	q := s.DB.R.NewSelect().Model(&out).Where("round_item.id IN (?)", bun.List(ids)).
		Where("round_item.round_id IN (SELECT id FROM tracking_rounds WHERE "+cond+")", args...)
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// ItemsOfRounds loads the items of rounds (for dataloaders).
func (s *Service) ItemsOfRounds(ctx context.Context, roundIDs []string) ([]*RoundItem, error) {
	var out []*RoundItem
	err := s.DB.R.NewSelect().Model(&out).Where("round_id IN (?)", bun.List(roundIDs)).OrderExpr("agent_id, id").Scan(ctx)
	return out, apperr.Wrap("tracking.ItemsOfRounds", err)
}

// MissedRound is a round past its due time with items nobody checked.
type MissedRound struct {
	Round     *Round
	Unchecked int
	Total     int
}

// MissedRounds lists the rounds of depotID on days from..to (inclusive, YYYY-MM-DD)
// that are past due with unchecked items, newest first. Supervisors of the depot,
// managers and admins; FORBIDDEN otherwise.
func (s *Service) MissedRounds(ctx context.Context, depotID, from, to string) ([]*MissedRound, error) {
	const op = "tracking.MissedRounds"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !mayRunRounds(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	var rows []struct {
		ID        string `bun:"id"`
		Unchecked int    `bun:"unchecked"`
		Total     int    `bun:"total"`
	}
	err = s.DB.R.NewSelect().TableExpr("tracking_rounds AS r").
		Join("JOIN tracking_round_items AS i ON i.round_id = r.id").
		ColumnExpr("r.id").
		ColumnExpr("SUM(CASE WHEN i.checked_at IS NULL THEN 1 ELSE 0 END) AS unchecked").
		ColumnExpr("COUNT(*) AS total").
		Where("r.depot_id = ? AND r.day >= ? AND r.day <= ? AND r.due_at < ?", depotID, from, to, s.Now().UTC()).
		GroupExpr("r.id").
		Having("SUM(CASE WHEN i.checked_at IS NULL THEN 1 ELSE 0 END) > 0").
		Scan(ctx, &rows)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	rounds, err := s.RoundsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[string]*Round{}
	for _, r := range rounds {
		byID[r.ID] = r
	}
	out := make([]*MissedRound, len(rows))
	for i, r := range rows {
		out[i] = &MissedRound{Round: byID[r.ID], Unchecked: r.Unchecked, Total: r.Total}
	}
	slices.SortFunc(out, func(a, b *MissedRound) int { return b.Round.StartsAt.Compare(a.Round.StartsAt) })
	return out, nil
}
