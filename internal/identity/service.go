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
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
)

// LoginPolicy throttles password guessing per account.
type LoginPolicy struct {
	MaxFailures int           // failures in a row before the account locks
	LockFor     time.Duration // how long it stays locked
}

// DefaultLoginPolicy locks an account for 15 minutes after 5 wrong passwords in a row.
var DefaultLoginPolicy = LoginPolicy{MaxFailures: 5, LockFor: 15 * time.Minute}

// RefreshRetryGrace is how long after a refresh the same token may be presented again by a
// phone whose first answer was lost, provided the token that answer carried was never used.
const RefreshRetryGrace = 20 * time.Second

// Service is the identity capability.
type Service struct {
	DB       *db.DB
	Tokens   *Tokens
	Login    LoginPolicy
	Password PasswordParams
	Now      func() time.Time
}

// NewService wires the identity service with production defaults.
func NewService(d *db.DB, keys *Keyring) *Service {
	now := func() time.Time { return time.Now().UTC() }
	return &Service{
		DB:       d,
		Tokens:   &Tokens{Keys: keys, Cfg: DefaultTokenConfig, Now: now},
		Login:    DefaultLoginPolicy,
		Password: DefaultPasswordParams,
		Now:      now,
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

// A hash of a random password, checked when the employee number is unknown so that
// unknown and known accounts take the same time to refuse.
// It is made on first use, not at start-up.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("no such account", DefaultPasswordParams)
	return h
})

// LogIn checks an employee number and password and opens a session. Anyone may call it.
// Returns BAD_USER_INPUT for empty fields, INVALID_CREDENTIALS for an unknown, disabled
// or wrong account, ACCOUNT_LOCKED (with retryAfterSeconds) after repeated failures.
func (s *Service) LogIn(ctx context.Context, employeeNo, password string) (*Session, error) {
	const op = "identity.LogIn"
	employeeNo = strings.TrimSpace(employeeNo)
	if employeeNo == "" {
		return nil, apperr.Invalid(op, "employeeNo", "请输入工号", "Enter your employee number")
	}
	if password == "" {
		return nil, apperr.Invalid(op, "password", "请输入密码", "Enter your password")
	}
	st := new(Staff)
	err := s.DB.R.NewSelect().Model(st).Where("employee_no = ?", employeeNo).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		CheckPassword(dummyHash(), password)
		return nil, apperr.E(op, apperr.InvalidCredentials)
	}
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	now := s.Now()
	if st.LockedUntil != nil && st.LockedUntil.After(now) {
		return nil, lockedError(op, st.LockedUntil.Sub(now))
	}
	// The password is checked outside any transaction: argon2 is slow on purpose and
	// must not hold SQLite's write lock.
	if !CheckPassword(st.PasswordHash, password) || !st.Active {
		return nil, s.recordFailure(ctx, op, st.ID)
	}
	var sess *Session
	err = s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model((*Staff)(nil)).
			Set("failed_logins = 0").Set("locked_until = NULL").
			Where("id = ?", st.ID).Exec(ctx); err != nil {
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

func lockedError(op string, left time.Duration) error {
	secs := int(left.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return apperr.E(op, apperr.AccountLocked).With("retryAfterSeconds", secs)
}

// recordFailure counts a wrong password atomically and locks the account when the
// count reaches the policy's limit.
func (s *Service) recordFailure(ctx context.Context, op, staffID string) error {
	until := s.Now().Add(s.Login.LockFor)
	var failures int
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewUpdate().Model((*Staff)(nil)).
			Set("failed_logins = failed_logins + 1").
			Where("id = ?", staffID).Returning("failed_logins").Scan(ctx, &failures); err != nil {
			return err
		}
		if failures >= s.Login.MaxFailures {
			_, err := tx.NewUpdate().Model((*Staff)(nil)).
				Set("locked_until = ?", until).Set("failed_logins = 0").
				Where("id = ?", staffID).Exec(ctx)
			return err
		}
		return nil
	})
	if err != nil {
		return apperr.Wrap(op, err)
	}
	if failures >= s.Login.MaxFailures {
		return lockedError(op, s.Login.LockFor)
	}
	// No "attempts left" count: it would tell a guesser which employee numbers exist.
	return apperr.E(op, apperr.InvalidCredentials)
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
	access, exp, err := s.Tokens.Sign(staffPrincipal(st), s.Tokens.Cfg.AccessTTL)
	if err != nil {
		return nil, err
	}
	return &Session{refreshID: rt.ID, AccessToken: access, AccessExpiresAt: exp, RefreshToken: raw, RefreshExpiresAt: rt.ExpiresAt, Staff: st}, nil
}

func staffPrincipal(st *Staff) *Principal {
	return &Principal{Kind: KindStaff, ID: st.ID, Roles: st.Roles(), DepotID: st.DepotID}
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
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		now := s.Now()
		rt := new(RefreshToken)
		err := tx.NewSelect().Model(rt).Where("token_hash = ?", hashToken(raw)).Scan(ctx)
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
// it; a wrong or disabled client is INVALID_CREDENTIALS.
func (s *Service) PartnerToken(ctx context.Context, clientID, secret string) (string, time.Time, []string, error) {
	const op = "identity.PartnerToken"
	pc := new(PartnerClient)
	err := s.DB.R.NewSelect().Model(pc).Where("client_id = ?", clientID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil, apperr.E(op, apperr.InvalidCredentials)
	}
	if err != nil {
		return "", time.Time{}, nil, apperr.Wrap(op, err)
	}
	if subtle.ConstantTimeCompare([]byte(hashToken(secret)), []byte(pc.SecretHash)) != 1 || !pc.Active {
		return "", time.Time{}, nil, apperr.E(op, apperr.InvalidCredentials)
	}
	tok, exp, err := s.Tokens.Sign(partnerPrincipal(pc), s.Tokens.Cfg.PartnerTTL)
	if err != nil {
		return "", time.Time{}, nil, apperr.Wrap(op, err)
	}
	return tok, exp, pc.Scopes(), nil
}

func partnerPrincipal(pc *PartnerClient) *Principal {
	return &Principal{Kind: KindPartner, ID: pc.ID, Roles: []Role{RolePartner}, Scopes: pc.Scopes()}
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
		p = staffPrincipal(st)
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
