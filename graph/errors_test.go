package graph

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"syscall"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

func TestPanicBecomesInternalErrorWithRequestID(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	ctx := identity.WithRequestID(apperr.WithLocale(context.Background(), apperr.EN), "req-12345678")
	err := RecoverFunc(log)(ctx, runtimeError())
	out := ErrorPresenter(log)(ctx, err)
	if out.Extensions["code"] != "INTERNAL" || out.Extensions["requestId"] != "req-12345678" {
		t.Fatalf("presented as %+v", out)
	}
	if strings.Contains(out.Message, "index out of range") {
		t.Errorf("the panic leaked to the client: %q", out.Message)
	}
	if !strings.Contains(logs.String(), "index out of range") || !strings.Contains(logs.String(), "req-12345678") {
		t.Errorf("panic not logged with its request id: %s", logs.String())
	}
}

func TestAPanicValueThatIsNotTheRuntimesIsNotLogged(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	ctx := identity.WithRequestID(context.Background(), "req-12345678")
	err := RecoverFunc(log)(ctx, "bad input: phone 13812345678, password Hunter2!")
	_ = ErrorPresenter(log)(ctx, err)
	if strings.Contains(logs.String(), "13812345678") || strings.Contains(logs.String(), "Hunter2") {
		t.Fatalf("the panic's value reached the log: %s", logs.String())
	}
	if !strings.Contains(logs.String(), `"panic":"string"`) || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("the panic's type and stack are not logged: %s", logs.String())
	}
}

// runtimeError recovers a real runtime panic (an index out of range).
func runtimeError() (p any) {
	defer func() { p = recover() }()
	var s []int
	i := 5
	_ = s[i]
	return nil
}

func TestUnexpectedErrorsNeverLeak(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	ctx := identity.WithRequestID(context.Background(), "req-abcdefgh")
	out := ErrorPresenter(log)(ctx, errors.New("pq: relation staff does not exist"))
	if out.Extensions["code"] != "INTERNAL" || strings.Contains(out.Message, "relation") {
		t.Fatalf("presented as %+v", out)
	}
	out = ErrorPresenter(log)(ctx, apperr.Wrap("op", errors.New("disk full")))
	if out.Extensions["code"] != "INTERNAL" || out.Message != "系统内部错误，请稍后重试" {
		t.Fatalf("wrapped: %+v", out)
	}
	if !strings.Contains(logs.String(), "disk full") {
		t.Error("the cause was not logged")
	}
}

func TestDomainErrorsKeepCodeFieldAndExtras(t *testing.T) {
	ctx := apperr.WithLocale(context.Background(), apperr.EN)
	e := apperr.Invalid("op", "phone", "手机号格式不正确", "Malformed phone number")
	out := ErrorPresenter(slog.Default())(ctx, e)
	if out.Extensions["code"] != "BAD_USER_INPUT" || out.Extensions["field"] != "phone" || out.Message != "Malformed phone number" {
		t.Fatalf("%+v", out)
	}
	locked := apperr.E("op", apperr.AccountLocked).With("retryAfterSeconds", 900)
	if out := ErrorPresenter(slog.Default())(ctx, locked); out.Extensions["retryAfterSeconds"] != 900 {
		t.Fatalf("%+v", out)
	}
	engine := &gqlerror.Error{Message: `Cannot query field "x"`, Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}}
	if out := ErrorPresenter(slog.Default())(ctx, engine); !strings.HasPrefix(out.Message, "The query does not match the schema") {
		t.Fatalf("%+v", out)
	}
}

func TestGlobalIDsAndCursors(t *testing.T) {
	id := GlobalID("Staff", "0190-abc")
	typ, key, err := ParseGlobalID(id, "Staff")
	if err != nil || typ != "Staff" || key != "0190-abc" {
		t.Fatalf("round trip: %s %s %v", typ, key, err)
	}
	if _, _, err := ParseGlobalID(id, "OrgUnit"); !apperr.Is(err, apperr.BadUserInput) {
		t.Error("an id of another type was accepted")
	}
	for _, bad := range []string{"", "!!!", GlobalID("", "x"), "U3RhZmY"} {
		if _, _, err := ParseGlobalID(bad, ""); err == nil {
			t.Errorf("ParseGlobalID(%q) accepted", bad)
		}
	}
	c := EncodeCursor("k1")
	if got, err := DecodeCursor(&c); err != nil || got != "k1" {
		t.Fatalf("cursor: %q %v", got, err)
	}
	bad := "bm9wZQ"
	if _, err := DecodeCursor(&bad); err == nil {
		t.Error("a foreign cursor was accepted")
	}
	for _, n := range []int{-1, 101} {
		if _, err := PageSize(&n); !apperr.Is(err, apperr.PageSizeExceeded) {
			t.Errorf("PageSize(%d) = %v", n, err)
		}
	}
}

func TestConnectionPages(t *testing.T) {
	type row struct{ id string }
	edge := func(c string, r row) string { return c + "=" + r.id }
	key := func(r row) string { return r.id }
	edges, info := connection([]row{}, key, edge, db.PageInfo{})
	if edges == nil || len(edges) != 0 || info.StartCursor != nil || info.EndCursor != nil || info.HasPreviousPage {
		t.Fatalf("empty first page: %v %+v", edges, info)
	}
	edges, info = connection([]row{{"a"}, {"b"}}, key, edge, db.PageInfo{HasNext: true, HasPrevious: true})
	if len(edges) != 2 || *info.StartCursor != EncodeCursor("a") || *info.EndCursor != EncodeCursor("b") || !info.HasNextPage || !info.HasPreviousPage {
		t.Fatalf("page after a cursor: %v %+v", edges, info)
	}
}

func TestASocketRefusedForItsRightsClosesWith4403(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{apperr.E("op", apperr.Unauthenticated), CloseUnauthorized},
		{apperr.E("op", apperr.Forbidden), CloseForbidden},
		{apperr.Wrap("op", syscall.ECONNREFUSED), CloseUnavailable},
		{errors.New("boom"), CloseInternal},
	} {
		if got, _ := socketCloseFor(c.err); got != c.want {
			t.Errorf("%v: close code %d, want %d", c.err, got, c.want)
		}
	}
}

// A response for a request refused before it had an operation (gqlgen's SSE and
// multipart transports answer decoding failures so) reports no cost, and does not panic
// with "missing operation context".
func TestCostReportWithoutAnOperation(t *testing.T) {
	resp := CostReport{Limit: 5000}.InterceptResponse(context.Background(), func(context.Context) *graphql.Response {
		return &graphql.Response{Errors: gqlerror.List{{Message: "operations form field could not be decoded"}}}
	})
	if resp == nil || resp.Extensions["cost"] != nil {
		t.Fatalf("%+v", resp)
	}
}

func TestErrorListsAreCappedWithOneMoreSayingHowMany(t *testing.T) {
	var errs gqlerror.List
	for i := range 9799 {
		errs = append(errs, &gqlerror.Error{Message: "unknown directive", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED", "i": i}})
	}
	out := CapErrors(errs)
	if len(out) != MaxErrors+1 || out[MaxErrors].Extensions["omittedErrors"] != 9799-MaxErrors || out[MaxErrors].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("%d errors, last %+v", len(out), out[len(out)-1])
	}
	if short := CapErrors(errs[:3]); len(short) != 3 {
		t.Errorf("a short list was changed: %d", len(short))
	}
}
