package tracking_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/text/texttest"
	"github.com/expresscs/cs/internal/tracking"
)

// Every free-text input of tracking (an event's key, place, scanner, note and signer; an
// arrival's signer and note; a round item's note) goes through the one text rule.
func TestEveryTrackingFreeTextInputRefusesControlBidiBlankAndOverlongText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		o := w.released()
		at := w.clock().Add(-time.Minute)
		event := func(set func(e *tracking.EventInput, v string)) func(string) error {
			return func(v string) error {
				e := tracking.EventInput{EventKey: w.key(), WaybillNo: o.WaybillNo, Status: tracking.Signed, SignerName: "刘女士",
					OccurredAt: at, Place: "杭州西湖文三路网点", ScannedBy: "PDA-3"}
				set(&e, v)
				rs, err := w.tracking.RecordEvents(w.as("CS1001"), []tracking.EventInput{e})
				if err != nil {
					return err
				}
				if rs[0].Outcome == tracking.Rejected {
					return rs[0].Err
				}
				return nil
			}
		}
		texttest.Check(t, "eventKey", false, event(func(e *tracking.EventInput, v string) { e.EventKey = v }))
		texttest.Check(t, "place", false, event(func(e *tracking.EventInput, v string) { e.Place = v }))
		texttest.Check(t, "scannedBy", false, event(func(e *tracking.EventInput, v string) { e.ScannedBy = v }))
		texttest.Check(t, "note", true, event(func(e *tracking.EventInput, v string) { e.Note = v }))
		texttest.Check(t, "signerName", false, event(func(e *tracking.EventInput, v string) { e.SignerName = v }))

		arrival := func(set func(in *tracking.ArrivalInput, v string)) func(string) error {
			return func(v string) error {
				in := tracking.ArrivalInput{ArrivedAt: at, GoodsCondition: tracking.Intact, DriverAttitude: tracking.AttitudeGood,
					SignerName: "刘女士", ReachedBy: []tracking.ContactMethod{tracking.BySMS}}
				set(&in, v)
				_, _, err := w.tracking.ConfirmArrival(w.as("CS1001"), w.key(), o.ID, in)
				return err
			}
		}
		texttest.Check(t, "signerName", false, arrival(func(in *tracking.ArrivalInput, v string) { in.SignerName = v }))
		texttest.Check(t, "note", true, arrival(func(in *tracking.ArrivalInput, v string) { in.Note = v }))
		texttest.Check(t, "note", true, func(v string) error {
			_, _, err := w.tracking.MarkChecked(w.as("CS1001"), w.key(), "no-such-item", true, v)
			return err
		})
	})
}
