// Package pwa serves the phone app (the Vite build in dist/app) embedded in the binary.
//
// Hashed assets under /assets/ are cached forever; the shell (index.html), the service
// worker and the manifest are revalidated on every load so a new version is never hidden.
// Any other GET path that is not a server endpoint falls back to index.html so that client
// routes (/today, /me, …) work on reload and deep links.
package pwa

import (
	"bytes"
	"compress/gzip"
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

	"github.com/andybalholm/brotli"
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

// compressible lists the types worth gzipping; images are already compressed.
var compressible = map[string]bool{
	".js": true, ".mjs": true, ".css": true, ".html": true, ".json": true,
	".webmanifest": true, ".svg": true, ".wasm": true, ".txt": true,
}

// variant is one encoding of a file with its validator, computed once per process.
type variant struct {
	data []byte
	etag string
}

// newHandler serves the app from fsys, whose root holds index.html.
func newHandler(fsys fs.FS) http.Handler {
	variants := &sync.Map{}
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
			serveFile(w, r, fsys, variants, name)
			return
		}
		if isServerPath(r.URL.Path) || strings.HasPrefix(name, "assets/") {
			http.NotFound(w, r)
			return
		}
		serveFile(w, r, fsys, variants, "index.html")
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

// serveFile writes one file with its caching headers, brotli-compressed or gzipped when
// the phone accepts it (brotli first: about a fifth smaller; the JS budget is counted in
// gzip bytes). Each encoding is compressed once per process at the highest level. The
// ETag lets a browser revalidate the no-cache shell cheaply (304) instead of downloading
// it again.
func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, variants *sync.Map, name string) {
	ext := path.Ext(name)
	enc := ""
	if compressible[ext] {
		enc = chooseEncoding(r.Header.Get("Accept-Encoding"))
	}
	key := name + "\x00" + enc
	v, ok := variants.Load(key)
	if !ok {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			http.Error(w, "cannot read file", http.StatusInternalServerError)
			return
		}
		v = newVariant(data, enc)
		variants.Store(key, v)
	}
	file := v.(variant)
	h := w.Header()
	switch {
	case strings.HasPrefix(name, "assets/"):
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	case noCacheFiles[name] || strings.HasPrefix(name, "workbox-"):
		h.Set("Cache-Control", "no-cache")
	default:
		h.Set("Cache-Control", "public, max-age=3600")
	}
	ctype, ok := contentTypes[ext]
	if !ok {
		ctype = mime.TypeByExtension(ext)
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	if compressible[ext] && !varies(h, "Accept-Encoding") {
		h.Add("Vary", "Accept-Encoding")
	}
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	h.Set("ETag", file.etag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(file.data))
}

func varies(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for part := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), name) {
				return true
			}
		}
	}
	return false
}

func newVariant(data []byte, enc string) variant {
	sum := sha256.Sum256(data)
	etag := hex.EncodeToString(sum[:12])
	var buf bytes.Buffer
	switch enc {
	case "br":
		bw := brotli.NewWriterLevel(&buf, brotli.BestCompression)
		_, _ = bw.Write(data)
		_ = bw.Close()
		return variant{data: buf.Bytes(), etag: `"` + etag + `-br"`}
	case "gzip":
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(data)
		_ = zw.Close()
		return variant{data: buf.Bytes(), etag: `"` + etag + `-gz"`}
	}
	return variant{data: data, etag: `"` + etag + `"`}
}

// chooseEncoding picks br, then gzip, from an Accept-Encoding header; "" for neither.
// A coding with q=0 is refused; otherwise the weights are not compared (every browser
// that sends br prefers it).
func chooseEncoding(header string) string {
	br, gz := false, false
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if q := strings.ReplaceAll(strings.TrimSpace(params), " ", ""); q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "br":
			br = true
		case "gzip":
			gz = true
		}
	}
	switch {
	case br:
		return "br"
	case gz:
		return "gzip"
	}
	return ""
}
