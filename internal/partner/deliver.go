package partner

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// DeliverArgs is the River job that sends one delivery.
type DeliverArgs struct {
	DeliveryID string `json:"deliveryId"`
	// Replay sends even a delivery that already succeeded (the partner asked).
	Replay bool `json:"replay,omitempty"`
}

// Kind names the job for River.
func (DeliverArgs) Kind() string { return "webhook_delivery" }

// DeliverWorker sends webhook deliveries; a failed one is retried with River's backoff
// (about attempt⁴ seconds, with jitter) up to the job's maximum attempts.
type DeliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	Svc *Service
	// RetryPolicy computes the next retry (River's default when nil). The worker, not
	// River, asks it, once per failure: the time it gets is both logged for the partner
	// and handed to River through NextRetry, so the announced retry is the real one.
	RetryPolicy river.ClientRetryPolicy

	// retries holds, per job id, the retry time Work logged, until River asks NextRetry
	// for it right after Work returns.
	retries sync.Map
}

// Timeout bounds one attempt.
func (w *DeliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration { return 30 * time.Second }

// NextRetry gives River the retry time Work logged for this failure.
func (w *DeliverWorker) NextRetry(job *river.Job[DeliverArgs]) time.Time {
	v, ok := w.retries.LoadAndDelete(job.ID)
	if !ok {
		return time.Time{} // River's own policy
	}
	// River refuses a time already past (and would pick another); a retry due while
	// the attempt was being logged simply runs now.
	return maxTime(v.(time.Time), time.Now().Add(time.Millisecond))
}

// Work sends the delivery once and logs the attempt. A delivery already delivered is
// not sent again unless replayed, so a job run twice (a crash between sending and
// completing) still reaches the receiver once in the common case; receivers dedupe by
// event id for the rest.
func (w *DeliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	w.retries.Delete(job.ID) // an attempt interrupted by a shutdown left one behind
	s := w.Svc
	d := new(Delivery)
	if err := s.DB.R.NewSelect().Model(d).Where("id = ?", job.Args.DeliveryID).Scan(ctx); err != nil {
		return err
	}
	if d.Status == DeliveryDelivered && !job.Args.Replay {
		return nil
	}
	ep := new(Endpoint)
	if err := s.DB.R.NewSelect().Model(ep).Where("id = ?", d.EndpointID).Scan(ctx); err != nil {
		return err
	}
	if !ep.Active {
		return river.JobCancel(errors.New("endpoint disabled"))
	}
	now := s.Now().UTC()
	code, failure := s.send(ctx, ep, d, now)
	at := &Attempt{ID: uuid.Must(uuid.NewV7()).String(), DeliveryID: d.ID, Attempt: d.Attempts + 1, Failure: failure, AttemptedAt: now}
	if code != 0 {
		at.StatusCode = &code
	}
	status := DeliveryDelivered
	var delivered *time.Time
	switch {
	case failure == "":
		delivered = &now
	case job.Attempt >= job.MaxAttempts:
		status = DeliveryFailed
	default:
		status = DeliveryPending
		// To the millisecond, River's precision on SQLite, so what River stores is exactly
		// what the partner reads.
		next := w.policy().NextRetry(job.JobRow).UTC().Truncate(time.Millisecond)
		at.NextRetryAt = &next
	}
	if failure != "" && errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err() // the queue is stopping: River runs the job again, this was no attempt
	}
	// An attempt that ran out of time is still logged.
	logCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := s.DB.Tx(logCtx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(at).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model((*Delivery)(nil)).
			Set("status = ?", status).Set("attempts = attempts + 1").Set("last_status_code = ?", at.StatusCode).
			Set("last_failure = ?", at.Failure).Set("next_retry_at = ?", at.NextRetryAt).
			Set("delivered_at = COALESCE(?, delivered_at)", delivered).
			Where("id = ?", d.ID).Exec(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if failure == "" {
		return nil
	}
	if at.NextRetryAt != nil {
		w.retries.Store(job.ID, *at.NextRetryAt)
	}
	// River keeps this in the job's error list, which operators see; it is the class
	// only, like the partner's log.
	return errors.New("webhook delivery failed: " + failure.Describe(code))
}

// policy is the retry policy the worker asks.
func (w *DeliverWorker) policy() river.ClientRetryPolicy {
	if w.RetryPolicy != nil {
		return w.RetryPolicy
	}
	return &river.DefaultClientRetryPolicy{}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// send posts the signed payload and returns the receiver's status code (0 when it did
// not answer) and the class of the failure ("" for a 2xx answer).
func (s *Service) send(ctx context.Context, ep *Endpoint, d *Delivery, now time.Time) (int, Failure) {
	body := []byte(d.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, FailureNetwork
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "expresscs-webhooks/1")
	signHeaders(req.Header, ep.Secret, d.EventID, d.EventType, now, body)
	_, client := s.egress()
	resp, err := client.Do(req)
	if err != nil {
		return 0, classify(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode <= 299:
		return resp.StatusCode, ""
	case resp.StatusCode >= 300 && resp.StatusCode <= 399:
		return resp.StatusCode, FailureRedirect
	}
	return resp.StatusCode, FailureHTTPStatus
}

// RegisterWorkers adds the partner capability's workers to River.
func (s *Service) RegisterWorkers(policy river.ClientRetryPolicy) func(*river.Workers) {
	return func(ws *river.Workers) {
		river.AddWorker(ws, &DeliverWorker{Svc: s, RetryPolicy: policy})
	}
}
