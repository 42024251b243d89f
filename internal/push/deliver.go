package push

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// deliveryAttempts bounds the retries of one delivery (River's backoff, about attempt⁴
// seconds: the last try is some two hours after the first).
const deliveryAttempts = 8

// FanoutWorker finds the person's devices and when they may be disturbed, and queues
// one delivery per device.
type FanoutWorker struct {
	river.WorkerDefaults[FanoutArgs]
	Svc *Service
}

// Work queues the deliveries of one message.
func (w *FanoutWorker) Work(ctx context.Context, job *river.Job[FanoutArgs]) error {
	s, m := w.Svc, job.Args.Message
	var subs []*Subscription
	if err := s.DB.R.NewSelect().Model(&subs).Column("id").Where("staff_id = ?", m.StaffID).Scan(ctx); err != nil {
		return err
	}
	if len(subs) == 0 {
		return nil
	}
	now := s.now()
	at, err := s.deliverAt(ctx, m.StaffID, m.Kind, now)
	if err != nil {
		return err
	}
	payload, err := m.payload()
	if err != nil {
		return err
	}
	params := make([]river.InsertManyParams, len(subs))
	for i, sub := range subs {
		opts := &river.InsertOpts{MaxAttempts: deliveryAttempts}
		if at.After(now) {
			opts.ScheduledAt = at
		}
		params[i] = river.InsertManyParams{Args: DeliverArgs{SubscriptionID: sub.ID, MessageKind: m.Kind, Payload: string(payload)}, InsertOpts: opts}
	}
	return s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error { return s.Jobs.InsertManyTx(ctx, tx, params) })
}

// DeliverArgs is the River job that posts one message to one device.
type DeliverArgs struct {
	SubscriptionID string `json:"subscriptionId"`
	MessageKind    string `json:"kind"`
	// Payload is the JSON the service worker receives (encrypted on the wire).
	Payload string `json:"payload"`
}

// Kind names the job for River.
func (DeliverArgs) Kind() string { return "push_delivery" }

// DeliverWorker posts deliveries.
type DeliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	Svc *Service
}

// Timeout bounds one attempt.
func (w *DeliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration { return 30 * time.Second }

// Work sends the delivery once. 2xx: delivered. 404 or 410: the subscription is gone
// (the person unsubscribed in the browser, or it expired) and is removed. 429 and 5xx
// and network failures are retried; any other answer (a malformed request, a key the
// push service refuses) would be refused again and is not.
func (w *DeliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	code, err := w.Svc.deliver(ctx, job.Args)
	switch {
	case err != nil:
		return err
	case code >= 200 && code <= 299, code == 404, code == 410:
		return nil
	case code == 429 || code >= 500:
		return fmt.Errorf("push service answered %d", code)
	}
	return river.JobCancel(fmt.Errorf("push service refused the message with %d", code))
}

// deliver posts one message and records what the answer means for the subscription;
// it returns the push service's status code (0 when the subscription is gone).
func (s *Service) deliver(ctx context.Context, a DeliverArgs) (int, error) {
	sub, err := s.subscription(ctx, a.SubscriptionID)
	if err != nil || sub == nil {
		return 0, err
	}
	key := new(VAPIDKey)
	if err := s.DB.R.NewSelect().Model(key).Where("id = ?", sub.VAPIDKeyID).Scan(ctx); err != nil {
		return 0, err
	}
	urgency, ttl := webpush.UrgencyNormal, 24*60*60
	if infoOf(a.MessageKind).urgent {
		urgency, ttl = webpush.UrgencyHigh, 4*60*60
	}
	resp, err := webpush.SendNotificationWithContext(ctx, []byte(a.Payload),
		&webpush.Subscription{Endpoint: sub.Endpoint, Keys: webpush.Keys{Auth: sub.Auth, P256dh: sub.P256DH}},
		&webpush.Options{HTTPClient: s.sender(), Subscriber: s.subscriber(), TTL: ttl, Urgency: urgency,
			VAPIDPublicKey: key.PublicKey, VAPIDPrivateKey: key.PrivateKey})
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	now := s.now()
	switch code := resp.StatusCode; {
	case code >= 200 && code <= 299:
		_, err = s.DB.W.NewUpdate().Model((*Subscription)(nil)).Set("last_delivered_at = ?", now).Where("id = ?", sub.ID).Exec(ctx)
	case code == 404 || code == 410:
		_, err = s.DB.W.NewDelete().Model((*Subscription)(nil)).Where("id = ?", sub.ID).Exec(ctx)
	}
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// subscriber is the VAPID `sub` as webpush-go wants it: an https URL as is, an e-mail
// address without "mailto:" (it adds it).
func (s *Service) subscriber() string {
	return strings.TrimPrefix(s.Contact, "mailto:")
}

// RegisterWorkers adds the push capability's workers to River.
func (s *Service) RegisterWorkers() func(*river.Workers) {
	return func(ws *river.Workers) {
		river.AddWorker(ws, &FanoutWorker{Svc: s})
		river.AddWorker(ws, &DeliverWorker{Svc: s})
	}
}
