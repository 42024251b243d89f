package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/internal/apperr"
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
// id and never shown.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		loc := apperr.LocaleFrom(ctx)
		reqID := identity.RequestIDFrom(ctx)
		if out.Extensions == nil {
			out.Extensions = map[string]any{}
		}
		var ae *apperr.Error
		if errors.As(err, &ae) {
			present(out, ae, loc)
			if ae.Code == apperr.Internal {
				log.ErrorContext(ctx, "internal error", "requestId", reqID, "op", ae.Op, "err", ae.Err)
				out.Extensions["requestId"] = reqID
			}
			return out
		}
		if raw, ok := out.Extensions["code"].(string); ok {
			if raw == "GRAPHQL_PARSE_FAILED" && strings.HasPrefix(out.Message, "exceeded token limit") {
				raw = "TOKEN_LIMIT"
			}
			if code, known := engineCodes[raw]; known {
				// Keep the engine's specific explanation (which field, which limit) after
				// the localised summary.
				out.Message = apperr.Text(code, loc) + ": " + out.Message
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
			out.Message = apperr.Text(apperr.GraphQLInvalid, loc) + ": " + out.Message
			out.Extensions["code"] = string(apperr.GraphQLInvalid)
			return out
		}
		log.ErrorContext(ctx, "unclassified error", "requestId", reqID, "err", err)
		out.Message = apperr.Text(apperr.Internal, loc)
		out.Extensions = map[string]any{"code": string(apperr.Internal), "requestId": reqID}
		return out
	}
}

func present(out *gqlerror.Error, ae *apperr.Error, loc apperr.Locale) {
	out.Message = apperr.MessageFor(ae, loc)
	out.Extensions["code"] = string(ae.Code)
	if ae.Field != "" {
		out.Extensions["field"] = ae.Field
	}
	for k, v := range ae.Extra {
		out.Extensions[k] = v
	}
}

// RecoverFunc turns a panic into an INTERNAL error and logs the stack with the request id.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic", "requestId", identity.RequestIDFrom(ctx), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &apperr.Error{Op: "graph.recover", Code: apperr.Internal, Err: fmt.Errorf("panic: %v", p)}
	}
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
