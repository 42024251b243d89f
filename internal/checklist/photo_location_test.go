package checklist_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/media"
)

func TestAPhotosPlaceIsStoredOnlyWithConsentAndShownOnlyToWhoTookItAndInspectors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		zhangjiang := &media.Location{Latitude: 31.2035, Longitude: 121.5907, AccuracyM: 12.5, Consent: true}
		ph, _, err := w.media.UploadAt(agent, bytes.NewReader(pngBytes(t, 10)), time.Time{}, zhangjiang)
		w.must(err)
		stored := func(id string) (lat, lon, acc *float64) {
			var row struct {
				Lat *float64 `bun:"latitude"`
				Lon *float64 `bun:"longitude"`
				Acc *float64 `bun:"accuracy_m"`
			}
			w.must(w.d.R.NewSelect().TableExpr("media_photos").Column("latitude", "longitude", "accuracy_m").Where("id = ?", id).Scan(context.Background(), &row))
			return row.Lat, row.Lon, row.Acc
		}
		if lat, lon, acc := stored(ph.ID); lat == nil || *lat != 31.2035 || *lon != 121.5907 || *acc != 12.5 {
			t.Fatalf("a consented position is stored as given: %v %v %v", lat, lon, acc)
		}

		// Without consent nothing of the position is stored, however odd it is.
		for i, loc := range []*media.Location{
			{Latitude: 31.2, Longitude: 121.5, AccuracyM: 10},
			{Latitude: 1e300, Longitude: math.Inf(1), AccuracyM: -1},
			nil,
		} {
			p, _, err := w.media.UploadAt(agent, bytes.NewReader(pngBytes(t, uint8(20+i))), time.Time{}, loc)
			w.must(err)
			if lat, lon, acc := stored(p.ID); lat != nil || lon != nil || acc != nil {
				t.Errorf("upload %d without consent stored a position: %v %v %v", i, lat, lon, acc)
			}
			if media.LocationFor(agent, p) != nil {
				t.Errorf("upload %d without consent shows a position", i)
			}
		}

		// Who sees it: the person who took it and those who oversee the depot.
		reread, err := w.media.PhotosByIDs(w.as("CS2001"), []string{ph.ID})
		w.must(err)
		for no, sees := range map[string]bool{
			"CS1001": true,  // took it
			"CS2001": true,  // the depot's supervisor
			"CS3001": true,  // the manager of the branch above
			"CS9001": true,  // the organisation's admin
			"CS1002": false, // a colleague
			"CS2002": false, // another depot's supervisor
			"CS3002": false, // another branch's manager
			"CS4001": false, // the group verifier
		} {
			got := media.LocationFor(w.as(no), reread[0])
			if sees != (got != nil) || sees && (got.Latitude != 31.2035 || got.Longitude != 121.5907 || got.AccuracyM != 12.5) {
				t.Errorf("%s: location %+v, want shown %v", no, got, sees)
			}
		}
		if media.LocationFor(context.Background(), reread[0]) != nil {
			t.Error("an anonymous caller sees the position")
		}

		// The position never travels as JSON (idempotency results, events, logs).
		b, _ := json.Marshal(reread[0])
		if strings.Contains(string(b), "31.2035") || strings.Contains(string(b), "121.5907") {
			t.Errorf("the photo's JSON carries its position: %s", b)
		}

		before := w.count("media_photos")
		refusals := []struct {
			name  string
			loc   media.Location
			field string
		}{
			{"a latitude above 90", media.Location{Latitude: 90.0001, Longitude: 121, AccuracyM: 5}, "location.latitude"},
			{"a latitude below -90", media.Location{Latitude: -91, Longitude: 121, AccuracyM: 5}, "location.latitude"},
			{"a huge latitude", media.Location{Latitude: 1e308, Longitude: 121, AccuracyM: 5}, "location.latitude"},
			{"a latitude that is not a number", media.Location{Latitude: math.NaN(), Longitude: 121, AccuracyM: 5}, "location.latitude"},
			{"a longitude beyond 180", media.Location{Latitude: 31, Longitude: 180.5, AccuracyM: 5}, "location.longitude"},
			{"an infinite longitude", media.Location{Latitude: 31, Longitude: math.Inf(-1), AccuracyM: 5}, "location.longitude"},
			{"no accuracy", media.Location{Latitude: 31, Longitude: 121, AccuracyM: 0}, "location.accuracyMeters"},
			{"a negative accuracy", media.Location{Latitude: 31, Longitude: 121, AccuracyM: -3}, "location.accuracyMeters"},
			{"an accuracy wider than 100 km", media.Location{Latitude: 31, Longitude: 121, AccuracyM: 100_001}, "location.accuracyMeters"},
		}
		for i, c := range refusals {
			t.Run(c.name, func(t *testing.T) {
				loc := c.loc
				loc.Consent = true
				_, _, err := w.media.UploadAt(agent, bytes.NewReader(pngBytes(t, uint8(100+i))), time.Time{}, &loc)
				wantCode(t, err, apperr.BadUserInput)
				var e *apperr.Error
				if !errors.As(err, &e) || e.Field != c.field {
					t.Errorf("refusal %v, want it to name %q", err, c.field)
				}
			})
		}
		if got := w.count("media_photos"); got != before {
			t.Errorf("refused uploads stored %d photos", got-before)
		}
	})
}
