package reconcile

import (
	"context"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/partner"
)

// The kinds of anomaly alerts.
const (
	// AlertAnomalies tells the supervisors of the station's depot that its month has
	// anomalies to review (the month waits in their approvals inbox).
	AlertAnomalies = "RECONCILIATION_ANOMALIES"
	// AlertMerchantAnomalies tells a merchant's salesperson (业务员) that waybills of the
	// merchant are among the month's anomalies.
	AlertMerchantAnomalies = "RECONCILIATION_MERCHANT_ANOMALIES"
)

// Notifier records notifications in the transaction of the change they announce (the
// roster capability's notifications: (*roster.Service).Notify).
type Notifier interface {
	Notify(ctx context.Context, tx bun.IDB, staffIDs []string, kind, subjectType, subjectID, zh, en string) error
}

// Alert is one anomaly alert sent for a station's month; the key (station, month, kind,
// merchant) is unique, so each is sent once however often the month is reconciled.
type Alert struct {
	bun.BaseModel `bun:"table:reconciliation_alerts"`

	StationID       string    `bun:"station_id,pk"`
	Month           string    `bun:"month,pk"`
	Kind            string    `bun:"kind,pk"`
	PartnerClientID string    `bun:"partner_client_id,pk"` // the merchant; "" for the depot's alert
	Anomalies       int       `bun:"anomalies"`
	SentAt          time.Time `bun:"sent_at"`
}

// alert sends the anomaly alerts of a station's month not sent yet, in tx: the depot's
// supervisors once the month has undecided anomalies, and the salesperson of each
// merchant whose waybills are among them. A merchant without a salesperson is skipped
// (and alerted once it has one and the month is reconciled again).
func (s *Service) alert(ctx context.Context, tx bun.IDB, st *Station, m *Month, now time.Time) error {
	if s.Notify == nil {
		return nil
	}
	var waybills []string
	for _, l := range m.Lines {
		if l.Status != Matched && l.Decision == "" {
			waybills = append(waybills, l.WaybillNo)
		}
	}
	if len(waybills) == 0 {
		return nil
	}
	// once claims the alert's key; false when it was sent before.
	once := func(kind, merchant string, n int) (bool, error) {
		res, err := tx.NewInsert().Model(&Alert{StationID: st.ID, Month: m.Month, Kind: kind, PartnerClientID: merchant,
			Anomalies: n, SentAt: now}).On("CONFLICT DO NOTHING").Exec(ctx)
		if err != nil {
			return false, err
		}
		k, _ := res.RowsAffected()
		return k == 1, nil
	}
	n := strconv.Itoa(len(waybills))
	first, err := once(AlertAnomalies, "", len(waybills))
	if err != nil {
		return err
	}
	if first {
		sups, err := identity.StaffWithRole(ctx, tx, identity.RoleSupervisor, []string{st.DepotID})
		if err != nil {
			return err
		}
		ids := make([]string, len(sups))
		for i, sp := range sups {
			ids[i] = sp.ID
		}
		if err := s.Notify.Notify(ctx, tx, ids, AlertAnomalies, "ConsignmentStation", st.ID,
			"托运站「"+st.Name+"」"+m.Month+" 对账有 "+n+" 条异常待审核",
			"Consignment station "+st.Name+" has "+n+" anomalies to review for "+m.Month); err != nil {
			return err
		}
	}
	// The merchants of the anomalous waybills, with their salespeople.
	counts, err := order.WaybillsByPartner(ctx, tx, st.DepotID, waybills)
	if err != nil {
		return err
	}
	ids := make([]string, len(counts))
	for i, c := range counts {
		ids[i] = c.PartnerClientID
	}
	merchants, err := partner.MerchantsWithActiveSalesperson(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, c := range counts {
		mc, ok := merchants[c.PartnerClientID]
		if !ok {
			continue
		}
		first, err := once(AlertMerchantAnomalies, c.PartnerClientID, c.N)
		if err != nil {
			return err
		}
		if !first {
			continue
		}
		k := strconv.Itoa(c.N)
		if err := s.Notify.Notify(ctx, tx, []string{*mc.SalespersonID}, AlertMerchantAnomalies, "ConsignmentStation", st.ID,
			"客户「"+mc.Name+"」有 "+k+" 票运单在托运站「"+st.Name+"」"+m.Month+" 对账中异常",
			"Merchant "+mc.Name+" has "+k+" waybills among the anomalies of consignment station "+st.Name+" for "+m.Month); err != nil {
			return err
		}
	}
	return nil
}
