package partner

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/ratelimit"
)

// Admission is what one partner request may do, decided when it arrives: the client is
// active, its budget and whether it may run ad-hoc documents. The GraphQL layer charges
// the request's cost against it before execution and reports what is left.
type Admission struct {
	ClientID      string
	PersistedOnly bool
	Budget        int // points per minute; the bucket holds at most one minute's worth

	take func(ctx context.Context, cost int) (ratelimit.Result, error)

	mu         sync.Mutex
	charged    bool
	remaining  int
	retryAfter time.Duration
}

// Charge takes cost points from the client's bucket (key BucketKey), which every server
// instance shares on PostgreSQL (one statement). Over what is left: THROTTLED with
// retryAfterSeconds, cost, remaining and budgetPerMinute (the bucket is left untouched,
// so waiting that long is enough). A cost above the whole budget can never fit, however
// long the client waits: QUERY_OVER_BUDGET with cost and budgetPerMinute, no retry time,
// and nothing charged.
func (a *Admission) Charge(ctx context.Context, cost int) error {
	const op = "partner.Charge"
	if cost > a.Budget {
		return apperr.E(op, apperr.QueryOverBudget).With("cost", cost).With("budgetPerMinute", a.Budget)
	}
	r, err := a.take(ctx, cost)
	if err != nil {
		return apperr.Wrap(op, err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.charged = true
	a.remaining = int(math.Floor(r.Remaining))
	if r.OK {
		a.retryAfter = 0
		return nil
	}
	secs := r.RetryAfterSeconds()
	a.retryAfter = time.Duration(secs) * time.Second
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

// BucketKey is the rate-limit key of a client's budget.
func BucketKey(clientID string) string { return "partner:" + clientID }

// limiter returns the service's rate limiter (one made for s.DB when none was given).
func (s *Service) limiter() *ratelimit.Limiter {
	s.limiterOnce.Do(func() {
		if s.Limiter == nil {
			s.Limiter = ratelimit.New(s.DB)
		}
	})
	return s.Limiter
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
// budget itself lives in the database on PostgreSQL (rate_buckets), shared by every
// instance; see package ratelimit.
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
	a.take = func(ctx context.Context, cost int) (ratelimit.Result, error) {
		// The time of the charge, not of the admission: a WebSocket connection is
		// admitted once and charged for each operation it starts.
		return s.limiter().Take(ctx, BucketKey(a.ClientID), a.Budget, cost, s.Now())
	}
	return a, nil
}

func revoked(op string) error {
	return apperr.E(op, apperr.Unauthenticated).
		Explain("该合作方客户端已停用", "This partner client has been revoked").With("reason", "CLIENT_REVOKED")
}
