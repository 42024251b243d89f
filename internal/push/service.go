package push

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"code.dny.dev/ssrf"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/jobs"
)

// Duty tells when a person works, for quiet hours.
type Duty interface {
	// NextShift returns the first published shift of the person that ends after at and
	// starts within the fortnight after it; ok is false when there is none.
	NextShift(ctx context.Context, staffID string, at time.Time) (start, end time.Time, ok bool, err error)
}

// Service stores subscriptions and keys and sends pushes.
type Service struct {
	DB   *db.DB
	Jobs *jobs.Queue
	// Zone is the organisation's time zone (office hours for people without shifts).
	Zone *time.Location
	Now  func() time.Time
	// Duty finds shifts for quiet hours; nil means no quiet hours.
	Duty Duty
	// Contact is the operator's contact sent in every VAPID token (`sub`): an https URL
	// or an e-mail address (with or without mailto:), so a push service can reach whoever
	// runs this server.
	Contact string
	// AllowHTTP accepts http:// endpoints (tests and development only; browsers' push
	// services are all https).
	AllowHTTP bool
	// Allow lets deliveries reach these addresses despite the deny list of private and
	// special-purpose ranges (tests only: a push service on this machine).
	Allow []netip.Prefix

	clientOnce sync.Once
	client     *http.Client
}

// sender is the HTTP client deliveries go through: only to public addresses, checked
// when each connection is dialled (after name resolution, so DNS rebinding is refused
// too), no proxy, no redirects, bounded times. A push endpoint comes from a browser, so
// it is as untrusted as any URL a user types.
func (s *Service) sender() *http.Client {
	s.clientOnce.Do(func() {
		var v4, v6 []netip.Prefix
		for _, p := range s.Allow {
			if p.Addr().Is4() {
				v4 = append(v4, p)
			} else {
				v6 = append(v6, p)
			}
		}
		guard := ssrf.New(ssrf.WithAnyPort(), ssrf.WithAllowedV4Prefixes(v4...), ssrf.WithAllowedV6Prefixes(v6...))
		dialer := &net.Dialer{Timeout: 5 * time.Second, Control: guard.Safe}
		s.client = &http.Client{
			Timeout: 15 * time.Second,
			Transport: &http.Transport{
				Proxy:                 nil,
				DialContext:           dialer.DialContext,
				ForceAttemptHTTP2:     true,
				TLSHandshakeTimeout:   5 * time.Second,
				ResponseHeaderTimeout: 10 * time.Second,
				MaxIdleConnsPerHost:   4,
				IdleConnTimeout:       90 * time.Second,
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	})
	return s.client
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}
