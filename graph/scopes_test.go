package graph

import (
	"strings"
	"testing"
)

// Every tracking-derived field of Order needs tracking:read from partners: those the
// tracking schema adds to Order, and the expected arrival, which tracking revises. A new
// tracking field without the directive fails here.
func TestEveryTrackingFieldOfAnOrderNeedsTrackingRead(t *testing.T) {
	schema := NewExecutableSchema(&Resolver{}).Schema()
	order := schema.Types["Order"]
	checked := 0
	for _, f := range order.Fields {
		fromTracking := f.Position != nil && f.Position.Src != nil && strings.HasSuffix(f.Position.Src.Name, "tracking.graphqls")
		if !fromTracking && f.Name != "expectedArrival" {
			continue
		}
		checked++
		d := f.Directives.ForName("partnerScope")
		if d == nil || d.Arguments.ForName("requires") == nil || d.Arguments.ForName("requires").Value.Raw != "tracking:read" {
			t.Errorf("Order.%s is tracking-derived but does not need tracking:read", f.Name)
		}
	}
	if checked < 7 {
		t.Fatalf("only %d tracking fields found on Order: is the schema's source name still tracking.graphqls?", checked)
	}
}
