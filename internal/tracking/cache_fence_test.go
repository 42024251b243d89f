package tracking

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db/dbtest"
)

// freezable is a TCP proxy to PostgreSQL that can stop passing bytes either way without
// closing anything: a half-open connection, a stuck server.
type freezable struct {
	ln     net.Listener
	target string
	frozen atomic.Bool
	mu     sync.Mutex
	conns  []net.Conn
}

func newFreezable(t *testing.T, target string) *freezable {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &freezable{ln: ln, target: target}
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
	})
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			go p.pipe(in, out)
			go p.pipe(out, in)
		}
	}()
	return p
}

func (p *freezable) pipe(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		for p.frozen.Load() {
			time.Sleep(10 * time.Millisecond)
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// A listening connection that stops answering holds no look-up longer than
// fenceTimeout: the fence gives up (the look-up reads the database), the connection is
// dropped and the cache is out of use until a new one listens.
func TestAStuckListeningConnectionHoldsNoLookUp(t *testing.T) {
	url := dbtest.PostgresURL()
	host := strings.SplitN(strings.SplitN(url, "@", 2)[1], "/", 2)[0]
	p := newFreezable(t, host)
	c := NewCache(strings.Replace(url, host, p.ln.Addr().String(), 1), 10, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = c.Run(ctx) }()
	waitUntil(t, "listening", c.Listening)
	if err := c.fence(ctx); err != nil {
		t.Fatalf("fence through the proxy: %v", err)
	}

	p.frozen.Store(true)
	start := time.Now()
	err := c.fence(ctx)
	if took := time.Since(start); !errors.Is(err, errNotListening) || took > fenceTimeout+500*time.Millisecond {
		t.Fatalf("a fence on a stuck connection: %v after %v", err, took)
	}
	waitUntil(t, "the stuck connection to be dropped", func() bool { return !c.Listening() })
	start = time.Now()
	if _, _, ok := c.look(ctx, "SD000000001CN"); ok || time.Since(start) > 100*time.Millisecond {
		t.Fatalf("a look-up while not listening used the cache or waited (%v)", time.Since(start))
	}

	p.frozen.Store(false)
	waitUntil(t, "listening again", c.Listening)
	if err := c.fence(ctx); err != nil {
		t.Fatalf("fence after the connection was made again: %v", err)
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
