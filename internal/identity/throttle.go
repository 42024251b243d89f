package identity

import (
	"context"
	"net/netip"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
)

// LoginPolicy is the login throttle, after the OWASP Authentication Cheat Sheet: failures
// are counted per employee number and client address, and past a few the next attempt
// from that address must wait, twice as long after each further failure. Other
// addresses are not affected, so a stranger cannot lock the owner out of their shift;
// only a much higher count for the employee number from every address together (many
// addresses guessing at once) makes every address wait, with the same growing delays.
// The counts are kept by the employee number as typed, known or not, so a number that
// does not exist behaves exactly like one that does.
type LoginPolicy struct {
	// FreeFailures is how many failures one address may make before waiting.
	FreeFailures int
	// AccountFailures is how many failures from every address together the employee
	// number may have before every address waits.
	AccountFailures int
	// FirstDelay is the wait after the first failure past the free ones; each further
	// failure doubles it, up to MaxDelay.
	FirstDelay time.Duration
	MaxDelay   time.Duration
	// ForgetAfter is how long after its last failure (or the end of its wait) a count
	// is forgotten.
	ForgetAfter time.Duration
}

// DefaultLoginPolicy: five free failures per address, then 1 s, 2 s, 4 s, … up to 15
// minutes; 100 failures from all addresses together before the account's own delays;
// counts forgotten after an hour without failures.
var DefaultLoginPolicy = LoginPolicy{FreeFailures: 5, AccountFailures: 100, FirstDelay: time.Second,
	MaxDelay: 15 * time.Minute, ForgetAfter: time.Hour}

// delay is the wait after n failures when free of them cost nothing.
func (p LoginPolicy) delay(n, free int) time.Duration {
	if n < free {
		return 0
	}
	d := p.FirstDelay
	for i := free; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// loginAttempts is one count of the throttle: key "no:<employee number>" for the
// account, "at:<source>|<employee number>" for one address.
type loginAttempts struct {
	bun.BaseModel `bun:"table:login_attempts"`

	Key          string    `bun:"key,pk"`
	Failures     int       `bun:"failures"`
	LastFailedAt time.Time `bun:"last_failed_at"`
	BlockedUntil time.Time `bun:"blocked_until"`
	ForgetAt     time.Time `bun:"forget_at"`
}

func throttleKeys(employeeNo, source string) (account, pair string) {
	return "no:" + employeeNo, "at:" + ClientNetwork(source) + "|" + employeeNo
}

// loginWait reads both counts and returns how long the caller must still wait (0: may
// try now). One statement, outside any transaction: the cheap first look that keeps a
// waiting caller out of the password queue.
func (s *Service) loginWait(ctx context.Context, employeeNo, source string, now time.Time) (time.Duration, error) {
	account, pair := throttleKeys(employeeNo, source)
	var rows []*loginAttempts
	if err := s.DB.R.NewSelect().Model(&rows).Where("key IN (?)", bun.List([]string{account, pair})).Scan(ctx); err != nil {
		return 0, err
	}
	return waitOf(rows, now), nil
}

func waitOf(rows []*loginAttempts, now time.Time) time.Duration {
	var wait time.Duration
	for _, r := range rows {
		if r.ForgetAt.After(now) && r.BlockedUntil.After(now) {
			wait = max(wait, r.BlockedUntil.Sub(now))
		}
	}
	return wait
}

// claimAttempt counts this attempt as a failure before the password is checked, for the
// address and for the account, and returns how long the caller must wait instead when
// either count is still waiting (then nothing is counted). Counting and checking are one
// transaction holding both rows (row locks on PostgreSQL, the single writer on SQLite),
// so attempts arriving together are each counted and none slips past a wait. A right
// password then clears the counts (forgiveAttempts). Counts past their ForgetAt are
// deleted on the way.
func (s *Service) claimAttempt(ctx context.Context, employeeNo, source string, now time.Time) (time.Duration, error) {
	account, pair := throttleKeys(employeeNo, source)
	keys := []string{account, pair}
	slices.Sort(keys) // one lock order for every caller
	p := s.Login
	var wait time.Duration
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*loginAttempts)(nil)).Where("forget_at < ?", now).Exec(ctx); err != nil {
			return err
		}
		fresh := []*loginAttempts{{Key: keys[0], LastFailedAt: now, BlockedUntil: now, ForgetAt: now},
			{Key: keys[1], LastFailedAt: now, BlockedUntil: now, ForgetAt: now}}
		if _, err := tx.NewInsert().Model(&fresh).On("CONFLICT (key) DO NOTHING").Exec(ctx); err != nil {
			return err
		}
		var rows []*loginAttempts
		q := tx.NewSelect().Model(&rows).Where("key IN (?)", bun.List(keys)).OrderExpr("key")
		if s.DB.Dialect == db.Postgres {
			q = q.For("UPDATE")
		}
		if err := q.Scan(ctx); err != nil {
			return err
		}
		if wait = waitOf(rows, now); wait > 0 {
			return nil
		}
		for _, r := range rows {
			if !r.ForgetAt.After(now) {
				r.Failures = 0
			}
			r.Failures++
			free := p.FreeFailures
			if r.Key == account {
				free = p.AccountFailures
			}
			r.LastFailedAt = now
			r.BlockedUntil = now.Add(p.delay(r.Failures, free))
			r.ForgetAt = r.BlockedUntil.Add(p.ForgetAfter)
			if _, err := tx.NewUpdate().Model(r).WherePK().Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	return wait, err
}

// forgiveAttempts clears both counts after a right password (within tx, with the session).
func forgiveAttempts(ctx context.Context, tx bun.IDB, employeeNo, source string) error {
	account, pair := throttleKeys(employeeNo, source)
	_, err := tx.NewDelete().Model((*loginAttempts)(nil)).Where("key IN (?)", bun.List([]string{account, pair})).Exec(ctx)
	return err
}

type clientAddressKey struct{}

// WithClientAddress records the address a request came from (as the HTTP layer resolves
// it through trusted proxies), for the login throttle.
func WithClientAddress(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddressKey{}, addr)
}

// ClientAddressFrom returns the request's client address, or "".
func ClientAddressFrom(ctx context.Context) string {
	s, _ := ctx.Value(clientAddressKey{}).(string)
	return s
}

// ClientNetwork is the unit a client address is counted in by throttles: the address
// itself for IPv4, its /64 network for IPv6 (one subscriber is given a whole /64 and
// could otherwise change address for every attempt). Anything that is not an address is
// kept as it is; "" (an in-process caller) is "local".
func ClientNetwork(addr string) string {
	if addr == "" {
		return "local"
	}
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if a = a.Unmap(); a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
