package order

import "time"

// The promise each service makes, counted in calendar days in the organisation's zone
// from pick-up (or intake, before pick-up), delivered by the end of the working day.
var serviceDays = map[DeliveryService]int{Standard: 3, Insured: 3, NextDay: 1, TimeSlot: 2}

const (
	promiseHour  = 18 // a day's deliveries are promised by 18:00
	deliveryHour = 20 // out for delivery: by 20:00 the same day
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

// OutForDeliveryArrival revises the expected arrival once the courier has the parcel:
// the same day by 20:00, or the agreed time of a time-slot delivery.
func OutForDeliveryArrival(o *Order, at time.Time, zone *time.Location) time.Time {
	if o.Service == TimeSlot && o.RequiredArrivalAt != nil {
		return o.RequiredArrivalAt.UTC()
	}
	l := at.In(zone)
	return time.Date(l.Year(), l.Month(), l.Day(), deliveryHour, 0, 0, 0, zone).UTC()
}
