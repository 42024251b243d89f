package order

import (
	"testing"
	"time"
)

func TestSignedReceiptIsExpectedThenOverdueTenDaysAfterSigning(t *testing.T) {
	signed := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	received := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	due := signed.AddDate(0, 0, ReceiptDueDays)
	for _, c := range []struct {
		name string
		o    Order
		now  time.Time
		want ReceiptStatus
		due  bool
	}{
		{"before signing the receipt is expected, with no due date yet", Order{ReceiptReturn: true, TrackingStatus: "IN_TRANSIT"}, signed, ReceiptExpected, false},
		{"signed, within ten days: expected by the due date", Order{ReceiptReturn: true, TrackingStatus: "SIGNED", TrackingEventAt: &signed}, due, ReceiptExpected, true},
		{"signed more than ten days ago and not back: overdue", Order{ReceiptReturn: true, TrackingStatus: "SIGNED", TrackingEventAt: &signed}, due.Add(time.Second), ReceiptOverdue, true},
		{"back at the depot: received, even when late", Order{ReceiptReturn: true, TrackingStatus: "SIGNED", TrackingEventAt: &signed, ReceiptReceivedAt: &received}, due.AddDate(0, 1, 0), ReceiptReceived, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ReceiptOf(&c.o, c.now)
			if r == nil || r.Status != c.want || (r.DueAt != nil) != c.due || (c.due && !r.DueAt.Equal(due)) {
				t.Fatalf("ReceiptOf = %+v, want %s", r, c.want)
			}
		})
	}
	if ReceiptOf(&Order{TrackingStatus: "SIGNED", TrackingEventAt: &signed}, received) != nil {
		t.Error("an order without the receipt-return service has no receipt to track")
	}
}
