package ticket_test

import (
	"slices"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

func TestAClaimAwaitingADecisionIsInTheInboxOfWhoeverMayApproveItsAmount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		tk := w.ticket()
		big, _, err := w.svc.ProposeClaim(w.as("CS1001"), w.key(), tk.ID, 200_000, "整箱茶具破损,按申报价值赔付")
		w.must(err)
		small, _, err := w.svc.ProposeClaim(w.as("CS1001"), w.key(), tk.ID, 30_000, "外箱破损,补偿运费")
		w.must(err)
		awaiting := func(no string) []string {
			t.Helper()
			cs, err := w.svc.ClaimsAwaitingDecision(w.as(no))
			w.must(err)
			var ids []string
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
			return ids
		}
		notified := func(no, claimID string) bool {
			ns, err := w.roster.MyNotifications(w.as(no), 50, false)
			w.must(err)
			return slices.ContainsFunc(ns, func(n *roster.Notification) bool {
				return n.Kind == "CLAIM_AWAITS_APPROVAL" && n.SubjectType == "Claim" && n.SubjectID == claimID
			})
		}
		for _, c := range []struct {
			name, who  string
			want       []string
			notifiedOf []string
		}{
			{"the depot's supervisor sees only the claim within her limit", "CS2001", []string{small.ID}, []string{small.ID}},
			{"the branch manager sees both", "CS3001", []string{big.ID, small.ID}, []string{big.ID, small.ID}},
			{"the admin, without a limit, sees both", "CS9001", []string{big.ID, small.ID}, []string{big.ID, small.ID}},
			{"another branch's manager sees neither", "CS3002", nil, nil},
			{"another depot's supervisor sees neither", "CS2002", nil, nil},
			{"the proposer, an agent, sees neither", "CS1001", nil, nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				if got := awaiting(c.who); !slices.Equal(got, c.want) {
					t.Errorf("awaiting %s's decision: %v, want %v", c.who, got, c.want)
				}
				for _, id := range []string{big.ID, small.ID} {
					if want := slices.Contains(c.notifiedOf, id); notified(c.who, id) != want {
						t.Errorf("%s notified of claim %s: want %v", c.who, id, want)
					}
				}
			})
		}

		// The supervisor cannot approve the big one; the manager decides it and it leaves
		// every inbox.
		_, _, err = w.svc.DecideClaim(w.as("CS2001"), w.key(), big.ID, big.Version, roster.Approve, nil, "")
		wantCode(t, err, apperr.ClaimOverLimit)
		if got := awaiting("CS3001"); !slices.Contains(got, big.ID) {
			t.Fatal("after CLAIM_OVER_LIMIT the claim still waits for the manager")
		}
		_, _, err = w.svc.DecideClaim(w.as("CS3001"), w.key(), big.ID, big.Version, roster.Approve, nil, "同意")
		w.must(err)
		for _, no := range []string{"CS3001", "CS9001"} {
			if slices.Contains(awaiting(no), big.ID) {
				t.Errorf("a decided claim left %s's inbox", no)
			}
		}

		// A supervisor's own claim is not in her inbox but in the manager's.
		own, _, err := w.svc.ProposeClaim(w.as("CS2001"), w.key(), tk.ID, 10_000, "补偿包装费")
		w.must(err)
		if slices.Contains(awaiting("CS2001"), own.ID) || !slices.Contains(awaiting("CS3001"), own.ID) {
			t.Fatal("no one decides their own claim: it waits for the manager")
		}
	})
}
