package identity_test

import (
	"context"
	"slices"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
)

// Depot finds a depot and nothing else; Depots lists every depot by id.
func TestDepotIsADepotAndDepotsAreEveryDepot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		newService(t, d)
		ctx := context.Background()
		tree, err := identity.LoadTree(ctx, d.R)
		if err != nil {
			t.Fatal(err)
		}
		org := tree.Orgs()[0]
		want := tree.DepotsUnder(org)
		depots, err := identity.Depots(ctx, d.R)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range depots {
			got = append(got, u.ID)
		}
		if !slices.Equal(got, want) || len(got) == 0 {
			t.Fatalf("depots %v, want %v", got, want)
		}
		u, err := identity.Depot(ctx, d.R, want[0])
		if err != nil || u.ID != want[0] || u.Kind != identity.KindDepot {
			t.Fatalf("depot %s: %+v, %v", want[0], u, err)
		}
		for _, notDepot := range []string{org, "no-such-unit"} {
			if _, err := identity.Depot(ctx, d.R, notDepot); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("Depot(%s): %v, want NOT_FOUND", notDepot, err)
			}
		}
	})
}
