package identity_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

// Verified tokens are remembered until they expire (Tokens.Verify): what can change while
// a token lives must still be checked on every request.
func TestARememberedTokenIsRefusedOnceItsSessionEnds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc, _ := newService(t, d)
		sess, err := svc.LogIn(context.Background(), "CS1001", demo.Password)
		if err != nil {
			t.Fatal(err)
		}
		first, err := svc.Tokens.Verify(sess.AccessToken)
		if err != nil {
			t.Fatal(err)
		}
		again, err := svc.Tokens.Verify(sess.AccessToken) // from memory
		if err != nil || again == first || again.ID != first.ID || again.SessionVersion != first.SessionVersion ||
			again.DepotID != first.DepotID || len(again.Roles) != len(first.Roles) {
			t.Fatalf("the remembered token's principal differs or is shared: %+v %+v %v", first, again, err)
		}
		again.DepotID = "changed by a caller"
		if third, _ := svc.Tokens.Verify(sess.AccessToken); third.DepotID != first.DepotID {
			t.Error("a caller's change to its principal reached the next request")
		}
		if stream := identity.UntilSessionEnds(identity.WithPrincipal(context.Background(), again)); stream.Err() != nil {
			t.Fatal("a remembered token's principal cannot watch its session")
		}

		svc.Tokens.Sessions.End(first.ID, first.SessionVersion+1) // deactivation announces this
		if _, err := svc.Tokens.Verify(sess.AccessToken); !wantReason(err, "TOKEN_REVOKED") {
			t.Errorf("a remembered token of an ended session: %v", err)
		}
	})
}

func TestARememberedTokenExpiresAndNeedsItsKey(t *testing.T) {
	dir := t.TempDir()
	keys, err := identity.OpenKeyring(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)
	tokens := &identity.Tokens{Keys: keys, Cfg: identity.DefaultTokenConfig, Now: func() time.Time { return now }}
	tok, _, err := tokens.Sign(&identity.Principal{Kind: identity.KindStaff, ID: "s1", Roles: []identity.Role{identity.RoleAgent}}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tokens.Verify(tok); err != nil {
		t.Fatal(err)
	}

	// Another signature on the same claims is another token: checked, and refused.
	parts := strings.Split(tok, ".")
	sig := []byte(parts[2])
	sig[3] ^= 1
	if _, err := tokens.Verify(parts[0] + "." + parts[1] + "." + string(sig)); !wantReason(err, "TOKEN_INVALID") {
		t.Errorf("a changed signature: %v", err)
	}

	now = now.Add(2 * time.Minute) // past expiry and the 30 s leeway
	if _, err := tokens.Verify(tok); !wantReason(err, "TOKEN_EXPIRED") {
		t.Errorf("a remembered token after its expiry: %v", err)
	}

	// A key taken out of the keyring (retired after a leak; SIGHUP reloads) ends the
	// tokens it signed at once, remembered or not.
	now = now.Add(-2 * time.Minute)
	fresh, _, _ := tokens.Sign(&identity.Principal{Kind: identity.KindStaff, ID: "s1"}, time.Minute)
	if _, err := tokens.Verify(fresh); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.pem"))
	if _, err := keys.Rotate(); err != nil {
		t.Fatal(err)
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := keys.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, err := tokens.Verify(fresh); !wantReason(err, "TOKEN_INVALID") {
		t.Errorf("a remembered token of a retired key: %v", err)
	}
}
