package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/crypto/argon2"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/event"
)

// RefreshRetryGrace is how long after a refresh the same token may be presented again by a
// phone whose first answer was lost, provided the token that answer carried was never used.
const RefreshRetryGrace = 20 * time.Second

// Service is the identity capability.
type Service struct {
	DB       *db.DB
	Tokens   *Tokens
	Login    LoginPolicy
	Password PasswordParams
	// Gate bounds the password checks running at once (see PasswordGate).
	Gate *PasswordGate
	// Events, when set, carries ended sessions and changes of the organisation tree to
	// every instance.
	Events event.Bus
	Now    func() time.Time
	// Org is this instance's snapshot of the organisation tree, from which each
	// request's reach is computed.
	Org *Org
	// Waybills names orders for the reveal audit export: the waybill number of each of
	// orderIDs that exists, read in idb with one statement. Orders are the order
	// capability's (order.WaybillsByID, set at wiring, since order imports identity);
	// unset, an export that lists an order's reveal fails.
	Waybills func(ctx context.Context, idb bun.IDB, orderIDs []string) (map[string]string, error)

	dummyOnce sync.Once
	dummy     string
}

// NewService wires the identity service with production defaults.
func NewService(d *db.DB, keys *Keyring) *Service {
	now := func() time.Time { return time.Now().UTC() }
	return &Service{
		DB:       d,
		Tokens:   &Tokens{Keys: keys, Cfg: DefaultTokenConfig, Now: now, Sessions: NewSessions()},
		Login:    DefaultLoginPolicy,
		Password: DefaultPasswordParams,
		Gate:     NewDefaultPasswordGate(PasswordChecksFor(0, runtime.GOMAXPROCS(0))),
		Now:      now,
		Org:      &Org{DB: d},
	}
}

// Session is what a successful login or refresh returns.
type Session struct {
	refreshID        string
	AccessToken      string
	AccessExpiresAt  time.Time
	RefreshToken     string
	RefreshExpiresAt time.Time
	Staff            *Staff
}

// dummyHash is checked when the employee number is unknown, so that unknown and known
// accounts take the same time (and the same memory) to refuse. It has the cost new
// passwords are hashed at and a random salt and key, which no password matches: made
// without running argon2.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		p := s.Password
		salt, key := make([]byte, 16), make([]byte, 32)
		_, _ = rand.Read(salt)
		_, _ = rand.Read(key)
		enc := base64.RawStdEncoding
		s.dummy = fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
			argon2.Version, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key))
	})
	return s.dummy
}

// LogIn checks an employee number and password and opens a session. Anyone may call it.
// Every refusal reads the same for a number that exists and one that does not, and takes
// as long: BAD_USER_INPUT for an empty or malformed number or an empty or over-long
// password (before anything else); ACCOUNT_LOCKED (retryAfterSeconds) while this number
// must wait, from this client address or, past the account's ceiling, from every one
// (see LoginPolicy); THROTTLED (retryAfterSeconds) when too many passwords are being
// checked at once (see PasswordGate); INVALID_CREDENTIALS for an unknown number, a wrong
// password or a deactivated account.
func (s *Service) LogIn(ctx context.Context, employeeNo, password string) (*Session, error) {
	const op = "identity.LogIn"
	no, err := NormalizeEmployeeNo(op, employeeNo)
	if err != nil {
		return nil, err
	}
	if password == "" {
		return nil, apperr.Invalid(op, "password", "请输入密码", "Enter your password")
	}
	if len(password) > MaxPasswordLen {
		return nil, apperr.Invalid(op, "password", "密码过长", "The password is too long").With("maxLength", MaxPasswordLen)
	}
	source := ClientAddressFrom(ctx)
	now := s.Now()
	// A caller who must wait is refused before queueing for a password check.
	wait, err := s.loginWait(ctx, no, source, now)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if wait > 0 {
		return nil, lockedError(op, wait)
	}
	release, err := s.Gate.Enter(ctx, op)
	if err != nil {
		return nil, err
	}
	defer release()
	if wait, err = s.claimAttempt(ctx, no, source, now); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if wait > 0 {
		return nil, lockedError(op, wait)
	}
	st := new(Staff)
	err = s.DB.R.NewSelect().Model(st).Where("employee_no = ?", no).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		checkPassword(s.dummyHash(), password)
		return nil, apperr.E(op, apperr.InvalidCredentials)
	}
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	// The password is checked outside any transaction: argon2 is slow on purpose and
	// must not hold SQLite's write lock.
	if !checkPassword(st.PasswordHash, password) || !st.Active {
		return nil, apperr.E(op, apperr.InvalidCredentials)
	}
	var sess *Session
	err = s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := forgiveAttempts(ctx, tx, no, source); err != nil {
			return err
		}
		var err error
		sess, err = s.openSession(ctx, tx, st, uuid.NewString())
		return err
	})
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return sess, nil
}

// lockedError tells a caller who must wait how long, in the message too.
func lockedError(op string, left time.Duration) error {
	secs := max(1, int(math.Ceil(left.Seconds())))
	zh, en := fmt.Sprintf("%d 秒", secs), fmt.Sprintf("%d s", secs)
	if secs > 90 {
		mins := (secs + 59) / 60
		zh, en = fmt.Sprintf("%d 分钟", mins), fmt.Sprintf("%d min", mins)
	}
	return apperr.E(op, apperr.AccountLocked).With("retryAfterSeconds", secs).
		Explain("登录失败次数过多,请 "+zh+"后再试", "Too many failed logins; try again in "+en)
}

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// openSession stores a new refresh token in family and signs an access token.
func (s *Service) openSession(ctx context.Context, tx bun.Tx, st *Staff, family string) (*Session, error) {
	now := s.Now()
	raw := newSecret()
	rt := &RefreshToken{
		ID: uuid.Must(uuid.NewV7()).String(), FamilyID: family, StaffID: st.ID,
		TokenHash: hashToken(raw), ExpiresAt: now.Add(s.Tokens.Cfg.RefreshTTL), CreatedAt: now,
	}
	if _, err := tx.NewInsert().Model(rt).Exec(ctx); err != nil {
		return nil, err
	}
	p, err := staffPrincipal(ctx, tx, st)
	if err != nil {
		return nil, err
	}
	access, exp, err := s.Tokens.Sign(p, s.Tokens.Cfg.AccessTTL)
	if err != nil {
		return nil, err
	}
	return &Session{refreshID: rt.ID, AccessToken: access, AccessExpiresAt: exp, RefreshToken: raw, RefreshExpiresAt: rt.ExpiresAt, Staff: st}, nil
}

// staffPrincipal is st as a principal, its roles read first (into a copy: st may be
// shared) when they are not loaded.
func staffPrincipal(ctx context.Context, idb bun.IDB, st *Staff) (*Principal, error) {
	if !st.loaded {
		c := *st
		if err := LoadRoles(ctx, idb, &c); err != nil {
			return nil, err
		}
		st = &c
	}
	p := &Principal{Kind: KindStaff, ID: st.ID, Roles: st.Roles(), DepotID: st.DepotID, SessionVersion: st.SessionVersion}
	if st.ManagedUnitID != nil {
		p.ManagedUnitID = *st.ManagedUnitID
	}
	return p, nil
}

// Refresh exchanges a refresh token for a new session in the same family. Anyone holding
// the token may call it. Phones retry: a token presented again within RefreshRetryGrace,
// while the token its first answer carried is still unused, means that answer was lost,
// so the unused token is revoked and a new session issued. Any other second use means the
// token was stolen or copied: every token of its family is revoked and
// REFRESH_TOKEN_REUSED returned. An unknown, expired or logged-out token is
// UNAUTHENTICATED.
func (s *Service) Refresh(ctx context.Context, raw string) (*Session, error) {
	const op = "identity.Refresh"
	if raw == "" {
		return nil, apperr.E(op, apperr.Unauthenticated)
	}
	var sess *Session
	var refusal error
	hash := hashToken(raw)
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		// Lock the token's family first, in id order. Refreshes of one family then take
		// its rows in one order: a reuse revoking the family and a retry revoking the
		// successor, each updating the other's rows in the opposite order, deadlocked on
		// PostgreSQL (INTERNAL to one phone). SQLite's writer is one at a time already.
		if s.DB.Dialect == db.Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT id FROM refresh_tokens WHERE family_id =
				(SELECT family_id FROM refresh_tokens WHERE token_hash = ?) ORDER BY id FOR UPDATE`, hash); err != nil {
				return err
			}
		}
		now := s.Now()
		rt := new(RefreshToken)
		err := tx.NewSelect().Model(rt).Where("token_hash = ?", hash).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			refusal = apperr.E(op, apperr.Unauthenticated)
			return nil
		}
		if err != nil {
			return err
		}
		switch {
		case rt.UsedAt != nil:
			retried, err := s.replaceLostSuccessor(ctx, tx, rt, now)
			if err != nil || retried == nil {
				refusal = apperr.E(op, apperr.RefreshTokenReused)
				return revokeFamily(ctx, tx, rt.FamilyID, now)
			}
			sess = retried
			return nil
		case rt.RevokedAt != nil:
			refusal = apperr.E(op, apperr.Unauthenticated)
			return nil
		case !rt.ExpiresAt.After(now):
			refusal = apperr.E(op, apperr.Unauthenticated).Explain("登录已过期,请重新登录", "Your session has expired; please log in again")
			return nil
		}
		// Claim the token; losing this race to a concurrent refresh is reuse too.
		res, err := tx.NewUpdate().Model((*RefreshToken)(nil)).Set("used_at = ?", now).
			Where("id = ?", rt.ID).Where("used_at IS NULL").Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			refusal = apperr.E(op, apperr.RefreshTokenReused)
			return revokeFamily(ctx, tx, rt.FamilyID, now)
		}
		st, err := s.activeStaff(ctx, tx, rt.StaffID)
		if err != nil {
			return err
		}
		if st == nil {
			refusal = apperr.E(op, apperr.Unauthenticated)
			return revokeFamily(ctx, tx, rt.FamilyID, now)
		}
		sess, err = s.openSession(ctx, tx, st, rt.FamilyID)
		if err != nil {
			return err
		}
		_, err = tx.NewUpdate().Model((*RefreshToken)(nil)).Set("replaced_by = ?", sess.refreshID).Where("id = ?", rt.ID).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if refusal != nil {
		return nil, refusal
	}
	return sess, nil
}

// activeStaff loads a staff member, or nil when the account is disabled.
func (s *Service) activeStaff(ctx context.Context, tx bun.Tx, id string) (*Staff, error) {
	st := new(Staff)
	if err := tx.NewSelect().Model(st).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, err
	}
	if !st.Active {
		return nil, nil
	}
	return st, nil
}

// replaceLostSuccessor handles a retried refresh: when rt was used within the grace
// period and the token that refresh issued has never been used, that token is revoked
// and a new session issued in its place. It returns nil when the retry does not qualify
// (the caller then treats it as reuse). The successor is swapped with a conditional
// update, so of two retries racing each other only one can succeed.
func (s *Service) replaceLostSuccessor(ctx context.Context, tx bun.Tx, rt *RefreshToken, now time.Time) (*Session, error) {
	if rt.RevokedAt != nil || rt.ReplacedBy == nil || now.Sub(*rt.UsedAt) > RefreshRetryGrace {
		return nil, nil
	}
	next := new(RefreshToken)
	if err := tx.NewSelect().Model(next).Where("id = ?", *rt.ReplacedBy).Scan(ctx); err != nil {
		return nil, err
	}
	if next.UsedAt != nil || next.RevokedAt != nil {
		return nil, nil
	}
	st, err := s.activeStaff(ctx, tx, rt.StaffID)
	if err != nil || st == nil {
		return nil, err
	}
	if _, err := tx.NewUpdate().Model((*RefreshToken)(nil)).Set("revoked_at = ?", now).Where("id = ?", next.ID).Exec(ctx); err != nil {
		return nil, err
	}
	sess, err := s.openSession(ctx, tx, st, rt.FamilyID)
	if err != nil {
		return nil, err
	}
	res, err := tx.NewUpdate().Model((*RefreshToken)(nil)).Set("replaced_by = ?", sess.refreshID).
		Where("id = ?", rt.ID).Where("replaced_by = ?", next.ID).Exec(ctx)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, nil
	}
	return sess, nil
}

func revokeFamily(ctx context.Context, tx bun.Tx, family string, now time.Time) error {
	_, err := tx.NewUpdate().Model((*RefreshToken)(nil)).Set("revoked_at = ?", now).
		Where("family_id = ?", family).Where("revoked_at IS NULL").Exec(ctx)
	return err
}

// LogOut revokes the session the refresh token belongs to. Anyone holding the token may
// call it; it reports false when there was nothing left to revoke (logging out twice is
// not an error).
func (s *Service) LogOut(ctx context.Context, raw string) (bool, error) {
	const op = "identity.LogOut"
	if raw == "" {
		return false, nil
	}
	var revoked bool
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		rt := new(RefreshToken)
		err := tx.NewSelect().Model(rt).Where("token_hash = ?", hashToken(raw)).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model((*RefreshToken)(nil)).Set("revoked_at = ?", s.Now()).
			Where("family_id = ?", rt.FamilyID).Where("revoked_at IS NULL").Exec(ctx)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		revoked = n > 0
		return nil
	})
	return revoked, apperr.Wrap(op, err)
}

// PartnerToken exchanges client credentials for a scoped access token. Anyone may call
// it; a wrong or disabled client is INVALID_CREDENTIALS, told in a partner's terms (the
// code's own message speaks of employee numbers and passwords) and the same for an
// unknown client, a wrong secret and a disabled client.
func (s *Service) PartnerToken(ctx context.Context, clientID, secret string) (string, time.Time, []string, error) {
	const op = "identity.PartnerToken"
	wrongClient := func() error {
		return apperr.E(op, apperr.InvalidCredentials).Explain("客户端编号或密钥错误", "Wrong client ID or secret")
	}
	if !plausibleClientID(clientID) {
		// No client has it, and the database would refuse the text itself (a NUL is an
		// error to SQLite and PostgreSQL alike), which is the caller's mistake, not ours.
		return "", time.Time{}, nil, wrongClient()
	}
	pc := new(PartnerClient)
	err := s.DB.R.NewSelect().Model(pc).Where("client_id = ?", clientID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil, wrongClient()
	}
	if err != nil {
		return "", time.Time{}, nil, apperr.Wrap(op, err)
	}
	if subtle.ConstantTimeCompare([]byte(hashToken(secret)), []byte(pc.SecretHash)) != 1 || !pc.Active {
		return "", time.Time{}, nil, wrongClient()
	}
	tok, exp, err := s.Tokens.Sign(partnerPrincipal(pc), s.Tokens.Cfg.PartnerTTL)
	if err != nil {
		return "", time.Time{}, nil, apperr.Wrap(op, err)
	}
	return tok, exp, pc.Scopes(), nil
}

// maxClientIDBytes is longer than any client id partner.CreateClient accepts (64
// characters of a-z, 0-9, '.', '_' and '-').
const maxClientIDBytes = 64

// plausibleClientID reports whether id could name a client: not longer than any client id
// and free of NUL. It is a guard for the query, not the creation rule, which is
// partner's.
func plausibleClientID(id string) bool {
	return len(id) <= maxClientIDBytes && !strings.ContainsRune(id, 0)
}

func partnerPrincipal(pc *PartnerClient) *Principal {
	p := &Principal{Kind: KindPartner, ID: pc.ID, Roles: []Role{RolePartner}, Scopes: pc.Scopes()}
	if pc.OrgUnitID != nil {
		p.UnitID = *pc.OrgUnitID
	}
	return p
}

// MintToken signs an access token for a staff member (by employee number) or a partner
// (by client id) without a password: for operators' scripts via `server token`, never
// exposed over HTTP.
func (s *Service) MintToken(ctx context.Context, employeeNo, clientID string, ttl time.Duration) (string, error) {
	const op = "identity.MintToken"
	var p *Principal
	switch {
	case employeeNo != "":
		st := new(Staff)
		if err := s.DB.R.NewSelect().Model(st).Where("employee_no = ?", employeeNo).Scan(ctx); err != nil {
			return "", apperr.Wrap(op, err)
		}
		var err error
		if p, err = staffPrincipal(ctx, s.DB.R, st); err != nil {
			return "", apperr.Wrap(op, err)
		}
	case clientID != "":
		pc := new(PartnerClient)
		if err := s.DB.R.NewSelect().Model(pc).Where("client_id = ?", clientID).Scan(ctx); err != nil {
			return "", apperr.Wrap(op, err)
		}
		p = partnerPrincipal(pc)
	default:
		return "", apperr.Invalid(op, "subject", "请指定工号或合作方编号", "Name an employee number or a partner client id")
	}
	tok, _, err := s.Tokens.Sign(p, ttl)
	return tok, apperr.Wrap(op, err)
}
