package identity

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/text"
)

// The free-text rules of identity (internal/text): the same limits wherever a name is typed.
var (
	unitCodeRule   = text.Rule{Field: "code", Max: 30}
	unitNameRule   = text.Rule{Field: "name", Max: text.ShortMax}
	staffNameRule  = text.Rule{Field: "name", Max: text.NameMax}
	staffPhoneRule = text.Rule{Field: "phone", Max: text.PhoneMax, Optional: true}
	clientNameRule = text.Rule{Field: "name", Max: text.ShortMax}
)

// NewOrgUnit describes a unit to create.
type NewOrgUnit struct {
	Kind     OrgUnitKind
	Code     string
	Name     string
	ParentID *string
	TimeZone string
}

// NewStaff describes a staff member to create.
type NewStaff struct {
	EmployeeNo string
	Name       string
	Phone      string
	DepotID    string
	SuperiorID *string
	Roles      []Role
	Password   string
	// ManagedUnitID is the unit a manager runs (their reach); nil for everyone else.
	ManagedUnitID *string
	// WorkStartDay (YYYY-MM-DD) is when the person started working, for any employer:
	// cumulative years of service decide statutory annual leave. nil when unknown.
	WorkStartDay *string
}

// CreateOrgUnit inserts a unit within tx. For provisioning (seed, admin tools); the
// caller has already been authorised.
func (s *Service) CreateOrgUnit(ctx context.Context, tx bun.IDB, in NewOrgUnit) (*OrgUnit, error) {
	const op = "identity.CreateOrgUnit"
	var err error
	if in.Code, err = unitCodeRule.Clean(op, in.Code); err != nil {
		return nil, err
	}
	if in.Name, err = unitNameRule.Clean(op, in.Name); err != nil {
		return nil, err
	}
	u := &OrgUnit{ID: uuid.Must(uuid.NewV7()).String(), Kind: in.Kind, Code: in.Code, Name: in.Name,
		ParentID: in.ParentID, TimeZone: in.TimeZone, CreatedAt: s.Now()}
	if _, err := tx.NewInsert().Model(u).Exec(ctx); err != nil {
		return nil, apperr.Wrap("identity.CreateOrgUnit", err)
	}
	return u, apperr.Wrap("identity.CreateOrgUnit", s.Org.changed(ctx, tx, s.Events))
}

// CreateStaff hashes the password and inserts a staff member within tx. For
// provisioning; the caller has already been authorised.
func (s *Service) CreateStaff(ctx context.Context, tx bun.IDB, in NewStaff) (*Staff, error) {
	const op = "identity.CreateStaff"
	var err error
	if in.EmployeeNo, err = NormalizeEmployeeNo(op, in.EmployeeNo); err != nil {
		return nil, err
	}
	if in.Name, err = staffNameRule.Clean(op, in.Name); err != nil {
		return nil, err
	}
	if in.Phone, err = staffPhoneRule.Clean(op, in.Phone); err != nil {
		return nil, err
	}
	for _, r := range in.Roles {
		if !slices.Contains(roleOrder, r) {
			return nil, apperr.Invalid(op, "roles", "未知的角色: "+string(r), "Unknown role: "+string(r))
		}
	}
	hash, err := HashPassword(in.Password, s.Password)
	if err != nil {
		return nil, apperr.Wrap("identity.CreateStaff", err)
	}
	now := s.Now()
	st := &Staff{ID: uuid.Must(uuid.NewV7()).String(), EmployeeNo: in.EmployeeNo, Name: in.Name, Phone: in.Phone,
		DepotID: in.DepotID, SuperiorID: in.SuperiorID, ManagedUnitID: in.ManagedUnitID, PasswordHash: hash, WorkStartDay: in.WorkStartDay,
		Active: true, Version: 1, SessionVersion: 1, CreatedAt: now, UpdatedAt: now}
	st.setRoles(in.Roles)
	if _, err = tx.NewInsert().Model(st).Exec(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return st, apperr.Wrap(op, insertRoles(ctx, tx, st))
}

// CreatePartnerClient inserts a partner client assigned to a unit (nil: none) and returns
// it with its secret, which is shown once and stored only as a hash.
func (s *Service) CreatePartnerClient(ctx context.Context, tx bun.IDB, name, clientID string, scopes []string, unitID *string) (*PartnerClient, string, error) {
	name, err := clientNameRule.Clean("identity.CreatePartnerClient", name)
	if err != nil {
		return nil, "", err
	}
	secret := newSecret()
	pc := &PartnerClient{ID: uuid.Must(uuid.NewV7()).String(), Name: name, ClientID: clientID,
		SecretHash: hashToken(secret), ScopesCSV: strings.Join(scopes, ","), Active: true, OrgUnitID: unitID, CreatedAt: s.Now()}
	_, err = tx.NewInsert().Model(pc).Exec(ctx)
	return pc, secret, apperr.Wrap("identity.CreatePartnerClient", err)
}

// HasAnyStaff reports whether the organisation has been provisioned.
func (s *Service) HasAnyStaff(ctx context.Context) (bool, error) {
	return s.DB.R.NewSelect().Model((*Staff)(nil)).Exists(ctx)
}

// NewClientSecret returns a fresh partner client secret and the hash to store, in the
// form PartnerToken checks (for the partner capability's rotation).
func NewClientSecret() (secret, hash string) {
	secret = newSecret()
	return secret, hashToken(secret)
}

// SetManagedUnit gives a manager the unit they run (nil takes it away): their reach is
// every depot under it from their next access token. Admins of the organisation only
// (FORBIDDEN); NOT_FOUND for staff of another organisation; BAD_USER_INPUT for someone
// who is not a manager, or a unit of another organisation.
func (s *Service) SetManagedUnit(ctx context.Context, staffID string, unitID *string) (*Staff, error) {
	const op = "identity.SetManagedUnit"
	p, err := RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasRole(RoleAdmin) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	st := new(Staff)
	if err := s.DB.R.NewSelect().Model(st).Where("id = ?", staffID).Scan(ctx); err != nil || !p.Reach().InOrg(st.DepotID) {
		if err == nil || errors.Is(err, sql.ErrNoRows) {
			return nil, apperr.E(op, apperr.NotFound)
		}
		return nil, apperr.Wrap(op, err)
	}
	if err := LoadRoles(ctx, s.DB.R, st); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if !st.HasRole(RoleManager) {
		return nil, apperr.Invalid(op, "staffId", "只有经理才能负责一个机构单元", "Only a manager runs a unit")
	}
	if unitID != nil && !p.Reach().InOrg(*unitID) {
		return nil, apperr.Invalid(op, "unitId", "所选单元不属于本机构", "The unit is not one of your organisation's")
	}
	_, err = s.DB.W.NewUpdate().Model((*Staff)(nil)).Set("managed_unit_id = ?", unitID).
		Set("version = version + 1").Set("updated_at = ?", s.Now()).Where("id = ?", st.ID).Exec(ctx)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	st.ManagedUnitID = unitID
	return st, nil
}
