package pwa

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
)

func builtApp() fstest.MapFS {
	return fstest.MapFS{
		"index.html":             {Data: []byte("<!doctype html><title>shell</title>")},
		"sw.js":                  {Data: []byte("self.addEventListener('fetch',()=>{})")},
		"manifest.webmanifest":   {Data: []byte(`{"name":"客服"}`)},
		"assets/index-abc123.js": {Data: []byte("console.log(1)")},
		"assets/reader-x9.wasm":  {Data: []byte("\x00asm")},
		"icons/icon-192.png":     {Data: []byte("\x89PNG\r\n\x1a\n")},
	}
}

func TestHandler(t *testing.T) {
	tests := []struct {
		name         string
		method       string
		path         string
		wantStatus   int
		wantType     string
		wantCache    string
		wantBodyPart string
	}{
		{"root serves the shell", "GET", "/", 200, "text/html; charset=utf-8", "no-cache", "shell"},
		{"index.html is never stale", "GET", "/index.html", 200, "text/html; charset=utf-8", "no-cache", "shell"},
		{"client route falls back to the shell", "GET", "/today", 200, "text/html; charset=utf-8", "no-cache", "shell"},
		{"nested client route falls back to the shell", "GET", "/scan/photo", 200, "text/html; charset=utf-8", "no-cache", "shell"},
		{"hashed asset is immutable", "GET", "/assets/index-abc123.js", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "console.log"},
		{"wasm has its type", "GET", "/assets/reader-x9.wasm", 200, "application/wasm", "public, max-age=31536000, immutable", "asm"},
		{"missing asset is 404, not the shell", "GET", "/assets/gone-1.js", 404, "", "", ""},
		{"service worker is revalidated", "GET", "/sw.js", 200, "text/javascript; charset=utf-8", "no-cache", "addEventListener"},
		{"manifest has its type and is revalidated", "GET", "/manifest.webmanifest", 200, "application/manifest+json", "no-cache", "客服"},
		{"icon is served", "GET", "/icons/icon-192.png", 200, "image/png", "public, max-age=3600", "PNG"},
		{"graphql is not the shell", "GET", "/graphql", 404, "", "", ""},
		{"graphql subpath is not the shell", "GET", "/graphql/ws", 404, "", "", ""},
		{"healthz is not the shell", "GET", "/healthz", 404, "", "", ""},
		{"readyz is not the shell", "GET", "/readyz", 404, "", "", ""},
		{"metrics is not the shell", "GET", "/metrics", 404, "", "", ""},
		{"well-known is not the shell", "GET", "/.well-known/jwks.json", 404, "", "", ""},
		{"a path merely starting with graphql is a client route", "GET", "/graphqlish", 200, "text/html; charset=utf-8", "no-cache", "shell"},
		{"path traversal stays inside", "GET", "/../../etc/passwd", 200, "text/html; charset=utf-8", "no-cache", "shell"},
		{"HEAD works", "HEAD", "/today", 200, "text/html; charset=utf-8", "no-cache", ""},
		{"POST is refused", "POST", "/today", 405, "", "", ""},
	}
	h := newHandler(builtApp())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantType != "" {
				if got := rec.Header().Get("Content-Type"); got != tt.wantType {
					t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
				}
			}
			if tt.wantCache != "" {
				if got := rec.Header().Get("Cache-Control"); got != tt.wantCache {
					t.Errorf("Cache-Control = %q, want %q", got, tt.wantCache)
				}
			}
			if tt.wantBodyPart != "" && !strings.Contains(rec.Body.String(), tt.wantBodyPart) {
				t.Errorf("body %q does not contain %q", rec.Body.String(), tt.wantBodyPart)
			}
		})
	}
}

func TestHandlerRevalidatesWithETag(t *testing.T) {
	h := newHandler(builtApp())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on the shell")
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Fatalf("status = %d, want 304", rec.Code)
	}
}

func TestHandlerNotBuilt(t *testing.T) {
	h := newHandler(fstest.MapFS{})
	for _, p := range []string{"/", "/today", "/assets/index-abc123.js"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("%s: status = %d, want 503", p, rec.Code)
		}
		if !strings.Contains(rec.Body.String(), "PWA not built: run `make pwa`") {
			t.Errorf("%s: body = %q", p, rec.Body.String())
		}
	}
}

func TestEmbeddedHandlerAnswers(t *testing.T) {
	// On a clean checkout dist/app is absent (503); after `make pwa` it serves the shell.
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusOK && rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 200 or 503", rec.Code)
	}
}

func TestHandlerSendsBrotliToPhonesThatAcceptIt(t *testing.T) {
	h := newHandler(builtApp())
	req := httptest.NewRequest("GET", "/assets/index-abc123.js", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("Content-Encoding"); got != "br" {
		t.Fatalf("Content-Encoding = %q, want br", got)
	}
	if body, _ := io.ReadAll(brotli.NewReader(rec.Body)); string(body) != "console.log(1)" {
		t.Errorf("body = %q", body)
	}
}

func TestHandlerGzipsTextForPhonesThatAcceptIt(t *testing.T) {
	h := newHandler(builtApp())
	req := httptest.NewRequest("GET", "/assets/index-abc123.js", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br;q=0")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", got)
	}
	if got := rec.Header().Get("Vary"); got != "Accept-Encoding" {
		t.Errorf("Vary = %q", got)
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if string(body) != "console.log(1)" {
		t.Errorf("body = %q", body)
	}

	// Without Accept-Encoding, or for a PNG, the bytes go as they are.
	for _, tc := range []struct{ path, accept string }{
		{"/assets/index-abc123.js", ""},
		{"/assets/index-abc123.js", "gzip;q=0"},
		{"/icons/icon-192.png", "gzip"},
	} {
		req := httptest.NewRequest("GET", tc.path, nil)
		req.Header.Set("Accept-Encoding", tc.accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := rec.Header().Get("Content-Encoding"); got != "" {
			t.Errorf("%s with %q: Content-Encoding = %q, want none", tc.path, tc.accept, got)
		}
	}
}
