package checklist

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/roster"
)

// Service is the appearance and conduct capability.
type Service struct {
	DB     *db.DB
	Roster *roster.Service
	Media  *media.Service
	Zone   *time.Location // the organisation's zone: days, months, weekends
	Now    func() time.Time
	// WorkingDays is the organisation's holiday calendar, so weekday and weekend items
	// follow holidays and 调休; without it Monday to Friday are the working days.
	WorkingDays WorkingDays
	// Tickets, when set, gives the score sheet its complaint and over-goods figures.
	Tickets TicketRecords
}

// TicketRecords is what the score sheet needs from the tickets capability.
type TicketRecords interface {
	MonthlyRecord(ctx context.Context, staffIDs []string, month string) (complaints, overGoods map[string]int, err error)
}

const (
	dayLayout   = "2006-01-02"
	monthLayout = "2006-01"
	// A self-check may be done from this long before a shift starts until it ends.
	selfCheckLead = 2 * time.Hour
	// Notices of this many days before a shift count as "the latest notices".
	noticeWindow = 30 * 24 * time.Hour
)

// Who sees and does what: everyone their own checks, actions and sheets; those who
// oversee a depot (its supervisors, the managers above it, its organisation's admins)
// inspect its staff, raise and verify actions and sign off its sheets. One rule asked two
// ways: managesDepot for a depot in hand, overseenSQL for queries.

// managesDepot reports whether p oversees depotID.
func managesDepot(p *identity.Principal, depotID string) bool {
	return p.Reach().Covers(depotID, identity.OverseerRoles...)
}

// overseenSQL is the condition that column (a depot id) names a depot p oversees.
func overseenSQL(p *identity.Principal, column string) (string, []any) {
	return p.Reach().SQL(column, identity.OverseerRoles...)
}

func notFound(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.E(op, apperr.NotFound)
	}
	return apperr.Wrap(op, err)
}

// signedOff returns SCORE_SHEET_SIGNED_OFF when staffID's month is signed off: nothing
// that feeds the sheet may change after that.
func signedOff(ctx context.Context, idb bun.IDB, op, staffID, month string) error {
	ok, err := idb.NewSelect().Model((*ScoreSheet)(nil)).Where("staff_id = ? AND month = ?", staffID, month).Exists(ctx)
	if err != nil {
		return err
	}
	if ok {
		return apperr.E(op, apperr.ScoreSheetSignedOff).With("month", month)
	}
	return nil
}

// staff loads a staff member of the caller's organisation; NOT_FOUND for anyone else.
func (s *Service) staff(ctx context.Context, idb bun.IDB, op, id string) (*identity.Staff, error) {
	st, err := identity.StaffByID(ctx, idb, id)
	if p := identity.PrincipalFrom(ctx); err == nil && p != nil && p.ID != st.ID && !p.Reach().InOrg(st.DepotID) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return st, notFound(op, err)
}
