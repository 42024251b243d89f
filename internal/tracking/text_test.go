package tracking_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/tracking"
)

// badText: a NUL, a right-to-left override, control characters and 10,000 characters
// are refused everywhere; blank text (ASCII or full-width spaces) where text is required.
var badText = []struct {
	name  string
	value string
	blank bool
}{
	{"NUL", "杭州\x00转运中心", false},
	{"right-to-left override U+202E", "杭州\u202E转运中心", false},
	{"control character BEL", "杭州\a转运中心", false},
	{"whitespace only", "  \t", true},
	{"full-width spaces only", "\u3000\u3000\u3000", true},
	{"10,000 characters", strings.Repeat("长", 10000), false},
}

func checkText(t *testing.T, field string, optional bool, send func(v string) error) {
	t.Helper()
	for _, b := range badText {
		err := send(b.value)
		var e *apperr.Error
		errors.As(err, &e)
		if b.blank && optional {
			if e != nil && e.Field == field {
				t.Errorf("%s: %s refused in an optional field: %v", field, b.name, err)
			}
			continue
		}
		if !apperr.Is(err, apperr.BadUserInput) || e.Field != field {
			t.Errorf("%s: %s: want BAD_USER_INPUT on %s, got %v", field, b.name, field, err)
		}
	}
}

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
		checkText(t, "eventKey", false, event(func(e *tracking.EventInput, v string) { e.EventKey = v }))
		checkText(t, "place", false, event(func(e *tracking.EventInput, v string) { e.Place = v }))
		checkText(t, "scannedBy", false, event(func(e *tracking.EventInput, v string) { e.ScannedBy = v }))
		checkText(t, "note", true, event(func(e *tracking.EventInput, v string) { e.Note = v }))
		checkText(t, "signerName", false, event(func(e *tracking.EventInput, v string) { e.SignerName = v }))

		arrival := func(set func(in *tracking.ArrivalInput, v string)) func(string) error {
			return func(v string) error {
				in := tracking.ArrivalInput{ArrivedAt: at, GoodsCondition: tracking.Intact, DriverAttitude: tracking.AttitudeGood,
					SignerName: "刘女士", ReachedBy: []tracking.ContactMethod{tracking.BySMS}}
				set(&in, v)
				_, _, err := w.tracking.ConfirmArrival(w.as("CS1001"), w.key(), o.ID, in)
				return err
			}
		}
		checkText(t, "signerName", false, arrival(func(in *tracking.ArrivalInput, v string) { in.SignerName = v }))
		checkText(t, "note", true, arrival(func(in *tracking.ArrivalInput, v string) { in.Note = v }))
		checkText(t, "note", true, func(v string) error {
			_, _, err := w.tracking.MarkChecked(w.as("CS1001"), w.key(), "no-such-item", true, v)
			return err
		})
	})
}
