package identity

import (
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/expresscs/cs/internal/apperr"
)

// TokenConfig fixes who issues access tokens, for whom, and for how long.
type TokenConfig struct {
	Issuer     string
	Audience   string
	AccessTTL  time.Duration
	PartnerTTL time.Duration
	RefreshTTL time.Duration
}

// DefaultTokenConfig: 15-minute staff tokens, 1-hour partner tokens, 30-day sessions.
var DefaultTokenConfig = TokenConfig{
	Issuer:     "expresscs",
	Audience:   "expresscs-api",
	AccessTTL:  15 * time.Minute,
	PartnerTTL: time.Hour,
	RefreshTTL: 30 * 24 * time.Hour,
}

type accessClaims struct {
	jwt.RegisteredClaims
	Kind  PrincipalKind `json:"knd"`
	Roles []Role        `json:"roles"`
	Depot string        `json:"depot,omitempty"`
	Scope string        `json:"scope,omitempty"`
	// SV is a staff member's session version (see Sessions).
	SV int `json:"sv,omitempty"`
	// Managed is a manager's unit, Unit a partner client's assigned unit: the inputs of
	// the caller's reach, carried so that computing it needs no statement.
	Managed string `json:"mu,omitempty"`
	Unit    string `json:"unit,omitempty"`
}

// Tokens signs and verifies access tokens.
type Tokens struct {
	Keys *Keyring
	Cfg  TokenConfig
	Now  func() time.Time
	// Sessions, when set, refuses staff tokens whose session was ended (TOKEN_REVOKED).
	Sessions *Sessions
}

// Sign issues an access token for p, valid for ttl.
func (t *Tokens) Sign(p *Principal, ttl time.Duration) (string, time.Time, error) {
	kid, key, err := t.Keys.signingKey()
	if err != nil {
		return "", time.Time{}, err
	}
	now := t.Now().UTC()
	exp := now.Add(ttl)
	claims := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.Cfg.Issuer,
			Subject:   p.ID,
			Audience:  jwt.ClaimStrings{t.Cfg.Audience},
			ExpiresAt: jwt.NewNumericDate(exp),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        uuid.NewString(),
		},
		Kind:    p.Kind,
		Roles:   p.Roles,
		Depot:   p.DepotID,
		Scope:   strings.Join(p.Scopes, " "),
		SV:      p.SessionVersion,
		Managed: p.ManagedUnitID,
		Unit:    p.UnitID,
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	return s, exp, err
}

// Verify checks an access token: the algorithm is pinned to EdDSA, the key is looked up
// by kid, and expiry, issuer and audience are required; a staff token whose session was
// ended (deactivation) is refused too, from memory, without a query. Any failure is
// UNAUTHENTICATED, with reason TOKEN_EXPIRED, TOKEN_REVOKED or TOKEN_INVALID in the
// error's extensions.
func (t *Tokens) Verify(raw string) (*Principal, error) {
	const op = "identity.Verify"
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(t.Cfg.Issuer),
		jwt.WithAudience(t.Cfg.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(30*time.Second),
		jwt.WithTimeFunc(t.Now),
	)
	var claims accessClaims
	_, err := parser.ParseWithClaims(raw, &claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		if pub, ok := t.Keys.publicKey(kid); ok {
			return pub, nil
		}
		return nil, errors.New("unknown kid")
	})
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return nil, apperr.E(op, apperr.Unauthenticated).
				Explain("登录已过期,请重新登录", "Your session has expired; please log in again").
				With("reason", "TOKEN_EXPIRED")
		}
		return nil, (&apperr.Error{Op: op, Code: apperr.Unauthenticated, Err: err}).
			Explain("访问令牌无效,请重新登录", "The access token is not valid; please log in again").
			With("reason", "TOKEN_INVALID")
	}
	if claims.Subject == "" || (claims.Kind != KindStaff && claims.Kind != KindPartner) {
		return nil, apperr.E(op, apperr.Unauthenticated).With("reason", "TOKEN_INVALID")
	}
	p := &Principal{Kind: claims.Kind, ID: claims.Subject, Roles: claims.Roles, DepotID: claims.Depot,
		ManagedUnitID: claims.Managed, UnitID: claims.Unit}
	if claims.Scope != "" {
		p.Scopes = strings.Fields(claims.Scope)
	}
	if p.Kind == KindStaff && t.Sessions != nil {
		p.SessionVersion, p.sessions = claims.SV, t.Sessions
		if !t.Sessions.Valid(p.ID, p.SessionVersion) {
			return nil, apperr.E(op, apperr.Unauthenticated).
				Explain("您的登录已被停用,请联系管理员", "Your access has been ended; contact an administrator").
				With("reason", "TOKEN_REVOKED")
		}
	}
	return p, nil
}
