package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/media"
)

// multipartBody writes a GraphQL multipart request part by part: each pair is a part's
// name and its content; a name starting with "file:" is a file part.
func multipartBody(parts ...string) (body []byte, contentType string) {
	var b bytes.Buffer
	for i := 0; i+1 < len(parts); i += 2 {
		name, content := parts[i], parts[i+1]
		b.WriteString("--XX\r\n")
		if f, ok := strings.CutPrefix(name, "file:"); ok {
			b.WriteString(`Content-Disposition: form-data; name="` + f + `"; filename="a.png"` + "\r\nContent-Type: image/png\r\n\r\n")
		} else {
			b.WriteString(`Content-Disposition: form-data; name="` + name + `"` + "\r\n\r\n")
		}
		b.WriteString(content + "\r\n")
	}
	b.WriteString("--XX--\r\n")
	return b.Bytes(), "multipart/form-data; boundary=XX"
}

// TestUploadMapsThatNameNothingAreBadRequests: a multipart request whose map names a
// place the operations' variables do not have (no variables at all, a name where a list
// is, an index past the end or below zero, a value that is not a null placeholder) made
// gqlgen's RawParams.AddUpload panic, an INTERNAL answer and a stack in the log. Each is a
// BAD_REQUEST on the field "map" in the caller's language, quoting nothing sent; no photo
// is stored, and the log holds no panic. Refusals of the form's shape that gqlgen itself
// gives (no map part, a file the map does not list) are said in the caller's language too,
// and quote no key.
func TestUploadMapsThatNameNothingAreBadRequests(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newTestServer(t, d)
	var logs syncBuffer
	s.app.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s.h = newRouter(s.app, newMetrics(d))
	access, _ := s.login("CS1001")
	png := string(testPNG(t, 8))
	upload := `{"query":"mutation($f: Upload!) { uploadPhoto(input: {file: $f}) { photo { id } } }","variables":{"f":null}}`
	noVars := `{"query":"mutation($f: Upload!) { uploadPhoto(input: {file: $f}) { photo { id } } }"}`
	listVars := `{"query":"mutation($f: Upload!) { uploadPhoto(input: {file: $f}) { photo { id } } }","variables":{"f":null,"l":[null],"o":{"0":null}}}`
	const (
		mapZH = "map 中的路径须指向 operations 变量中的 null(如 variables.input.file)"
		mapEN = "A path in the map must name a null among the operations' variables (such as variables.input.file)"
	)
	for _, c := range []struct {
		name   string
		parts  []string
		zh, en string
	}{
		{"operations without variables", []string{"operations", noVars, "map", `{"0":["variables.f"]}`, "file:0", png}, mapZH, mapEN},
		{"operations with variables null", []string{"operations", strings.Replace(upload, `{"f":null}`, "null", 1), "map", `{"0":["variables.f"]}`, "file:0", png}, mapZH, mapEN},
		{"a bidi-laden name the variables do not have", []string{"operations", upload, "map", `{"0":["variables.\u202eevil"]}`, "file:0", png}, mapZH, mapEN},
		{"a path through a null", []string{"operations", upload, "map", `{"0":["variables.f.g"]}`, "file:0", png}, mapZH, mapEN},
		{"an index into an object", []string{"operations", listVars, "map", `{"0":["variables.o.0"]}`, "file:0", png}, mapZH, mapEN},
		{"an index past a list's end", []string{"operations", listVars, "map", `{"0":["variables.l.1"]}`, "file:0", png}, mapZH, mapEN},
		{"a negative index", []string{"operations", listVars, "map", `{"0":["variables.l.-1"]}`, "file:0", png}, mapZH, mapEN},
		{"a huge index", []string{"operations", listVars, "map", `{"0":["variables.l.99999999999999999999"]}`, "file:0", png}, mapZH, mapEN},
		{"a name where a list is", []string{"operations", listVars, "map", `{"0":["variables.l.x"]}`, "file:0", png}, mapZH, mapEN},
		{"a value that is not a null placeholder", []string{"operations", strings.Replace(upload, `{"f":null}`, `{"f":"x"}`, 1), "map", `{"0":["variables.f"]}`, "file:0", png}, mapZH, mapEN},
		{"a path without the variables prefix", []string{"operations", upload, "map", `{"0":["f"]}`, "file:0", png}, mapZH, mapEN},
		{"an empty path list", []string{"operations", upload, "map", `{"0":[]}`, "file:0", png},
			"map 中每个文件须至少对应一个变量路径", "Each file in the map needs at least one variable path"},
		{"a map that is not an object of lists", []string{"operations", upload, "map", `{"0":"variables.f"}`, "file:0", png},
			"map 部分须为 JSON 对象,为每个文件列出变量路径", "The map part must be a JSON object listing variable paths for each file"},
		{"a map of null", []string{"operations", upload, "map", `null`, "file:0", png},
			"map 部分须为 JSON 对象,为每个文件列出变量路径", "The map part must be a JSON object listing variable paths for each file"},
		{"a map with trailing text", []string{"operations", upload, "map", `{"0":["variables.f"]} {}`, "file:0", png},
			"map 部分须为 JSON 对象,为每个文件列出变量路径", "The map part must be a JSON object listing variable paths for each file"},
		{"a map with a stray bracket after it", []string{"operations", upload, "map", `{"0":["variables.f"]} ]`, "file:0", png},
			"map 部分须为 JSON 对象,为每个文件列出变量路径", "The map part must be a JSON object listing variable paths for each file"},
		{"a map of 20,000 bytes", []string{"operations", upload, "map", `{"0":["variables.f"],"1":["` + strings.Repeat("a", 20000) + `"]}`, "file:0", png},
			"map 部分过大(最多 16 KiB)", "The map part is too large (at most 16 KiB)"},
		{"no map part", []string{"operations", upload, "file:0", png},
			"表单的第二部分须为 map", "The form's second part must be map"},
		{"a file the map does not list", []string{"operations", upload, "map", `{"0":["variables.f"]}`, "file:\u202ekey", png},
			"表单中有文件未列在 map 中", "A file in the form is not listed in the map"},
	} {
		t.Run(c.name, func(t *testing.T) {
			body, ct := multipartBody(c.parts...)
			for lang, want := range map[string]string{"zh-CN": c.zh, "en": c.en} {
				rec := s.send(http.MethodPost, "/graphql", ct, body, withToken(access), withHeader("Accept-Language", lang))
				code, msg, _ := refusalOf(t, rec)
				if rec.Code != http.StatusBadRequest || code != "BAD_REQUEST" || msg != want {
					t.Errorf("%s: %d %s %q, want 400 BAD_REQUEST %q", lang, rec.Code, code, msg, want)
				}
			}
		})
	}
	if n := dbtest.Count(t, d, (*media.Photo)(nil)); n != 0 {
		t.Errorf("%d photos stored by refused uploads", n)
	}
	if strings.Contains(logs.String(), "panic") {
		t.Errorf("a refused upload logged a panic:\n%.2000s", logs.String())
	}

	// What the app sends still uploads, as does a map naming a list's element too.
	for _, m := range []string{`{"0":["variables.f"]}`, `{"0":["variables.f","variables.l.0"]}`} {
		body, ct := multipartBody("operations", listVars, "map", m, "file:0", png)
		rec := s.send(http.MethodPost, "/graphql", ct, body, withToken(access))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"photo":{"id"`) {
			t.Fatalf("%s: %d %s", m, rec.Code, rec.Body.String())
		}
	}
	if n := dbtest.Count(t, d, (*media.Photo)(nil)); n != 1 { // the same bytes: one photo
		t.Errorf("%d photos after two uploads of the same bytes", n)
	}
}
