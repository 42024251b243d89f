package identity_test

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

func from(addr string) context.Context {
	return identity.WithClientAddress(context.Background(), addr)
}

// answer is what a caller can observe of a refusal.
type answer struct {
	code       apperr.Code
	zh, en     string
	retryAfter any
}

func answerOf(err error) answer {
	var ae *apperr.Error
	if !apperrAs(err, &ae) {
		return answer{code: "OK"}
	}
	return answer{code: ae.Code, zh: apperr.MessageFor(err, apperr.ZH), en: apperr.MessageFor(err, apperr.EN), retryAfter: ae.Extra["retryAfterSeconds"]}
}

func apperrAs(err error, target **apperr.Error) bool {
	if err == nil {
		return false
	}
	e, ok := err.(*apperr.Error)
	*target = e
	return ok
}

func TestUnknownAndKnownEmployeeNumbersAnswerAlike(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc, clk := newService(t, d)
		run := func(no string) []answer {
			var out []answer
			for range 7 {
				_, err := svc.LogIn(from("198.51.100.7"), no, "wrong-password")
				out = append(out, answerOf(err))
			}
			clk.Add(time.Second)
			_, err := svc.LogIn(from("198.51.100.7"), no, "wrong-password")
			out = append(out, answerOf(err))
			_, err = svc.LogIn(from("198.51.100.7"), no, "wrong-password")
			return append(out, answerOf(err))
		}
		start := clk.Now()
		known := run("CS1002")
		clk.Add(start.Sub(clk.Now()))
		unknown := run("CS9999")
		for i := range known {
			if known[i] != unknown[i] {
				t.Errorf("attempt %d: a real employee number answers %+v, an unknown one %+v", i+1, known[i], unknown[i])
			}
		}
		if known[4].code != apperr.InvalidCredentials || known[5].code != apperr.AccountLocked {
			t.Errorf("the sixth attempt at once waits: %+v", known)
		}

		// Both check a password: with every check slot taken, both are turned away alike.
		svc.Gate = identity.NewPasswordGate(1, 0, time.Millisecond)
		release, err := svc.Gate.Enter(context.Background(), "test")
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		clk.Add(2 * time.Hour)
		for _, no := range []string{"CS1004", "CS9998"} {
			_, err := svc.LogIn(from("203.0.113.9"), no, "wrong-password")
			if a := answerOf(err); a.code != apperr.Throttled || a.retryAfter != 1 {
				t.Errorf("%s with every password check busy: %+v", no, a)
			}
		}
	})
}

func TestLoginDelaysGrowPerAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc, clk := newService(t, d)
		attacker := from("198.51.100.7")
		for range 5 {
			_, err := svc.LogIn(attacker, "CS1002", "wrong")
			wantCode(t, err, apperr.InvalidCredentials)
		}
		for _, want := range []int{1, 2, 4, 8, 16} {
			_, err := svc.LogIn(attacker, "CS1002", demo.Password)
			if a := answerOf(err); a.code != apperr.AccountLocked || a.retryAfter != want {
				t.Fatalf("after the free failures the address waits %ds: %+v", want, a)
			}
			clk.Add(time.Duration(want) * time.Second)
			_, err = svc.LogIn(attacker, "CS1002", "wrong")
			wantCode(t, err, apperr.InvalidCredentials)
		}
		// The cap: far more failures never make a wait longer than MaxDelay.
		for range 20 {
			_, err := svc.LogIn(attacker, "CS1002", "wrong")
			a := answerOf(err)
			if a.code == apperr.AccountLocked {
				if a.retryAfter.(int) > int(svc.Login.MaxDelay/time.Second) {
					t.Fatalf("a wait above the cap: %+v", a)
				}
				clk.Add(time.Duration(a.retryAfter.(int)) * time.Second)
			}
		}
		// Forgotten an hour after the wait ends.
		clk.Add(svc.Login.MaxDelay + svc.Login.ForgetAfter)
		for range 5 {
			_, err := svc.LogIn(attacker, "CS1002", "wrong")
			wantCode(t, err, apperr.InvalidCredentials)
		}
	})
}

func TestFiftyFailuresFromOneAddressDoNotStopTheOwnerElsewhere(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc, clk := newService(t, d)
		attacker, owner := from("198.51.100.7"), from("203.0.113.9")
		failures := 0
		for failures < 50 {
			_, err := svc.LogIn(attacker, "CS1002", "guess")
			switch a := answerOf(err); a.code {
			case apperr.InvalidCredentials:
				failures++
			case apperr.AccountLocked:
				clk.Add(time.Duration(a.retryAfter.(int)) * time.Second)
			default:
				t.Fatalf("attacker: %+v", a)
			}
		}
		_, err := svc.LogIn(attacker, "CS1002", "guess")
		wantCode(t, err, apperr.AccountLocked)
		if _, err := svc.LogIn(owner, "CS1002", demo.Password); err != nil {
			t.Fatalf("after 50 failures from another address the owner logs in: %v", err)
		}
		// The owner's success clears the account's count, not the attacker's address.
		_, err = svc.LogIn(attacker, "CS1002", demo.Password)
		wantCode(t, err, apperr.AccountLocked)
	})
}

func TestManyAddressesTogetherReachTheAccountsCeiling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc, _ := newService(t, d)
		svc.Login.AccountFailures = 12
		for i := range 12 {
			_, err := svc.LogIn(from("198.51.100."+itoa(10+i)), "CS1002", "guess")
			wantCode(t, err, apperr.InvalidCredentials)
		}
		_, err := svc.LogIn(from("203.0.113.9"), "CS1002", demo.Password)
		if a := answerOf(err); a.code != apperr.AccountLocked || a.retryAfter != 1 {
			t.Fatalf("past the account's ceiling every address waits: %+v", a)
		}
		if _, err := svc.LogIn(from("203.0.113.9"), "CS1003", demo.Password); err != nil {
			t.Errorf("another account is not affected: %v", err)
		}
	})
}

func TestConcurrentWrongPasswordsAreAllCounted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc, _ := newService(t, d)
		codes := make([]apperr.Code, 10)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Go(func() {
				_, err := svc.LogIn(from("198.51.100.7"), "CS1002", "guess")
				codes[i] = apperr.CodeOf(err)
			})
		}
		wg.Wait()
		count := map[apperr.Code]int{}
		for _, c := range codes {
			count[c]++
		}
		if count[apperr.InvalidCredentials] != 5 || count[apperr.AccountLocked] != 5 {
			t.Fatalf("10 wrong passwords at once from one address: %v (five checked, five told to wait)", count)
		}
	})
}

func TestLoginRefusesMalformedInputBeforeAnything(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc, _ := newService(t, d)
		for name, c := range map[string]struct{ no, pw, field string }{
			"NUL in the number":           {"CS\x001001", "x", "employeeNo"},
			"a right-to-left override":    {"CS\u202e1001", "x", "employeeNo"},
			"full-width spaces only":      {"\u3000\u3000", "x", "employeeNo"},
			"10,000 characters":           {strings.Repeat("9", 10000), "x", "employeeNo"},
			"a space inside":              {"CS 1001", "x", "employeeNo"},
			"a quote":                     {"CS1001'--", "x", "employeeNo"},
			"a 10,000-character password": {"CS1001", strings.Repeat("p", 10000), "password"},
		} {
			_, err := svc.LogIn(from("198.51.100.7"), c.no, c.pw)
			var ae *apperr.Error
			if !apperrAs(err, &ae) || ae.Code != apperr.BadUserInput || ae.Field != c.field {
				t.Errorf("%s: %v", name, err)
			}
		}
		// Trimmed like any typed text: a full-width space around the number is fine.
		if _, err := svc.LogIn(from("198.51.100.7"), "\u3000CS1001 ", demo.Password); err != nil {
			t.Errorf("a number with spaces around it: %v", err)
		}
	})
}

func TestPasswordGateQueuesBrieflyThenThrottles(t *testing.T) {
	g := identity.NewPasswordGate(1, 1, time.Hour)
	release, err := g.Enter(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	queued := make(chan error, 1)
	go func() {
		r, err := g.Enter(context.Background(), "test")
		if err == nil {
			r()
		}
		queued <- err
	}()
	for g.Queued() == 0 { // wait until the second check is in the queue
		runtime.Gosched()
	}
	if _, err := g.Enter(context.Background(), "test"); !apperr.Is(err, apperr.Throttled) {
		t.Fatalf("a third check, with the slot busy and the queue full: %v", err)
	}
	release()
	if err := <-queued; err != nil {
		t.Fatalf("the queued check gets the slot when it frees: %v", err)
	}

	short := identity.NewPasswordGate(1, 4, time.Millisecond)
	r, _ := short.Enter(context.Background(), "test")
	defer r()
	if _, err := short.Enter(context.Background(), "test"); !apperr.Is(err, apperr.Throttled) {
		t.Fatalf("a queued check that waits too long: %v", err)
	}
}

func TestPasswordChecksAreSizedToMemory(t *testing.T) {
	for _, c := range []struct {
		budget     int64
		cpus, want int
	}{{0, 8, 4}, {0, 2, 2}, {0, 0, 1}, {64 << 20, 8, 1}, {200 << 20, 8, 3}, {200 << 20, 2, 2}, {8 << 30, 16, 4}, {10 << 20, 8, 1}} {
		if got := identity.PasswordChecksFor(c.budget, c.cpus); got != c.want {
			t.Errorf("PasswordChecksFor(%d MiB, %d cores) = %d, want %d", c.budget>>20, c.cpus, got, c.want)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
