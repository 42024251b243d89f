package partner_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/partner"
)

// The metrics gauge counts every delivery by status, whichever partner it is for.
func TestDeliveryCountsCountEveryDeliveryByStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		before, err := partner.DeliveryCounts(t.Context(), d.R)
		if err != nil {
			t.Fatal(err)
		}
		for _, statuses := range [][]partner.DeliveryStatus{
			{partner.DeliveryPending, partner.DeliveryDelivered, partner.DeliveryDelivered},
			{partner.DeliveryFailed, partner.DeliveryDelivered},
		} {
			p := identity.PrincipalFrom(webhookPartner(t, d))
			ep := &partner.Endpoint{ID: uuid.NewString(), ClientID: p.ID, URL: "https://hooks.example.com/x", EventCSV: "DELIVERED",
				Secret: partner.NewSigningSecret(), Active: true, CreatedAt: time.Now()}
			if _, err := d.W.NewInsert().Model(ep).Exec(t.Context()); err != nil {
				t.Fatal(err)
			}
			for _, st := range statuses {
				dl := &partner.Delivery{ID: uuid.NewString(), EndpointID: ep.ID, EventID: uuid.NewString(), EventType: partner.EventDelivered,
					Payload: `{"type":"DELIVERED"}`, Status: st, CreatedAt: time.Now()}
				if _, err := d.W.NewInsert().Model(dl).Exec(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
		}
		after, err := partner.DeliveryCounts(t.Context(), d.R)
		if err != nil {
			t.Fatal(err)
		}
		want := map[partner.DeliveryStatus]int64{partner.DeliveryPending: 1, partner.DeliveryDelivered: 3, partner.DeliveryFailed: 1}
		for st, n := range want {
			if got := after[st] - before[st]; got != n {
				t.Errorf("%s: %d more, want %d (before %v, after %v)", st, got, n, before, after)
			}
		}
	})
}
