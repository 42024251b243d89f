package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"

	"github.com/expresscs/cs/internal/media"
)

// A photo link that is tampered with, unsigned or expired, and a signed link to a photo
// that does not exist, are refused in the API's error shape (JSON, a code, the message in
// the caller's language), not in plain English text; nothing of the photo is sent.
func TestPhotoLinksAreRefusedWithACodeInBothLanguages(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		unknown, _ := s.app.Media.URL(&media.Photo{ID: uuid.NewString()})
		cases := []struct {
			name, url string
			status    int
			code      string
			zh, en    string
		}{
			{"unsigned", media.URLPrefix + uuid.NewString(), http.StatusForbidden, "FORBIDDEN", "照片链接无效或已过期，请刷新页面", "The photo link is invalid or has expired; reload the page"},
			{"tampered", unknown + "0", http.StatusForbidden, "FORBIDDEN", "照片链接无效或已过期，请刷新页面", "The photo link is invalid or has expired; reload the page"},
			{"expired", media.URLPrefix + "x?exp=1&sig=00", http.StatusForbidden, "FORBIDDEN", "照片链接无效或已过期，请刷新页面", "The photo link is invalid or has expired; reload the page"},
			{"no such photo", unknown, http.StatusNotFound, "NOT_FOUND", "照片不存在", "No such photo"},
		}
		for _, c := range cases {
			for _, lang := range []struct{ accept, want string }{{"", c.zh}, {"en", c.en}} {
				req := httptest.NewRequest(http.MethodGet, c.url, nil)
				if lang.accept != "" {
					req.Header.Set("Accept-Language", lang.accept)
				}
				rec := httptest.NewRecorder()
				s.h.ServeHTTP(rec, req)
				var body struct {
					Errors []struct {
						Message    string         `json:"message"`
						Extensions map[string]any `json:"extensions"`
					} `json:"errors"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != c.status || len(body.Errors) != 1 {
					t.Fatalf("%s (%q): %d %s %q", c.name, lang.accept, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
				}
				if got := body.Errors[0]; got.Extensions["code"] != c.code || got.Message != lang.want {
					t.Errorf("%s (%q): %+v", c.name, lang.accept, got)
				}
				if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("%s: Content-Type %q", c.name, ct)
				}
			}
		}
	})
}
