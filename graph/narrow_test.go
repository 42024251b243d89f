package graph

import (
	"slices"
	"testing"
)

// The column sets are fixed, nested, and hold what their fields' resolvers read (the
// server's TestNarrowOrdersPage* tests check the answers): a status page reads 8 of
// orders' columns, the phone's list 14.
func TestOrderListColumnSets(t *testing.T) {
	status := []string{"id", "depot_id", "partner_client_id", "eta", "state", "tracking_exception_reason", "tracking_status", "waybill_no"}
	summary := []string{"id", "depot_id", "partner_client_id", "consignee_city", "consignee_district", "consignee_name", "created_at", "eta",
		"goods_name", "stage", "state", "tracking_exception_reason", "tracking_status", "waybill_no"}
	if got := orderListColumns[statusColumns]; !slices.Equal(got, status) {
		t.Errorf("status set %v, want %v", got, status)
	}
	if got := orderListColumns[summaryColumns]; !slices.Equal(got, summary) {
		t.Errorf("summary set %v, want %v", got, summary)
	}
}
