package main

import (
	"errors"
	"net/http"
	"strings"

	"github.com/CAFxX/httpcompression"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/media"
)

// Header values are built once; middleware assigns these slices to the header map
// directly (canonical keys), so setting them costs no allocation per request. Nothing
// appends to them in place: Header.Add on a full slice copies it.
var (
	// appPolicy is the PWA's: its scripts and styles come from our origin only (no inline
	// script: index.html has none and the service worker is registered from a module),
	// WebAssembly for the zxing barcode reader, photo previews from blob: URLs.
	appPolicy = []string{"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
		"img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
		"font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}
	// apiPolicy is for JSON, photos and the operations endpoints: nothing runs there.
	apiPolicy = []string{"default-src 'none'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"}
	// graphiqlPolicy lets the development-only GraphiQL page load its pinned CDN scripts
	// (with subresource integrity) and its inline start-up script.
	graphiqlPolicy = []string{"default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; " +
		"style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://cdn.jsdelivr.net; " +
		"font-src 'self' data: https://cdn.jsdelivr.net; connect-src 'self'; frame-ancestors 'none'"}
	noSniff           = []string{"nosniff"}
	noReferrer        = []string{"no-referrer"}
	denyFrames        = []string{"DENY"}
	sameOriginOpener  = []string{"same-origin"}
	permissionsPolicy = []string{"camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), interest-cohort=()"}
	hsts              = []string{"max-age=63072000; includeSubDomains"}

	noStore        = []string{"no-store"}
	privateNoStore = []string{"private, no-store"}
	graphqlVary    = []string{"Authorization, Accept, Accept-Language, Accept-Encoding"}
)

// securityHeaders puts the security headers on every response, API and PWA alike:
// Content-Security-Policy (the app's, the API's, or GraphiQL's in development),
// X-Content-Type-Options, Referrer-Policy, X-Frame-Options, Cross-Origin-Opener-Policy,
// Permissions-Policy (camera and geolocation for our origin only) and, in production,
// Strict-Transport-Security.
func securityHeaders(production bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		switch p := r.URL.Path; {
		case p == "/graphiql":
			h["Content-Security-Policy"] = graphiqlPolicy
		case isAPIPath(p):
			h["Content-Security-Policy"] = apiPolicy
		default:
			h["Content-Security-Policy"] = appPolicy
		}
		h["X-Content-Type-Options"] = noSniff
		h["Referrer-Policy"] = noReferrer
		h["X-Frame-Options"] = denyFrames
		h["Cross-Origin-Opener-Policy"] = sameOriginOpener
		h["Permissions-Policy"] = permissionsPolicy
		if production {
			h["Strict-Transport-Security"] = hsts
		}
		next.ServeHTTP(w, r)
	})
}

// isAPIPath reports whether p is served by the Go server rather than the PWA.
func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/graphql") || strings.HasPrefix(p, media.URLPrefix) || p == "/healthz" ||
		p == "/readyz" || p == "/metrics" || strings.HasPrefix(p, "/.well-known/")
}

// graphqlCaching says what caches may keep of a GraphQL answer: nothing. An
// authenticated answer is private and never stored; an anonymous one (the public
// customerTracking look-up, login) is not stored by any cache either, because it answers
// for a waybill and a phone's last digits, and a cached answer would skip the look-up's
// per-address guess budget. Vary names what the answer depends on, replacing the
// compressor's Vary: Accept-Encoding with one list that includes it.
func graphqlCaching(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if r.Header.Get("Authorization") != "" || r.Header.Get("Cookie") != "" {
			h["Cache-Control"] = privateNoStore
		} else {
			h["Cache-Control"] = noStore
		}
		h["Vary"] = graphqlVary
		next.ServeHTTP(w, r)
	})
}

// csrfGuard refuses a POST that carries cookies (the refresh cookie travels with every
// request to /graphql) unless a cross-site page could not have sent it: its body is
// application/json (which a form cannot send and which forces a CORS preflight), or it
// carries an X-CSRF or Apollo-Require-Preflight header (which forces one too). A form's
// multipart/form-data, text/plain or urlencoded POST with only the cookie is
// CSRF_HEADER_REQUIRED (403). Partners send bearer tokens without cookies and are not
// concerned.
func csrfGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.Header.Get("Cookie") != "" && r.Header.Get("X-CSRF") == "" &&
			r.Header.Get("Apollo-Require-Preflight") == "" && !isJSON(r.Header.Get("Content-Type")) {
			graph.WriteError(w, r, http.StatusForbidden, apperr.E("http.csrf", apperr.CSRFHeaderRequired))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isJSON reports whether a Content-Type is application/json (parameters allowed).
func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/json")
}

// compressibleTypes are the response types worth compressing; images and the PWA's
// pre-compressed files are left as they are.
var compressibleTypes = []string{
	"application/json", "application/graphql-response+json", "application/manifest+json",
	"text/html", "text/plain", "text/css", "text/javascript", "image/svg+xml",
}

// compressMinSize is the smallest body compressed; below about 1 KB the saving does not
// pay for the work on either side.
const compressMinSize = 1024

// compression gzips (or, when Accept-Encoding prefers it, brotli-compresses) responses
// of the types above from compressMinSize bytes, and adds Vary: Accept-Encoding. A
// subscription (a WebSocket upgrade or a server-sent-events stream) bypasses it: a
// stream must reach the client event by event, not when a compressor's buffer fills.
func compression(next http.Handler) http.Handler {
	adapter, err := httpcompression.Adapter(
		// Levels for answers compressed as they are sent: most of the saving for a
		// fraction of the CPU of the highest levels. Brotli wins when a client takes both.
		httpcompression.GzipCompressionLevel(6),
		httpcompression.BrotliCompressionLevel(4),
		httpcompression.MinSize(compressMinSize),
		httpcompression.ContentTypes(compressibleTypes, false),
	)
	if err != nil {
		panic(err) // only for invalid options, which these are not
	}
	compressed := adapter(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") == "" || isStream(r) {
			next.ServeHTTP(w, r)
			return
		}
		compressed.ServeHTTP(w, r)
	})
}

// isStream reports whether r opens a subscription stream.
func isStream(r *http.Request) bool {
	return r.Header.Get("Upgrade") != "" || strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// refusal is how an error met in HTTP middleware (outside GraphQL) is answered: its own
// code, UNAVAILABLE (503, Retry-After) when the database is out of reach, INTERNAL (500)
// for anything else unexpected.
func refusal(op string, err error) (int, *apperr.Error) {
	if db.IsUnavailable(err) {
		return http.StatusServiceUnavailable, apperr.E(op, apperr.Unavailable).With("retryAfterSeconds", graph.RetryAfterUnavailable)
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return http.StatusInternalServerError, apperr.E(op, apperr.Internal)
	}
	switch ae.Code {
	case apperr.Unauthenticated:
		return http.StatusUnauthorized, ae
	case apperr.Internal:
		return http.StatusInternalServerError, ae
	}
	return http.StatusBadRequest, ae
}
