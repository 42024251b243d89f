package main

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/media/mediatest"
)

func testPNG(t *testing.T, size int) []byte { return mediatest.PNG(t, size, 0) }

const uploadMutation = `mutation($f: Upload!) { uploadPhoto(input: {file: $f}) { replayed photo { id contentType sizeBytes url } } }`

// upload sends a GraphQL multipart request carrying data as the file.
func (s *testServer) upload(data []byte, tok string) *gqlResult {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": uploadMutation, "variables": map[string]any{"f": nil}})
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.f"]}`)
	fw, _ := mw.CreateFormFile("0", "photo.jpg")
	_, _ = fw.Write(data)
	_ = mw.Close()
	counter := &db.StatementCounter{}
	req := httptest.NewRequest(http.MethodPost, "/graphql", &body)
	req = req.WithContext(db.WithStatementCounter(req.Context(), counter))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	out := &gqlResult{Status: rec.Code, Raw: rec.Body.String(), Statements: counter.Count()}
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

func (s *testServer) get(url string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	return rec
}

func TestChecklistPhotoUploadsAndSelfCheckOverGraphQL(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		now := time.Date(2026, 12, 3, 8, 0, 0, 0, shanghaiZone)
		s.app.Checklist.Now = func() time.Time { return now }
		agent := f.tok["CS1001"]

		img := testPNG(t, 8)
		r := s.upload(img, agent).must(t)
		photoID := r.path("uploadPhoto", "photo", "id").(string)
		url := r.path("uploadPhoto", "photo", "url").(string)
		if r.path("uploadPhoto", "photo", "contentType") != "image/png" || r.path("uploadPhoto", "replayed") != false {
			t.Fatalf("upload: %s", r.Raw)
		}
		if again := s.upload(img, agent).must(t); again.path("uploadPhoto", "photo", "id") != photoID || again.path("uploadPhoto", "replayed") != true {
			t.Fatalf("an identical upload returns the first photo: %s", again.Raw)
		}
		if rec := s.get(url); rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), img) || rec.Header().Get("Content-Type") != "image/png" {
			t.Fatalf("signed URL: %d %s", rec.Code, rec.Header())
		}
		if rec := s.get(url + "0"); rec.Code != http.StatusForbidden {
			t.Fatalf("a tampered signature is refused, got %d", rec.Code)
		}
		if rec := s.get("/media/photos/" + photoID); rec.Code != http.StatusForbidden {
			t.Fatalf("an unsigned URL is refused, got %d", rec.Code)
		}
		node := `query($id: ID!) { node(id: $id) { ... on Photo { url } } }`
		if r := s.post(node, map[string]any{"id": photoID}, withToken(f.tok["CS1012"])).must(t); r.path("node") != nil {
			t.Fatalf("a colleague may not see the photo: %s", r.Raw)
		}
		if r := s.post(node, map[string]any{"id": photoID}, withToken(f.tok["CS2001"])).must(t); r.path("node", "url") == nil {
			t.Fatalf("the depot's supervisor sees the photo: %s", r.Raw)
		}

		bad := []struct {
			name string
			data []byte
			code string
		}{
			{"a photo over 6 MiB is refused", append(testPNG(t, 8), make([]byte, 7<<20)...), "PHOTO_TOO_LARGE"},
			{"a request over the 8 MiB upload limit is refused before parsing", make([]byte, 9<<20), "REQUEST_TOO_LARGE"},
			{"a file that is not an image is refused", []byte("%PDF-1.7 not a photo"), "PHOTO_NOT_IMAGE"},
		}
		for _, c := range bad {
			if got := s.upload(c.data, agent); got.Code() != c.code {
				t.Errorf("%s: want %s, got %s", c.name, c.code, got.Raw[:min(len(got.Raw), 300)])
			}
		}

		start := `mutation($k: String!, $s: ID!) { startSelfCheck(input: {idempotencyKey: $k, shiftId: $s, kind: APPEARANCE}) { check { id status } } }`
		if r := s.post(start, map[string]any{"k": "start-not-mine", "s": f.shifts["CS1002/4"]}, withToken(agent)); r.Code() != "CHECK_SHIFT_NOT_ROSTERED" {
			t.Fatalf("a check for a shift not rostered: %s", r.Raw)
		}
		r = s.post(start, map[string]any{"k": "start-dec-03", "s": f.shifts["CS1001/3"]}, withToken(agent)).must(t)
		if r.path("startSelfCheck", "check", "status") != "OPEN" {
			t.Fatalf("start: %s", r.Raw)
		}
		due := s.post(`{ dueSelfChecks { kind template { title } check { id } } }`, nil, withToken(agent)).must(t)
		if n := len(due.path("dueSelfChecks").([]any)); n != 3 {
			t.Fatalf("three self-checks are due for the shift: %s", due.Raw)
		}
		list := s.post(`{ myChecks(month: "2026-12") { id status template { title items { text } } subject { name } shift { day }
			items { id passed item { text weight photoRequired } photo { url } correctiveAction { status } } } }`, nil, withToken(agent)).must(t)
		checks := list.path("myChecks").([]any)
		items := checks[0].(map[string]any)["items"].([]any)
		if len(checks) != 1 || len(items) != 8 { // weekday items; no dress-code profile chosen
			t.Fatalf("myChecks: %s", list.Raw)
		}
		// Checks, template, items, template items, subject, shift, photos, actions: one
		// query each level, however many items.
		if list.Statements > 10 {
			t.Fatalf("myChecks ran %d statements; loaders should batch them", list.Statements)
		}
		first := items[0].(map[string]any)["id"].(string)
		answer := `mutation($k: String!, $i: ID!, $p: ID) { answerChecklistItem(input: {idempotencyKey: $k, checkItemId: $i, passed: true, photoId: $p}) { replayed checkItem { passed photo { id } } check { status } } }`
		r = s.post(answer, map[string]any{"k": "answer-first-1", "i": first, "p": photoID}, withToken(agent)).must(t)
		r2 := s.post(answer, map[string]any{"k": "answer-first-1", "i": first, "p": photoID}, withToken(agent)).must(t)
		if r.path("answerChecklistItem", "checkItem", "passed") != true || r2.path("answerChecklistItem", "replayed") != true {
			t.Fatalf("answer and its retry: %s / %s", r.Raw, r2.Raw)
		}
		if r := s.post(answer, map[string]any{"k": "answer-first-2", "i": first, "p": photoID}, withToken(agent)); r.Code() != "CHECK_ITEM_ANSWERED" {
			t.Fatalf("an item answered twice: %s", r.Raw)
		}
	})
}

// TestAShiftWithACheckOnRecordCannotBeRemoved: clearing a shift that a self-check was
// started on is SHIFT_HAS_CHECKS (it was a database error answered INTERNAL) and changes
// nothing; a shift without checks can still be removed.
func TestAShiftWithACheckOnRecordCannotBeRemoved(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		now := time.Date(2026, 12, 3, 8, 0, 0, 0, shanghaiZone)
		s.app.Checklist.Now = func() time.Time { return now }
		start := `mutation($k: String!, $s: ID!) { startSelfCheck(input: {idempotencyKey: $k, shiftId: $s, kind: APPEARANCE}) { check { id } } }`
		s.post(start, map[string]any{"k": "start-dec-03", "s": f.shifts["CS1001/3"]}, withToken(f.tok["CS1001"])).must(t)
		clear := `mutation($k: String!, $d: ID!, $a: [ShiftAssignmentInput!]!) { assignShifts(input: {idempotencyKey: $k, depotId: $d, month: "2026-12", assignments: $a}) { roster { id } } }`
		r := s.post(clear, map[string]any{"k": key(), "d": f.depot, "a": []any{map[string]any{"staffId": f.ids["CS1001"], "day": "2026-12-03", "shiftTypeId": nil}}},
			withToken(f.tok["CS2001"]))
		if r.Code() != "SHIFT_HAS_CHECKS" || r.Errors[0].Extensions["day"] != "2026-12-03" {
			t.Fatalf("removing a checked shift: %s", r.Raw)
		}
		roster := `query($d: ID!) { dutyRoster(depotId: $d, month: "2026-12") { assignments { id } } }`
		ids := func() []any {
			return s.post(roster, map[string]any{"d": f.depot}, withToken(f.tok["CS2001"])).must(t).path("dutyRoster", "assignments").([]any)
		}
		before := len(ids())
		if !slices.ContainsFunc(ids(), func(a any) bool { return a.(map[string]any)["id"] == f.shifts["CS1001/3"] }) {
			t.Fatal("the checked shift is gone")
		}
		s.post(clear, map[string]any{"k": key(), "d": f.depot, "a": []any{map[string]any{"staffId": f.ids["CS1001"], "day": "2026-12-05", "shiftTypeId": nil}}},
			withToken(f.tok["CS2001"])).must(t)
		if after := len(ids()); after != before-1 {
			t.Fatalf("a shift without checks is removed: %d then %d", before, after)
		}
	})
}
