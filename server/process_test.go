package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket/wsjson"

	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
)

// built is this program compiled once for the tests that run the real binary (three
// did it each, a link of several seconds each); TestMain removes its directory.
var built struct {
	once     sync.Once
	dir, bin string
	err      error
	out      []byte
}

// buildServer compiles this program, once per test binary, and returns its path.
func buildServer(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "cs-server-test-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "cs-server")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type proc struct {
	cmd    *exec.Cmd
	addr   string
	stderr *bytes.Buffer
}

func startServer(t *testing.T, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{addr: freeAddr(t), stderr: &bytes.Buffer{}}
	p.cmd = exec.Command(bin, append([]string{"serve", "--listen", p.addr}, args...)...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stderr = p.stderr
	p.cmd.Stdout = io.Discard
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + p.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not become ready: %s", p.stderr.String())
	return nil
}

// awaitInFlight waits until the server is serving n GraphQL requests (its in-flight
// gauge says so), so a signal sent next finds them inside the handler.
func (p *proc) awaitInFlight(t *testing.T, n int) {
	t.Helper()
	want := fmt.Sprintf("cs_http_requests_in_flight{route=\"graphql\"} %d\n", n)
	waitFor(t, want, func() bool {
		resp, err := http.Get("http://" + p.addr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return strings.Contains(string(body), want)
	})
}

// awaitListenerClosed waits until the server refuses new connections: its shutdown has
// begun.
func (p *proc) awaitListenerClosed(t *testing.T) {
	t.Helper()
	waitFor(t, "the listener to close after SIGTERM", func() bool {
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			return true
		}
		c.Close()
		return false
	})
}

func (p *proc) graphql(t *testing.T, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, "http://"+p.addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out["errors"] != nil {
		t.Fatalf("errors: %v", out["errors"])
	}
	return out["data"].(map[string]any)
}

func (p *proc) login(t *testing.T, no string) string {
	d := p.graphql(t, "", `mutation($no: String!, $pw: String!) { login(input: {employeeNo: $no, password: $pw}) { accessToken } }`,
		map[string]any{"no": no, "pw": demo.Password})
	return d["login"].(map[string]any)["accessToken"].(string)
}

func TestHelpExplainsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"serve", "-h"}, &out, &out); err == nil {
		t.Fatal("-h should stop the command")
	}
	for _, flag := range []string{"-database-url", "DATABASE_URL", "-listen", "-data-dir", "-time-zone", "Asia/Shanghai", "-key-dir", "-log-level", "-env", "-seed-demo"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("-h does not mention %s", flag)
		}
	}
	out.Reset()
	if err := run(t.Context(), []string{"frobnicate"}, &out, &out); err == nil || !strings.Contains(out.String(), "rotate-keys") {
		t.Errorf("unknown command: %v %s", err, out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"version"}, &out, &out); err != nil || !regexp.MustCompile(`^server \S+ \(commit \S+`).MatchString(out.String()) {
		t.Errorf("version: %v %q", err, out.String())
	}
	if err := run(t.Context(), []string{"migrate", "--env", "staging"}, io.Discard, io.Discard); err == nil {
		t.Error("a bad --env was accepted")
	}
}

// Each database: SIGTERM drains a request in flight and closes the database; kill -9
// right after an acknowledged write loses nothing.
func TestProcessLifecycle(t *testing.T) {
	bin := buildServer(t)
	databases := map[string][]string{"sqlite": nil}
	if schema, base := dbtest.NewPostgresSchema(t); schema != "" {
		databases["postgres"] = []string{"DATABASE_URL=" + dbtest.WithSearchPath(base, schema)}
	}
	for name, env := range databases {
		t.Run(name, func(t *testing.T) {
			dataDir := t.TempDir()
			args := []string{"--data-dir", dataDir, "--seed-demo"}
			p := startServer(t, bin, env, args...)
			token := p.login(t, "CS1001")

			// A request whose body is still arriving when SIGTERM comes must complete.
			pr, pw := io.Pipe()
			req, _ := http.NewRequest(http.MethodPost, "http://"+p.addr+"/graphql", pr)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			done := make(chan *http.Response, 1)
			go func() {
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Errorf("in-flight request failed: %v", err)
				}
				done <- resp
			}()
			_, _ = pw.Write([]byte(`{"query":"{ me `))
			p.awaitInFlight(t, 1)
			if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			p.awaitListenerClosed(t)
			_, _ = pw.Write([]byte(`{ name } }"}`))
			pw.Close()
			resp := <-done
			if resp == nil || resp.StatusCode != 200 {
				t.Fatalf("in-flight request was not drained: %v", resp)
			}
			body, _ := io.ReadAll(resp.Body)
			if !strings.Contains(string(body), "张伟") {
				t.Fatalf("drained response: %s", body)
			}
			if err := p.cmd.Wait(); err != nil {
				t.Fatalf("server did not exit cleanly: %v\n%s", err, p.stderr.String())
			}
			if !strings.Contains(p.stderr.String(), "database closed") {
				t.Errorf("database not closed on shutdown: %s", lastLines(p.stderr.String(), 5))
			}

			// Acknowledged, then killed without warning: the punch must survive.
			p = startServer(t, bin, env, args...)
			token = p.login(t, "CS1002")
			d := p.graphql(t, token, `mutation { recordAttendance(input: {idempotencyKey: "kill-nine-0001", kind: CLOCK_IN}) { punch { id } } }`, nil)
			id := d["recordAttendance"].(map[string]any)["punch"].(map[string]any)["id"]
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
			p = startServer(t, bin, env, args...)
			token = p.login(t, "CS1002")
			d = p.graphql(t, token, `{ myAttendance { id } }`, nil)
			got := d["myAttendance"].([]any)
			if len(got) != 1 || got[0].(map[string]any)["id"] != id {
				t.Fatalf("acknowledged punch lost after kill -9: %v", got)
			}
		})
	}
}

func lastLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return fmt.Sprint(strings.Join(lines, "\n"))
}

// SIGTERM with a server-sent-events stream and a WebSocket subscription open (every PWA
// screen holds one) and a mutation in flight: the streams end at once, the mutation
// completes, and the process exits 0 long before the grace period is over.
func TestSIGTERMEndsSubscriptionsDrainsRequestsAndExitsZero(t *testing.T) {
	bin := buildServer(t)
	const grace = 30 * time.Second
	p := startServer(t, bin, nil, "--data-dir", t.TempDir(), "--seed-demo", "--shutdown-grace", grace.String())
	token := p.login(t, "CS1001")
	base := "http://" + p.addr
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// A server-sent-events subscription, open once its first comment arrives.
	body, _ := json.Marshal(map[string]any{"query": `subscription { rosterNotificationAdded { id } }`})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sseLines := make(chan string, 16)
	go func() {
		defer close(sseLines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			sseLines <- sc.Text()
		}
	}()
	if line := <-sseLines; line != ":" {
		t.Fatalf("SSE did not open: %q", line)
	}
	// A WebSocket subscription.
	conn, err := wsSubscribe(t, ctx, base, map[string]any{"Authorization": "Bearer " + token}, `subscription { rosterNotificationAdded { id } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	wsEnded := make(chan error, 1)
	go func() {
		for {
			var msg map[string]any
			if err := wsjson.Read(ctx, conn, &msg); err != nil {
				wsEnded <- err
				return
			}
		}
	}()
	// A mutation whose body is still arriving when SIGTERM comes.
	pr, pw := io.Pipe()
	mreq, _ := http.NewRequest(http.MethodPost, base+"/graphql", pr)
	mreq.Header.Set("Content-Type", "application/json")
	mreq.Header.Set("Authorization", "Bearer "+token)
	done := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(mreq)
		if err != nil {
			t.Errorf("in-flight mutation failed: %v", err)
		}
		done <- resp
	}()
	_, _ = pw.Write([]byte(`{"query":"mutation { recordAttendance(input: {idempotencyKey: \"sigterm-0001\", kind: CLOCK_IN}) `))
	p.awaitInFlight(t, 1)

	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The SSE stream completes and ends.
	sawComplete := false
	for line := range sseLines {
		if line == "event: complete" {
			sawComplete = true
		}
	}
	if !sawComplete {
		t.Error("the SSE stream ended without a complete event")
	}
	select {
	case <-wsEnded:
	case <-time.After(10 * time.Second):
		t.Fatal("the WebSocket subscription was not ended")
	}
	_, _ = pw.Write([]byte(`{ punch { id } } }"}`))
	pw.Close()
	mresp := <-done
	if mresp == nil || mresp.StatusCode != 200 {
		t.Fatalf("the in-flight mutation was not drained: %v", mresp)
	}
	mbody, _ := io.ReadAll(mresp.Body)
	if !strings.Contains(string(mbody), `"punch":{"id"`) {
		t.Fatalf("the in-flight mutation did not complete: %s", mbody)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, lastLines(p.stderr.String(), 10))
	}
	if took := time.Since(start); took > grace/3 {
		t.Errorf("shutdown took %v of a %v grace period: the subscriptions held it", took, grace)
	}
}
