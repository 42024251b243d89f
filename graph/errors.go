package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strings"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// gqlgen's own error codes, mapped onto the catalogue.
var engineCodes = map[string]apperr.Code{
	"GRAPHQL_PARSE_FAILED":          apperr.GraphQLParseFailed,
	"GRAPHQL_VALIDATION_FAILED":     apperr.GraphQLInvalid,
	"COMPLEXITY_LIMIT_EXCEEDED":     apperr.QueryTooComplex,
	"PERSISTED_QUERY_NOT_FOUND":     apperr.PersistedQueryNotFound,
	"PERSISTED_QUERY_NOT_SUPPORTED": apperr.PersistedQueryNotFound,
	"TOKEN_LIMIT":                   apperr.QueryTooLarge, // gqlparser reports it as a parse failure
}

// ErrorPresenter turns every error into a GraphQL error with a stable extensions.code
// and a message in the caller's language. Internal causes are logged with the request
// id and never shown; a database out of reach is UNAVAILABLE (retryable, HTTP 503), not
// our fault. Client mistakes are never logged above DEBUG, and no log line carries a
// message that could quote the request.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		loc := apperr.LocaleFrom(ctx)
		reqID := identity.RequestIDFrom(ctx)
		if out.Extensions == nil {
			out.Extensions = map[string]any{}
		}
		var ae *apperr.Error
		isApp := errors.As(err, &ae)
		if (!isApp || ae.Code == apperr.Internal) && db.IsUnavailable(err) {
			log.WarnContext(ctx, "database unavailable", "requestId", reqID, "err", db.LogSafe(err))
			present(out, apperr.E("graph", apperr.Unavailable).With("retryAfterSeconds", RetryAfterUnavailable), loc)
			return out
		}
		if isApp {
			present(out, ae, loc)
			if ae.Code == apperr.Internal {
				log.ErrorContext(ctx, "internal error", "requestId", reqID, "op", ae.Op, "err", db.LogSafe(ae.Err))
				out.Extensions["requestId"] = reqID
			}
			return out
		}
		if raw, ok := out.Extensions["code"].(string); ok {
			if raw == "GRAPHQL_PARSE_FAILED" && strings.HasPrefix(out.Message, "exceeded token limit") {
				raw = "TOKEN_LIMIT"
			}
			if raw == string(apperr.PersistedQueryNotFound) && out.Message == PersistedQueryNotFoundMessage {
				return out // the protocol's literal; localised in extensions.localizedMessage
			}
			if code, known := engineCodes[raw]; known {
				// Keep the engine's specific explanation (which field, which limit) after
				// the localised summary.
				msg := out.Message
				if code == apperr.GraphQLInvalid {
					msg = validationMessage(out, loc)
				}
				if summary := apperr.Text(code, loc); !strings.HasPrefix(msg, summary) {
					msg = summary + ": " + msg
				}
				out.Message = visible(msg)
				out.Extensions["code"] = string(code)
				return out
			}
			if apperr.Known(apperr.Code(raw)) {
				return out // raised by our own extensions, already localised
			}
		}
		if out.Path == nil && len(out.Locations) > 0 {
			// Errors located in the document but not raised by a resolver come from the
			// validator (for example a variable of the wrong type).
			out.Message = apperr.Text(apperr.GraphQLInvalid, loc) + ": " + visible(validationMessage(out, loc))
			out.Extensions["code"] = string(apperr.GraphQLInvalid)
			return out
		}
		var gqlErr *gqlerror.Error
		if out.Path == nil && errors.As(err, &gqlErr) {
			// A request-level refusal of a transport (a WebSocket message that is not
			// JSON, for example): the client's mistake. Its message may quote the
			// request, so it is not logged.
			log.DebugContext(ctx, "malformed request", "requestId", reqID)
			out.Message = apperr.Text(apperr.BadRequest, loc) + ": " + visible(out.Message)
			out.Extensions = map[string]any{"code": string(apperr.BadRequest)}
			return out
		}
		log.ErrorContext(ctx, "unclassified error", "requestId", reqID, "path", out.Path.String(), "err", db.LogSafe(err))
		out.Message = apperr.Text(apperr.Internal, loc)
		out.Extensions = map[string]any{"code": string(apperr.Internal), "requestId": reqID}
		return out
	}
}

// visible writes the invisible characters of an engine's message as escapes (U+202E as
// \u202e): control characters and format characters (Unicode's Cc and Cf: bidirectional
// overrides and isolates, zero-width characters). The engine quotes what the document
// holds (a string where a Boolean belongs: Boolean cannot represent a non boolean value:
// "…"), and a GraphQL string may hold a right-to-left override as it is, which would
// turn the rest of the message around on the caller's screen, or in a log viewer.
func visible(msg string) string {
	if !strings.ContainsFunc(msg, invisible) {
		return msg
	}
	var b strings.Builder
	for _, r := range msg {
		switch {
		case !invisible(r):
			b.WriteRune(r)
		case r > 0xFFFF:
			fmt.Fprintf(&b, "\\U%08x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

func invisible(r rune) bool { return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) }

func present(out *gqlerror.Error, ae *apperr.Error, loc apperr.Locale) {
	out.Message = apperr.MessageFor(ae, loc)
	out.Extensions["code"] = string(ae.Code)
	if ae.Field != "" {
		out.Extensions["field"] = ae.Field
	} else if f := scalarField(out.Path, ae); f != "" {
		out.Extensions["field"] = f
	}
	for k, v := range ae.Extra {
		out.Extensions[k] = v
	}
}

// scalarField names the input field a scalar refused (graph/model's scalars, op
// "graphql.<Scalar>", which cannot know it): the last name on the error's path, which
// gqlgen sets to the argument's path (recordTrackingEvents.input.events[0].occurredAt).
func scalarField(path ast.Path, ae *apperr.Error) string {
	if ae.Code != apperr.BadUserInput || !strings.HasPrefix(ae.Op, "graphql.") {
		return ""
	}
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}

// RecoverFunc turns a panic into an INTERNAL error and logs the stack with the request
// id. The panic's value is logged only when it is a runtime error (an index out of range,
// a nil dereference), whose text the runtime wrote; any other value could hold what a
// request carried, so only its type is logged.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		what := PanicSummary(p)
		log.ErrorContext(ctx, "panic", "requestId", identity.RequestIDFrom(ctx), "panic", what, "stack", string(debug.Stack()))
		return &apperr.Error{Op: "graph.recover", Code: apperr.Internal, Err: errors.New("panic: " + what)}
	}
}

// PanicSummary describes a recovered value for the log without its content unless the
// runtime wrote it.
func PanicSummary(p any) string {
	if re, ok := p.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("%T", p)
}

// countingPresenter reports each presented error's code to observe.
func countingPresenter(present graphql.ErrorPresenterFunc, observe func(code string)) graphql.ErrorPresenterFunc {
	if observe == nil {
		return present
	}
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := present(ctx, err)
		code, _ := out.Extensions["code"].(string)
		observe(code)
		return out
	}
}
