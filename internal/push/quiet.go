package push

import (
	"context"
	"time"
)

// Office hours for people without shifts (managers, admins): quiet outside them.
const (
	officeStartHour = 8
	officeEndHour   = 20
)

// deliverAt says when a message of kind may reach the person: now when urgent or when
// they are on shift; otherwise at the start of their next shift. Someone with no shift
// in the coming fortnight is not on a roster (managers, admins) and gets office hours,
// 08:00–20:00 in the organisation's zone.
func (s *Service) deliverAt(ctx context.Context, staffID, kind string, now time.Time) (time.Time, error) {
	if infoOf(kind).urgent || s.Duty == nil {
		return now, nil
	}
	start, _, ok, err := s.Duty.NextShift(ctx, staffID, now)
	if err != nil {
		return time.Time{}, err
	}
	if ok {
		if start.After(now) {
			return start, nil
		}
		return now, nil
	}
	zone := s.Zone
	if zone == nil {
		zone = time.UTC
	}
	local := now.In(zone)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, zone)
	switch {
	case local.Hour() < officeStartHour:
		return day.Add(officeStartHour * time.Hour).UTC(), nil
	case local.Hour() >= officeEndHour:
		return time.Date(local.Year(), local.Month(), local.Day()+1, officeStartHour, 0, 0, 0, zone).UTC(), nil
	}
	return now, nil
}
