package push_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/netip"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/jobs"
	"github.com/expresscs/cs/internal/push"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

type world struct {
	t     *testing.T
	d     *db.DB
	ids   *identity.Service
	svc   *push.Service
	ps    *pushService
	staff map[string]*identity.Staff
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ids := identity.NewService(d, nil)
	ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), ids, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Migrate(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, d: d, ids: ids, ps: newPushService(t), staff: map[string]*identity.Staff{}}
	w.svc = &push.Service{DB: d, Zone: shanghai, Contact: "mailto:ops@example.com", AllowHTTP: true,
		Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	q, err := jobs.New(d, jobs.Config{Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Register: []func(*river.Workers){w.svc.RegisterWorkers()}, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w.svc.Jobs = q
	var all []*identity.Staff
	if err := d.R.NewSelect().Model(&all).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		w.staff[s.EmployeeNo] = s
	}
	return w
}

func (w *world) as(no string) context.Context {
	p, err := w.ids.PrincipalOf(context.Background(), w.staff[no])
	if err != nil {
		w.t.Fatal(err)
	}
	return identity.WithPrincipal(context.Background(), p)
}

// subscribe subscribes a new device for no, the way the app does.
func (w *world) subscribe(no, name string) (*device, *push.Subscription) {
	w.t.Helper()
	ctx := w.as(no)
	key, err := w.svc.PublicKey(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	w.ps.expectKey(key)
	d := newDevice(w.t, name)
	sub, err := w.svc.Subscribe(ctx, push.NewSubscription{Endpoint: w.ps.endpoint(d), P256DH: d.p256dh(), Auth: d.authKey(),
		ApplicationServerKey: key, Label: name})
	if err != nil {
		w.t.Fatal(err)
	}
	return d, sub
}

// next waits for the push service's next message; a failed check fails the test.
func (w *world) next() received {
	w.t.Helper()
	select {
	case m := <-w.ps.got:
		return m
	case err := <-w.ps.failures:
		w.t.Fatalf("the push service refused a message: %v", err)
	case <-time.After(30 * time.Second):
		w.t.Fatal("no message reached the push service")
	}
	return received{}
}

// deliverNow runs one delivery job synchronously.
func (w *world) deliverNow(sub *push.Subscription, kind string, payload string) error {
	wk := &push.DeliverWorker{Svc: w.svc}
	return wk.Work(context.Background(), &river.Job[push.DeliverArgs]{JobRow: &rivertype.JobRow{ID: 1, Attempt: 1, MaxAttempts: 8},
		Args: push.DeliverArgs{SubscriptionID: sub.ID, MessageKind: kind, Payload: payload}})
}

func TestPushReachesEveryDeviceOfThePersonEncryptedAndSigned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.subscribe("CS1001", "phone")
		w.subscribe("CS1001", "tablet")
		w.subscribe("CS1002", "colleague")
		ctx := t.Context()
		if err := w.svc.Jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = w.svc.Jobs.Stop(context.Background()) }()
		msg := push.Message{StaffID: w.staff["CS1001"].ID, Kind: "TICKET_ESCALATED", TextZH: "工单 T-1 已升级到 L2",
			TextEN: "Ticket T-1 escalated to L2", URL: "/tickets/T-1", Tag: "ticket:T-1"}
		if err := w.svc.EnqueueTx(ctx, d.W, msg); err != nil {
			t.Fatal(err)
		}
		seen := map[string]push.Payload{}
		for range 2 {
			m := w.next()
			var p push.Payload
			if err := json.Unmarshal(m.plaintext, &p); err != nil {
				t.Fatalf("decrypted payload is not JSON: %q", m.plaintext)
			}
			if m.header.Get("Urgency") != "high" {
				t.Errorf("an escalation goes with Urgency high, got %q", m.header.Get("Urgency"))
			}
			seen[m.device] = p
		}
		for _, dev := range []string{"phone", "tablet"} {
			p, ok := seen[dev]
			if !ok {
				t.Fatalf("device %s got nothing; got %v", dev, seen)
			}
			if p.URL != "/tickets/T-1" || p.Body["zh-CN"] != msg.TextZH || p.Body["en"] != msg.TextEN || p.Title["zh-CN"] != "工单升级" || p.Tag != "ticket:T-1" {
				t.Errorf("device %s decrypted %+v", dev, p)
			}
		}
		// The colleague's device hears nothing of it: the next message to arrive is the
		// colleague's own.
		if err := w.svc.EnqueueTx(ctx, d.W, push.Message{StaffID: w.staff["CS1002"].ID, Kind: "TICKET_HANDED_OVER",
			TextZH: "交接", TextEN: "handed over", URL: "/tickets/T-2"}); err != nil {
			t.Fatal(err)
		}
		if m := w.next(); m.device != "colleague" {
			t.Fatalf("after CS1001's two devices, the next message went to %s", m.device)
		}
	})
}

func TestGoneSubscriptionIsRemovedAndBusyPushServiceIsRetried(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		_, gone := w.subscribe("CS1001", "gone")
		_, busy := w.subscribe("CS1001", "busy")
		_, refused := w.subscribe("CS1001", "refused")
		w.ps.answer("gone", 410)
		w.ps.answer("busy", 503)
		w.ps.answer("refused", 400)
		payload := `{"kind":"SWAP_REQUESTED","url":"/approvals"}`
		if err := w.deliverNow(gone, "SWAP_REQUESTED", payload); err != nil {
			t.Fatalf("410 is an answer, not a failure: %v", err)
		}
		w.next()
		if err := w.deliverNow(busy, "SWAP_REQUESTED", payload); err == nil {
			t.Fatal("a 503 must fail the attempt so River retries it")
		}
		w.next()
		err := w.deliverNow(refused, "SWAP_REQUESTED", payload)
		var cancel *river.JobCancelError
		if !errorsAs(err, &cancel) {
			t.Fatalf("a 400 is not retried (JobCancel), got %v", err)
		}
		w.next()
		devices, err := w.svc.MyDevices(w.as("CS1001"))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range devices {
			names = append(names, s.Label)
		}
		if len(names) != 2 || names[0] == "gone" || names[1] == "gone" {
			t.Fatalf("after 410 the subscription is removed; devices left: %v", names)
		}
	})
}

func TestRotatedKeyStillSignsTheSubscriptionsMadeWithIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		_, old := w.subscribe("CS1001", "old")
		oldKey, _ := w.svc.PublicKey(w.as("CS1001"))
		nk, err := w.svc.RotateKey(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if nk.PublicKey == oldKey {
			t.Fatal("rotation made no new key")
		}
		if cur, _ := w.svc.PublicKey(w.as("CS1001")); cur != nk.PublicKey {
			t.Fatalf("the new key is not current: %s", cur)
		}
		if err := w.deliverNow(old, "ROSTER_CHANGED", `{}`); err != nil {
			t.Fatal(err)
		}
		if m := w.next(); m.vapidKey != oldKey {
			t.Fatalf("the old subscription must be signed with its own key, got k=%s", m.vapidKey)
		}
		// Subscribing with the retired key is refused: the app subscribes again.
		dev := newDevice(t, "late")
		_, err = w.svc.Subscribe(w.as("CS1001"), push.NewSubscription{Endpoint: w.ps.endpoint(dev), P256DH: dev.p256dh(),
			Auth: dev.authKey(), ApplicationServerKey: oldKey})
		wantField(t, err, "applicationServerKey")
		_, fresh := w.subscribe("CS1001", "fresh")
		if err := w.deliverNow(fresh, "ROSTER_CHANGED", `{}`); err != nil {
			t.Fatal(err)
		}
		if m := w.next(); m.vapidKey != nk.PublicKey {
			t.Fatalf("a new subscription is signed with the new key, got k=%s", m.vapidKey)
		}
	})
}

func TestSubscribeRefusesMalformedInputAndIsIdempotentPerEndpoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		key, _ := w.svc.PublicKey(ctx)
		dev := newDevice(t, "p")
		good := push.NewSubscription{Endpoint: w.ps.endpoint(dev), P256DH: dev.p256dh(), Auth: dev.authKey(), ApplicationServerKey: key, Label: "手机"}
		for _, c := range []struct {
			name  string
			edit  func(*push.NewSubscription)
			field string
		}{
			{"an ftp endpoint is refused", func(n *push.NewSubscription) { n.Endpoint = "ftp://push.example.com/x" }, "endpoint"},
			{"an endpoint with user information is refused", func(n *push.NewSubscription) { n.Endpoint = "https://a:b@push.example.com/x" }, "endpoint"},
			{"a key that is not a P-256 point is refused", func(n *push.NewSubscription) { n.P256DH = b64(make([]byte, 65)) }, "p256dh"},
			{"an auth secret of the wrong size is refused", func(n *push.NewSubscription) { n.Auth = b64(make([]byte, 8)) }, "auth"},
			{"a label with a bidi override is refused", func(n *push.NewSubscription) { n.Label = "手机\u202e" }, "label"},
		} {
			t.Run(c.name, func(t *testing.T) {
				in := good
				c.edit(&in)
				_, err := w.svc.Subscribe(ctx, in)
				wantField(t, err, c.field)
			})
		}
		plain := &push.Service{DB: d, AllowHTTP: false}
		_, err := plain.Subscribe(ctx, good)
		wantField(t, err, "endpoint") // http:// outside tests and development
		a, err := w.svc.Subscribe(ctx, good)
		if err != nil {
			t.Fatal(err)
		}
		b, err := w.svc.Subscribe(ctx, good)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != b.ID {
			t.Fatalf("subscribing the same endpoint again keeps one subscription: %s then %s", a.ID, b.ID)
		}
		// Another person cannot remove it, and cannot see it.
		if removed, err := w.svc.Unsubscribe(w.as("CS1002"), a.ID); err != nil || removed {
			t.Fatalf("another person's unsubscribe removed=%v err=%v", removed, err)
		}
		if theirs, _ := w.svc.MyDevices(w.as("CS1002")); len(theirs) != 0 {
			t.Fatalf("another person sees %d devices", len(theirs))
		}
		if removed, err := w.svc.Unsubscribe(ctx, a.ID); err != nil || !removed {
			t.Fatalf("own unsubscribe removed=%v err=%v", removed, err)
		}
		if removed, err := w.svc.Unsubscribe(ctx, a.ID); err != nil || removed {
			t.Fatalf("unsubscribing again changes nothing: removed=%v err=%v", removed, err)
		}
	})
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var ae *apperr.Error
	if !errorsAs(err, &ae) || ae.Code != apperr.BadUserInput || ae.Field != field {
		t.Fatalf("want BAD_USER_INPUT on %s, got %v", field, err)
	}
}
