package main

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

func TestTheDemoRosterHasSomeoneOnDutyAt2230EveryNight(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		now := time.Now()
		if err := demo.LoadWorkday(t.Context(), demo.Workday{Identity: s.app.Identity, Roster: s.app.Roster, Orders: s.app.Orders,
			Tracking: s.app.Tracking, Zone: s.app.Cfg.zone, Now: now}); err != nil {
			t.Fatal(err)
		}
		var depots []*identity.OrgUnit
		if err := s.app.DB.R.NewSelect().Model(&depots).Where("kind = ?", identity.KindDepot).Scan(t.Context()); err != nil {
			t.Fatal(err)
		}
		if len(depots) != 4 {
			t.Fatalf("the demo has four depots, got %d", len(depots))
		}
		local := now.In(s.app.Cfg.zone)
		for _, dep := range depots {
			for d := time.Date(local.Year(), local.Month(), 1, 22, 30, 0, 0, s.app.Cfg.zone); d.Month() == local.Month(); d = d.AddDate(0, 0, 1) {
				on, err := s.app.Roster.OnDutyAt(t.Context(), dep.ID, d)
				if err != nil {
					t.Fatal(err)
				}
				if len(on) == 0 {
					t.Errorf("nobody is on duty at %s on %s", dep.Name, d.Format("2006-01-02 15:04"))
				}
			}
		}
	})
}
