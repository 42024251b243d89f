// Package pwa serves the phone app (the Vite build in dist/app) embedded in the binary.
//
// Hashed assets under /assets/ are cached forever; the shell (index.html), the service
// worker and the manifest are revalidated on every load so a new version is never hidden.
// Any other GET path that is not a server endpoint falls back to index.html so that client
// routes (/today, /me, …) work on reload and deep links.
package pwa

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed all:dist
var dist embed.FS

// Handler serves the embedded PWA. Mount it at "/".
func Handler() http.Handler {
	sub, err := fs.Sub(dist, "dist/app")
	if err != nil {
		// fs.Sub only fails on an invalid path, which "dist/app" is not.
		panic(err)
	}
	return newHandler(sub)
}

// serverPrefixes are paths the Go server owns; they never fall back to the shell.
var serverPrefixes = []string{"/graphql", "/healthz", "/readyz", "/metrics", "/.well-known"}

// noCacheFiles must be revalidated on every load: they name the current version.
var noCacheFiles = map[string]bool{
	"index.html":           true,
	"sw.js":                true,
	"manifest.webmanifest": true,
	"registerSW.js":        true,
}

// contentTypes fixes types that the platform's MIME table may lack or get wrong.
var contentTypes = map[string]string{
	".webmanifest": "application/manifest+json",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".wasm":        "application/wasm",
	".css":         "text/css; charset=utf-8",
	".html":        "text/html; charset=utf-8",
	".json":        "application/json",
	".png":         "image/png",
	".svg":         "image/svg+xml",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
}

const notBuiltPage = "PWA not built: run `make pwa`\n"

// newHandler serves the app from fsys, whose root holds index.html.
func newHandler(fsys fs.FS) http.Handler {
	etags := &sync.Map{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if _, err := fs.Stat(fsys, "index.html"); err != nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, notBuiltPage)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		if info, err := fs.Stat(fsys, name); err == nil && !info.IsDir() {
			serveFile(w, r, fsys, etags, name)
			return
		}
		if isServerPath(r.URL.Path) || strings.HasPrefix(name, "assets/") {
			http.NotFound(w, r)
			return
		}
		serveFile(w, r, fsys, etags, "index.html")
	})
}

func isServerPath(p string) bool {
	for _, prefix := range serverPrefixes {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return true
		}
	}
	return false
}

// serveFile writes one file with its caching headers. The ETag lets a browser revalidate
// the no-cache shell cheaply (304) instead of downloading it again.
func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, etags *sync.Map, name string) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	switch {
	case strings.HasPrefix(name, "assets/"):
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	case noCacheFiles[name] || strings.HasPrefix(name, "workbox-"):
		h.Set("Cache-Control", "no-cache")
	default:
		h.Set("Cache-Control", "public, max-age=3600")
	}
	ext := path.Ext(name)
	ctype, ok := contentTypes[ext]
	if !ok {
		ctype = mime.TypeByExtension(ext)
	}
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	etag, ok := etags.Load(name)
	if !ok {
		sum := sha256.Sum256(data)
		etag = `"` + hex.EncodeToString(sum[:12]) + `"`
		etags.Store(name, etag)
	}
	h.Set("ETag", etag.(string))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}
