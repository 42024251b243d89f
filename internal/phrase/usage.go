package phrase

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// RecordUse notes, inside the transaction of the ticket comment it belongs to, that the
// caller's comment used a phrase (phraseID, may be empty) or opened with a forbidden
// phrase (decided here from body, whatever the client thinks), so a replayed comment is
// never counted twice. Nothing is written for a comment that did neither. NOT_FOUND for a
// phrase the caller cannot read (the comment is then not written either); a phrase
// retired since the reply was written offline still counts.
func (s *Service) RecordUse(ctx context.Context, tx bun.IDB, ticketID, phraseID, body string, at time.Time) error {
	const op = "phrase.RecordUse"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return err
	}
	_, forbidden := OpensForbidden(body)
	if phraseID == "" && !forbidden {
		return nil
	}
	u := &Use{ID: newID(), DepotID: p.DepotID, StaffID: p.ID, TicketID: ticketID, ForbiddenOpening: forbidden, UsedAt: at.UTC()}
	if phraseID != "" {
		units, err := s.readableUnits(ctx, p)
		if err != nil {
			return apperr.Wrap(op, err)
		}
		ph := new(Phrase)
		err = tx.NewSelect().Model(ph).Column("id", "unit_id").Where("id = ?", phraseID).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !slices.Contains(units, ph.UnitID) {
			return apperr.E(op, apperr.NotFound).With("field", "phraseId")
		}
		if err != nil {
			return apperr.Wrap(op, err)
		}
		u.PhraseID = &ph.ID
	}
	_, err = tx.NewInsert().Model(u).Exec(ctx)
	return apperr.Wrap(op, err)
}

// AgentUsage is one person's use of phrases in a month: how many replies used each
// phrase, and how many replies opened with a forbidden phrase despite the suggestion.
type AgentUsage struct {
	StaffID           string
	EmployeeNo        string
	Name              string
	ForbiddenOpenings int
	Phrases           []PhraseCount // most used first
}

// PhraseCount is how often one phrase was used.
type PhraseCount struct {
	Phrase *Phrase
	Uses   int
}

// Usage is the coaching report of a depot for a month (YYYY-MM, in the organisation's
// zone): per person who replied from the depot, their phrases and forbidden openings,
// by employee number. The depot's supervisors, the managers above it and admins
// (FORBIDDEN for anyone else, another depot's supervisor or another branch's manager
// included); BAD_USER_INPUT for a bad month. Three statements, whatever the size.
func (s *Service) Usage(ctx context.Context, depotID, month string) ([]*AgentUsage, error) {
	const op = "phrase.Usage"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.Reach().Covers(depotID, identity.OverseerRoles...) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	start, err := time.ParseInLocation("2006-01", month, s.Zone)
	if err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	var rows []struct {
		StaffID   string         `bun:"staff_id"`
		PhraseID  sql.NullString `bun:"phrase_id"`
		Uses      int            `bun:"uses"`
		Forbidden int            `bun:"forbidden"`
	}
	err = s.DB.R.NewSelect().Model((*Use)(nil)).
		Column("staff_id", "phrase_id").
		ColumnExpr("COUNT(phrase_id) AS uses").
		ColumnExpr("SUM(CASE WHEN forbidden_opening THEN 1 ELSE 0 END) AS forbidden").
		Where("depot_id = ? AND used_at >= ? AND used_at < ?", depotID, start.UTC(), start.AddDate(0, 1, 0).UTC()).
		Group("staff_id", "phrase_id").Scan(ctx, &rows)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if len(rows) == 0 {
		return []*AgentUsage{}, nil
	}
	var staffIDs, phraseIDs []string
	for _, r := range rows {
		staffIDs = append(staffIDs, r.StaffID)
		if r.PhraseID.Valid {
			phraseIDs = append(phraseIDs, r.PhraseID.String)
		}
	}
	staff, err := identity.StaffWithIDs(ctx, s.DB.R, staffIDs)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	phrases := map[string]*Phrase{}
	if len(phraseIDs) > 0 {
		var list []*Phrase
		if err := s.DB.R.NewSelect().Model(&list).Where("id IN (?)", bun.List(phraseIDs)).Scan(ctx); err != nil {
			return nil, apperr.Wrap(op, err)
		}
		org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
		if err != nil {
			return nil, apperr.Wrap(op, err)
		}
		for _, ph := range list {
			ph.Editable = editable(p, org, ph)
			phrases[ph.ID] = ph
		}
	}
	byStaff := map[string]*AgentUsage{}
	for _, st := range staff {
		byStaff[st.ID] = &AgentUsage{StaffID: st.ID, EmployeeNo: st.EmployeeNo, Name: st.Name}
	}
	for _, r := range rows {
		a := byStaff[r.StaffID]
		if a == nil {
			continue
		}
		a.ForbiddenOpenings += r.Forbidden
		if ph := phrases[r.PhraseID.String]; r.PhraseID.Valid && ph != nil {
			a.Phrases = append(a.Phrases, PhraseCount{Phrase: ph, Uses: r.Uses})
		}
	}
	out := make([]*AgentUsage, 0, len(byStaff))
	for _, a := range byStaff {
		slices.SortFunc(a.Phrases, func(x, y PhraseCount) int {
			if x.Uses != y.Uses {
				return y.Uses - x.Uses
			}
			return strings.Compare(x.Phrase.ID, y.Phrase.ID)
		})
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y *AgentUsage) int { return strings.Compare(x.EmployeeNo, y.EmployeeNo) })
	return out, nil
}
