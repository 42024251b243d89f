package partner

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// Admission is what one partner request may do, decided when it arrives: the client is
// active, its budget and whether it may run ad-hoc documents. The GraphQL layer charges
// the request's cost against it before execution and reports what is left.
type Admission struct {
	ClientID      string
	PersistedOnly bool
	Budget        int // points per minute; the bucket holds at most one minute's worth

	take func(ctx context.Context, cost int) (left float64, admitted bool, err error)

	mu         sync.Mutex
	charged    bool
	remaining  int
	retryAfter time.Duration
}

// Charge takes cost points from the client's bucket, which every server instance shares
// on PostgreSQL (one statement). Over budget: THROTTLED with retryAfterSeconds (the bucket is left
// untouched, so waiting that long is enough).
func (a *Admission) Charge(ctx context.Context, cost int) error {
	const op = "partner.Charge"
	left, admitted, err := a.take(ctx, cost)
	if err != nil {
		return apperr.Wrap(op, err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.charged = true
	a.remaining = int(math.Floor(left))
	if admitted {
		a.retryAfter = 0
		return nil
	}
	wait := time.Minute // a single request costlier than the whole bucket can never run
	if cost <= a.Budget {
		perSecond := float64(a.Budget) / 60
		wait = time.Duration((float64(cost) - left) / perSecond * float64(time.Second))
	}
	a.retryAfter = max(wait, time.Second)
	secs := int(math.Ceil(a.retryAfter.Seconds()))
	return apperr.E(op, apperr.Throttled).
		Explain("本分钟的查询预算已用完,请稍后再试", "This client's query budget is spent for now; retry later").
		With("retryAfterSeconds", secs).With("cost", cost).With("remaining", a.remaining).With("budgetPerMinute", a.Budget)
}

// Remaining returns the points left after the charge, or the whole budget if nothing
// was charged (the bucket is read only by charging it).
func (a *Admission) Remaining() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.charged {
		return a.Budget
	}
	return a.remaining
}

// RetryAfter returns how long to wait when the charge was refused, else 0.
func (a *Admission) RetryAfter() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.retryAfter
}

// chargeSQL refills a client's bucket for the time since it was last touched, takes the
// cost if it fits, and returns what is left and whether it did, in one statement, so
// concurrent requests on any number of instances never spend the same points twice (the
// row lock on PostgreSQL, the single writer on SQLite). A new client starts full.
// Arguments: ?0 client id, ?1 cost, ?2 capacity, ?3 now (Unix µs), ?4 refill per µs.
// Refill never runs backwards when instances' clocks disagree by a little.
const chargeSQL = `INSERT INTO partner_budgets (client_id, tokens, refilled_at_us, admitted)
VALUES (?0, CASE WHEN ?1 <= ?2 THEN ?2 - ?1 ELSE ?2 END, ?3, ?1 <= ?2)
ON CONFLICT (client_id) DO UPDATE SET
  tokens = CASE WHEN ` + available + ` >= ?1 THEN ` + available + ` - ?1 ELSE ` + available + ` END,
  admitted = ` + available + ` >= ?1,
  refilled_at_us = CASE WHEN partner_budgets.refilled_at_us > ?3 THEN partner_budgets.refilled_at_us ELSE ?3 END
RETURNING tokens, admitted`

// available is the bucket's content now: what it held plus the refill, at most full.
const available = `(CASE WHEN ` + refilled + ` > ?2 THEN ?2 ELSE ` + refilled + ` END)`

const refilled = `(partner_budgets.tokens + (CASE WHEN ?3 > partner_budgets.refilled_at_us THEN ?3 - partner_budgets.refilled_at_us ELSE 0 END) * ?4)`

// takeFromBucket charges cost against a client's bucket of budget points a minute: on
// PostgreSQL the one in partner_budgets that every instance shares (one statement); on
// SQLite, which runs as a single process, one in memory, because a write per partner
// request would cost a synchronous commit on the only writer connection (measured: a
// partner's order list went from about 3,400 to 470 requests a second).
func (s *Service) takeFromBucket(ctx context.Context, clientID string, budget int, now time.Time, cost int) (float64, bool, error) {
	if s.DB.Dialect != db.Postgres {
		left, ok := s.buckets.take(clientID, budget, now, cost)
		return left, ok, nil
	}
	var out struct {
		Tokens   float64 `bun:"tokens"`
		Admitted bool    `bun:"admitted"`
	}
	err := s.DB.W.NewRaw(chargeSQL, clientID, cost, budget, now.UnixMicro(), perMicrosecond(budget)).Scan(ctx, &out)
	return out.Tokens, out.Admitted, err
}

func perMicrosecond(budget int) float64 {
	return float64(budget) / float64(time.Minute/time.Microsecond)
}

// memoryBuckets are the buckets of a single-process server, with chargeSQL's arithmetic.
type memoryBuckets struct {
	mu sync.Mutex
	m  map[string]*memoryBucket
}

type memoryBucket struct {
	tokens       float64
	refilledAtUS int64
}

func (b *memoryBuckets) take(clientID string, budget int, now time.Time, cost int) (float64, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	at := now.UnixMicro()
	k := b.m[clientID]
	if k == nil {
		if b.m == nil {
			b.m = map[string]*memoryBucket{}
		}
		k = &memoryBucket{tokens: float64(budget), refilledAtUS: at}
		b.m[clientID] = k
	}
	if at > k.refilledAtUS {
		k.tokens += float64(at-k.refilledAtUS) * perMicrosecond(budget)
		k.refilledAtUS = at
	}
	k.tokens = min(k.tokens, float64(budget))
	if k.tokens < float64(cost) {
		return k.tokens, false
	}
	k.tokens -= float64(cost)
	return k.tokens, true
}

type admissionKey struct{}

// WithAdmission returns ctx carrying a.
func WithAdmission(ctx context.Context, a *Admission) context.Context {
	return context.WithValue(ctx, admissionKey{}, a)
}

// AdmissionFrom returns the request's admission, or nil for staff and anonymous calls.
func AdmissionFrom(ctx context.Context) *Admission {
	a, _ := ctx.Value(admissionKey{}).(*Admission)
	return a
}

// admissionCache keeps, per instance, each client's settings for a short time. The
// budget itself lives in the database on PostgreSQL (partner_budgets), shared by every
// instance; see takeFromBucket.
type admissionCache struct {
	mu      sync.Mutex
	entries map[string]*admissionEntry
}

type admissionEntry struct {
	loadedAt      time.Time
	active        bool
	persistedOnly bool
	budget        int
}

func (c *admissionCache) forget(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[id]; ok {
		e.loadedAt = time.Time{}
	}
}

// Admit checks a partner request as it arrives: the client must still be active
// (UNAUTHENTICATED with reason CLIENT_REVOKED otherwise). Settings are cached for
// AdmissionTTL, so revocation takes effect on other instances within that delay (at
// once on the instance that revoked). Returns nil for staff and anonymous callers.
func (s *Service) Admit(ctx context.Context) (*Admission, error) {
	const op = "partner.Admit"
	p := identity.PrincipalFrom(ctx)
	if p == nil || p.Kind != identity.KindPartner {
		return nil, nil
	}
	ttl := s.AdmissionTTL
	if ttl <= 0 {
		ttl = 5 * time.Second
	}
	now := s.Now()
	s.admission.mu.Lock()
	e := s.admission.entries[p.ID]
	fresh := e != nil && now.Sub(e.loadedAt) < ttl && !e.loadedAt.IsZero()
	s.admission.mu.Unlock()
	if !fresh {
		c, err := s.client(ctx, op, p.ID)
		if apperr.Is(err, apperr.NotFound) {
			return nil, revoked(op)
		}
		if err != nil {
			return nil, err
		}
		s.admission.mu.Lock()
		if s.admission.entries == nil {
			s.admission.entries = map[string]*admissionEntry{}
		}
		if e = s.admission.entries[p.ID]; e == nil {
			e = &admissionEntry{}
			s.admission.entries[p.ID] = e
		}
		e.loadedAt, e.active, e.persistedOnly, e.budget = now, c.Active, c.PersistedOnly, c.BudgetPerMinute
		s.admission.mu.Unlock()
	}
	s.admission.mu.Lock()
	defer s.admission.mu.Unlock()
	if !e.active {
		return nil, revoked(op)
	}
	a := &Admission{ClientID: p.ID, PersistedOnly: e.persistedOnly, Budget: e.budget}
	a.take = func(ctx context.Context, cost int) (float64, bool, error) {
		// The time of the charge, not of the admission: a WebSocket connection is
		// admitted once and charged for each operation it starts.
		return s.takeFromBucket(ctx, a.ClientID, a.Budget, s.Now(), cost)
	}
	return a, nil
}

func revoked(op string) error {
	return apperr.E(op, apperr.Unauthenticated).
		Explain("该合作方客户端已停用", "This partner client has been revoked").With("reason", "CLIENT_REVOKED")
}
