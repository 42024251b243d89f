package ticket

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
)

// MonthlyRecord counts, for each of staffIDs in month (YYYY-MM, the organisation's zone),
// the complaints opened that month for which the person was named responsible, and the
// over-goods reports they filed that the verifier approved, by clearing date: the ticket
// figures of the monthly reward/penalty score sheet. For services that have already
// authorised the caller.
func (s *Service) MonthlyRecord(ctx context.Context, staffIDs []string, month string) (complaints, overGoods map[string]int, err error) {
	const op = "ticket.MonthlyRecord"
	start, err := time.ParseInLocation("2006-01", month, s.Zone)
	if err != nil {
		return nil, nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	complaints, overGoods = map[string]int{}, map[string]int{}
	if len(staffIDs) == 0 {
		return complaints, overGoods, nil
	}
	var rows []struct {
		StaffID string `bun:"staff_id"`
		N       int    `bun:"n"`
	}
	if err := s.DB.Lagging(ctx).NewSelect().Model((*Ticket)(nil)).ColumnExpr("responsible_staff_id AS staff_id, COUNT(*) AS n").
		Where("kind = ? AND responsible_staff_id IN (?)", Complaint, bun.List(staffIDs)).
		Where("created_at >= ? AND created_at < ?", start.UTC(), start.AddDate(0, 1, 0).UTC()).
		GroupExpr("responsible_staff_id").Scan(ctx, &rows); err != nil {
		return nil, nil, apperr.Wrap(op, err)
	}
	for _, r := range rows {
		complaints[r.StaffID] = r.N
	}
	rows = rows[:0]
	if err := s.DB.Lagging(ctx).NewSelect().Model((*OverShortReport)(nil)).ColumnExpr("reported_by AS staff_id, COUNT(*) AS n").
		Where("kind = ? AND status = ? AND reported_by IN (?)", Over, ReviewApproved, bun.List(staffIDs)).
		Where("clearing_date >= ? AND clearing_date < ?", start.Format("2006-01-02"), start.AddDate(0, 1, 0).Format("2006-01-02")).
		GroupExpr("reported_by").Scan(ctx, &rows); err != nil {
		return nil, nil, apperr.Wrap(op, err)
	}
	for _, r := range rows {
		overGoods[r.StaffID] = r.N
	}
	return complaints, overGoods, nil
}
