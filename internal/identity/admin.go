package identity

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
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
}

// CreateOrgUnit inserts a unit within tx. For provisioning (seed, admin tools); the
// caller has already been authorised.
func (s *Service) CreateOrgUnit(ctx context.Context, tx bun.IDB, in NewOrgUnit) (*OrgUnit, error) {
	u := &OrgUnit{ID: uuid.Must(uuid.NewV7()).String(), Kind: in.Kind, Code: in.Code, Name: in.Name,
		ParentID: in.ParentID, TimeZone: in.TimeZone, CreatedAt: s.Now()}
	_, err := tx.NewInsert().Model(u).Exec(ctx)
	return u, apperr.Wrap("identity.CreateOrgUnit", err)
}

// CreateStaff hashes the password and inserts a staff member within tx. For
// provisioning; the caller has already been authorised.
func (s *Service) CreateStaff(ctx context.Context, tx bun.IDB, in NewStaff) (*Staff, error) {
	hash, err := HashPassword(in.Password, s.Password)
	if err != nil {
		return nil, apperr.Wrap("identity.CreateStaff", err)
	}
	now := s.Now()
	st := &Staff{ID: uuid.Must(uuid.NewV7()).String(), EmployeeNo: in.EmployeeNo, Name: in.Name, Phone: in.Phone,
		DepotID: in.DepotID, SuperiorID: in.SuperiorID, RolesCSV: joinRoles(in.Roles), PasswordHash: hash,
		Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
	_, err = tx.NewInsert().Model(st).Exec(ctx)
	return st, apperr.Wrap("identity.CreateStaff", err)
}

// CreatePartnerClient inserts a partner client and returns it with its secret, which is
// shown once and stored only as a hash.
func (s *Service) CreatePartnerClient(ctx context.Context, tx bun.IDB, name, clientID string, scopes []string) (*PartnerClient, string, error) {
	secret := newSecret()
	pc := &PartnerClient{ID: uuid.Must(uuid.NewV7()).String(), Name: name, ClientID: clientID,
		SecretHash: hashToken(secret), ScopesCSV: strings.Join(scopes, ","), Active: true, CreatedAt: s.Now()}
	_, err := tx.NewInsert().Model(pc).Exec(ctx)
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
