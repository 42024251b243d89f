package main

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

const createTicketReturning = `mutation($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id summary customerName } } }`

// ticketVars is createTicket's variables as raw JSON, summary and name written into it as
// they are (bytes or escapes), which json.Marshal would have cleaned.
func ticketVars(summary, name string) string {
	return `{"in":{"idempotencyKey":"` + key() + `","kind":"ENQUIRY","summary":"` + summary + `","customerName":"` + name + `","customerPhone":"13812345678"}}`
}

func ticketBody(summary, name string) []byte {
	q, _ := json.Marshal(createTicketReturning)
	return []byte(`{"query":` + string(q) + `,"variables":` + ticketVars(summary, name) + `}`)
}

// TestTextThatIsNotUnicodeIsRefusedWholeAndNothingIsStored: a request whose JSON holds
// bytes that are not UTF-8, or a \u escape of half a surrogate pair, is refused as a whole
// with BAD_REQUEST, in the caller's language, over POST, server-sent events, a multipart
// form, GET and WebSocket alike; a GraphQL string with such an escape is a syntax error.
// encoding/json had read either as U+FFFD, and the ticket was created with "bad utf8 ��
// here". Nothing is stored; Chinese text, a surrogate pair and a U+FFFD the client really
// sent are stored as sent.
func TestTextThatIsNotUnicodeIsRefusedWholeAndNothingIsStored(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		tickets := func() map[string]string {
			r := s.post(`{ tickets(first: 100) { edges { node { summary customerName } } } }`, nil, withToken(agent)).must(t)
			out := map[string]string{}
			for _, e := range r.path("tickets", "edges").([]any) {
				n := e.(map[string]any)["node"].(map[string]any)
				out[n["summary"].(string)] = n["customerName"].(string)
			}
			return out
		}
		before := len(tickets())

		type refusal struct{ zh, en string }
		notUTF8 := refusal{"请求体不是有效的 UTF-8 文本", "The request body is not valid UTF-8 text"}
		surrogate := refusal{"请求的 JSON 含有不成对的 Unicode 代理项转义", "The request's JSON has a surrogate escape (\\uD800–\\uDFFF) that is not one half of a pair"}
		check := func(t *testing.T, rec *httptest.ResponseRecorder, lang string, want refusal, field string) {
			t.Helper()
			code, msg, ext := refusalOf(t, rec)
			if rec.Code != http.StatusBadRequest || code != "BAD_REQUEST" {
				t.Fatalf("%d %s: %s", rec.Code, code, rec.Body.String())
			}
			if w := map[string]string{"": want.zh, "en": want.en}[lang]; !strings.Contains(msg, w) {
				t.Errorf("message %q, want %q", msg, w)
			}
			if field != "" && ext["field"] != field {
				t.Errorf("field %v, want %s", ext["field"], field)
			}
			if strings.Contains(rec.Body.String(), "13812345678") || strings.Contains(rec.Body.String(), "here") {
				t.Errorf("the refusal quotes the request: %s", rec.Body.String())
			}
		}
		bad := []struct {
			name, summary, customer string
			want                    refusal
		}{
			{"bytes that are not UTF-8", "bad utf8 \xff\xfe here", "\xc3\x28test", notUTF8},
			{"a truncated sequence", "询问\xe6\x97", "陈先生", notUTF8},
			{"a lone low surrogate", `\udc00 here`, "陈先生", surrogate},
			{"a lone high surrogate", "here", `陈\ud83d`, surrogate},
		}
		transports := []struct {
			name  string
			field string
			send  func(body []byte, opts ...reqOpt) *httptest.ResponseRecorder
		}{
			{"POST", "", func(body []byte, opts ...reqOpt) *httptest.ResponseRecorder {
				return s.send(http.MethodPost, "/graphql", "application/json", body, opts...)
			}},
			{"server-sent events", "", func(body []byte, opts ...reqOpt) *httptest.ResponseRecorder {
				return s.send(http.MethodPost, "/graphql", "application/json", body, append(opts, withHeader("Accept", "text/event-stream"))...)
			}},
			{"multipart", "operations", func(body []byte, opts ...reqOpt) *httptest.ResponseRecorder {
				var form bytes.Buffer
				mw := multipart.NewWriter(&form)
				_ = mw.WriteField("operations", string(body))
				_ = mw.WriteField("map", `{}`)
				_ = mw.Close()
				return s.send(http.MethodPost, "/graphql", mw.FormDataContentType(), form.Bytes(), opts...)
			}},
		}
		for _, c := range bad {
			for _, tr := range transports {
				t.Run(c.name+" over "+tr.name, func(t *testing.T) {
					for _, lang := range []string{"", "en"} {
						check(t, tr.send(ticketBody(c.summary, c.customer), withToken(agent), withHeader("Accept-Language", lang)), lang, c.want, tr.field)
					}
				})
			}
		}
		t.Run("a GET", func(t *testing.T) {
			for _, lang := range []string{"", "en"} {
				rec := s.send(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ orders(search: "`)+"%FF"+url.QueryEscape(`") { totalCount } }`), "", nil,
					withToken(agent), withHeader("Accept-Language", lang))
				check(t, rec, lang, refusal{"请求参数 query 不是有效的 UTF-8 文本", "The query parameter is not valid UTF-8 text"}, "query")
				rec = s.send(http.MethodGet, "/graphql?query="+url.QueryEscape(`query($s: String) { orders(search: $s) { totalCount } }`)+"&variables="+url.QueryEscape(`{"s":"\udc00"}`), "", nil,
					withToken(agent), withHeader("Accept-Language", lang))
				check(t, rec, lang, surrogate, "variables")
			}
		})
		t.Run("a lone surrogate escape in the document", func(t *testing.T) {
			q, _ := json.Marshal(`mutation { createTicket(input: {idempotencyKey: "` + key() + `", kind: ENQUIRY, summary: "\udc00 here", customerName: "陈先生", customerPhone: "13812345678"}) { ticket { id } } }`)
			r := s.raw([]byte(`{"query":`+string(q)+`}`), withToken(agent), withHeader("Accept-Language", "en"))
			if r.Code() != "GRAPHQL_PARSE_FAILED" || !strings.Contains(r.Errors[0].Message, `\udc00 is half of a surrogate pair`) || r.Data != nil {
				t.Fatalf("%s", r.Raw)
			}
		})
		t.Run("a WebSocket message", func(t *testing.T) {
			srv := httptest.NewServer(s.h)
			defer srv.Close()
			for _, c := range bad {
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
				conn, err := wsSubscribe(t, ctx, srv.URL, map[string]any{"Authorization": "Bearer " + agent}, `{ me { name } }`, nil)
				if err != nil {
					t.Fatal(err)
				}
				var first map[string]any
				if err := wsjson.Read(ctx, conn, &first); err != nil || first["type"] != "next" {
					t.Fatalf("a good message on the connection: %v %v", first, err)
				}
				q, _ := json.Marshal(createTicketReturning)
				msg := `{"id":"2","type":"subscribe","payload":{"query":` + string(q) + `,"variables":` + ticketVars(c.summary, c.customer) + `}}`
				if err := conn.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
					t.Fatal(err)
				}
				for {
					var m map[string]any
					err := wsjson.Read(ctx, conn, &m)
					if err == nil {
						if m["id"] == "2" && m["type"] == "next" {
							t.Fatalf("%s: the mutation ran: %v", c.name, m)
						}
						continue
					}
					if websocket.CloseStatus(err) != 4400 {
						t.Fatalf("%s: closed with %v, want 4400", c.name, err)
					}
					break
				}
				conn.CloseNow()
				cancel()
			}
		})
		if got := tickets(); len(got) != before {
			t.Fatalf("refused requests stored tickets: %d before, now %v", before, got)
		}

		// What is Unicode text is stored as sent, over each transport.
		for _, c := range []struct{ name, summary, customer, wantSummary, wantCustomer string }{
			{"Chinese", "询问时效,快递何时送达", "陈先生", "询问时效,快递何时送达", "陈先生"},
			{"a surrogate pair", `面带微笑 \ud83d\ude00`, `王\uD83D\uDE00`, "面带微笑 😀", "王😀"},
			{"U+FFFD the client sent", `显示为 \ufffd 的字`, "李先生\xef\xbf\xbd", "显示为 \ufffd 的字", "李先生\ufffd"},
		} {
			r := s.raw(ticketBody(c.summary, c.customer), withToken(agent)).must(t)
			if got := r.path("createTicket", "ticket", "summary"); got != c.wantSummary || r.path("createTicket", "ticket", "customerName") != c.wantCustomer {
				t.Errorf("%s: stored %q / %q", c.name, got, r.path("createTicket", "ticket", "customerName"))
			}
		}
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		_ = mw.WriteField("operations", string(ticketBody("多部分表单:柜台咨询", `赵\ud83d\ude00`)))
		_ = mw.WriteField("map", `{}`)
		_ = mw.Close()
		if rec := s.send(http.MethodPost, "/graphql", mw.FormDataContentType(), form.Bytes(), withToken(agent)); rec.Code != 200 || !strings.Contains(rec.Body.String(), "赵😀") {
			t.Errorf("multipart: %d %s", rec.Code, rec.Body.String())
		}
		got := tickets()
		if len(got) != before+4 || got["面带微笑 😀"] != "王😀" || got["显示为 \ufffd 的字"] != "李先生\ufffd" || got["多部分表单:柜台咨询"] != "赵😀" {
			t.Errorf("read back: %v", got)
		}
	})
}
