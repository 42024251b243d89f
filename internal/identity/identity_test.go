package identity_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

var cheap = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newService(t *testing.T, d *db.DB) (*identity.Service, *clock) {
	t.Helper()
	keys, err := identity.OpenKeyring(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := identity.NewService(d, keys)
	svc.Password = cheap
	clk := &clock{now: time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)}
	svc.Now = clk.Now
	svc.Tokens.Now = clk.Now
	if _, err := demo.Load(context.Background(), svc, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	return svc, clk
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("want %s, got %v", code, err)
	}
}

func TestPasswordHashing(t *testing.T) {
	h, err := identity.HashPassword("正确的密码", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !identity.CheckPassword(h, "正确的密码") {
		t.Error("right password refused")
	}
	if identity.CheckPassword(h, "wrong") {
		t.Error("wrong password accepted")
	}
	h2, _ := identity.HashPassword("正确的密码", cheap)
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=1024,t=1,p=1$!!$!!", "$bcrypt$x", h[:len(h)-4]} {
		if identity.CheckPassword(bad, "正确的密码") {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, clk := newService(t, d)

		sess, err := svc.LogIn(ctx, "CS1001", demo.Password)
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.Tokens.Verify(sess.AccessToken)
		if err != nil || p.ID != sess.Staff.ID || !p.HasRole(identity.RoleAgent) || p.DepotID != sess.Staff.DepotID {
			t.Fatalf("token does not describe the agent: %+v %v", p, err)
		}

		t.Run("unknown employee is refused like a wrong password", func(t *testing.T) {
			_, err := svc.LogIn(ctx, "NOPE01", demo.Password)
			wantCode(t, err, apperr.InvalidCredentials)
		})
		t.Run("empty fields are bad input", func(t *testing.T) {
			_, err := svc.LogIn(ctx, " ", "x")
			wantCode(t, err, apperr.BadUserInput)
			_, err = svc.LogIn(ctx, "CS1001", "")
			wantCode(t, err, apperr.BadUserInput)
		})
		t.Run("a success clears the failure count", func(t *testing.T) {
			for i := 0; i < 4; i++ {
				_, _ = svc.LogIn(ctx, "CS1003", "wrong")
			}
			if _, err := svc.LogIn(ctx, "CS1003", demo.Password); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 5; i++ {
				_, err := svc.LogIn(ctx, "CS1003", "wrong")
				wantCode(t, err, apperr.InvalidCredentials) // five free failures again
			}
		})
		clk.Add(time.Hour)
	})
}

func TestRefreshRotationAndReuse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, clk := newService(t, d)
		first, err := svc.LogIn(ctx, "CS1001", demo.Password)
		if err != nil {
			t.Fatal(err)
		}
		second, err := svc.Refresh(ctx, first.RefreshToken)
		if err != nil {
			t.Fatal(err)
		}
		if second.RefreshToken == first.RefreshToken || second.AccessToken == "" {
			t.Fatal("refresh did not rotate")
		}

		t.Run("a retry whose answer was lost gets a fresh session; the lost token dies", func(t *testing.T) {
			s0, _ := svc.LogIn(ctx, "CS1007", demo.Password)
			lost, err := svc.Refresh(ctx, s0.RefreshToken) // the phone never saw this answer
			if err != nil {
				t.Fatal(err)
			}
			clk.Add(5 * time.Second)
			retry, err := svc.Refresh(ctx, s0.RefreshToken)
			if err != nil {
				t.Fatalf("retry within the grace period: %v", err)
			}
			if _, err := svc.Refresh(ctx, lost.RefreshToken); !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("the lost token still works: %v", err)
			}
			if _, err := svc.Refresh(ctx, retry.RefreshToken); err != nil {
				t.Fatalf("the retried session does not work: %v", err)
			}
		})
		t.Run("a token used again after its successor was used revokes the whole family", func(t *testing.T) {
			third, err := svc.Refresh(ctx, second.RefreshToken)
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.Refresh(ctx, first.RefreshToken)
			wantCode(t, err, apperr.RefreshTokenReused)
			_, err = svc.Refresh(ctx, third.RefreshToken)
			wantCode(t, err, apperr.Unauthenticated) // the legitimate holder is logged out too
		})
		t.Run("a token used again after the grace period revokes the whole family", func(t *testing.T) {
			s0, _ := svc.LogIn(ctx, "CS1008", demo.Password)
			next, _ := svc.Refresh(ctx, s0.RefreshToken)
			clk.Add(identity.RefreshRetryGrace + time.Second)
			_, err := svc.Refresh(ctx, s0.RefreshToken)
			wantCode(t, err, apperr.RefreshTokenReused)
			_, err = svc.Refresh(ctx, next.RefreshToken)
			wantCode(t, err, apperr.Unauthenticated)
		})
		t.Run("an unknown token is unauthenticated", func(t *testing.T) {
			_, err := svc.Refresh(ctx, "not-a-token")
			wantCode(t, err, apperr.Unauthenticated)
		})
		t.Run("an expired session is unauthenticated", func(t *testing.T) {
			s, _ := svc.LogIn(ctx, "CS1004", demo.Password)
			clk.Add(31 * 24 * time.Hour)
			_, err := svc.Refresh(ctx, s.RefreshToken)
			wantCode(t, err, apperr.Unauthenticated)
		})
		t.Run("refreshes racing with one token leave at most one live token", func(t *testing.T) {
			s, _ := svc.LogIn(ctx, "CS1005", demo.Password)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func(i int) { defer wg.Done(); _, errs[i] = svc.Refresh(ctx, s.RefreshToken) }(i)
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil && !apperr.Is(err, apperr.RefreshTokenReused) {
					t.Errorf("refresh got %v", err)
				}
			}
			var live int
			var tokens []*identity.RefreshToken
			if err := d.R.NewSelect().Model(&tokens).Where("staff_id = ?", s.Staff.ID).Scan(ctx); err != nil {
				t.Fatal(err)
			}
			for _, tk := range tokens {
				if tk.UsedAt == nil && tk.RevokedAt == nil {
					live++
				}
			}
			if live > 1 {
				t.Errorf("%d live refresh tokens after a race, want at most 1", live)
			}
		})
		t.Run("logout revokes; twice is not an error", func(t *testing.T) {
			s, _ := svc.LogIn(ctx, "CS1006", demo.Password)
			revoked, err := svc.LogOut(ctx, s.RefreshToken)
			if err != nil || !revoked {
				t.Fatalf("logout: %v %v", revoked, err)
			}
			revoked, err = svc.LogOut(ctx, s.RefreshToken)
			if err != nil || revoked {
				t.Fatalf("second logout: %v %v", revoked, err)
			}
			_, err = svc.Refresh(ctx, s.RefreshToken)
			wantCode(t, err, apperr.Unauthenticated)
		})
	})
}

func TestAccessTokenRefusals(t *testing.T) {
	keys, err := identity.OpenKeyring(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)
	tokens := &identity.Tokens{Keys: keys, Cfg: identity.DefaultTokenConfig, Now: func() time.Time { return now }}
	good, _, err := tokens.Sign(&identity.Principal{Kind: identity.KindStaff, ID: "s1", Roles: []identity.Role{identity.RoleAgent}}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tokens.Verify(good); err != nil {
		t.Fatalf("good token refused: %v", err)
	}
	kid := keys.JWKS()["keys"][0].Kid
	claims := func(mod func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{"iss": "expresscs", "aud": "expresscs-api", "sub": "s1", "knd": "staff",
			"roles": []string{"ADMIN"}, "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}
		mod(c)
		return c
	}
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	signEd := func(c jwt.MapClaims, key ed25519.PrivateKey, kid string) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
		tok.Header["kid"] = kid
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	pub := keys.JWKS()["keys"][0].X
	hs, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims(func(jwt.MapClaims) {})).SignedString([]byte(pub))
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims(func(jwt.MapClaims) {})).SignedString(jwt.UnsafeAllowNoneSignatureType)
	cases := map[string]string{
		"expired":                   signEd(claims(func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Hour).Unix() }), otherKey, kid),
		"unsigned (alg none)":       none,
		"HS256 with the public key": hs,
		"signed with another key":   signEd(claims(func(jwt.MapClaims) {}), otherKey, kid),
		"unknown kid":               signEd(claims(func(jwt.MapClaims) {}), otherKey, "nope"),
		"another audience":          signEd(claims(func(c jwt.MapClaims) { c["aud"] = "other-api" }), otherKey, kid),
		"garbage":                   "a.b.c",
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := tokens.Verify(tok)
			wantCode(t, err, apperr.Unauthenticated)
		})
	}
	t.Run("expired token with a valid signature says so", func(t *testing.T) {
		old, _, _ := tokens.Sign(&identity.Principal{Kind: identity.KindStaff, ID: "s1"}, time.Minute)
		later := &identity.Tokens{Keys: keys, Cfg: identity.DefaultTokenConfig, Now: func() time.Time { return now.Add(time.Hour) }}
		_, err := later.Verify(old)
		var reason any
		if ae, ok := err.(*apperr.Error); ok {
			reason = ae.Extra["reason"]
		}
		if reason != "TOKEN_EXPIRED" {
			t.Errorf("reason = %v (%v)", reason, err)
		}
	})
	t.Run("rotated keys: the old key still verifies, the new one signs", func(t *testing.T) {
		kid2, err := keys.Rotate()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tokens.Verify(good); err != nil {
			t.Errorf("token of the old key refused after rotation: %v", err)
		}
		fresh, _, _ := tokens.Sign(&identity.Principal{Kind: identity.KindStaff, ID: "s1"}, time.Minute)
		parsed, _, _ := jwt.NewParser().ParseUnverified(fresh, jwt.MapClaims{})
		if parsed.Header["kid"] != kid2 || len(keys.JWKS()["keys"]) != 2 {
			t.Errorf("new key not used: kid %v", parsed.Header["kid"])
		}
	})
}

func TestPartnerToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		var secret string
		err := d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
			_, s, err := svc.CreatePartnerClient(ctx, tx, "顺风托运站", "station-1", []string{"tracking:read"}, nil)
			secret = s
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		tok, _, scopes, err := svc.PartnerToken(ctx, "station-1", secret)
		if err != nil || len(scopes) != 1 {
			t.Fatalf("partner token: %v %v", scopes, err)
		}
		p, err := svc.Tokens.Verify(tok)
		if err != nil || p.Kind != identity.KindPartner || p.Scopes[0] != "tracking:read" {
			t.Fatalf("partner principal: %+v %v", p, err)
		}
		_, _, _, err = svc.PartnerToken(ctx, "station-1", secret+"x")
		wantCode(t, err, apperr.InvalidCredentials)
		_, _, _, err = svc.PartnerToken(ctx, "nobody", secret)
		wantCode(t, err, apperr.InvalidCredentials)
	})
}

func TestRevealPhone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		staff := map[string]*identity.Staff{}
		var all []*identity.Staff
		if err := d.R.NewSelect().Model(&all).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		for _, s := range all {
			staff[s.EmployeeNo] = s
		}
		as := func(no string) context.Context {
			p, err := svc.PrincipalOf(ctx, staff[no])
			if err != nil {
				t.Fatal(err)
			}
			return identity.WithRequestID(identity.WithPrincipal(ctx, p), "req-"+no)
		}
		cases := []struct {
			name, viewer, target string
			want                 apperr.Code
		}{
			{"a person sees their own number", "CS1001", "CS1001", ""},
			{"the depot's supervisor sees an agent's number", "CS2001", "CS1001", ""},
			{"the manager of the agent's branch sees the number", "CS3001", "CS1001", ""},
			{"another branch's manager may not", "CS3002", "CS1001", apperr.Forbidden},
			{"an agent may not see a colleague's number", "CS1002", "CS1001", apperr.Forbidden},
			{"another depot's supervisor may not", "CS2002", "CS1001", apperr.Forbidden},
			{"a verifier outside the chain may not", "CS4001", "CS1001", apperr.Forbidden},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, err := svc.RevealPhone(as(c.viewer), staff[c.target].ID, "客户投诉需要联系")
				if c.want != "" {
					wantCode(t, err, c.want)
					return
				}
				if err != nil || got.Phone != staff[c.target].Phone {
					t.Fatalf("reveal: %v", err)
				}
			})
		}
		t.Run("a reason is required", func(t *testing.T) {
			_, err := svc.RevealPhone(as("CS2001"), staff["CS1001"].ID, "")
			wantCode(t, err, apperr.BadUserInput)
		})
		t.Run("every reveal is in the audit trail with who, why and the request", func(t *testing.T) {
			trail, err := svc.AuditTrail(as("CS9001"), "Staff", staff["CS1001"].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(trail) != 3 { // self, supervisor, manager
				t.Fatalf("audit entries = %d, want 3", len(trail))
			}
			for _, e := range trail {
				if e.Action != "staff.phone.reveal" || e.Reason != "客户投诉需要联系" || e.RequestID == "" {
					t.Errorf("incomplete audit entry %+v", e)
				}
			}
			_, err = svc.AuditTrail(as("CS2001"), "Staff", staff["CS1001"].ID)
			wantCode(t, err, apperr.Forbidden)
		})
	})
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "138****5678", "021-6238": "021****6238", "123": "****"} {
		if got := identity.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}
