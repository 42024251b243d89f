package event

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestNotificationsAreWhatTheListenerDecodes checks the spliced NOTIFY payloads byte for
// byte against marshalling the Event the listener decodes them into.
func TestNotificationsAreWhatTheListenerDecodes(t *testing.T) {
	all := []Announcement{
		{Topic: "order:0193a0b4-1c2d-7e8f-9a0b-1c2d3e4f5a6b", Payload: map[string]string{"orderId": "0193a0b4"}},
		{Topic: `staff:"quoted"<&>`, Payload: struct {
			Note string `json:"note"`
			N    int    `json:"n"`
		}{"上海转运中心 <b>&</b> \u2028", 7}},
		{Topic: "ticket:all", Payload: nil},
		{Topic: "depot:<a&b>", Payload: 1},
		{Topic: "depot:上海\x7f", Payload: "x"},
		{Topic: "raw", Payload: json.RawMessage(`{ "a" : [1, 2] }`)},
	}
	got, err := notifications(all)
	if err != nil {
		t.Fatal(err)
	}
	events, err := encode(all)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range events {
		want, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if got[i] != string(want) {
			t.Errorf("announcement %d: got %s, want %s", i, got[i], want)
		}
		var back Event
		if err := json.Unmarshal([]byte(got[i]), &back); err != nil || back.Topic != all[i].Topic {
			t.Errorf("announcement %d decodes to %+v (%v)", i, back, err)
		}
	}
}

func TestNotificationsRefuseAPayloadOverTheNotifyLimit(t *testing.T) {
	_, err := notifications([]Announcement{{Topic: "big", Payload: strings.Repeat("x", maxPayload)}})
	if err == nil || !strings.Contains(err.Error(), "over the NOTIFY limit") {
		t.Fatalf("got %v, want the NOTIFY limit refused", err)
	}
}

// BenchmarkNotifications encodes one tracking batch's announcements (1,000 orders).
func BenchmarkNotifications(b *testing.B) {
	all := make([]Announcement, 1000)
	for i := range all {
		id := fmt.Sprintf("0193a0b4-1c2d-7e8f-9a0b-%012d", i)
		all[i] = Announcement{Topic: "order:" + id, Payload: struct {
			OrderID string `json:"orderId"`
		}{id}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := notifications(all); err != nil {
			b.Fatal(err)
		}
	}
}

type wrapped struct{ Bus }

func (w wrapped) Unwrap() Bus { return w.Bus }

// Inline gives what the PostgreSQL bus's PublishEachTx sends, on its channel, through any
// wrapper that unwraps to it; for another bus it gives nothing, for the caller to publish.
func TestInlineIsThePostgresBusNotifications(t *testing.T) {
	all := []Announcement{{Topic: "order:a", Payload: map[string]string{"orderId": "a"}}, {Topic: "order:b", Payload: 2}}
	want, err := notifications(all)
	if err != nil {
		t.Fatal(err)
	}
	pg := NewPostgres("postgres://unused", nil)
	for _, bus := range []Bus{pg, wrapped{pg}, wrapped{wrapped{pg}}} {
		channel, msgs, ok, err := Inline(bus, all)
		if !ok || err != nil || channel != Channel || !slices.Equal(msgs, want) {
			t.Errorf("%T: %q %q %v %v, want %q %q", bus, channel, msgs, ok, err, Channel, want)
		}
	}
	for _, bus := range []Bus{NewLocal(nil), wrapped{NewLocal(nil)}} {
		if _, msgs, ok, err := Inline(bus, all); ok || msgs != nil || err != nil {
			t.Errorf("%T: inline %v %q %v", bus, ok, msgs, err)
		}
	}
}
