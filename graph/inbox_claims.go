package graph

import (
	"sort"

	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/ticket"
)

// withClaims merges the claims awaiting the caller's decision into the roster's inbox
// items, oldest first like the rest of the inbox.
func withClaims(items []*roster.InboxItem, claims []*ticket.Claim) []*roster.InboxItem {
	for _, c := range claims {
		items = append(items, &roster.InboxItem{Kind: roster.InboxClaim, ClaimID: c.ID, ReceivedAt: c.CreatedAt,
			Conflicts: []roster.Violation{}, Coverage: []roster.ShiftCoverage{}, SwapsInMonth: []*roster.ShiftSwap{}})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].ReceivedAt.Before(items[j].ReceivedAt) })
	return items
}
