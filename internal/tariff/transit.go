package tariff

import (
	"sort"
	"time"

	"github.com/expresscs/cs/internal/order"
)

// DayLayout is how calendar days are written.
const DayLayout = "2006-01-02"

// Arrival is the promised arrival of a parcel taken in at takenAt: the day it counts
// from is the day it is taken, or the next day when taken at or after the cut-off hour;
// then tr.Days working days later (days off and public holidays of the calendar are not
// counted, 调休 working days are) by tr.ByHour local time. working answers for a day
// (YYYY-MM-DD) in zone.
func Arrival(takenAt time.Time, cutOffHour int, tr Transit, zone *time.Location, working func(day string) bool) time.Time {
	l := takenAt.In(zone)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, zone)
	if cutOffHour > 0 && l.Hour() >= cutOffHour {
		d = d.AddDate(0, 0, 1)
	}
	for n := 0; n < tr.Days; {
		d = d.AddDate(0, 0, 1)
		if working(d.Format(DayLayout)) {
			n++
		}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), tr.ByHour, 0, 0, 0, zone).UTC()
}

// Option is one service that can carry a parcel, with its price and promise.
type Option struct {
	Service       order.DeliveryService `json:"service"`
	NameZH        string                `json:"nameZh"`
	NameEN        string                `json:"nameEn"`
	Breakdown     Breakdown             `json:"breakdown"`
	Arrival       time.Time             `json:"arrival"`
	MeetsDeadline bool                  `json:"meetsDeadline"`
}

// Reason says why an option is recommended.
type Reason string

// The reasons.
const (
	CheapestMeetingDeadline Reason = "CHEAPEST_MEETING_DEADLINE" // the cheapest that arrives by the deadline
	Cheapest                Reason = "CHEAPEST"                  // no deadline given: the cheapest
	FastestMissingDeadline  Reason = "FASTEST_MISSING_DEADLINE"  // none arrives by the deadline: the fastest
)

// Recommend picks the option to recommend: the cheapest that meets the deadline (the
// earlier arrival on equal price); without a deadline the cheapest; when none meets it
// the fastest (the cheaper on equal arrival). It returns -1 when there is no option.
func Recommend(opts []Option, hasDeadline bool) (int, Reason) {
	if len(opts) == 0 {
		return -1, ""
	}
	idx := make([]int, len(opts))
	for i := range idx {
		idx[i] = i
	}
	cheaper := func(a, b Option) bool {
		if a.Breakdown.TotalFen != b.Breakdown.TotalFen {
			return a.Breakdown.TotalFen < b.Breakdown.TotalFen
		}
		return a.Arrival.Before(b.Arrival)
	}
	faster := func(a, b Option) bool {
		if !a.Arrival.Equal(b.Arrival) {
			return a.Arrival.Before(b.Arrival)
		}
		return a.Breakdown.TotalFen < b.Breakdown.TotalFen
	}
	sort.SliceStable(idx, func(i, j int) bool { return cheaper(opts[idx[i]], opts[idx[j]]) })
	if !hasDeadline {
		return idx[0], Cheapest
	}
	for _, i := range idx {
		if opts[i].MeetsDeadline {
			return i, CheapestMeetingDeadline
		}
	}
	sort.SliceStable(idx, func(i, j int) bool { return faster(opts[idx[i]], opts[idx[j]]) })
	return idx[0], FastestMissingDeadline
}
