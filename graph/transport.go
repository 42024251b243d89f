package graph

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/graph/request"
	"github.com/expresscs/cs/internal/apperr"
)

// Media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// RetryAfterUnavailable is what Retry-After says while the database cannot be reached.
const RetryAfterUnavailable = 5

// HTTPTransport serves GraphQL over HTTP: GET (queries only) and POST with an
// application/json body. It replaces gqlgen's GET and POST transports so that the body is
// decoded once, by request.DecodeBody (depth-bounded, never quoted back), and so that every
// refusal carries a code and the status the GraphQL-over-HTTP spec asks for:
//   - a body or query string that cannot be decoded, or that has neither a query nor a
//     persisted query's hash: 400 BAD_REQUEST (extensions.field names the parameter);
//   - a document that does not parse or validate: 400 when the client accepts
//     application/graphql-response+json, 200 for plain application/json;
//   - a mutation or subscription over GET: 405 METHOD_NOT_ALLOWED with Allow: POST;
//   - the database out of reach: 503 UNAVAILABLE with Retry-After.
type HTTPTransport struct{}

var _ graphql.Transport = HTTPTransport{}

// Supports takes GET and POST application/json requests that are not WebSocket upgrades
// or server-sent-event streams.
func (HTTPTransport) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	switch r.Method {
	case http.MethodGet:
		return true
	case http.MethodPost:
		return mediaType(r.Header.Get("Content-Type")) == mediaJSON
	}
	return false
}

var paramsPool = sync.Pool{New: func() any { return &graphql.RawParams{} }}

// Do runs one request.
func (HTTPTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	gqlResponse := wantsGraphQLResponse(r)
	ct := mediaJSON
	if gqlResponse {
		ct = mediaGraphQLResponse
	}
	w.Header().Set("Content-Type", ct)

	params := paramsPool.Get().(*graphql.RawParams)
	defer func() {
		*params = graphql.RawParams{}
		paramsPool.Put(params)
	}()
	start := graphql.Now()
	var bad *apperr.Error
	if r.Method == http.MethodGet {
		bad = request.DecodeQuery(r.URL.RawQuery, params)
	} else {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			bad = request.BadRequest("", "请求体读取失败", "The request body could not be read")
		} else {
			bad = request.DecodeBody(body, params)
		}
	}
	if bad == nil && params.Query == "" && params.Extensions["persistedQuery"] == nil {
		// Nothing to run: neither a document nor a persisted query's hash (a typo such
		// as "qeury" lands here). The parameters are wrong, not the document: 400.
		bad = request.BadRequest("query", "请求缺少 query 参数(或 extensions.persistedQuery 中的哈希)", "The request has no query parameter (nor a hash in extensions.persistedQuery)")
	}
	if bad != nil {
		WriteError(w, r, http.StatusBadRequest, bad)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), CapErrors(errs))
		// Nothing ran, so the answer has no data entry at all (not even null), as the
		// spec asks of a request that failed before execution.
		writeResponse(w, statusForRefusal(resp.Errors, gqlResponse), refused{Errors: resp.Errors, Extensions: resp.Extensions})
		return
	}
	if r.Method == http.MethodGet && rc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		WriteError(w, r, http.StatusMethodNotAllowed, apperr.E("graph.http", apperr.MethodNotAllowed).
			Explain("GET 请求只能执行查询,变更和订阅请用 POST", "GET runs queries only; send mutations and subscriptions with POST"))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	resp := responses(ctx)
	status := http.StatusOK
	if hasCode(resp.Errors, apperr.Unavailable) {
		status = http.StatusServiceUnavailable
	}
	writeResponse(w, status, resp)
}

// statusForRefusal is the status of a request refused before execution.
func statusForRefusal(errs gqlerror.List, gqlResponse bool) int {
	status := http.StatusOK
	for _, e := range errs {
		switch code, _ := e.Extensions["code"].(string); apperr.Code(code) {
		case apperr.Unavailable:
			return http.StatusServiceUnavailable
		case apperr.BadRequest:
			return http.StatusBadRequest
		case apperr.GraphQLParseFailed, apperr.GraphQLInvalid, apperr.QueryTooLarge, apperr.QueryTooDeep,
			apperr.QueryTooComplex, apperr.PersistedQueryHashMismatch, apperr.PersistedQueryVersionUnsupported,
			apperr.IntrospectionDisabled, apperr.QueryOverBudget:
			// The spec's legacy application/json answers 200 to any well-formed request;
			// application/graphql-response+json answers 400 to a document that cannot run.
			if gqlResponse {
				status = http.StatusBadRequest
			}
		}
	}
	return status
}

// refused is the answer to a request that never ran: errors, and extensions if any.
type refused struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func writeResponse(w http.ResponseWriter, status int, resp any) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterUnavailable))
	}
	b, err := json.Marshal(resp)
	if err != nil {
		// A response is built from plain values; this is a bug, answered as one.
		panic(err)
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func hasCode(errs gqlerror.List, code apperr.Code) bool {
	for _, e := range errs {
		if c, _ := e.Extensions["code"].(string); c == string(code) {
			return true
		}
	}
	return false
}

// MaxErrors is how many errors one response lists; the rest are summed up in one more.
const MaxErrors = 50

// CapErrors keeps the first MaxErrors errors and adds one saying how many were left out,
// with the code of the first, so a document with thousands of mistakes gets a short
// answer.
func CapErrors(errs gqlerror.List) gqlerror.List {
	if len(errs) <= MaxErrors {
		return errs
	}
	more := len(errs) - MaxErrors
	out := make(gqlerror.List, MaxErrors, MaxErrors+1)
	copy(out, errs[:MaxErrors])
	code, _ := errs[0].Extensions["code"].(string)
	out = append(out, &gqlerror.Error{
		Message:    "and " + strconv.Itoa(more) + " more errors",
		Extensions: map[string]any{"code": code, "omittedErrors": more},
	})
	return out
}

// ErrorCap caps the errors of every response (see CapErrors), whatever the transport.
type ErrorCap struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = ErrorCap{}

// ExtensionName names the extension for gqlgen.
func (ErrorCap) ExtensionName() string { return "ErrorCap" }

// Validate is required by gqlgen; there is nothing to check.
func (ErrorCap) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse trims the list.
func (ErrorCap) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > MaxErrors+1 {
		resp.Errors = CapErrors(resp.Errors)
	}
	return resp
}

// WriteError answers a request refused outside GraphQL execution in the GraphQL
// response shape, with the code, the message in the caller's language and the error's
// extra values, so clients handle it like any other error.
func WriteError(w http.ResponseWriter, r *http.Request, status int, err *apperr.Error) {
	loc := apperr.LocaleFrom(r.Context())
	ext := map[string]any{"code": string(err.Code)}
	if err.Field != "" {
		ext["field"] = err.Field
	}
	for k, v := range err.Extra {
		ext[k] = v
	}
	ct := mediaJSON
	if wantsGraphQLResponse(r) {
		ct = mediaGraphQLResponse
	}
	w.Header().Set("Content-Type", ct)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterUnavailable))
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": apperr.MessageFor(err, loc), "extensions": ext}}})
}

// wantsGraphQLResponse reports whether the client accepts the newer media type; a plain
// application/json client (or one sending no Accept) gets application/json, the first
// listed of the two wins, as in gqlgen's own transports.
func wantsGraphQLResponse(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return false
	}
	for part := range strings.SplitSeq(accept, ",") {
		switch mediaType(part) {
		case mediaGraphQLResponse:
			return true
		case mediaJSON, "*/*", "application/*":
			return false
		}
	}
	return false
}

// mediaType is the lower-case media type of a Content-Type or Accept entry, "" when
// malformed.
func mediaType(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[:i]
	}
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return ""
	}
	if _, _, err := mime.ParseMediaType(v); err != nil {
		return ""
	}
	return v
}

// Gate refuses, before gqlgen picks a transport, what no transport serves: a method
// other than GET, POST and OPTIONS (405 with Allow), and a POST whose media type is
// neither JSON nor multipart (415). A server-sent-events body, and a multipart request's
// operations part, are checked as request.DecodeBody checks any other body, since gqlgen's
// transports decode them leniently (invalid UTF-8 read as U+FFFD) and its SSE transport
// would quote a body it cannot decode in its log and answer. Multipart refusals from
// gqlgen get a code.
func Gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodOptions:
			if r.Header.Get("Upgrade") != "" {
				// A WebSocket handshake the WebSocket library refuses (another origin, a
				// malformed handshake) is answered in plain text: give it a code.
				cw := &codingWriter{ResponseWriter: w, r: r}
				next.ServeHTTP(cw, r)
				cw.finish()
				return
			}
		case http.MethodPost:
			switch mediaType(r.Header.Get("Content-Type")) {
			case mediaJSON:
				if r.Header.Get("Upgrade") == "" && strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
					body, err := io.ReadAll(r.Body)
					var params graphql.RawParams
					bad := request.DecodeBody(body, &params)
					if err != nil || bad != nil {
						if bad == nil {
							bad = request.BadRequest("", "请求体读取失败", "The request body could not be read")
						}
						WriteError(w, r, http.StatusBadRequest, bad)
						return
					}
					r.Body = io.NopCloser(bytes.NewReader(body))
				}
			case "multipart/form-data":
				if bad := checkOperationsPart(r); bad != nil {
					WriteError(w, r, http.StatusBadRequest, bad)
					return
				}
				cw := &codingWriter{ResponseWriter: w, r: r}
				next.ServeHTTP(cw, r)
				cw.finish()
				return
			default:
				WriteError(w, r, http.StatusUnsupportedMediaType, apperr.E("graph.http", apperr.UnsupportedMediaType))
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			WriteError(w, r, http.StatusMethodNotAllowed, apperr.E("graph.http", apperr.MethodNotAllowed))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkOperationsPart checks the head of a GraphQL multipart request before gqlgen reads
// it. The operations part is decoded as request.DecodeBody decodes a JSON body. The map
// part, when it follows, must be a JSON object of at most maxUploadMapBytes giving each
// file key a non-empty list of paths, each path naming a null among the operations'
// variables: gqlgen's RawParams.AddUpload follows a path by type assertions and panics on
// one that names nothing (no variables at all, an index past a list's end, a name where a
// list is). The body is put back for gqlgen: what was read to reach the end of the map
// (kept as it is read), then the rest, so the files that follow are not copied. A request
// that is not a GraphQL multipart request is left to gqlgen, which refuses it.
func checkOperationsPart(r *http.Request) *apperr.Error {
	_, ps, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ps["boundary"] == "" {
		return nil
	}
	var read bytes.Buffer
	rest := r.Body
	defer func() { r.Body = readCloser{io.MultiReader(&read, rest), rest} }()
	mr := multipart.NewReader(io.TeeReader(rest, &read), ps["boundary"])
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "operations" {
		return nil
	}
	ops, err := io.ReadAll(part)
	if err != nil {
		return nil
	}
	var params graphql.RawParams
	if bad := request.DecodeBody(ops, &params); bad != nil {
		if bad.Field == "" {
			bad.Field = "operations"
		}
		return bad
	}
	part, err = mr.NextPart()
	if err != nil || part.FormName() != "map" {
		return nil
	}
	m, err := io.ReadAll(io.LimitReader(part, maxUploadMapBytes+1))
	if err != nil {
		return nil
	}
	return checkUploadMap(m, params.Variables)
}

// maxUploadMapBytes bounds a multipart request's map part: a few paths per file.
const maxUploadMapBytes = 16 << 10

// mapNotAnObject refuses a map part that does not decode, whether checkUploadMap or
// gqlgen finds it.
var mapNotAnObject = apperr.Message{ZH: "map 部分须为 JSON 对象,为每个文件列出变量路径", EN: "The map part must be a JSON object listing variable paths for each file"}

// checkUploadMap refuses a map part that gqlgen could not apply to vars, naming the field
// "map" and never quoting a key or a path.
func checkUploadMap(m []byte, vars map[string]any) *apperr.Error {
	if len(m) > maxUploadMapBytes {
		return request.BadRequest("map", "map 部分过大(最多 16 KiB)", "The map part is too large (at most 16 KiB)")
	}
	var files map[string][]string
	if err := request.DecodeOne(m, &files); err != nil || files == nil {
		return request.BadRequest("map", mapNotAnObject.ZH, mapNotAnObject.EN)
	}
	for _, paths := range files {
		if len(paths) == 0 {
			return request.BadRequest("map", "map 中每个文件须至少对应一个变量路径", "Each file in the map needs at least one variable path")
		}
		for _, p := range paths {
			if !uploadTarget(vars, p) {
				return request.BadRequest("map", "map 中的路径须指向 operations 变量中的 null(如 variables.input.file)",
					"A path in the map must name a null among the operations' variables (such as variables.input.file)")
			}
		}
	}
	return nil
}

// uploadTarget reports whether path ("variables.input.file", "variables.files.0") names a
// null in vars, following it as RawParams.AddUpload does: a segment that parses as an
// integer is an index into a list, any other a key of an object.
func uploadTarget(vars map[string]any, path string) bool {
	rest, ok := strings.CutPrefix(path, "variables.")
	if !ok {
		return false
	}
	var cur any = vars
	for seg := range strings.SplitSeq(rest, ".") {
		if i, err := strconv.Atoi(seg); err == nil {
			list, ok := cur.([]any)
			if !ok || i < 0 || i >= len(list) {
				return false
			}
			cur = list[i]
			continue
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = obj[seg]; !ok {
			return false
		}
	}
	return cur == nil
}

// readCloser reads from one reader and closes another (a body partly read ahead).
type readCloser struct {
	io.Reader
	io.Closer
}

// codingWriter holds back an error answer of gqlgen's multipart transport or of the
// WebSocket handshake (plain messages such as "failed to parse multipart form") and
// rewrites it with a code and a message in the caller's language.
type codingWriter struct {
	http.ResponseWriter
	r      *http.Request
	status int
	buf    *bytes.Buffer
}

func (c *codingWriter) WriteHeader(status int) {
	if c.buf != nil {
		return // a refusal is being held; gqlgen may add its own after the library's
	}
	if status >= 400 && c.status == 0 {
		c.status, c.buf = status, &bytes.Buffer{}
		return
	}
	if c.status == 0 {
		c.status = status
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *codingWriter) Write(b []byte) (int, error) {
	if c.buf != nil {
		return c.buf.Write(b)
	}
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.ResponseWriter.Write(b)
}

func (c *codingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// Hijack lets an accepted WebSocket take over the connection.
func (c *codingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c.status = http.StatusSwitchingProtocols
	return http.NewResponseController(c.ResponseWriter).Hijack()
}

// finish writes a held-back refusal with its code.
func (c *codingWriter) finish() {
	if c.buf == nil {
		return
	}
	var body graphql.Response
	code := apperr.BadRequest
	switch {
	case c.status == http.StatusRequestEntityTooLarge:
		code = apperr.RequestTooLarge
	case c.status == http.StatusForbidden:
		code = apperr.Forbidden
	case c.status >= 500:
		code = apperr.Internal
	}
	if err := json.Unmarshal(c.buf.Bytes(), &body); err != nil || len(body.Errors) == 0 {
		WriteError(c.ResponseWriter, c.r, c.status, apperr.E("graph.multipart", code))
		return
	}
	loc := apperr.LocaleFrom(c.r.Context())
	status := statusForRefusal(body.Errors, wantsGraphQLResponse(c.r))
	for _, e := range body.Errors {
		if _, ok := e.Extensions["code"]; ok {
			continue
		}
		// The form itself could not be read: a malformed request, whatever gqlgen said.
		e.Message = multipartRefusal(code, loc, e.Message)
		e.Extensions = map[string]any{"code": string(code)}
		status = c.status
		if status == http.StatusUnprocessableEntity {
			status = http.StatusBadRequest
		}
	}
	writeResponse(c.ResponseWriter, status, refused{Errors: body.Errors, Extensions: body.Extensions})
}

// multipartRefusals are the refusals of gqlgen's multipart transport, in both languages.
var multipartRefusals = []struct {
	prefix string
	msg    apperr.Message
}{
	{"failed to parse multipart form", apperr.Message{ZH: "无法解析 multipart 表单", EN: "The multipart form could not be parsed"}},
	{"first part must be operations", apperr.Message{ZH: "表单的第一部分须为 operations", EN: "The form's first part must be operations"}},
	{"second part must be map", apperr.Message{ZH: "表单的第二部分须为 map", EN: "The form's second part must be map"}},
	{"operations form field could not be decoded", apperr.Message{ZH: "operations 部分须为 JSON 格式的 GraphQL 请求", EN: "The operations part must be a GraphQL request as JSON"}},
	{"map form field could not be decoded", mapNotAnObject},
	{"failed to parse part", apperr.Message{ZH: "无法读取表单的一部分", EN: "A part of the form could not be read"}},
	{"invalid empty operations paths list for key", apperr.Message{ZH: "表单中有文件未列在 map 中", EN: "A file in the form is not listed in the map"}},
	{"failed to read file for key", apperr.Message{ZH: "无法读取表单中的文件", EN: "A file in the form could not be read"}},
}

// multipartRefusal is gqlgen's multipart refusal msg in the caller's language. One not
// listed in multipartRefusals is given as its code's message: gqlgen's texts may quote a
// file key or a path the client sent.
func multipartRefusal(code apperr.Code, loc apperr.Locale, msg string) string {
	for _, r := range multipartRefusals {
		if strings.HasPrefix(msg, r.prefix) {
			return r.msg.In(loc)
		}
	}
	return apperr.Text(code, loc)
}

// CloseBadRequest closes a WebSocket whose client sent a message that is not Unicode JSON
// text or not a message of the protocol (checkSocketMessage); it is graphql-transport-ws's
// code for a malformed message, and BAD_REQUEST is the reason.
const CloseBadRequest = 4400

// checkedSockets accepts WebSocket connections through impl and refuses, as
// request.CheckEncoding does a body, a message that is not UTF-8 or has a lone surrogate
// escape: gqlgen decodes messages with encoding/json, which reads either as U+FFFD. It
// also refuses a message the protocol does not define (checkSocketMessage), and closes
// with CloseSubscriberExists a subscribe whose id is running already. The
// connection is closed with CloseBadRequest (RFC 6455 asks a text message that is not
// UTF-8 to fail the connection); nothing in the message runs.
type checkedSockets struct {
	impl transport.WebsocketImplementation
}

func (c checkedSockets) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := c.impl.Accept(w, r, o)
	if err != nil {
		return nil, err
	}
	return &checkedSocket{WebsocketConn: conn}, nil
}

type checkedSocket struct {
	transport.WebsocketConn
	ops socketOperations
}

// WriteJSON writes v, following which operations it ends.
func (c *checkedSocket) WriteJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.ops.sent(b)
	return c.WebsocketConn.WriteJSON(json.RawMessage(b))
}

var _ interface {
	transport.WebsocketReadLimiter
	transport.WebsocketReadDeadliner
} = (*checkedSocket)(nil)

// errMalformedMessage ends gqlgen's read loop after the connection has been closed.
var errMalformedMessage = errors.New("websocket message is not a protocol message in Unicode JSON text")

func (c *checkedSocket) NextReader() (int, io.Reader, error) {
	kind, r, err := c.WebsocketConn.NextReader()
	if err != nil {
		return kind, r, err
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return kind, nil, err
	}
	bad := request.CheckEncoding(b)
	var m socketMessage
	if bad == nil {
		m, bad = checkSocketMessage(c.Subprotocol(), b)
	}
	if bad != nil {
		_ = c.WriteClose(CloseBadRequest, string(bad.Code))
		return kind, nil, errMalformedMessage
	}
	if !c.ops.seen(m) {
		_ = c.WriteClose(CloseSubscriberExists, string(apperr.Conflict))
		return kind, nil, errMalformedMessage
	}
	return kind, bytes.NewReader(b), nil
}

// SetReadLimit and SetReadDeadline pass gqlgen's limits on to the connection.
func (c *checkedSocket) SetReadLimit(n int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(n)
	}
}

func (c *checkedSocket) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
}
