package graph

import (
	"sort"

	"github.com/expresscs/cs/internal/reconcile"
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

// withReviews merges the consignment stations' months with anomalies to review into the
// inbox items, oldest first like the rest of the inbox.
func withReviews(items []*roster.InboxItem, months []*reconcile.Month) []*roster.InboxItem {
	if len(months) == 0 {
		return items
	}
	for _, m := range months {
		items = append(items, &roster.InboxItem{Kind: roster.InboxReconciliation, StationID: m.Station.ID, Month: m.Month, ReceivedAt: m.Since,
			Conflicts: []roster.Violation{}, Coverage: []roster.ShiftCoverage{}, SwapsInMonth: []*roster.ShiftSwap{}})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].ReceivedAt.Before(items[j].ReceivedAt) })
	return items
}
