package main

import (
	"slices"
	"testing"

	"github.com/expresscs/cs/internal/demo"
)

// Ticket.actions through the API: what each caller may do on one ticket, and that it
// follows the ticket (a resolved ticket offers the follow-up call instead).
func TestTicketActionsThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")
		mgr, _ := s.login("CS3001")
		otherDepot, _ := s.login("CS1004")
		partner, _ := s.partnerToken(demo.PartnerClientID, s.secret)
		tk := s.openTicket(agent)
		q := `query($id: ID!) { node(id: $id) { ... on Ticket { state version actions } } }`
		actions := func(tok string) []string {
			t.Helper()
			r := s.post(q, map[string]any{"id": tk["id"]}, withToken(tok)).must(t)
			var out []string
			for _, a := range r.path("node", "actions").([]any) {
				out = append(out, a.(string))
			}
			return out
		}
		for name, c := range map[string]struct {
			tok  string
			want []string
		}{
			"the owner":              {agent, []string{"COMMENT", "MOVE_TO_IN_PROGRESS", "MOVE_TO_WAITING_CUSTOMER", "MOVE_TO_WAITING_OTHER_PARTY", "RESTATE", "ESCALATE", "HAND_OVER", "PROPOSE_CLAIM", "RESOLVE"}},
			"the depot's supervisor": {sup, []string{"COMMENT", "MOVE_TO_IN_PROGRESS", "MOVE_TO_WAITING_CUSTOMER", "MOVE_TO_WAITING_OTHER_PARTY", "RESTATE", "ESCALATE", "ASSIGN", "PROPOSE_CLAIM", "DECIDE_CLAIMS", "RESOLVE"}},
			"the branch's manager":   {mgr, []string{"COMMENT", "MOVE_TO_IN_PROGRESS", "MOVE_TO_WAITING_CUSTOMER", "MOVE_TO_WAITING_OTHER_PARTY", "RESTATE", "ESCALATE", "ASSIGN", "PROPOSE_CLAIM", "DECIDE_CLAIMS", "RESOLVE"}},
		} {
			if got := actions(c.tok); !slices.Equal(got, c.want) {
				t.Errorf("%s: actions %v, want %v", name, got, c.want)
			}
		}
		// Who does not see the ticket learns nothing about it, actions included.
		for name, tok := range map[string]string{"another depot's agent": otherDepot, "a partner": partner} {
			r := s.post(q, map[string]any{"id": tk["id"]}, withToken(tok))
			if node := r.path("node"); node != nil {
				t.Errorf("%s: %s", name, r.Raw)
			}
		}

		// Resolved: the follow-up call is offered, working on it no longer is.
		s.ticketWrite(agent, "resolveTicket", "ResolveTicketInput", map[string]any{"ticketId": tk["id"], "expectedVersion": tk["version"],
			"resolution": "已赔付", "cause": "运输途中挤压"}).must(t)
		if got, want := actions(agent), []string{"CLOSE", "COMMENT", "MOVE_TO_IN_PROGRESS", "PROPOSE_CLAIM"}; !slices.Equal(got, want) {
			t.Errorf("resolved: actions %v, want %v", got, want)
		}
	})
}
