package identity

import (
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Role is a role a staff member or partner holds.
type Role string

// The roles of the product.
const (
	RoleAgent      Role = "AGENT"
	RoleSupervisor Role = "SUPERVISOR"
	RoleManager    Role = "MANAGER"
	RoleVerifier   Role = "VERIFIER"
	RoleAdmin      Role = "ADMIN"
	RolePartner    Role = "PARTNER"
)

// OrgUnitKind is the level of a unit in the organisation tree.
type OrgUnitKind string

// The levels, top-down.
const (
	KindGroup  OrgUnitKind = "GROUP"
	KindRegion OrgUnitKind = "REGION"
	KindBranch OrgUnitKind = "BRANCH"
	KindDepot  OrgUnitKind = "DEPOT"
)

// OrgUnit is a group, region, branch company or depot.
type OrgUnit struct {
	bun.BaseModel `bun:"table:org_units"`

	ID        string      `bun:"id,pk"`
	Kind      OrgUnitKind `bun:"kind"`
	Code      string      `bun:"code"`
	Name      string      `bun:"name"`
	ParentID  *string     `bun:"parent_id"`
	TimeZone  string      `bun:"time_zone"`
	CreatedAt time.Time   `bun:"created_at"`
}

// Staff is a member of the customer-service staff.
type Staff struct {
	bun.BaseModel `bun:"table:staff"`

	ID         string  `bun:"id,pk"`
	EmployeeNo string  `bun:"employee_no"`
	Name       string  `bun:"name"`
	Phone      string  `bun:"phone"`
	DepotID    string  `bun:"depot_id"`
	SuperiorID *string `bun:"superior_id"`
	// ManagedUnitID is the unit a manager runs: their reach is every depot under it.
	ManagedUnitID *string `bun:"managed_unit_id"`
	PasswordHash  string  `bun:"password_hash"`
	Active        bool    `bun:"active"`
	Version       int     `bun:"version"`
	// SessionVersion is raised when the person's sessions are ended (deactivation); access
	// tokens carry the version they were issued at.
	SessionVersion int `bun:"session_version"`
	// WorkStartDay (YYYY-MM-DD) is when the person started working, for any employer:
	// cumulative years of service (累计工作年限) decide statutory annual leave. nil when
	// unknown, which counts as less than a year.
	WorkStartDay *string   `bun:"work_start_day"`
	CreatedAt    time.Time `bun:"created_at"`
	UpdatedAt    time.Time `bun:"updated_at"`

	// roles are stored as rows (StaffRole) and read with LoadRoles; loaded says they were.
	roles  []Role
	loaded bool
}

// StaffRole is one role a staff member holds: one row per role (staff_roles).
type StaffRole struct {
	bun.BaseModel `bun:"table:staff_roles"`

	StaffID string `bun:"staff_id,pk"`
	Role    Role   `bun:"role,pk"`
}

// Roles returns the staff member's roles, in the order of the Role constants. Reading
// the roles of a staff row that LoadRoles has not filled is a programming error and
// panics: an empty answer would quietly refuse (or show) the wrong thing.
func (s *Staff) Roles() []Role {
	if !s.loaded {
		panic("identity: the roles of staff " + s.ID + " were read before LoadRoles")
	}
	return s.roles
}

// HasRole reports whether the staff member holds r (see Roles).
func (s *Staff) HasRole(r Role) bool { return slices.Contains(s.Roles(), r) }

// HasAnyRole reports whether the staff member holds one of roles (see Roles).
func (s *Staff) HasAnyRole(roles ...Role) bool {
	return slices.ContainsFunc(roles, s.HasRole)
}

// setRoles records roles as the staff member's loaded roles, in a fixed order.
func (s *Staff) setRoles(roles []Role) {
	s.roles = slices.DeleteFunc(slices.Clone(roles), func(r Role) bool { return !slices.Contains(roleOrder, r) })
	slices.SortFunc(s.roles, func(a, b Role) int { return slices.Index(roleOrder, a) - slices.Index(roleOrder, b) })
	s.roles = slices.Compact(s.roles)
	s.loaded = true
}

// roleOrder is the order roles are listed in.
var roleOrder = []Role{RoleAgent, RoleSupervisor, RoleManager, RoleVerifier, RoleAdmin}

// PartnerClient is a merchant, partner carrier or consignment station using the API.
type PartnerClient struct {
	bun.BaseModel `bun:"table:partner_clients"`

	ID         string `bun:"id,pk"`
	Name       string `bun:"name"`
	ClientID   string `bun:"client_id"`
	SecretHash string `bun:"secret_hash"`
	ScopesCSV  string `bun:"scopes"`
	Active     bool   `bun:"active"`
	// OrgUnitID is the unit the client is assigned to: the depot its API orders go to.
	OrgUnitID *string   `bun:"org_unit_id"`
	CreatedAt time.Time `bun:"created_at"`
}

// Scopes returns the scopes the client may be granted.
func (p *PartnerClient) Scopes() []string {
	var out []string
	for _, s := range strings.Split(p.ScopesCSV, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// RefreshToken is one link of a session's rotation chain; only its hash is stored.
type RefreshToken struct {
	bun.BaseModel `bun:"table:refresh_tokens"`

	ID         string     `bun:"id,pk"`
	FamilyID   string     `bun:"family_id"`
	StaffID    string     `bun:"staff_id"`
	TokenHash  string     `bun:"token_hash"`
	ExpiresAt  time.Time  `bun:"expires_at"`
	CreatedAt  time.Time  `bun:"created_at"`
	UsedAt     *time.Time `bun:"used_at"`
	RevokedAt  *time.Time `bun:"revoked_at"`
	ReplacedBy *string    `bun:"replaced_by"`
}

// Audit actions of personal-data reveals.
const (
	ActionOrderContactReveal = "order.contact.reveal"
	ActionStaffPhoneReveal   = "staff.phone.reveal"
)

// AuditEntry records who read or did something sensitive, and why.
type AuditEntry struct {
	bun.BaseModel `bun:"table:audit_entries"`

	ID          string `bun:"id,pk"`
	ActorKind   string `bun:"actor_kind"`
	ActorID     string `bun:"actor_id"`
	Action      string `bun:"action"`
	SubjectType string `bun:"subject_type"`
	SubjectID   string `bun:"subject_id"`
	// DepotID is the depot of the record read (the order's, the staff member's): who
	// may read the entry follows it.
	DepotID *string `bun:"depot_id"`
	// Party is the side of an order whose contact was revealed (CONSIGNOR, CONSIGNEE).
	Party     string    `bun:"party"`
	Reason    string    `bun:"reason"`
	RequestID string    `bun:"request_id"`
	CreatedAt time.Time `bun:"created_at"`
}
