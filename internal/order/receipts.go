package order

import (
	"context"
	"time"

	"github.com/expresscs/cs/internal/apperr"
)

// ReceiptDueDays is how long after signing the signed receipt (回单) is due back: it
// travels back with the next trunk runs, and an agent chases it after that.
const ReceiptDueDays = 10

// ReceiptStatus is where an order's signed receipt is.
type ReceiptStatus string

// The receipt statuses.
const (
	ReceiptExpected ReceiptStatus = "EXPECTED" // not signed for yet, or signed and not yet due
	ReceiptOverdue  ReceiptStatus = "OVERDUE"  // signed more than ReceiptDueDays ago, not back
	ReceiptReceived ReceiptStatus = "RECEIVED" // back at the depot
)

// SignedReceipt is the return of an order's signed receipt, for orders with the
// receipt-return service (签回单).
type SignedReceipt struct {
	Status     ReceiptStatus
	DueAt      *time.Time // ReceiptDueDays after signing; nil before
	ReceivedAt *time.Time
}

// ReceiptOf says where an order's signed receipt is at now; nil for an order without the
// receipt-return service.
func ReceiptOf(o *Order, now time.Time) *SignedReceipt {
	if !o.ReceiptReturn {
		return nil
	}
	r := &SignedReceipt{Status: ReceiptExpected, ReceivedAt: o.ReceiptReceivedAt}
	if o.TrackingStatus == signedStatus && o.TrackingEventAt != nil {
		due := o.TrackingEventAt.AddDate(0, 0, ReceiptDueDays).UTC()
		r.DueAt = &due
		if now.After(due) {
			r.Status = ReceiptOverdue
		}
	}
	if o.ReceiptReceivedAt != nil {
		r.Status = ReceiptReceived
	}
	return r
}

// signedStatus is the tracking status of a signed-for parcel (tracking.Signed).
const signedStatus = "SIGNED"

// RecordReceiptReturned records that an order's signed receipt came back to the depot.
// Order handlers of the order's depot (NOT_FOUND otherwise); BAD_USER_INPUT for an order
// without the receipt-return service or not signed for yet; CONFLICT for a stale version.
// Recording it again changes nothing.
func (s *Service) RecordReceiptReturned(ctx context.Context, key, orderID string, expectedVersion int) (*Outcome, bool, error) {
	const op = "order.RecordReceiptReturned"
	return s.mutate(ctx, op, key, orderID, expectedVersion, "receipt", func(ctx context.Context, w *write) error {
		switch {
		case !w.o.ReceiptReturn:
			return apperr.Invalid(op, "orderId", "该订单没有签回单服务", "This order has no signed-receipt return")
		case w.o.TrackingStatus != signedStatus:
			return apperr.Invalid(op, "orderId", "订单尚未签收,回单还不能返回", "The parcel is not signed for yet; no receipt can come back")
		case w.o.ReceiptReceivedAt != nil:
			return nil
		}
		at := w.now
		w.o.ReceiptReceivedAt = &at
		w.save = true
		return w.history(ctx, HistReceipt, "RECEIVED", "", []string{"receiptReceivedAt"}, nil, at)
	})
}
