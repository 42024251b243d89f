package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// readmeBlock is a fenced code block of the README.
type readmeBlock struct {
	lang, code string
}

// partnerBlocks returns the sh and js blocks of the README's partner section, in order.
func partnerBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	start := strings.Index(text, "\n## GraphQL API for partners and integrators\n")
	if start < 0 {
		t.Fatal("the README has no partner section")
	}
	section := text[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	var out []readmeBlock
	for _, m := range regexp.MustCompile("(?ms)^```(sh|js)\n(.*?)^```$").FindAllStringSubmatch(section, -1) {
		out = append(out, readmeBlock{lang: m[1], code: m[2]})
	}
	return out
}

// needTools skips (fails under CI=true) when a program the README's examples use is missing.
func needTools(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		var err error
		if strings.Contains(p, "/") {
			_, err = os.Stat(p)
		} else {
			_, err = exec.LookPath(p)
		}
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required under CI=true: %v", p, err)
			}
			t.Skipf("%s is missing (set CI=true to make this fail): %v", p, err)
		}
	}
}

// lockedBuffer collects a child process's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startDemoServer runs the real binary as `make run` does: demo data, webhooks allowed to
// reach 127.0.0.1. It returns the process and the demo partner's secret it printed.
func startDemoServer(t *testing.T, bin string) (*proc, string) {
	t.Helper()
	p := &proc{addr: freeAddr(t), stderr: &bytes.Buffer{}}
	stdout := &lockedBuffer{}
	p.cmd = exec.Command(bin, "serve", "--listen", p.addr, "--data-dir", t.TempDir(), "--seed-demo",
		"--webhook-allow-cidrs", "127.0.0.1/32", "--log-level", "warn")
	p.cmd.Env = append(os.Environ(), "DATABASE_URL=", "CS_ENV=development")
	p.cmd.Stdout, p.cmd.Stderr = stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait() })
	waitFor(t, "the server to be ready", func() bool {
		resp, err := http.Get("http://" + p.addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	m := regexp.MustCompile(`Demo partner client: id demo-mall, secret (\S+) \(shown once\)`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("the demo partner's secret was not printed: %s", stdout.String())
	}
	return p, m[1]
}

// jsonValues decodes the JSON documents a script printed one after another.
func jsonValues(t *testing.T, out string) []map[string]any {
	t.Helper()
	var docs []map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var v map[string]any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("the examples printed something other than JSON answers: %v\n%s", err, out)
		}
		docs = append(docs, v)
	}
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// TestReadmePartnerExamplesWorkWhenPasted starts the server as `make run` does, with the
// demo data, and runs the README's partner examples as a newcomer would paste them: the
// shell blocks in one bash session with curl and jq, the JavaScript client with node, and
// the webhook receiver with node and the standardwebhooks package, which must verify a
// real delivery and refuse a forged or tampered one. Only the addresses are changed: the
// server's port for localhost:8080 and a free port for the receiver's 9000.
func TestReadmePartnerExamplesWorkWhenPasted(t *testing.T) {
	nodeModules, err := filepath.Abs("../pwa/node_modules")
	if err != nil {
		t.Fatal(err)
	}
	needTools(t, "bash", "curl", "jq", "node", filepath.Join(nodeModules, "standardwebhooks", "package.json"))
	blocks := partnerBlocks(t)
	var sh []string
	var client, receiver string
	for _, b := range blocks {
		switch {
		case b.lang == "sh":
			sh = append(sh, b.code)
		case strings.Contains(b.code, "createServer"):
			receiver = b.code
		default:
			client = b.code
		}
	}
	if len(sh) != 3 || client == "" || receiver == "" || len(blocks) != 5 {
		t.Fatalf("the partner section has %d blocks: %d sh, a client %t, a receiver %t", len(blocks), len(sh), client != "", receiver != "")
	}
	if strings.Contains(client, "orgUnits") {
		t.Error("the JavaScript example queries org units, which a partner may not")
	}

	bin := buildServer(t)
	p, secret := startDemoServer(t, bin)
	base := "http://" + p.addr
	recvAddr := freeAddr(t)
	_, recvPort, _ := net.SplitHostPort(recvAddr)
	localize := func(code string, tokens ...string) string {
		t.Helper()
		for _, tok := range tokens {
			if !strings.Contains(code, tok) {
				t.Fatalf("the README example no longer has %q:\n%s", tok, code)
			}
		}
		code = strings.ReplaceAll(code, "http://localhost:8080", base)
		code = strings.ReplaceAll(code, "127.0.0.1:9000", recvAddr)
		return strings.ReplaceAll(code, "listen(9000)", "listen("+recvPort+")")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "CS_CLIENT_SECRET="+secret)

	// The shell examples: a token, the partner's orders with tracking, a persisted
	// operation run by hash, and a webhook endpoint for the receiver.
	script := "set -euo pipefail\n" + localize(sh[0], "http://localhost:8080") + "\n" + localize(sh[1], "http://localhost:8080") +
		"\n" + localize(sh[2], "http://localhost:8080", "127.0.0.1:9000")
	cmd := exec.Command("bash", "-c", script)
	cmd.Env, cmd.Dir = env, dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the shell examples failed: %v\n%s", err, out)
	}
	docs := jsonValues(t, string(out))
	if len(docs) != 3 {
		t.Fatalf("three answers printed, got %d:\n%s", len(docs), out)
	}
	for _, d := range docs {
		if d["errors"] != nil || d["data"] == nil {
			t.Errorf("an example answered with errors: %v", d)
		}
	}
	edges, _ := dig(docs[0], "data", "orders", "edges").([]any)
	if dig(docs[0], "data", "orders", "totalCount") != 5.0 || len(edges) != 5 {
		t.Errorf("the partner sees its five demo orders: %v", docs[0])
	}
	events := 0
	for _, e := range edges {
		evs, _ := dig(e, "node", "trackingEvents").([]any)
		events += len(evs)
	}
	if events == 0 {
		t.Errorf("the demo orders have tracking events: %v", docs[0])
	}
	if ps, _ := dig(docs[1], "data", "orders", "edges").([]any); len(ps) != 5 {
		t.Errorf("the persisted operation ran by hash: %v", docs[1])
	}
	webhookSecret, _ := dig(docs[2], "data", "createWebhookEndpoint", "signingSecret").(string)
	if !strings.HasPrefix(webhookSecret, "whsec_") {
		t.Fatalf("the endpoint was registered with a secret: %v", docs[2])
	}

	// The JavaScript client.
	if err := os.WriteFile(filepath.Join(dir, "orders.mjs"), []byte(localize(client, "http://localhost:8080")), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command("node", "orders.mjs")
	cmd.Env, cmd.Dir = env, dir
	if out, err = cmd.CombinedOutput(); err != nil {
		t.Fatalf("the JavaScript example failed: %v\n%s", err, out)
	}
	if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 5 || !strings.Contains(string(out), "events") {
		t.Errorf("the JavaScript example lists the five orders: %s", out)
	}

	// The receiver, with the standardwebhooks package as a partner installs it.
	if err := os.Symlink(nodeModules, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "receiver.mjs"), []byte(localize(receiver, "listen(9000)")), 0o600); err != nil {
		t.Fatal(err)
	}
	recvOut := &lockedBuffer{}
	recv := exec.Command("node", "receiver.mjs")
	recv.Env, recv.Dir = append(env, "CS_WEBHOOK_SECRET="+webhookSecret), dir
	recv.Stdout, recv.Stderr = recvOut, recvOut
	if err := recv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = recv.Process.Kill(); _ = recv.Wait() })
	waitFor(t, "the receiver to listen", func() bool {
		c, err := net.Dial("tcp", recvAddr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})

	// A parcel of the demo partner is signed for at the counter: the receiver verifies
	// and prints both events.
	partnerTok := dig(p.graphql(t, "", issueToken, map[string]any{"id": "demo-mall", "secret": secret}), "issuePartnerToken", "accessToken").(string)
	var waybill string
	for _, e := range dig(p.graphql(t, partnerTok, `{ orders(first: 10) { edges { node { waybillNo trackingStatus } } } }`, nil), "orders", "edges").([]any) {
		if dig(e, "node", "trackingStatus") == "OUT_FOR_DELIVERY" {
			waybill = dig(e, "node", "waybillNo").(string)
		}
	}
	if waybill == "" {
		t.Fatal("the demo partner has a parcel out for delivery")
	}
	agent := p.login(t, "CS1001")
	p.graphql(t, agent, recordEvents, map[string]any{"events": []any{ev(uuid.NewString(), waybill, "SIGNED", time.Now().Add(-time.Minute), "signerName", "钱女士")}})
	for _, want := range []string{"TRACKING_UPDATED " + waybill + " SIGNED", "DELIVERED " + waybill + " SIGNED"} {
		waitFor(t, "the receiver to print "+want, func() bool { return strings.Contains(recvOut.String(), want) })
	}
	// The receiver prints a delivery before the server has recorded its answer: wait until
	// the server says every delivery was accepted (204).
	waitFor(t, "the server to record every delivery as accepted", func() bool {
		delivered := p.graphql(t, partnerTok, `{ webhookEndpoints { recentDeliveries { status lastStatusCode } } }`, nil)
		ds := dig(delivered, "webhookEndpoints").([]any)[0].(map[string]any)["recentDeliveries"].([]any)
		for _, d := range ds {
			if dig(d, "status") != "DELIVERED" || dig(d, "lastStatusCode") != 204.0 {
				return false
			}
		}
		return len(ds) >= 2
	})

	// A forged delivery (another secret) and a tampered one (a real signature over
	// another body) are refused by the receiver, and print nothing.
	body := []byte(`{"id":"forged","type":"DELIVERED","data":{"waybillNo":"` + waybill + `","status":"SIGNED"}}`)
	post := func(secret string, signed, sent []byte) int {
		wh, err := standardwebhooks.NewWebhook(secret)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		sig, _ := wh.Sign("forged", now, signed)
		req, _ := http.NewRequest(http.MethodPost, "http://"+recvAddr+"/hooks", bytes.NewReader(sent))
		req.Header.Set("webhook-id", "forged")
		req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
		req.Header.Set("webhook-signature", sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("whsec_"+"c2VjcmV0LW9mLXNvbWVvbmUtZWxzZS0xMjM0NTY3OA==", body, body); code != http.StatusUnauthorized {
		t.Errorf("a delivery signed with another secret: %d", code)
	}
	if code := post(webhookSecret, []byte(`{"id":"forged"}`), body); code != http.StatusUnauthorized {
		t.Errorf("a tampered delivery: %d", code)
	}
	if code := post(webhookSecret, body, body); code != http.StatusNoContent {
		t.Errorf("the same delivery correctly signed is accepted: %d", code)
	}
	printed := func() int {
		n := 0
		sc := bufio.NewScanner(strings.NewReader(recvOut.String()))
		for sc.Scan() {
			if strings.Contains(sc.Text(), waybill) {
				n++
			}
		}
		return n
	}
	// The receiver answers before its output is flushed: wait for the third line.
	waitFor(t, "the receiver to print the correctly signed delivery", func() bool { return printed() >= 3 })
	if printed() != 3 {
		t.Errorf("the receiver printed the two real events and the one correctly signed: %s", recvOut.String())
	}
}
