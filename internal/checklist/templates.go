package checklist

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
)

// Templates lists the current version of each checklist, or of one kind. Staff only.
func (s *Service) Templates(ctx context.Context, kind *Kind) ([]*Template, error) {
	const op = "checklist.Templates"
	if _, err := identity.RequireStaff(ctx, op); err != nil {
		return nil, err
	}
	if err := s.ensureDefaults(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var out []*Template
	q := s.DB.R.NewSelect().Model(&out).Where("active")
	if kind != nil {
		q = q.Where("kind = ?", *kind)
	}
	return out, apperr.Wrap(op, q.OrderExpr("kind, version").Scan(ctx))
}

// TemplatesByIDs loads template versions, current or not (for loaders). Staff only.
func (s *Service) TemplatesByIDs(ctx context.Context, ids []string) ([]*Template, error) {
	const op = "checklist.TemplatesByIDs"
	if _, err := identity.RequireStaff(ctx, op); err != nil {
		return nil, err
	}
	var out []*Template
	return out, apperr.Wrap(op, s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).Scan(ctx))
}

// ItemsOfTemplates loads the items of template versions in order (for loaders). Staff only.
func (s *Service) ItemsOfTemplates(ctx context.Context, ids []string) ([]*Item, error) {
	const op = "checklist.ItemsOfTemplates"
	if _, err := identity.RequireStaff(ctx, op); err != nil {
		return nil, err
	}
	var out []*Item
	err := s.DB.R.NewSelect().Model(&out).Where("template_id IN (?)", bun.List(ids)).OrderExpr("template_id, position").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// ItemsByIDs loads template items by id (for loaders). Staff only.
func (s *Service) ItemsByIDs(ctx context.Context, ids []string) ([]*Item, error) {
	const op = "checklist.ItemsByIDs"
	if _, err := identity.RequireStaff(ctx, op); err != nil {
		return nil, err
	}
	var out []*Item
	return out, apperr.Wrap(op, s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).Scan(ctx))
}

// DressCodes lists the dress-code profiles. Staff only.
func (s *Service) DressCodes(ctx context.Context) ([]*DressCode, error) {
	const op = "checklist.DressCodes"
	if _, err := identity.RequireStaff(ctx, op); err != nil {
		return nil, err
	}
	if err := s.ensureDefaults(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var out []*DressCode
	return out, apperr.Wrap(op, s.DB.R.NewSelect().Model(&out).OrderExpr("code").Scan(ctx))
}

// ItemInput is one item of a template revision.
type ItemInput struct {
	Code          string
	TextZH        string
	TextEN        string
	Weight        int
	AppliesOn     Days
	DressCode     string
	Role          identity.Role
	PhotoRequired bool
	Automatic     Automatic
}

// TemplateRevision is the full new content of a checklist kind.
type TemplateRevision struct {
	Kind    Kind
	TitleZH string
	TitleEN string
	Items   []ItemInput
}

var knownRoles = map[identity.Role]bool{identity.RoleAgent: true, identity.RoleSupervisor: true,
	identity.RoleManager: true, identity.RoleVerifier: true, identity.RoleAdmin: true}

// validate checks a revision and cleans its texts in place (the items are copied first, so
// the caller's slice is left as it was).
func (in *TemplateRevision) validate(op string, codes map[string]bool) error {
	if !in.Kind.valid() {
		return apperr.Invalid(op, "kind", "检查类型无效", "Unknown checklist kind")
	}
	for _, t := range []*string{&in.TitleZH, &in.TitleEN} {
		if err := templateTitle.CleanAtLeast(op, t, 1, "须填写中英文标题", "Both the Chinese and the English title are required"); err != nil {
			return err
		}
	}
	if len(in.Items) == 0 || len(in.Items) > 50 {
		return apperr.Invalid(op, "items", "检查项须为 1 到 50 项", "A checklist has 1 to 50 items")
	}
	in.Items = slices.Clone(in.Items)
	seen := map[string]bool{}
	for i := range in.Items {
		it := &in.Items[i]
		if err := itemCode.CleanAtLeast(op, &it.Code, 1, "检查项编码须填写且不能重复", "Each item needs a code of its own"); err != nil {
			return err
		}
		for _, t := range []*string{&it.TextZH, &it.TextEN} {
			if err := itemText.CleanAtLeast(op, t, 1, "检查项须有中英文内容", "Each item needs Chinese and English text"); err != nil {
				return err
			}
		}
		switch {
		case seen[it.Code]:
			return apperr.Invalid(op, "items.code", "检查项编码须填写且不能重复", "Each item needs a code of its own")
		case it.Weight < 1 || it.Weight > 10:
			return apperr.Invalid(op, "items.weight", "权重须为 1 到 10", "Weights are 1 to 10")
		case !it.AppliesOn.valid():
			return apperr.Invalid(op, "items.appliesOn", "适用日期无效", "Unknown day rule")
		case it.DressCode != "" && !codes[it.DressCode]:
			return apperr.Invalid(op, "items.dressCode", "着装规范不存在: "+it.DressCode, "Unknown dress-code profile: "+it.DressCode)
		case it.Role != "" && !knownRoles[it.Role]:
			return apperr.Invalid(op, "items.role", "岗位角色无效", "Unknown role")
		case it.Automatic != "" && it.Automatic != NoticesRead:
			return apperr.Invalid(op, "items.automatic", "自动判定规则无效", "Unknown automatic rule")
		}
		seen[it.Code] = true
	}
	return nil
}

// ReviseTemplate publishes a new version of a checklist kind and retires the previous
// one; checks already made keep their version. Managers and admins only (FORBIDDEN);
// BAD_USER_INPUT for invalid content; IDEMPOTENCY_KEY_REUSED.
func (s *Service) ReviseTemplate(ctx context.Context, key string, in TemplateRevision) (*Template, bool, error) {
	const op = "checklist.ReviseTemplate"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	dcs, err := s.DressCodes(ctx)
	if err != nil {
		return nil, false, err
	}
	codes := map[string]bool{}
	for _, d := range dcs {
		codes[d.Code] = true
	}
	if err := in.validate(op, codes); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var id string
	var replayed bool
	id, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (string, error) {
		var last int
		if err := tx.NewSelect().Model((*Template)(nil)).ColumnExpr("COALESCE(MAX(version), 0)").
			Where("kind = ?", in.Kind).Scan(ctx, &last); err != nil {
			return "", err
		}
		if _, err := tx.NewUpdate().Model((*Template)(nil)).Set("active = ?", false).Where("kind = ?", in.Kind).Exec(ctx); err != nil {
			return "", err
		}
		spec := templateSpec{kind: in.Kind, zh: in.TitleZH, en: in.TitleEN}
		for _, it := range in.Items {
			spec.items = append(spec.items, itemSpec{code: it.Code, zh: it.TextZH, en: it.TextEN, weight: it.Weight,
				days: it.AppliesOn, dressCode: it.DressCode, photo: it.PhotoRequired, auto: it.Automatic, role: string(it.Role)})
		}
		if err := insertTemplate(ctx, tx, spec, last+1, &p.ID, now); err != nil {
			return "", err
		}
		var nid string
		err := tx.NewSelect().Model((*Template)(nil)).Column("id").Where("kind = ? AND version = ?", in.Kind, last+1).Scan(ctx, &nid)
		return nid, err
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	t := new(Template)
	err = s.DB.W.NewSelect().Model(t).Where("id = ?", id).Scan(ctx)
	return t, replayed, apperr.Wrap(op, err)
}

// SetDressCode records the dress-code profile a staff member follows: their own choice,
// or assigned by their depot's supervisor, a manager or an admin (FORBIDDEN otherwise).
// NOT_FOUND for an unknown person; BAD_USER_INPUT for an unknown profile. Setting the
// same profile again changes nothing.
func (s *Service) SetDressCode(ctx context.Context, staffID, code string) (*StaffDressCode, error) {
	const op = "checklist.SetDressCode"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if err := s.ensureDefaults(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	st, err := s.staff(ctx, s.DB.R, op, staffID)
	if err != nil {
		return nil, err
	}
	if st.ID != p.ID && !managesDepot(p, st.DepotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	ok, err := s.DB.R.NewSelect().Model((*DressCode)(nil)).Where("code = ?", code).Exists(ctx)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if !ok {
		return nil, apperr.Invalid(op, "profileCode", "着装规范不存在: "+code, "Unknown dress-code profile: "+code)
	}
	row := &StaffDressCode{StaffID: st.ID, ProfileCode: code, SetBy: p.ID, UpdatedAt: s.Now().UTC()}
	_, err = s.DB.W.NewInsert().Model(row).
		On("CONFLICT (staff_id) DO UPDATE").Set("profile_code = EXCLUDED.profile_code, set_by = EXCLUDED.set_by, updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	return row, apperr.Wrap(op, err)
}

// DressCodeOf returns a staff member's profile code, or "" when they follow none.
// Staff only.
func (s *Service) DressCodeOf(ctx context.Context, staffID string) (string, error) {
	const op = "checklist.DressCodeOf"
	if _, err := identity.RequireStaff(ctx, op); err != nil {
		return "", err
	}
	var codes []string
	err := s.DB.R.NewSelect().Model((*StaffDressCode)(nil)).Column("profile_code").Where("staff_id = ?", staffID).Scan(ctx, &codes)
	if len(codes) == 0 {
		return "", apperr.Wrap(op, err)
	}
	return codes[0], apperr.Wrap(op, err)
}
