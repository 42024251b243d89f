package partner

import (
	"bytes"
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
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

// DeliverWorker sends webhook deliveries; River retries a failed one with exponential
// backoff (RetryPolicy) up to its maximum attempts.
type DeliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	Svc *Service
	// RetryPolicy must be the queue's, so the logged next retry is the real one.
	RetryPolicy river.ClientRetryPolicy
}

// Timeout bounds one attempt.
func (w *DeliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration { return 30 * time.Second }

func formatTS(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// Work sends the delivery once and logs the attempt. A delivery already delivered is
// not sent again unless replayed, so a job run twice (a crash between sending and
// completing) still reaches the receiver once in the common case; receivers dedupe by
// event id for the rest.
func (w *DeliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
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
	code, sendErr := s.send(ctx, ep, d, now)
	at := &Attempt{ID: uuid.Must(uuid.NewV7()).String(), DeliveryID: d.ID, Attempt: d.Attempts + 1, Error: "", AttemptedAt: now}
	if code != 0 {
		at.StatusCode = &code
	}
	status := DeliveryDelivered
	var delivered *time.Time
	if sendErr != nil {
		at.Error = truncate(sendErr.Error(), 500)
		status = DeliveryPending
		if job.Attempt >= job.MaxAttempts {
			status = DeliveryFailed
		} else {
			next := w.nextRetry(job.JobRow, sendErr, now)
			at.NextRetryAt = &next
		}
	} else {
		delivered = &now
	}
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(at).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model((*Delivery)(nil)).
			Set("status = ?", status).Set("attempts = attempts + 1").Set("last_status_code = ?", at.StatusCode).
			Set("last_error = ?", at.Error).Set("next_retry_at = ?", at.NextRetryAt).
			Set("delivered_at = COALESCE(?, delivered_at)", delivered).
			Where("id = ?", d.ID).Exec(ctx)
		return err
	})
	if err != nil {
		return err
	}
	return sendErr
}

// nextRetry is when River will try again, by the same policy it uses.
func (w *DeliverWorker) nextRetry(row *rivertype.JobRow, cause error, now time.Time) time.Time {
	policy := w.RetryPolicy
	if policy == nil {
		policy = &river.DefaultClientRetryPolicy{}
	}
	next := *row
	next.Errors = append(slices.Clone(row.Errors), rivertype.AttemptError{At: now, Attempt: row.Attempt, Error: cause.Error()})
	return policy.NextRetry(&next).UTC()
}

// send posts the signed payload; a non-2xx answer is an error.
func (s *Service) send(ctx context.Context, ep *Endpoint, d *Delivery, now time.Time) (int, error) {
	body := []byte(d.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "expresscs-webhooks/1")
	req.Header.Set("X-CS-Event-Id", d.EventID)
	req.Header.Set("X-CS-Event", string(d.EventType))
	req.Header.Set("X-CS-Timestamp", formatTS(now))
	req.Header.Set("X-CS-Signature", Sign(ep.Secret, now, body))
	client := s.HTTP
	if client == nil {
		client = defaultHTTP
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("receiver answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

var defaultHTTP = &http.Client{
	Timeout: 10 * time.Second,
	// A redirect could point the sender anywhere; receivers must answer at their URL.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Verification refusals, for receivers written in Go.
var (
	ErrSignatureMismatch = errors.New("webhook signature does not match")
	ErrTimestampTooOld   = errors.New("webhook timestamp outside the tolerance")
)

// Verify checks a received webhook: the signature over timestamp and body, and that the
// timestamp is within tolerance of now (5 minutes is usual), so a captured request
// cannot be replayed later. Receivers should also refuse an X-CS-Event-Id they have
// already processed.
func Verify(secret, signature, timestamp string, body []byte, now time.Time, tolerance time.Duration) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrSignatureMismatch
	}
	ts := time.Unix(sec, 0)
	if now.Sub(ts) > tolerance || ts.Sub(now) > tolerance {
		return ErrTimestampTooOld
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return ErrSignatureMismatch
	}
	return nil
}

// RegisterWorkers adds the partner capability's workers to River.
func (s *Service) RegisterWorkers(policy river.ClientRetryPolicy) func(*river.Workers) {
	return func(ws *river.Workers) {
		river.AddWorker(ws, &DeliverWorker{Svc: s, RetryPolicy: policy})
	}
}
