package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/media/mediatest"
)

// uploadWith sends a multipart uploadPhoto with more variables than the file.
func (s *testServer) uploadWith(query string, vars map[string]any, data []byte, tok string) *gqlResult {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	vars["f"] = nil
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.f"]}`)
	fw, _ := mw.CreateFormFile("0", "photo.png")
	_, _ = fw.Write(data)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/graphql", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	out := &gqlResult{Status: rec.Code, Raw: rec.Body.String()}
	var decoded struct {
		Data   map[string]any `json:"data"`
		Errors []gqlError     `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &decoded); err != nil {
		s.t.Fatalf("response is not JSON (%d): %s", rec.Code, rec.Body.String())
	}
	out.Data, out.Errors = decoded.Data, decoded.Errors
	return out
}

func TestAPhotosPlaceReachesInspectorsButNeverTheLogs(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		var logs syncBuffer
		s.app.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		s.h = newRouter(s.app, newMetrics(s.app.DB))
		tok := map[string]string{}
		for _, no := range []string{"CS1001", "CS2001", "CS3002"} {
			tok[no], _ = s.login(no)
		}
		const upload = `mutation($f: Upload!, $l: PhotoLocationInput) { uploadPhoto(input: {file: $f, location: $l}) { photo { id location { latitude longitude accuracyMeters } } } }`
		r := s.uploadWith(upload, map[string]any{"l": map[string]any{"latitude": 31.20351, "longitude": 121.59072, "accuracyMeters": 12.5, "consent": true}},
			mediatest.PNG(t, 4, 30), tok["CS1001"]).must(t)
		id := r.path("uploadPhoto", "photo", "id")
		if r.path("uploadPhoto", "photo", "location", "latitude") != 31.20351 {
			t.Fatalf("the person who took it sees where: %s", r.Raw)
		}
		without := s.uploadWith(upload, map[string]any{"l": map[string]any{"latitude": 31.1, "longitude": 121.1, "accuracyMeters": 8, "consent": false}},
			mediatest.PNG(t, 4, 31), tok["CS1001"]).must(t)
		if without.path("uploadPhoto", "photo", "location") != nil {
			t.Errorf("a position given without consent is kept: %s", without.Raw)
		}
		refused := s.uploadWith(upload, map[string]any{"l": map[string]any{"latitude": 91.98765, "longitude": 121.1, "accuracyMeters": 8, "consent": true}},
			mediatest.PNG(t, 4, 32), tok["CS1001"])
		if refused.Code() != "BAD_USER_INPUT" || strings.Contains(refused.Raw, "91.98765") {
			t.Errorf("an impossible latitude: %s", refused.Raw)
		}

		const node = `query($id: ID!) { node(id: $id) { ... on Photo { location { latitude accuracyMeters } } } }`
		if r := s.post(node, map[string]any{"id": id}, withToken(tok["CS2001"])).must(t); r.path("node", "location", "accuracyMeters") != 12.5 {
			t.Errorf("the depot's supervisor inspects the evidence and sees where: %s", r.Raw)
		}
		if r := s.post(node, map[string]any{"id": id}, withToken(tok["CS3002"])).must(t); r.path("node") != nil {
			t.Errorf("another branch's manager opens the photo: %s", r.Raw)
		}

		for _, secret := range []string{"31.20351", "121.59072", "31.1", "121.1", "91.98765"} {
			if strings.Contains(logs.String(), secret) {
				t.Errorf("the logs carry a position (%s): %s", secret, logs.String())
			}
		}
		if !strings.Contains(logs.String(), "uploadPhoto") && !strings.Contains(logs.String(), "graphql") {
			t.Errorf("the requests were not logged at all, so the check above proves nothing: %q", logs.String())
		}
	})
}
