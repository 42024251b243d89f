package ticket

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	freetext "github.com/expresscs/cs/internal/text"
)

// Cause is one entry of an organisation's cause taxonomy (category → cause).
type Cause struct {
	bun.BaseModel `bun:"table:ticket_causes,alias:tc"`

	ID        string     `bun:"id,pk"`
	OrgID     string     `bun:"org_id"`
	Category  string     `bun:"category"`
	Name      string     `bun:"name"`
	CreatedBy *string    `bun:"created_by"`
	CreatedAt time.Time  `bun:"created_at"`
	RetiredAt *time.Time `bun:"retired_at"`
}

// seedCauses is the taxonomy every organisation starts with, by the handbooks' exception
// kinds and the complaints they name.
var seedCauses = []struct{ category, name string }{
	{"延误", "中转延误"}, {"延误", "派送延误"}, {"延误", "天气或不可抗力"},
	{"破损", "装卸野蛮"}, {"破损", "包装不足"}, {"破损", "运输挤压"},
	{"丢失", "中转遗失"}, {"丢失", "派送遗失"},
	{"少货", "揽收少件"}, {"少货", "中转少件"},
	{"多货", "错分错发"},
	{"滞留", "地址不详"}, {"滞留", "收件人联系不上"}, {"滞留", "运费纠纷"},
	{"信息错漏", "录单错误"}, {"信息错漏", "地址错误"},
	{"服务", "服务态度"}, {"服务", "未按约派送"},
}

var (
	causeCategory = freetext.Rule{Field: "category", Max: 20}
	causeName     = freetext.Rule{Field: "name", Max: 50}
)

// seed gives orgID the starting taxonomy when it has none yet; concurrent first uses insert
// it once (the unique key).
func (s *Service) seed(ctx context.Context, orgID string) error {
	n, err := s.DB.R.NewSelect().Model((*Cause)(nil)).Where("org_id = ?", orgID).Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	now := s.Now().UTC()
	rows := make([]*Cause, len(seedCauses))
	for i, c := range seedCauses {
		rows[i] = &Cause{ID: uuid.Must(uuid.NewV7()).String(), OrgID: orgID, Category: c.category, Name: c.name, CreatedAt: now}
	}
	_, err = s.DB.W.NewInsert().Model(&rows).On("CONFLICT DO NOTHING").Exec(ctx)
	return err
}

// Causes lists the caller's organisation's cause taxonomy by category and name, retired
// causes only when asked. Staff who handle tickets.
func (s *Service) Causes(ctx context.Context, withRetired bool) ([]*Cause, error) {
	const op = "ticket.Causes"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if err := s.seed(ctx, org); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var out []*Cause
	q := s.DB.R.NewSelect().Model(&out).Where("org_id = ?", org).OrderExpr("category, name")
	if !withRetired {
		q = q.Where("retired_at IS NULL")
	}
	return out, apperr.Wrap(op, q.Scan(ctx))
}

// AddCause adds a cause under a category (new or existing) to the caller's organisation's
// taxonomy. Adding one it has returns it (a retired one is offered again), so a retried
// request changes nothing. Managers and admins (FORBIDDEN otherwise); BAD_USER_INPUT for a
// blank, too long or unsafe category or name.
func (s *Service) AddCause(ctx context.Context, category, name string) (*Cause, error) {
	const op = "ticket.AddCause"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, err
	}
	if category, err = causeCategory.Clean(op, category); err != nil {
		return nil, err
	}
	if name, err = causeName.Clean(op, name); err != nil {
		return nil, err
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if err := s.seed(ctx, org); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	c := &Cause{ID: uuid.Must(uuid.NewV7()).String(), OrgID: org, Category: category, Name: name, CreatedBy: &p.ID, CreatedAt: s.Now().UTC()}
	res, err := s.DB.W.NewInsert().Model(c).On("CONFLICT DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return c, nil
	}
	if _, err := s.DB.W.NewUpdate().Model((*Cause)(nil)).Set("retired_at = NULL").
		Where("org_id = ? AND category = ? AND name = ?", org, category, name).Exec(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	err = s.DB.W.NewSelect().Model(c).Where("org_id = ? AND category = ? AND name = ?", org, category, name).Scan(ctx)
	return c, apperr.Wrap(op, err)
}

// RetireCause takes a cause out of the choices; tickets that name it keep it. Managers and
// admins of its organisation (FORBIDDEN for others, NOT_FOUND for another organisation's).
func (s *Service) RetireCause(ctx context.Context, causeID string) (*Cause, error) {
	const op = "ticket.RetireCause"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, err
	}
	c, err := s.causeOf(ctx, s.DB.R, p, causeID, op)
	if err != nil {
		return nil, err
	}
	if c.RetiredAt == nil {
		now := s.Now().UTC()
		if _, err := s.DB.W.NewUpdate().Model(c).Set("retired_at = ?", now).Where("id = ? AND retired_at IS NULL", c.ID).Exec(ctx); err != nil {
			return nil, apperr.Wrap(op, err)
		}
		c.RetiredAt = &now
	}
	return c, nil
}

// causeOf loads a cause of the caller's organisation; NOT_FOUND otherwise (ids that are not
// UUIDs included, so they never reach the database).
func (s *Service) causeOf(ctx context.Context, idb bun.IDB, p *identity.Principal, causeID, op string) (*Cause, error) {
	if uuid.Validate(causeID) != nil || len(causeID) != 36 {
		return nil, apperr.E(op, apperr.NotFound)
	}
	org, err := identity.OrgOfCaller(ctx, idb, p)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	c := new(Cause)
	err = idb.NewSelect().Model(c).Where("id = ? AND org_id = ?", causeID, org).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return c, apperr.Wrap(op, err)
}

// ChosenCause returns the name to record for a cause chosen from the caller's organisation's
// taxonomy (resolving a ticket). NOT_FOUND for another organisation's or an unknown cause;
// BAD_USER_INPUT for a retired one.
func (s *Service) ChosenCause(ctx context.Context, causeID string) (string, error) {
	const op = "ticket.ChosenCause"
	p, err := Viewer(ctx, op)
	if err != nil {
		return "", err
	}
	c, err := s.causeOf(ctx, s.DB.R, p, causeID, op)
	if err != nil {
		return "", err
	}
	if c.RetiredAt != nil {
		return "", apperr.Invalid(op, "causeId", "这个原因已停用,请另选", "This cause is retired; choose another")
	}
	return c.Name, nil
}
