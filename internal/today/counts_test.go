package today_test

import (
	"context"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/today"
)

var shanghai = time.FixedZone("CST", 8*3600)

// The badge asks roster, ticket and checklist for their counts, but as subqueries of one
// statement: a badge shown on every screen must not cost a statement per capability,
// whatever the caller's roles.
func TestTheBadgeCountsInOneStatementForEveryRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ids := identity.NewService(d, nil)
		ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		if _, err := demo.Load(ctx, ids, "Asia/Shanghai"); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai)
		svc := &today.Service{DB: d, Zone: shanghai, Now: func() time.Time { return now }}
		var all []*identity.Staff
		if err := d.R.NewSelect().Model(&all).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		staff := map[string]*identity.Staff{}
		for _, s := range all {
			staff[s.EmployeeNo] = s
		}
		agent := staff["CS1001"]
		var org string
		if err := d.R.NewSelect().Model((*identity.OrgUnit)(nil)).Column("id").Where("parent_id IS NULL").Limit(1).Scan(ctx, &org); err != nil {
			t.Fatal(err)
		}
		// Something waits for the agent in two capabilities: a notification and a notice.
		if _, err := d.W.NewInsert().Model(&roster.Notification{ID: "n-1", StaffID: agent.ID, Kind: "SWAP_REQUESTED",
			SubjectType: "ShiftSwap", SubjectID: "s-1", TextZH: "换班", TextEN: "swap", CreatedAt: now.UTC()}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.NewInsert().Model(&checklist.Notice{ID: "notice-1", AudienceUnitID: org, Kind: checklist.RateChange,
			Title: "运价", Body: "新运价", PublishedBy: staff["CS3000"].ID, PublishedAt: now.UTC().Add(-time.Hour)}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		for _, no := range []string{"CS1001", "CS2001", "CS3000", "CS3001", "CS4001"} {
			p, err := ids.PrincipalOf(ctx, staff[no])
			if err != nil {
				t.Fatal(err)
			}
			var n db.StatementCounter
			c, err := svc.Mine(db.WithStatementCounter(identity.WithPrincipal(ctx, p), &n))
			if err != nil {
				t.Fatalf("%s: %v", no, err)
			}
			if n.Count() != 1 {
				t.Errorf("%s: the badge ran %d statements, want 1", no, n.Count())
			}
			if no == "CS1001" && (c.UnreadNotifications != 1 || c.UnreadNotices != 1 || c.Total() != 2) {
				t.Errorf("the agent's notification and notice count: %+v", c)
			}
		}
	})
}
