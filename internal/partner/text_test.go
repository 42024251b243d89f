package partner_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/partner"
)

// A partner client's name and a persisted operation's name go through the one text rule:
// NUL, a right-to-left override, control characters, blank text (full-width spaces too)
// and 10,000 characters are BAD_USER_INPUT naming the field.
func TestPartnerFreeTextInputsRefuseControlBidiBlankAndOverlongText(t *testing.T) {
	bad := map[string]string{
		"NUL": "优选\x00商城", "right-to-left override U+202E": "优选\u202E商城", "control character BEL": "优选\a商城",
		"whitespace only": "  \t ", "full-width spaces only": "\u3000\u3000", "10,000 characters": strings.Repeat("长", 10000),
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc := &partner.Service{DB: d, Now: time.Now}
		admin := identity.WithPrincipal(t.Context(), &identity.Principal{Kind: identity.KindStaff, ID: "admin", Roles: []identity.Role{identity.RoleAdmin}})
		for name, v := range bad {
			_, _, _, err := svc.CreateClient(admin, key(), partner.ClientInput{Name: v, ClientID: "text-client", Scopes: []string{partner.ScopeWebhooks}})
			wantField(t, "client name: "+name, err, "name")
			_, _, err = svc.RegisterOperation(webhookPartner(t, d), key(), v, "{ __typename }", func(string) error { return nil })
			wantField(t, "operation name: "+name, err, "name")
		}
	})
}

func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.BadUserInput || e.Field != field {
		t.Errorf("%s: want BAD_USER_INPUT on %s, got %v", what, field, err)
	}
}
