package jobs

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// TestJobErrorsInSpansNameNoURLOrValue: the error otelriver puts in a work span's status
// names no URL (a push endpoint, a webhook URL with a token) and quotes no value, still
// unwraps to the worker's error (a cancel stays a cancel), and River gets the worker's
// error itself.
func TestJobErrorsInSpansNameNoURLOrValue(t *testing.T) {
	const secret = "s3cr3t-token-13987651234"
	cases := []struct {
		err  error
		want string
	}{
		{&url.Error{Op: "Post", URL: "https://push.example/send/" + secret + "?t=" + secret, Err: errors.New("connection refused")}, "job failed: Post request failed"},
		{&pgconn.PgError{Code: "22P02", Message: `invalid input syntax for type uuid: "` + secret + `"`}, "job failed: SQLSTATE 22P02"},
		{context.DeadlineExceeded, "job failed: context deadline exceeded"},
		{errors.New("boom " + secret), "job failed (the job's recorded errors say why)"},
		{river.JobCancel(errors.New("cancelled " + secret)), "job failed (the job's recorded errors say why)"},
	}
	for _, c := range cases {
		var seen, toRiver error
		inner := func(context.Context) error { return c.err }
		redact := &redactErrors{}
		// otelriver sits between the two and sees what redactErrors returns.
		toRiver = (&requestIDPlugin{}).Work(context.Background(), &rivertype.JobRow{}, func(ctx context.Context) error {
			seen = redact.Work(ctx, &rivertype.JobRow{}, inner)
			return seen
		})
		if seen == nil || seen.Error() != c.want || strings.Contains(seen.Error(), secret) {
			t.Errorf("span sees %v, want %q", seen, c.want)
		}
		if !errors.Is(seen, c.err) {
			t.Errorf("%v does not unwrap to the worker's error", seen)
		}
		if toRiver != c.err {
			t.Errorf("River gets %v, not the worker's error %v", toRiver, c.err)
		}
	}
	var cancel *river.JobCancelError
	if seen := (&redactErrors{}).Work(context.Background(), &rivertype.JobRow{}, func(context.Context) error {
		return river.JobCancel(errors.New("x"))
	}); !errors.As(seen, &cancel) {
		t.Error("a cancel is no longer a cancel")
	}
	if err := (&redactErrors{}).Work(context.Background(), &rivertype.JobRow{}, func(context.Context) error { return nil }); err != nil {
		t.Errorf("success becomes %v", err)
	}
}
