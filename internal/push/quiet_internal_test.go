package push

import (
	"context"
	"testing"
	"time"
)

// shifts is a Duty over a fixed list of shifts (the roster's NextShift is tested in the
// roster package against the database).
type shifts [][2]time.Time

func (s shifts) NextShift(_ context.Context, _ string, at time.Time) (time.Time, time.Time, bool, error) {
	for _, sh := range s {
		if sh[1].After(at) && sh[0].Before(at.Add(14*24*time.Hour)) {
			return sh[0], sh[1], true, nil
		}
	}
	return time.Time{}, time.Time{}, false, nil
}

func TestQuietHoursHoldNonUrgentMessagesUntilTheNextShift(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, sh).UTC() }
	rostered := shifts{{at(7, 9, 0), at(7, 18, 0)}, {at(8, 21, 0), at(9, 7, 0)}}
	for _, c := range []struct {
		name string
		duty Duty
		kind string
		now  time.Time
		want time.Time
	}{
		{"on shift a swap request goes at once", rostered, "SWAP_REQUESTED", at(7, 10, 0), at(7, 10, 0)},
		{"off shift a swap request waits for the next shift", rostered, "SWAP_REQUESTED", at(7, 19, 0), at(8, 21, 0)},
		{"before the shift a roster change waits for its start", rostered, "ROSTER_CHANGED", at(7, 6, 30), at(7, 9, 0)},
		{"during a night shift after midnight it goes at once", rostered, "LEAVE_APPROVED", at(9, 3, 0), at(9, 3, 0)},
		{"off shift an escalation goes at once", rostered, "TICKET_ESCALATED", at(7, 23, 0), at(7, 23, 0)},
		{"off shift a handover goes at once", rostered, "TICKET_HANDED_OVER", at(7, 23, 0), at(7, 23, 0)},
		{"someone without shifts gets office hours: at night it waits for 08:00", shifts{}, "SWAP_AWAITS_APPROVAL", at(7, 23, 0), at(8, 8, 0)},
		{"someone without shifts gets office hours: early morning waits for 08:00", shifts{}, "LEAVE_AWAITS_APPROVAL", at(7, 5, 0), at(7, 8, 0)},
		{"someone without shifts gets office hours: daytime goes at once", shifts{}, "LEAVE_AWAITS_APPROVAL", at(7, 14, 0), at(7, 14, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &Service{Zone: sh, Duty: c.duty}
			got, err := s.deliverAt(context.Background(), "staff", c.kind, c.now)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(c.want) {
				t.Fatalf("deliver at %s, want %s", got.In(sh), c.want.In(sh))
			}
		})
	}
}
