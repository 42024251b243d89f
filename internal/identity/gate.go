package identity

import (
	"context"
	"math"
	"runtime"
	"time"

	"github.com/expresscs/cs/internal/apperr"
)

// PasswordGate bounds the password checks running at once. An argon2id check at the
// production cost holds 64 MiB for its ~60 ms, so without a bound a few hundred
// concurrent logins (a flood, or a crowd at shift change) would take gigabytes. A check
// takes one of Slots; when all are busy it waits in a short queue, for at most Wait;
// with the queue full, or the wait over, the login is THROTTLED with
// retryAfterSeconds, having used neither memory nor CPU.
type PasswordGate struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration
}

// PasswordCheckMemory is what one check at DefaultPasswordParams (64 MiB) holds.
const PasswordCheckMemory int64 = 64 << 20

// DefaultPasswordChecks is the most checks run at once unless configured otherwise.
const DefaultPasswordChecks = 4

// PasswordChecksFor sizes the gate: floor(budget / 64 MiB) for a memory budget (0 or
// less: none given), no more than cpus (a check keeps two cores busy, so more checks than
// cores at once add memory, not speed), at least one and at most DefaultPasswordChecks.
func PasswordChecksFor(budget int64, cpus int) int {
	n := int64(min(DefaultPasswordChecks, max(1, cpus)))
	if budget > 0 && budget != math.MaxInt64 {
		n = min(n, budget/PasswordCheckMemory)
	}
	return int(max(1, n))
}

// NewPasswordGate lets slots checks run at once and queue more wait up to wait for one.
func NewPasswordGate(slots, queue int, wait time.Duration) *PasswordGate {
	return &PasswordGate{slots: make(chan struct{}, max(1, slots)), queue: make(chan struct{}, max(0, queue)), wait: wait}
}

// NewDefaultPasswordGate is the gate of slots checks with a queue four times as long and
// a two-second wait: at ~60 ms a check, a full queue drains well within the wait.
func NewDefaultPasswordGate(slots int) *PasswordGate {
	slots = max(1, slots)
	return NewPasswordGate(slots, 4*slots, 2*time.Second)
}

// Enter takes a slot, or returns THROTTLED (retryAfterSeconds) when none frees in time;
// call the returned release when the check is done.
func (g *PasswordGate) Enter(ctx context.Context, op string) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, g.busy(op)
	}
	defer func() { <-g.queue }()
	timer := time.NewTimer(g.wait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-timer.C:
		return nil, g.busy(op)
	case <-ctx.Done():
		return nil, g.busy(op)
	}
}

// collectAbove is the cost (KiB) from which a check's memory is collected at once.
const collectAbove = 16 * 1024

// checkPassword is CheckPassword for a caller holding a slot. A check at a production cost
// leaves its whole block (64 MiB) as garbage, and the collector's pacing, which lets the
// heap grow in proportion to what is live, would let several checks' worth pile up while
// checks run; collecting before the slot is handed on keeps a flood of logins at about
// slots × 64 MiB above the process's own memory. It costs a few milliseconds per login.
func checkPassword(hash, pw string) bool {
	ok := CheckPassword(hash, pw)
	if p, err := hashParams(hash); err == nil && p.Memory >= collectAbove {
		runtime.GC()
	}
	return ok
}

// Queued is how many checks are waiting for a slot now.
func (g *PasswordGate) Queued() int { return len(g.queue) }

func (g *PasswordGate) busy(op string) error {
	return apperr.E(op, apperr.Throttled).
		Explain("登录的人太多,请稍后再试", "Too many logins at once; try again in a moment").
		With("retryAfterSeconds", max(1, int(math.Ceil(g.wait.Seconds()))))
}
