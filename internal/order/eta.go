package order

import "time"

// The promise each service makes, counted in calendar days in the organisation's zone
// from pick-up (or intake, before pick-up), delivered by the end of the working day.
var serviceDays = map[DeliveryService]int{Standard: 3, Insured: 3, NextDay: 1, TimeSlot: 2, Economy: 5}

const (
	promiseHour = 18 // a day's deliveries are promised by 18:00
	// DeliveryCutoffHour ends a day's delivery window (派送截止): a parcel out for delivery
	// is expected by 20:00 that day; one that goes out at 20:00 or later waits for the next
	// delivery day's window.
	DeliveryCutoffHour = 20
	// maxDaysAhead bounds the search for the next delivery day, so a calendar that marks
	// every day a holiday cannot hang a scan.
	maxDaysAhead = 31
)

// PromisedArrival is the expected arrival of an order whose journey starts at from:
// the service's number of days later at 18:00 local time. A time-slot delivery arrives
// at the agreed time when one was given.
func PromisedArrival(o *Order, from time.Time, zone *time.Location) time.Time {
	if o.Service == TimeSlot && o.RequiredArrivalAt != nil {
		return o.RequiredArrivalAt.UTC()
	}
	l := from.In(zone)
	d := time.Date(l.Year(), l.Month(), l.Day()+serviceDays[o.Service], promiseHour, 0, 0, 0, zone)
	return d.UTC()
}

// AfterCutoff reports whether a parcel that goes out for delivery at at has missed that
// day's delivery window (20:00 local time or later).
func AfterCutoff(at time.Time, zone *time.Location) bool {
	return at.In(zone).Hour() >= DeliveryCutoffHour
}

// OutForDeliveryArrival revises the expected arrival once the courier has the parcel at
// at: the day's cut-off, 20:00, when the parcel goes out before it; otherwise the cut-off
// of the next delivery day, which is the next day that deliveryDay accepts (the
// organisation's working-day calendar; nil accepts every day). A time-slot delivery
// keeps its agreed time while that is still ahead. The revision is never earlier than
// the scan that caused it.
func OutForDeliveryArrival(o *Order, at time.Time, zone *time.Location, deliveryDay func(day time.Time) bool) time.Time {
	if o.Service == TimeSlot && o.RequiredArrivalAt != nil && !o.RequiredArrivalAt.Before(at) {
		return o.RequiredArrivalAt.UTC()
	}
	l := at.In(zone)
	if !AfterCutoff(at, zone) {
		return time.Date(l.Year(), l.Month(), l.Day(), DeliveryCutoffHour, 0, 0, 0, zone).UTC()
	}
	next := time.Date(l.Year(), l.Month(), l.Day()+1, DeliveryCutoffHour, 0, 0, 0, zone)
	for i := 0; deliveryDay != nil && i < maxDaysAhead && !deliveryDay(next); i++ {
		next = time.Date(next.Year(), next.Month(), next.Day()+1, DeliveryCutoffHour, 0, 0, 0, zone)
	}
	return next.UTC()
}
