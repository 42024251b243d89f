package partner

import (
	"context"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// Admission is what one partner request may do, decided when it arrives: the client is
// active, its budget and whether it may run ad-hoc documents. The GraphQL layer charges
// the request's cost against it before execution and reports what is left.
type Admission struct {
	ClientID      string
	PersistedOnly bool
	Budget        int // points per minute; the bucket holds at most one minute's worth

	limiter *rate.Limiter
	now     time.Time

	mu         sync.Mutex
	charged    bool
	remaining  int
	retryAfter time.Duration
}

// Charge takes cost points from the client's bucket. Over budget: THROTTLED with
// retryAfterSeconds (the bucket is left untouched, so waiting that long is enough).
func (a *Admission) Charge(cost int) error {
	const op = "partner.Charge"
	a.mu.Lock()
	defer a.mu.Unlock()
	a.charged = true
	r := a.limiter.ReserveN(a.now, cost)
	var wait time.Duration
	if !r.OK() {
		// A single request costlier than the whole bucket can never run.
		wait = time.Minute
	} else if wait = r.DelayFrom(a.now); wait > 0 {
		r.CancelAt(a.now)
	}
	a.remaining = int(math.Floor(a.limiter.TokensAt(a.now)))
	if wait > 0 {
		a.retryAfter = wait
		secs := int(math.Ceil(wait.Seconds()))
		return apperr.E(op, apperr.Throttled).
			Explain("本分钟的查询预算已用完,请稍后再试", "This client's query budget is spent for now; retry later").
			With("retryAfterSeconds", secs).With("cost", cost).With("remaining", a.remaining).With("budgetPerMinute", a.Budget)
	}
	return nil
}

// Remaining returns the points left after the charge (or before it, if none was made).
func (a *Admission) Remaining() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.charged {
		return int(math.Floor(a.limiter.TokensAt(a.now)))
	}
	return a.remaining
}

// RetryAfter returns how long to wait when the charge was refused, else 0.
func (a *Admission) RetryAfter() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.retryAfter
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

// admissionCache keeps, per instance, each client's settings for a short time and its
// token bucket for as long as the process runs. Buckets are per instance: with N
// instances behind a load balancer a client may spend up to N budgets per minute.
type admissionCache struct {
	mu      sync.Mutex
	entries map[string]*admissionEntry
}

type admissionEntry struct {
	loadedAt      time.Time
	active        bool
	persistedOnly bool
	budget        int
	limiter       *rate.Limiter
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
		e.loadedAt, e.active, e.persistedOnly = now, c.Active, c.PersistedOnly
		if e.limiter == nil || e.budget != c.BudgetPerMinute {
			e.budget = c.BudgetPerMinute
			e.limiter = rate.NewLimiter(rate.Limit(float64(c.BudgetPerMinute)/60), c.BudgetPerMinute)
			e.limiter.SetBurstAt(now, c.BudgetPerMinute)
		}
		s.admission.mu.Unlock()
	}
	s.admission.mu.Lock()
	defer s.admission.mu.Unlock()
	if !e.active {
		return nil, revoked(op)
	}
	return &Admission{ClientID: p.ID, PersistedOnly: e.persistedOnly, Budget: e.budget, limiter: e.limiter, now: now}, nil
}

func revoked(op string) error {
	return apperr.E(op, apperr.Unauthenticated).
		Explain("该合作方客户端已停用", "This partner client has been revoked").With("reason", "CLIENT_REVOKED")
}
