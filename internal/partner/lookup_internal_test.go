package partner

import (
	"testing"

	"github.com/expresscs/cs/internal/identity"
)

// A partner client looks up by id only its own kinds of record (its orders, itself, its
// endpoints, deliveries and operations, stations); staff may ask for any type (their reach
// is applied by each loader); nobody unauthenticated may.
func TestPartnersLookUpOnlyTheirOwnKindsOfNode(t *testing.T) {
	staff := &identity.Principal{Kind: identity.KindStaff}
	client := &identity.Principal{Kind: identity.KindPartner}
	for _, typ := range []string{"Order", "PartnerClient", "WebhookEndpoint", "WebhookDelivery", "PersistedOperation", "ConsignmentStation"} {
		if !MayLookUp(client, typ) || !MayLookUp(staff, typ) {
			t.Errorf("%s: partner %v, staff %v; want both", typ, MayLookUp(client, typ), MayLookUp(staff, typ))
		}
	}
	for _, typ := range []string{"Staff", "OrgUnit", "Ticket", "Claim", "ShiftSwap", "LeaveRequest", "Photo", "Quote", "Tariff", ""} {
		if MayLookUp(client, typ) {
			t.Errorf("a partner may look up a %q", typ)
		}
		if typ != "" && !MayLookUp(staff, typ) {
			t.Errorf("staff may not look up a %q", typ)
		}
	}
	if MayLookUp(nil, "Order") {
		t.Error("an unauthenticated caller may look up an order")
	}
}
