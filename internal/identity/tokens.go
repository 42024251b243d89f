package identity

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	lru "github.com/hashicorp/golang-lru/v2"

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

	verifiedOnce sync.Once
	verified     *lru.Cache[[sha256.Size]byte, verifiedToken]
}

// VerifiedTokenCacheSize bounds how many verified tokens Verify remembers (about 300
// bytes each): more than the tokens in use at once on one instance.
const VerifiedTokenCacheSize = 20000

// verifiedToken is what a successful verification found out about a token, kept so the
// next request with the same token skips parsing and the Ed25519 check.
type verifiedToken struct {
	p       Principal // without sessions and reach, which each request gets afresh
	kid     string
	pub     ed25519.PublicKey
	expires time.Time
}

func (t *Tokens) cache() *lru.Cache[[sha256.Size]byte, verifiedToken] {
	t.verifiedOnce.Do(func() {
		t.verified, _ = lru.New[[sha256.Size]byte, verifiedToken](VerifiedTokenCacheSize)
	})
	return t.verified
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
//
// A token verified once is remembered (keyed by its SHA-256, at most
// VerifiedTokenCacheSize of them) until its expiry: the same token again skips parsing
// and the signature check, as long as its signing key is still in the keyring. What can
// change while a token lives is checked on every request as before: the session's end
// (deactivation) here, a partner client's revocation at admission.
func (t *Tokens) Verify(raw string) (*Principal, error) {
	const op = "identity.Verify"
	sum := sha256.Sum256([]byte(raw))
	if v, ok := t.cache().Get(sum); ok {
		if pub, known := t.Keys.publicKey(v.kid); known && pub.Equal(v.pub) && t.Now().Before(v.expires) {
			p := v.p
			return t.checkSession(op, &p)
		}
		t.verified.Remove(sum)
	}
	var kid string
	var pub ed25519.PublicKey
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
		kid, _ = tok.Header["kid"].(string)
		if key, ok := t.Keys.publicKey(kid); ok {
			pub = key
			return key, nil
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
	if p.Kind == KindStaff {
		p.SessionVersion = claims.SV
	}
	t.cache().Add(sum, verifiedToken{p: *p, kid: kid, pub: pub, expires: claims.ExpiresAt.Time})
	return t.checkSession(op, p)
}

// checkSession refuses a staff token whose session was ended (TOKEN_REVOKED), from
// memory, and lets the principal watch its session.
func (t *Tokens) checkSession(op string, p *Principal) (*Principal, error) {
	if p.Kind == KindStaff && t.Sessions != nil {
		p.sessions = t.Sessions
		if !t.Sessions.Valid(p.ID, p.SessionVersion) {
			return nil, apperr.E(op, apperr.Unauthenticated).
				Explain("您的登录已被停用,请联系管理员", "Your access has been ended; contact an administrator").
				With("reason", "TOKEN_REVOKED")
		}
	}
	return p, nil
}
