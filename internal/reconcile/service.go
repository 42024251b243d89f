package reconcile

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tariff"
	"github.com/expresscs/cs/internal/text"
)

// Service keeps stations, hand-overs, bills, decisions and sign-offs.
type Service struct {
	DB   *db.DB
	Zone *time.Location
	Now  func() time.Time
	// Notify sends the anomaly alerts; without it none are sent.
	Notify Notifier
}

var handlers = []identity.Role{identity.RoleAgent, identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin}

const monthLayout = "2006-01"

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func checkMonth(op, month string) error {
	if _, err := time.Parse(monthLayout, month); err != nil {
		return apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	return nil
}

// NewStation is a station to add.
type NewStation struct {
	DepotID string
	Name    string
	// PartnerClientID is the client id of the station's API client, if it has one.
	PartnerClientID *string
	Rate            tariff.ZonePrice
	ToleranceFen    int64
}

// CreateStation adds a consignment station to a depot. Supervisors of the depot, the
// managers above it and its admins (FORBIDDEN otherwise); BAD_USER_INPUT for a blank
// name, a rate without a positive first weight and step or with amounts that are not 0 to
// tariff.MaxAmountFen (the freight of a hand-over is their product with its weight), a
// negative tolerance.
func (s *Service) CreateStation(ctx context.Context, key string, in NewStation) (*Station, bool, error) {
	const op = "reconcile.CreateStation"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if !p.Reach().Covers(in.DepotID, identity.OverseerRoles...) {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if in.Name, err = (text.Rule{Field: "name", Max: text.ShortMax}).Clean(op, in.Name); err != nil {
		return nil, false, err
	}
	if err := in.Rate.Check(op, "rate"); err != nil {
		return nil, false, err
	}
	if in.ToleranceFen < 0 {
		return nil, false, apperr.Invalid(op, "toleranceFen", "容差不能为负数", "The tolerance cannot be negative")
	}
	var client *string
	if in.PartnerClientID != nil && *in.PartnerClientID != "" {
		pc, err := identity.ActivePartnerClient(ctx, s.DB.R, *in.PartnerClientID)
		if err != nil {
			return nil, false, apperr.Invalid(op, "partnerClientId", "合作方编号不存在", "No such partner client")
		}
		client = &pc.ID
	}
	now := s.Now().UTC()
	return idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (*Station, error) {
		st := &Station{ID: newID(), DepotID: in.DepotID, Name: in.Name, PartnerClientID: client, Rate: in.Rate,
			ToleranceFen: in.ToleranceFen, CreatedAt: now}
		_, err := tx.NewInsert().Model(st).Exec(ctx)
		return st, err
	})
}

// station loads a station the caller may act on: staff with one of roles in its depot,
// or (partnerToo) the station's own API client. NOT_FOUND otherwise.
func (s *Service) station(ctx context.Context, op, id string, partnerToo bool, roles ...identity.Role) (*Station, *identity.Principal, error) {
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return nil, nil, apperr.E(op, apperr.Unauthenticated)
	}
	st := new(Station)
	err := s.DB.R.NewSelect().Model(st).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.E(op, apperr.NotFound)
	}
	if err != nil {
		return nil, nil, apperr.Wrap(op, err)
	}
	switch {
	case p.Kind == identity.KindPartner && partnerToo && st.PartnerClientID != nil && *st.PartnerClientID == p.ID:
	case p.Kind == identity.KindStaff && p.Reach().Covers(st.DepotID, roles...):
	case p.Kind == identity.KindStaff && p.Reach().Covers(st.DepotID, handlers...):
		return nil, nil, apperr.E(op, apperr.Forbidden)
	default:
		return nil, nil, apperr.E(op, apperr.NotFound)
	}
	return st, p, nil
}

// signed reports whether a station's month is signed off.
func signed(ctx context.Context, idb bun.IDB, stationID, month string) (bool, error) {
	return idb.NewSelect().Model((*SignOff)(nil)).Where("station_id = ? AND month = ?", stationID, month).Exists(ctx)
}

// RecordHandover records that an order of the station's depot was handed to the station
// now, at its expected charge (the goods' weight at the contract rate). Order handlers of
// the depot; NOT_FOUND for a station or order outside the caller's reach; a second
// hand-over of the same order returns the first.
func (s *Service) RecordHandover(ctx context.Context, key, stationID, orderID string) (*Handover, bool, error) {
	const op = "reconcile.RecordHandover"
	st, p, err := s.station(ctx, op, stationID, false, handlers...)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	o, err := order.InDepot(ctx, s.DB.R, orderID, st.DepotID)
	if err != nil {
		return nil, false, apperr.E(op, apperr.NotFound).With("field", "orderId")
	}
	now := s.Now().UTC()
	return idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]string{stationID, orderID}), now, func(ctx context.Context, tx bun.Tx) (*Handover, error) {
		h := &Handover{ID: newID(), StationID: st.ID, OrderID: o.ID, WaybillNo: o.WaybillNo, Month: now.In(s.Zone).Format(monthLayout),
			WeightGrams: o.Goods.WeightGrams, ExpectedFen: ExpectedFen(o.Goods.WeightGrams, st.Rate), HandedOverAt: now, RecordedBy: p.ID}
		if ok, err := signed(ctx, tx, st.ID, h.Month); err != nil || ok {
			return nil, errors.Join(err, signedErr(op, ok))
		}
		if _, err := tx.NewInsert().Model(h).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
			return nil, err
		}
		return h, tx.NewSelect().Model(h).Where("station_id = ? AND order_id = ?", st.ID, o.ID).Scan(ctx)
	})
}

func signedErr(op string, ok bool) error {
	if !ok {
		return nil
	}
	return apperr.E(op, apperr.ReconciliationSigned)
}

// ImportBills stores a station's billed charges for a month from its CSV (see
// ParseBillCSV): each waybill's line replaces any earlier one, so importing the same
// file again changes nothing. Order handlers of the station's depot, or the station's
// own API client; BAD_USER_INPUT naming the CSV line; RECONCILIATION_SIGNED once the
// month is signed off. Importing runs the month's reconciliation: when it has undecided
// anomalies the depot's supervisors are told (RECONCILIATION_ANOMALIES), and so is the
// salesperson of each merchant with waybills among them
// (RECONCILIATION_MERCHANT_ANOMALIES), each once per station and month.
func (s *Service) ImportBills(ctx context.Context, key, stationID, month string, data []byte) (int, bool, error) {
	const op = "reconcile.ImportBills"
	st, p, err := s.station(ctx, op, stationID, true, handlers...)
	if err != nil {
		return 0, false, err
	}
	if err := checkMonth(op, month); err != nil {
		return 0, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return 0, false, err
	}
	bills, err := ParseBillCSV(data)
	var ce *ErrCSV
	if errors.As(err, &ce) {
		return 0, false, apperr.Invalid(op, "csv", "账单第 "+strconv.Itoa(ce.Line)+" 行有误", "Line "+strconv.Itoa(ce.Line)+" of the bill is wrong: "+ce.Why).With("line", ce.Line)
	}
	now := s.Now().UTC()
	return idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{stationID, month, bills}), now, func(ctx context.Context, tx bun.Tx) (int, error) {
		if ok, err := signed(ctx, tx, st.ID, month); err != nil || ok {
			return 0, errors.Join(err, signedErr(op, ok))
		}
		for _, b := range bills {
			row := &Bill{StationID: st.ID, Month: month, WaybillNo: b.WaybillNo, BilledFen: b.Fen, Receipt: b.Receipt, ImportedAt: now}
			if _, err := tx.NewInsert().Model(row).On("CONFLICT (station_id, month, waybill_no) DO UPDATE").
				Set("billed_fen = EXCLUDED.billed_fen").Set("receipt = EXCLUDED.receipt").Set("imported_at = EXCLUDED.imported_at").Exec(ctx); err != nil {
				return 0, err
			}
		}
		m, err := s.month(ctx, tx, st, month)
		if err != nil {
			return 0, err
		}
		return len(bills), s.alert(ctx, tx, st, m, now)
	})
}

// MonthOf is a station's month: once signed, exactly as signed; before, compared live
// from the hand-overs, bills and decisions. Staff of the station's depot (its order
// handlers) and the station's own API client, who sees the disputes and their reasons.
func (s *Service) MonthOf(ctx context.Context, stationID, month string) (*Month, error) {
	const op = "reconcile.MonthOf"
	st, _, err := s.station(ctx, op, stationID, true, handlers...)
	if err != nil {
		return nil, err
	}
	if err := checkMonth(op, month); err != nil {
		return nil, err
	}
	m, err := s.month(ctx, s.DB.R, st, month)
	return m, apperr.Wrap(op, err)
}

func (s *Service) month(ctx context.Context, idb bun.IDB, st *Station, month string) (*Month, error) {
	m := &Month{Station: st, Month: month}
	so := new(SignOff)
	err := idb.NewSelect().Model(so).Where("station_id = ? AND month = ?", st.ID, month).Scan(ctx)
	if err == nil {
		m.Signed, m.Lines = so, so.Lines
		return m, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var hs []*Handover
	var bs []*Bill
	var ms []*Mark
	if err := idb.NewSelect().Model(&hs).Where("station_id = ? AND month = ?", st.ID, month).Scan(ctx); err != nil {
		return nil, err
	}
	if err := idb.NewSelect().Model(&bs).Where("station_id = ? AND month = ?", st.ID, month).Scan(ctx); err != nil {
		return nil, err
	}
	if err := idb.NewSelect().Model(&ms).Where("station_id = ? AND month = ?", st.ID, month).Scan(ctx); err != nil {
		return nil, err
	}
	exp := make([]Expected, len(hs))
	for i, h := range hs {
		exp[i] = Expected{WaybillNo: h.WaybillNo, Fen: h.ExpectedFen}
	}
	billed := make([]Billed, len(bs))
	for i, b := range bs {
		billed[i] = Billed{WaybillNo: b.WaybillNo, Fen: b.BilledFen, Receipt: b.Receipt}
	}
	decisions := map[string]Line{}
	for _, mk := range ms {
		decisions[mk.WaybillNo] = Line{Decision: mk.Decision, Reason: mk.Reason, CorrectedFen: mk.CorrectedFen, Version: mk.Version}
	}
	m.Lines = Compare(exp, billed, st.ToleranceFen, decisions)
	return m, nil
}

// NewDecision is an agent's decision on one anomaly.
type NewDecision struct {
	WaybillNo    string
	Decision     Decision
	Reason       string // required when disputed or corrected
	CorrectedFen *int64 // required when corrected
	// ExpectedVersion is the mark's version the caller saw: 0 for none yet.
	ExpectedVersion int
}

// Decide records a decision on an anomaly of a station's month (a matched waybill needs
// none). Order handlers of the station's depot. BAD_USER_INPUT for a waybill that is no
// anomaly of the month, a missing reason, a corrected amount missing or not ¥0 to
// MaxLineYuan (so the month's total cannot overflow); CONFLICT when the mark
// changed since the caller saw it; RECONCILIATION_SIGNED once signed off.
func (s *Service) Decide(ctx context.Context, key, stationID, month string, in NewDecision) (*Mark, bool, error) {
	const op = "reconcile.Decide"
	st, p, err := s.station(ctx, op, stationID, false, handlers...)
	if err != nil {
		return nil, false, err
	}
	if err := checkMonth(op, month); err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	switch in.Decision {
	case Accepted:
		in.Reason, in.CorrectedFen = "", nil
	case Disputed, Corrected:
		if in.Reason, err = (text.Rule{Field: "reason", Max: text.ReasonMax}).Clean(op, in.Reason); err != nil {
			return nil, false, err
		}
		if in.Decision == Disputed {
			in.CorrectedFen = nil
		} else if in.CorrectedFen == nil || *in.CorrectedFen < 0 || *in.CorrectedFen > MaxLineYuan*100 {
			return nil, false, apperr.Invalid(op, "correctedFen", "请填写更正后的金额,0 到 100000000 元",
				"Give the corrected amount, ¥0 to ¥100,000,000").With("maxFen", MaxLineYuan*100)
		}
	default:
		return nil, false, apperr.Invalid(op, "decision", "处理方式无效", "Unknown decision")
	}
	now := s.Now().UTC()
	return idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{stationID, month, in}), now, func(ctx context.Context, tx bun.Tx) (*Mark, error) {
		m, err := s.month(ctx, tx, st, month)
		if err != nil {
			return nil, err
		}
		if m.Signed != nil {
			return nil, apperr.E(op, apperr.ReconciliationSigned)
		}
		anomaly := false
		for _, l := range m.Lines {
			anomaly = anomaly || (l.WaybillNo == in.WaybillNo && l.Status != Matched)
		}
		if !anomaly {
			return nil, apperr.Invalid(op, "waybillNo", "该运单不是本月的异常", "That waybill is no anomaly of the month")
		}
		mk := &Mark{StationID: st.ID, Month: month, WaybillNo: in.WaybillNo, Decision: in.Decision, Reason: in.Reason,
			CorrectedFen: in.CorrectedFen, DecidedBy: p.ID, DecidedAt: now, Version: in.ExpectedVersion + 1}
		if in.ExpectedVersion == 0 {
			res, err := tx.NewInsert().Model(mk).On("CONFLICT DO NOTHING").Exec(ctx)
			if err != nil {
				return nil, err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil, apperr.E(op, apperr.Conflict)
			}
			return mk, nil
		}
		return mk, db.WriteOne(ctx, tx.NewUpdate().Model(mk).WherePK().Where("version = ?", in.ExpectedVersion).
			Column("decision", "reason", "corrected_fen", "decided_by", "decided_at", "version"), apperr.E(op, apperr.Conflict))
	})
}

// SignOff freezes a station's month as it stands: from then on it reads back exactly as
// signed and nothing changes it. Supervisors of the station's depot, the managers above
// it and its admins (FORBIDDEN for agents). RECONCILIATION_UNDECIDED while an anomaly has
// no decision; RECONCILIATION_SIGNED when already signed.
func (s *Service) SignOff(ctx context.Context, key, stationID, month string) (*Month, bool, error) {
	const op = "reconcile.SignOff"
	st, p, err := s.station(ctx, op, stationID, false, identity.OverseerRoles...)
	if err != nil {
		return nil, false, err
	}
	if err := checkMonth(op, month); err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	_, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]string{stationID, month}), now, func(ctx context.Context, tx bun.Tx) (bool, error) {
		m, err := s.month(ctx, tx, st, month)
		if err != nil {
			return false, err
		}
		if m.Signed != nil {
			return false, apperr.E(op, apperr.ReconciliationSigned)
		}
		if n := Undecided(m.Lines); n > 0 {
			return false, apperr.E(op, apperr.ReconciliationUndecided).With("undecided", n)
		}
		_, err = tx.NewInsert().Model(&SignOff{StationID: st.ID, Month: month, Lines: m.Lines, SignedBy: p.ID, SignedAt: now}).Exec(ctx)
		return true, err
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	m, err := s.month(ctx, s.DB.R, st, month)
	return m, replayed, apperr.Wrap(op, err)
}

// Statement is a station's month as CSV (see StatementCSV), for whoever may read it.
func (s *Service) Statement(ctx context.Context, stationID, month string) ([]byte, error) {
	m, err := s.MonthOf(ctx, stationID, month)
	if err != nil {
		return nil, err
	}
	return StatementCSV(m.Station.Name, month, m.Lines), nil
}

// Stations lists the stations the caller works with: for staff those of the depots where
// they handle orders, for a partner client the station it is. By name.
func (s *Service) Stations(ctx context.Context) ([]*Station, error) {
	const op = "reconcile.Stations"
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return nil, apperr.E(op, apperr.Unauthenticated)
	}
	var out []*Station
	q := s.DB.R.NewSelect().Model(&out).OrderExpr("name, id")
	if p.Kind == identity.KindPartner {
		q = q.Where("partner_client_id = ?", p.ID)
	} else {
		q = p.Reach().Filter(q, "depot_id", handlers...)
	}
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// StationsByIDs loads stations the caller works with (see Stations); others are left out.
func (s *Service) StationsByIDs(ctx context.Context, ids []string) ([]*Station, error) {
	all, err := s.Stations(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []*Station
	for _, st := range all {
		if want[st.ID] {
			out = append(out, st)
		}
	}
	return out, nil
}

// Undecided counts the month's anomalies without a decision.
func (m *Month) Undecided() int { return Undecided(m.Lines) }

// PayableFen is what the month pays the station.
func (m *Month) PayableFen() int64 {
	var n int64
	for _, l := range m.Lines {
		n += l.PayableFen
	}
	return n
}

// OpenMonths is the reconciliation part of a supervisor's inbox: the months of the
// stations of the depots the caller oversees that are not signed off and still have
// undecided anomalies, oldest first. Supervisors, managers and admins (FORBIDDEN
// otherwise).
func (s *Service) OpenMonths(ctx context.Context) ([]*Month, error) {
	const op = "reconcile.OpenMonths"
	byID, ids, err := s.overseenStations(ctx, op)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	var open []struct {
		StationID string `bun:"station_id"`
		Month     string `bun:"month"`
	}
	err = s.DB.R.NewRaw(`SELECT station_id, month FROM (
			SELECT station_id, month FROM station_handovers WHERE station_id IN (?)
			UNION SELECT station_id, month FROM station_bills WHERE station_id IN (?)) m
		WHERE NOT EXISTS (SELECT 1 FROM reconciliation_signoffs so WHERE so.station_id = m.station_id AND so.month = m.month)
		ORDER BY month, station_id LIMIT 50`, bun.List(ids), bun.List(ids)).Scan(ctx, &open)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var out []*Month
	for _, o := range open {
		m, err := s.month(ctx, s.DB.R, byID[o.StationID], o.Month)
		if err != nil {
			return nil, apperr.Wrap(op, err)
		}
		if m.Undecided() > 0 {
			out = append(out, m)
		}
	}
	return out, nil
}

// Reviews are the months of OpenMonths whose reconciliation has been run and found
// anomalies (their supervisors were alerted, RECONCILIATION_ANOMALIES), the
// RECONCILIATION_REVIEW items of the approvals inbox; Since is when the alert went out.
// A month whose bills have not come in yet waits for them, not for review. Supervisors,
// managers and admins (FORBIDDEN otherwise).
func (s *Service) Reviews(ctx context.Context) ([]*Month, error) {
	const op = "reconcile.Reviews"
	p, err := overseer(ctx, op)
	if err != nil {
		return nil, err
	}
	// The alerts of the stations in reach first, in one statement (usually none): only an
	// alerted month is worked out.
	var alerts []*Alert
	q := s.DB.R.NewSelect().Model(&alerts).Join("JOIN consignment_stations AS st ON st.id = alert.station_id").
		Where("alert.kind = ?", AlertAnomalies).
		Where("NOT EXISTS (SELECT 1 FROM reconciliation_signoffs so WHERE so.station_id = alert.station_id AND so.month = alert.month)").
		OrderExpr("alert.month, alert.station_id").Limit(50)
	if err := p.Reach().Filter(q, "st.depot_id", identity.OverseerRoles...).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if len(alerts) == 0 {
		return nil, nil
	}
	byID, _, err := s.overseenStations(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Month
	for _, a := range alerts {
		m, err := s.month(ctx, s.DB.R, byID[a.StationID], a.Month)
		if err != nil {
			return nil, apperr.Wrap(op, err)
		}
		if m.Undecided() > 0 {
			m.Since = a.SentAt
			out = append(out, m)
		}
	}
	return out, nil
}

// overseenStations are the stations of the depots the caller oversees, by id, and their
// ids. Supervisors, managers and admins (FORBIDDEN otherwise).
func (s *Service) overseenStations(ctx context.Context, op string) (map[string]*Station, []string, error) {
	p, err := overseer(ctx, op)
	if err != nil {
		return nil, nil, err
	}
	var stations []*Station
	if err := p.Reach().Filter(s.DB.R.NewSelect().Model(&stations), "depot_id", identity.OverseerRoles...).Scan(ctx); err != nil {
		return nil, nil, apperr.Wrap(op, err)
	}
	byID := make(map[string]*Station, len(stations))
	ids := make([]string, len(stations))
	for i, st := range stations {
		byID[st.ID], ids[i] = st, st.ID
	}
	return byID, ids, nil
}

// overseer is the caller when they oversee depots (supervisors, managers, admins);
// FORBIDDEN for other staff.
func overseer(ctx context.Context, op string) (*identity.Principal, error) {
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.OverseerRoles...)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ReviewsWaiting counts the reconciliation reviews waiting for the caller (Reviews):
// none for staff who oversee no depot. Staff only.
func (s *Service) ReviewsWaiting(ctx context.Context) (int, error) {
	p, err := identity.RequireStaff(ctx, "reconcile.ReviewsWaiting")
	if err != nil || !p.HasAnyRole(identity.OverseerRoles...) {
		return 0, err
	}
	reviews, err := s.Reviews(ctx)
	return len(reviews), err
}
