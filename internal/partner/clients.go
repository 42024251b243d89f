package partner

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/jobs"
	"github.com/expresscs/cs/internal/ratelimit"
	"github.com/expresscs/cs/internal/text"
)

// Scopes a partner client may hold.
const (
	ScopeOrdersRead    = "orders:read"
	ScopeOrdersWrite   = "orders:write"
	ScopeTrackingRead  = "tracking:read"
	ScopeTrackingWrite = "tracking:write"
	ScopeWebhooks      = "webhooks"
	// ScopeTrackingScan makes the client a registered scanner or hub: it records tracking
	// events on the orders of every depot under the unit it is assigned to.
	ScopeTrackingScan = "tracking:scan"
)

// AllScopes lists the scopes in the order they are shown.
var AllScopes = []string{ScopeOrdersRead, ScopeOrdersWrite, ScopeTrackingRead, ScopeTrackingWrite, ScopeWebhooks, ScopeTrackingScan}

// DefaultBudgetPerMinute is the cost a client may spend per minute unless configured.
const DefaultBudgetPerMinute = 10000

// Service is the partner capability.
type Service struct {
	DB   *db.DB
	Jobs *jobs.Queue
	Now  func() time.Time
	// AdmissionTTL is how long a client's active flag, budget and restriction are cached
	// per instance (default 5 s): a revoked client's tokens stop working within it.
	AdmissionTTL time.Duration
	// AllowHTTP accepts http:// webhook URLs (development and tests only).
	AllowHTTP bool
	// WebhookAllow lets webhooks reach these addresses although they are special-purpose
	// (a receiver on this machine): tests and development only, never production, where
	// every loopback, private, shared, link-local or otherwise reserved address is refused.
	WebhookAllow []netip.Prefix

	// Limiter holds the clients' budgets (keys BucketKey); by default ratelimit.New(DB).
	Limiter *ratelimit.Limiter

	admission   admissionCache
	limiterOnce sync.Once
	egressOnce  sync.Once
	egr         *egress
	sender      *http.Client
}

// Client is a partner API client as an admin manages it. Its secret is never readable.
type Client struct {
	bun.BaseModel `bun:"table:partner_clients"`

	ID              string     `bun:"id,pk"`
	Name            string     `bun:"name"`
	ClientID        string     `bun:"client_id"`
	SecretHash      string     `bun:"secret_hash"`
	ScopesCSV       string     `bun:"scopes"`
	Active          bool       `bun:"active"`
	BudgetPerMinute int        `bun:"budget_per_minute"`
	PersistedOnly   bool       `bun:"persisted_only"`
	SecretRotatedAt *time.Time `bun:"secret_rotated_at"`
	// OrgUnitID is the unit the client is assigned to: the depot its API orders go to
	// (orders:write), or the units a registered scanner scans in (tracking:scan).
	OrgUnitID *string `bun:"org_unit_id"`
	// SalespersonID is the staff member who answers for a merchant (业务员): told of its
	// waybills among a consignment station's anomalies. Of the client's branch.
	SalespersonID *string    `bun:"salesperson_id"`
	RevokedAt     *time.Time `bun:"revoked_at"`
	CreatedAt     time.Time  `bun:"created_at"`
}

// Scopes returns the client's scopes.
func (c *Client) Scopes() []string {
	var out []string
	for _, s := range strings.Split(c.ScopesCSV, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ClientInput describes a client to create or the settings to change.
type ClientInput struct {
	Name            string
	ClientID        string // create only
	Scopes          []string
	BudgetPerMinute int // 0 = default
	PersistedOnly   bool
	// OrgUnitID assigns the client to a unit of the administrator's organisation; empty
	// for none.
	OrgUnitID string
	// SalespersonID names the merchant's salesperson (业务员): active staff of the branch
	// of the client's unit; empty for none.
	SalespersonID string
}

var clientIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

func (in *ClientInput) validate(op string, p *identity.Principal, create bool) error {
	if in.OrgUnitID != "" && !p.Reach().InOrg(in.OrgUnitID) {
		return apperr.Invalid(op, "orgUnitId", "所选网点不属于本机构", "The unit is not one of your organisation's")
	}
	var err error
	if in.Name, err = (text.Rule{Field: "name", Max: 100}).Clean(op, in.Name); err != nil {
		return err
	}
	if create && !clientIDPattern.MatchString(in.ClientID) {
		return apperr.Invalid(op, "clientId", "客户端编号须为 3 到 64 位小写字母、数字、点、横线或下划线",
			"The client id must be 3 to 64 lowercase letters, digits, dots, dashes or underscores")
	}
	if len(in.Scopes) == 0 {
		return apperr.Invalid(op, "scopes", "请至少授予一个权限范围", "Grant at least one scope")
	}
	for _, s := range in.Scopes {
		if !slices.Contains(AllScopes, s) {
			return apperr.E(op, apperr.PartnerScopeUnknown).With("scope", s).With("allowed", AllScopes)
		}
	}
	in.Scopes = slices.Compact(slices.Sorted(slices.Values(in.Scopes)))
	if in.BudgetPerMinute == 0 {
		in.BudgetPerMinute = DefaultBudgetPerMinute
	}
	if in.BudgetPerMinute < 100 || in.BudgetPerMinute > 1_000_000 {
		return apperr.Invalid(op, "budgetPerMinute", "每分钟预算须在 100 到 1,000,000 之间", "The budget per minute must be 100 to 1,000,000")
	}
	return nil
}

// checkSalesperson refuses a salesperson who is not active staff of the branch (分公司)
// of the client's unit, or a salesperson for a client assigned to no unit.
func (s *Service) checkSalesperson(ctx context.Context, op string, p *identity.Principal, in *ClientInput) error {
	if in.SalespersonID == "" {
		return nil
	}
	wrong := apperr.Invalid(op, "salespersonId", "业务员须为该合作方所属分公司的在职员工", "The salesperson must be active staff of the client's branch")
	if in.OrgUnitID == "" {
		return apperr.Invalid(op, "salespersonId", "请先为合作方指定网点,再指定业务员", "Assign the client to a unit before naming its salesperson")
	}
	st, err := identity.StaffByID(ctx, s.DB.R, in.SalespersonID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !st.Active) {
		return wrong
	}
	if err != nil {
		return apperr.Wrap(op, err)
	}
	tree := p.Reach().Tree()
	branch := tree.AncestorOfKind(in.OrgUnitID, identity.KindBranch)
	if !p.Reach().InOrg(st.DepotID) || branch == "" || tree.AncestorOfKind(st.DepotID, identity.KindBranch) != branch {
		return wrong
	}
	return nil
}

// requireAdmin returns the administrator calling, FORBIDDEN for anyone else.
func requireAdmin(ctx context.Context, op string) (*identity.Principal, error) {
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasRole(identity.RoleAdmin) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	return p, nil
}

// Client writes are retried safely: each takes an idempotency key, and a replay returns
// the client as it is now with replayed = true. A replay never mints a secret and never
// shows one again (the secret is stored only as a hash, and the key's record holds no
// secret): the secret is "" on a replay.

// CreateClient registers a partner client, assigned to a unit of the administrator's
// organisation if one is given, and returns it with its secret, shown only this once.
// Admins only (FORBIDDEN). BAD_USER_INPUT (also for a unit of another organisation),
// PARTNER_SCOPE_UNKNOWN, CONFLICT for a client id in use, IDEMPOTENCY_KEY_REUSED.
func (s *Service) CreateClient(ctx context.Context, key string, in ClientInput) (c *Client, secret string, replayed bool, err error) {
	const op = "partner.CreateClient"
	p, err := requireAdmin(ctx, op)
	if err != nil {
		return nil, "", false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, "", false, err
	}
	if err := in.validate(op, p, true); err != nil {
		return nil, "", false, err
	}
	if err := s.checkSalesperson(ctx, op, p, &in); err != nil {
		return nil, "", false, err
	}
	now := s.Now().UTC()
	id, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (string, error) {
		var hash string
		secret, hash = identity.NewClientSecret()
		c := &Client{ID: uuid.Must(uuid.NewV7()).String(), Name: in.Name, ClientID: in.ClientID, SecretHash: hash,
			ScopesCSV: strings.Join(in.Scopes, ","), Active: true, BudgetPerMinute: in.BudgetPerMinute,
			PersistedOnly: in.PersistedOnly, OrgUnitID: unitOrNil(in.OrgUnitID), SalespersonID: unitOrNil(in.SalespersonID), CreatedAt: now}
		// DO NOTHING finds a client id in use the same way on both dialects.
		res, err := tx.NewInsert().Model(c).On("CONFLICT (client_id) DO NOTHING").Exec(ctx)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", apperr.E(op, apperr.Conflict).Explain("该客户端编号已被使用", "This client id is already in use")
		}
		return c.ID, nil
	})
	if err != nil {
		return nil, "", false, apperr.Wrap(op, err)
	}
	if replayed {
		secret = ""
	}
	c, err = s.client(ctx, op, id)
	return c, secret, replayed, err
}

// UpdateClient changes a client's name, scopes, budget, restriction and assigned unit.
// Tokens already issued keep the scopes and unit they were issued with until they expire
// (at most the partner token lifetime); budget and restriction apply within
// AdmissionTTL. Admins only; NOT_FOUND, BAD_USER_INPUT (also for a unit of another
// organisation), PARTNER_SCOPE_UNKNOWN, IDEMPOTENCY_KEY_REUSED.
func (s *Service) UpdateClient(ctx context.Context, key, id string, in ClientInput) (*Client, bool, error) {
	const op = "partner.UpdateClient"
	p, err := requireAdmin(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := in.validate(op, p, false); err != nil {
		return nil, false, err
	}
	if err := s.checkSalesperson(ctx, op, p, &in); err != nil {
		return nil, false, err
	}
	return s.change(ctx, op, p, key, id, in, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("name = ?", in.Name).Set("scopes = ?", strings.Join(in.Scopes, ",")).
			Set("budget_per_minute = ?", in.BudgetPerMinute).Set("persisted_only = ?", in.PersistedOnly).
			Set("org_unit_id = ?", unitOrNil(in.OrgUnitID)).Set("salesperson_id = ?", unitOrNil(in.SalespersonID))
	})
}

func unitOrNil(id string) *string {
	if id == "" {
		return nil
	}
	return &id
}

// RotateSecret replaces a client's secret: the old one stops working at once for new
// tokens. Returns the new secret, shown once; a replay returns "" and mints nothing.
// Admins only; NOT_FOUND, IDEMPOTENCY_KEY_REUSED.
func (s *Service) RotateSecret(ctx context.Context, key, id string) (*Client, string, bool, error) {
	const op = "partner.RotateSecret"
	p, err := requireAdmin(ctx, op)
	if err != nil {
		return nil, "", false, err
	}
	var secret string
	c, replayed, err := s.change(ctx, op, p, key, id, nil, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		var hash string
		secret, hash = identity.NewClientSecret()
		return q.Set("secret_hash = ?", hash).Set("secret_rotated_at = ?", s.Now().UTC())
	})
	if err != nil || replayed {
		return c, "", replayed, err
	}
	return c, secret, false, nil
}

// RevokeClient disables a client: it can get no new token, and tokens already issued
// are refused within AdmissionTTL on every instance. Revoking twice is harmless.
// Admins only; NOT_FOUND, IDEMPOTENCY_KEY_REUSED.
func (s *Service) RevokeClient(ctx context.Context, key, id string) (*Client, bool, error) {
	const op = "partner.RevokeClient"
	p, err := requireAdmin(ctx, op)
	if err != nil {
		return nil, false, err
	}
	return s.change(ctx, op, p, key, id, nil, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("active = ?", false).Set("revoked_at = COALESCE(revoked_at, ?)", s.Now().UTC())
	})
}

// change updates one client under an idempotency key of the administrator p and
// returns it as it is now. set runs only on the first attempt.
func (s *Service) change(ctx context.Context, op string, p *identity.Principal, key, id string, in any, set func(*bun.UpdateQuery) *bun.UpdateQuery) (*Client, bool, error) {
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	_, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{id, in}), s.Now().UTC(),
		func(ctx context.Context, tx bun.Tx) (string, error) {
			res, err := set(tx.NewUpdate().Model((*Client)(nil))).Where("id = ?", id).Exec(ctx)
			if err != nil {
				return "", err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return "", apperr.E(op, apperr.NotFound)
			}
			return id, nil
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	s.admission.forget(id)
	c, err := s.client(ctx, op, id)
	return c, replayed, err
}

// Clients lists every partner client by name. Admins only.
func (s *Service) Clients(ctx context.Context) ([]*Client, error) {
	const op = "partner.Clients"
	if _, err := requireAdmin(ctx, op); err != nil {
		return nil, err
	}
	var out []*Client
	err := s.DB.R.NewSelect().Model(&out).OrderExpr("name, id").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// client loads one client or NOT_FOUND.
func (s *Service) client(ctx context.Context, op, id string) (*Client, error) {
	c := new(Client)
	err := s.DB.R.NewSelect().Model(c).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return c, apperr.Wrap(op, err)
}

// MerchantsWithActiveSalesperson loads those of the partner clients ids whose
// salesperson is an active staff member, by id: whom reconciliation tells of a
// merchant's waybills among a station's anomalies.
func MerchantsWithActiveSalesperson(ctx context.Context, idb bun.IDB, ids []string) (map[string]*Client, error) {
	out := map[string]*Client{}
	if len(ids) == 0 {
		return out, nil
	}
	var cs []*Client
	err := idb.NewSelect().Model(&cs).Where("id IN (?)", bun.List(ids)).
		Where("salesperson_id IN (?)", identity.ActiveStaffIDs(idb)).Scan(ctx)
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, err
}
