package partner

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tracking"
)

// EventType names what a webhook reports.
type EventType string

// The events a partner may subscribe to.
const (
	EventTrackingUpdated EventType = "TRACKING_UPDATED" // any new tracking event on the partner's order
	EventExceptionRaised EventType = "EXCEPTION_RAISED" // a tracking event with status EXCEPTION
	EventDelivered       EventType = "DELIVERED"        // a tracking event with status SIGNED
)

var allEvents = []EventType{EventTrackingUpdated, EventExceptionRaised, EventDelivered}

// MaxEndpoints is how many active endpoints one client may have.
const MaxEndpoints = 10

// Endpoint is a URL a partner registered to receive events.
type Endpoint struct {
	bun.BaseModel `bun:"table:webhook_endpoints,alias:e"`

	ID       string `bun:"id,pk"`
	ClientID string `bun:"client_id"`
	URL      string `bun:"url"`
	EventCSV string `bun:"events"`
	// Secret signs deliveries. It must be readable to sign, so it is stored as is (the
	// database is the trust boundary, like the signing keys' directory); it is shown to
	// the partner once.
	Secret    string    `bun:"secret"`
	Active    bool      `bun:"active"`
	CreatedAt time.Time `bun:"created_at"`
}

// Events returns the subscribed event types.
func (e *Endpoint) Events() []EventType {
	var out []EventType
	for _, s := range strings.Split(e.EventCSV, ",") {
		if s != "" {
			out = append(out, EventType(s))
		}
	}
	return out
}

// DeliveryStatus is where a delivery stands.
type DeliveryStatus string

// The statuses.
const (
	DeliveryPending   DeliveryStatus = "PENDING"   // waiting for its first or next attempt
	DeliveryDelivered DeliveryStatus = "DELIVERED" // the receiver answered 2xx
	DeliveryFailed    DeliveryStatus = "FAILED"    // every attempt failed; replay to try again
)

// Delivery is one event for one endpoint, with the outcome of its latest attempt.
type Delivery struct {
	bun.BaseModel `bun:"table:webhook_deliveries,alias:d"`

	ID             string         `bun:"id,pk"`
	EndpointID     string         `bun:"endpoint_id"`
	EventID        string         `bun:"event_id"`
	EventType      EventType      `bun:"event_type"`
	Payload        string         `bun:"payload"`
	Status         DeliveryStatus `bun:"status"`
	Attempts       int            `bun:"attempts"`
	LastStatusCode *int           `bun:"last_status_code"`
	LastFailure    Failure        `bun:"last_failure"` // empty unless the latest attempt failed
	NextRetryAt    *time.Time     `bun:"next_retry_at"`
	DeliveredAt    *time.Time     `bun:"delivered_at"`
	CreatedAt      time.Time      `bun:"created_at"`
}

// Attempt is one try at sending a delivery.
type Attempt struct {
	bun.BaseModel `bun:"table:webhook_attempts"`

	ID          string     `bun:"id,pk"`
	DeliveryID  string     `bun:"delivery_id"`
	Attempt     int        `bun:"attempt"`
	StatusCode  *int       `bun:"status_code"`
	Failure     Failure    `bun:"failure"` // empty when the attempt succeeded
	NextRetryAt *time.Time `bun:"next_retry_at"`
	AttemptedAt time.Time  `bun:"attempted_at"`
}

// requireWebhooks returns the partner caller holding the webhooks scope.
func requireWebhooks(ctx context.Context, op string) (*identity.Principal, error) {
	p := identity.PrincipalFrom(ctx)
	switch {
	case p == nil:
		return nil, apperr.E(op, apperr.Unauthenticated)
	case p.Kind != identity.KindPartner || !slices.Contains(p.Scopes, ScopeWebhooks):
		return nil, apperr.E(op, apperr.Forbidden)
	}
	return p, nil
}

// checkURL accepts an https URL (http too when AllowHTTP) whose host is a public DNS
// name or a public address, so a partner cannot aim our sender at our own network. A
// name is checked again, for every address it resolves to, each time a delivery dials
// (egress); here it is refused when it can only be local: one label, a numeric last
// label (which browsers and resolvers read as an IPv4 address), or a special-use
// domain (localhost, local, internal, home.arpa, arpa, onion, test, invalid).
// WEBHOOK_URL_INVALID with extensions.reason MALFORMED, SCHEME_NOT_ALLOWED or
// ADDRESS_NOT_ALLOWED.
func (s *Service) checkURL(op, raw string) (string, error) {
	refuse := func(reason, zh, en string) (string, error) {
		return "", apperr.E(op, apperr.WebhookURLInvalid).With("field", "url").With("reason", reason).Explain(zh, en)
	}
	if len(raw) > 2000 {
		return refuse("MALFORMED", "回调地址最长 2000 个字符", "The webhook URL may be at most 2,000 characters")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return refuse("MALFORMED", "回调地址不是有效的网址", "The webhook URL is not a valid absolute URL")
	}
	if !(u.Scheme == "https" || (s.AllowHTTP && u.Scheme == "http")) {
		return refuse("SCHEME_NOT_ALLOWED", "回调地址须为 https 网址", "The webhook URL must be an https URL")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return refuse("MALFORMED", "回调地址的端口无效", "The webhook URL's port is not valid")
		}
	}
	eg, _ := s.egress()
	host := strings.TrimSuffix(u.Hostname(), ".")
	if addr, err := netip.ParseAddr(host); err == nil {
		if addr.Zone() != "" || !eg.permits(addr) {
			return refuse("ADDRESS_NOT_ALLOWED", "回调地址不能指向内网、本机或保留地址",
				"The webhook URL may not point at a loopback, private, shared or otherwise reserved address")
		}
		return u.String(), nil
	}
	switch publicName(host) {
	case nameMalformed:
		return refuse("MALFORMED", "回调地址的主机名无效(国际化域名请用 xn-- 形式)",
			"The webhook URL's host name is not valid (give internationalised names in their xn-- form)")
	case nameLocal:
		return refuse("ADDRESS_NOT_ALLOWED", "回调地址不能指向内网、本机或保留地址",
			"The webhook URL may not point at a loopback, private, shared or otherwise reserved address")
	}
	return u.String(), nil
}

type nameVerdict int

const (
	namePublic nameVerdict = iota
	nameMalformed
	nameLocal
)

// localSuffixes are special-use domain names (RFC 6761, 6762, 7686, 8375, and the
// .internal TLD reserved for private use) that never name a host on the Internet.
var localSuffixes = []string{"localhost", "local", "internal", "home.arpa", "arpa", "onion", "test", "invalid", "localdomain"}

// publicName judges a host name: ASCII letters, digits and hyphens in labels of 1 to
// 63 characters, at most 253 in all, at least two labels, and a last label that is not
// numeric.
func publicName(host string) nameVerdict {
	host = strings.ToLower(host)
	if host == "" || len(host) > 253 {
		return nameMalformed
	}
	labels := strings.Split(host, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return nameMalformed
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return nameMalformed
			}
		}
	}
	last := labels[len(labels)-1]
	if len(labels) < 2 || strings.Trim(last, "0123456789") == "" || strings.HasPrefix(last, "0x") {
		return nameLocal
	}
	for _, suf := range localSuffixes {
		if host == suf || strings.HasSuffix(host, "."+suf) {
			return nameLocal
		}
	}
	return namePublic
}

// CreateEndpoint registers a URL for the given events and returns it with its signing
// secret. A replay of key returns the same endpoint and the same secret (replayed =
// true): the secret must stay readable to sign, so showing it again to the partner that
// created it, on the retry of the request that created it, reveals nothing new, and
// spares it an endpoint whose secret it never saw. Partners with the webhooks scope
// (FORBIDDEN otherwise); WEBHOOK_URL_INVALID, WEBHOOK_EVENT_UNKNOWN, BAD_USER_INPUT for
// no events or more than MaxEndpoints endpoints; IDEMPOTENCY_KEY_REUSED.
func (s *Service) CreateEndpoint(ctx context.Context, key, rawURL string, events []EventType) (*Endpoint, bool, error) {
	const op = "partner.CreateEndpoint"
	p, err := requireWebhooks(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	u, err := s.checkURL(op, rawURL)
	if err != nil {
		return nil, false, err
	}
	if len(events) == 0 {
		return nil, false, apperr.Invalid(op, "events", "请至少订阅一种事件", "Subscribe to at least one event")
	}
	names := make([]string, 0, len(events))
	for _, e := range events {
		if !slices.Contains(allEvents, e) {
			return nil, false, apperr.E(op, apperr.WebhookEventUnknown).With("event", string(e))
		}
		names = append(names, string(e))
	}
	names = slices.Compact(slices.Sorted(slices.Values(names)))
	now := s.Now().UTC()
	id, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{u, names}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			n, err := tx.NewSelect().Model((*Endpoint)(nil)).Where("client_id = ? AND active", p.ID).Count(ctx)
			if err != nil {
				return "", err
			}
			if n >= MaxEndpoints {
				return "", apperr.Invalid(op, "url", "回调地址数量已达上限", "This client has the most endpoints allowed").With("max", MaxEndpoints)
			}
			ep := &Endpoint{ID: uuid.Must(uuid.NewV7()).String(), ClientID: p.ID, URL: u, EventCSV: strings.Join(names, ","),
				Secret: NewSigningSecret(), Active: true, CreatedAt: now}
			_, err = tx.NewInsert().Model(ep).Exec(ctx)
			return ep.ID, err
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	ep := new(Endpoint)
	err = s.DB.R.NewSelect().Model(ep).Where("id = ? AND client_id = ?", id, p.ID).Scan(ctx)
	return ep, replayed, apperr.Wrap(op, err)
}

// DisableEndpoint stops deliveries to an endpoint of the caller's (its log is kept).
// Partners with the webhooks scope; NOT_FOUND for another client's endpoint;
// IDEMPOTENCY_KEY_REUSED.
func (s *Service) DisableEndpoint(ctx context.Context, key, id string) (*Endpoint, bool, error) {
	const op = "partner.DisableEndpoint"
	p, err := requireWebhooks(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	_, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(id), s.Now().UTC(),
		func(ctx context.Context, tx bun.Tx) (string, error) {
			res, err := tx.NewUpdate().Model((*Endpoint)(nil)).Set("active = ?", false).Where("id = ? AND client_id = ?", id, p.ID).Exec(ctx)
			if err != nil {
				return "", err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return "", apperr.E(op, apperr.NotFound)
			}
			return id, nil
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	ep := new(Endpoint)
	err = s.DB.R.NewSelect().Model(ep).Where("id = ? AND client_id = ?", id, p.ID).Scan(ctx)
	return ep, replayed, apperr.Wrap(op, err)
}

// Endpoints lists the caller's endpoints, newest first. Partners with the webhooks scope.
func (s *Service) Endpoints(ctx context.Context) ([]*Endpoint, error) {
	const op = "partner.Endpoints"
	p, err := requireWebhooks(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Endpoint
	err = s.DB.R.NewSelect().Model(&out).Where("client_id = ?", p.ID).OrderExpr("id DESC").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// RecentDeliveries is how many deliveries an endpoint lists.
const RecentDeliveries = 50

// DeliveriesOf lists the latest deliveries of each endpoint, newest first, for a
// dataloader: a partner's only of its own endpoints (others list nothing), an
// administrator's of any.
func (s *Service) DeliveriesOf(ctx context.Context, endpointIDs []string) ([]*Delivery, error) {
	const op = "partner.DeliveriesOf"
	all, own := viewer(ctx, ScopeWebhooks)
	if !all && own == "" {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	var out []*Delivery
	err := s.DB.R.NewSelect().Model(&out).
		ModelTableExpr(`(SELECT d.*, ROW_NUMBER() OVER (PARTITION BY d.endpoint_id ORDER BY d.id DESC) AS rn
			FROM webhook_deliveries AS d JOIN webhook_endpoints AS e ON e.id = d.endpoint_id
			WHERE d.endpoint_id IN (?) AND (? OR e.client_id = ?)) AS d`, bun.List(endpointIDs), all, own).
		Where("d.rn <= ?", RecentDeliveries).OrderExpr("d.id DESC").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// DeliveryCounts counts every delivery by status, whoever it is for, in one statement: for
// the metrics gauge, which reads the whole picture at each scrape. It checks no caller.
func DeliveryCounts(ctx context.Context, idb bun.IDB) (map[DeliveryStatus]int64, error) {
	var rows []struct {
		Status DeliveryStatus `bun:"status"`
		N      int64          `bun:"n"`
	}
	if err := idb.NewRaw("SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make(map[DeliveryStatus]int64, len(rows))
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// AttemptsOf loads the attempt log of deliveries (already checked visible), oldest first.
func (s *Service) AttemptsOf(ctx context.Context, deliveryIDs []string) ([]*Attempt, error) {
	var out []*Attempt
	err := s.DB.R.NewSelect().Model(&out).Where("delivery_id IN (?)", bun.List(deliveryIDs)).
		OrderExpr("attempted_at, id").Scan(ctx)
	return out, apperr.Wrap("partner.AttemptsOf", err)
}

// ReplayDelivery sends a delivery again, whatever became of it, with the same event id
// and payload and a fresh timestamp and signature, and returns it as queued. A replay of
// key queues nothing more and returns it as it is now (replayed = true). Partners with the webhooks scope; NOT_FOUND for another client's
// delivery or a disabled endpoint; IDEMPOTENCY_KEY_REUSED.
func (s *Service) ReplayDelivery(ctx context.Context, key, id string) (*Delivery, bool, error) {
	const op = "partner.ReplayDelivery"
	p, err := requireWebhooks(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	d := new(Delivery)
	_, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(id), s.Now().UTC(),
		func(ctx context.Context, tx bun.Tx) (string, error) {
			err := tx.NewSelect().Model(d).ModelTableExpr("webhook_deliveries AS d").
				Join("JOIN webhook_endpoints AS e ON e.id = d.endpoint_id").
				Where("d.id = ? AND e.client_id = ? AND e.active", id, p.ID).Scan(ctx)
			if errors.Is(err, sql.ErrNoRows) {
				return "", apperr.E(op, apperr.NotFound)
			}
			if err != nil {
				return "", err
			}
			d.Status, d.NextRetryAt = DeliveryPending, nil
			if _, err := tx.NewUpdate().Model(d).Column("status", "next_retry_at").WherePK().Exec(ctx); err != nil {
				return "", err
			}
			_, err = s.Jobs.InsertTx(ctx, tx, DeliverArgs{DeliveryID: d.ID, Replay: true}, nil)
			return d.ID, err
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	if !replayed {
		return d, false, nil // as queued, though a sender may have picked it up since
	}
	err = s.DB.R.NewSelect().Model(d).Where("d.id = ?", id).Scan(ctx)
	return d, true, apperr.Wrap(op, err)
}

// Payload is the JSON body of every webhook.
type Payload struct {
	ID        string      `json:"id"`   // the event id, also in webhook-id (and X-CS-Event-Id)
	Type      EventType   `json:"type"` // also in X-CS-Event (deprecated)
	CreatedAt time.Time   `json:"createdAt"`
	Data      PayloadData `json:"data"`
}

// PayloadData is the tracking event the webhook reports: no personal data but the
// signer's name on a delivery, which the merchant needs as proof.
type PayloadData struct {
	WaybillNo       string    `json:"waybillNo"`
	Status          string    `json:"status"`
	ExceptionReason string    `json:"exceptionReason,omitempty"`
	SignerName      string    `json:"signerName,omitempty"`
	OccurredAt      time.Time `json:"occurredAt"`
	Place           string    `json:"place"`
	Note            string    `json:"note,omitempty"`
}

// eventTypes returns what a tracking event announces.
func eventTypes(e *tracking.Event) []EventType {
	out := []EventType{EventTrackingUpdated}
	switch e.Status {
	case tracking.Exception:
		out = append(out, EventExceptionRaised)
	case tracking.Signed:
		out = append(out, EventDelivered)
	}
	return out
}

// EnqueueDeliveries is tracking.Service.Recorded: inside the transaction that stored
// the events, it writes a delivery for every subscribed endpoint of the orders' partners
// and inserts the River job that sends it, so a delivery exists exactly when the event
// does and survives any restart. Orders without a partner cost nothing.
func (s *Service) EnqueueDeliveries(ctx context.Context, tx bun.Tx, events []*tracking.Event, orders map[string]*order.Order) error {
	var clients []string
	for _, o := range orders {
		if o.PartnerClientID != nil {
			clients = append(clients, *o.PartnerClientID)
		}
	}
	if len(clients) == 0 {
		return nil
	}
	var endpoints []*Endpoint
	err := tx.NewSelect().Model(&endpoints).ModelTableExpr("webhook_endpoints AS e").
		Join("JOIN partner_clients AS c ON c.id = e.client_id").
		Where("e.client_id IN (?) AND e.active AND c.active", bun.List(slices.Compact(slices.Sorted(slices.Values(clients))))).
		OrderExpr("e.id").Scan(ctx)
	if err != nil || len(endpoints) == 0 {
		return err
	}
	byClient := map[string][]*Endpoint{}
	for _, ep := range endpoints {
		byClient[ep.ClientID] = append(byClient[ep.ClientID], ep)
	}
	now := s.Now().UTC()
	var deliveries []*Delivery
	var jobs []river.InsertManyParams
	for _, e := range events {
		o := orders[e.OrderID]
		if o == nil || o.PartnerClientID == nil {
			continue
		}
		for _, typ := range eventTypes(e) {
			eventID := uuid.Must(uuid.NewV7()).String()
			body, err := json.Marshal(Payload{ID: eventID, Type: typ, CreatedAt: now, Data: PayloadData{
				WaybillNo: o.WaybillNo, Status: string(e.Status), ExceptionReason: string(e.ExceptionReason),
				SignerName: e.SignerName, OccurredAt: e.OccurredAt, Place: e.Place, Note: e.Note}})
			if err != nil {
				return err
			}
			for _, ep := range byClient[*o.PartnerClientID] {
				if !slices.Contains(ep.Events(), typ) {
					continue
				}
				d := &Delivery{ID: uuid.Must(uuid.NewV7()).String(), EndpointID: ep.ID, EventID: eventID, EventType: typ,
					Payload: string(body), Status: DeliveryPending, CreatedAt: now}
				deliveries = append(deliveries, d)
				jobs = append(jobs, river.InsertManyParams{Args: DeliverArgs{DeliveryID: d.ID}})
			}
		}
	}
	if len(deliveries) == 0 {
		return nil
	}
	if _, err := tx.NewInsert().Model(&deliveries).Exec(ctx); err != nil {
		return err
	}
	return s.Jobs.InsertManyTx(ctx, tx, jobs)
}
