package partner

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"testing"
)

// The classes of failures the delivery tests cannot provoke on a machine without a
// resolver: a name that does not resolve, or a resolver that does not answer.
func TestFailuresAreClassifiedWithoutTheirText(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want Failure
	}{
		{"an unknown host is a DNS failure", &url.Error{Op: "Post", URL: "https://x.example", Err: &net.OpError{Op: "dial", Net: "tcp",
			Err: &net.DNSError{Err: "no such host", Name: "x.example", IsNotFound: true}}}, FailureDNS},
		{"a resolver that does not answer is a timeout", &url.Error{Op: "Post", URL: "https://x.example",
			Err: &net.DNSError{Err: "i/o timeout", Name: "x.example", IsTimeout: true}}, FailureTimeout},
		{"a deadline is a timeout", fmt.Errorf("post: %w", context.DeadlineExceeded), FailureTimeout},
		{"anything else is a network failure", fmt.Errorf("dial tcp 10.0.0.1:443: no route to host"), FailureNetwork},
	}
	for _, c := range cases {
		if got := classify(c.err); got != c.want {
			t.Errorf("%s: %s", c.name, got)
		}
		if got := c.want.Describe(0); got == "" || got == c.err.Error() {
			t.Errorf("%s: described as %q", c.name, got)
		}
	}
}
