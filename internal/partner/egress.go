package partner

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"syscall"
	"time"

	"code.dny.dev/ssrf"
)

// egress is where webhooks may go: only to public addresses. Every connection the
// sender opens is checked when it is dialled (net.Dialer.Control), after the name was
// resolved, so a partner's host name that resolves to our own network, or starts to
// resolve there later (DNS rebinding), is refused as surely as a literal address. The
// deny list is code.dny.dev/ssrf's, generated from IANA's IPv4 and IPv6 special-purpose
// address registries: loopback, private use, shared address space (100.64.0.0/10),
// "this network" (0.0.0.0/8), link-local, multicast, documentation, benchmarking,
// 6to4, and for IPv6 everything outside global unicast (2000::/3), which takes in
// IPv4-mapped addresses (::ffff:0:0/96), NAT64 (64:ff9b::/96), unique-local and
// link-local ranges.
type egress struct {
	guard *ssrf.Guardian
	allow []netip.Prefix
}

// newEgress builds the check. allow lists addresses let through despite the deny list:
// tests and development only (a receiver on this machine), never production.
func newEgress(allow []netip.Prefix) *egress {
	var v4, v6 []netip.Prefix
	for _, p := range allow {
		if p.Addr().Is4() {
			v4 = append(v4, p)
		} else {
			v6 = append(v6, p)
		}
	}
	return &egress{allow: allow, guard: ssrf.New(ssrf.WithAnyPort(),
		ssrf.WithAllowedV4Prefixes(v4...), ssrf.WithAllowedV6Prefixes(v6...))}
}

// egress returns the service's egress check and the client that sends through it.
func (s *Service) egress() (*egress, *http.Client) {
	s.egressOnce.Do(func() {
		s.egr = newEgress(s.WebhookAllow)
		s.sender = s.egr.client()
	})
	return s.egr, s.sender
}

// permits reports whether a webhook may be sent to addr.
func (e *egress) permits(addr netip.Addr) bool { return e.guard.SafeAddr(addr) == nil }

// client is the HTTP client that sends webhooks: every dial checked, no proxy (a proxy
// would connect on our behalf to wherever it is told), no redirects (a receiver answers
// at its registered URL; a 3xx is a failed attempt), and bounded times.
func (e *egress) client() *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: e.guard.Safe}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			TLSHandshakeTimeout:   5 * time.Second,
			ResponseHeaderTimeout: 10 * time.Second,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Failure is the class of a failed delivery attempt: what the partner's system needs to
// know to fix its side, and nothing about our network (no address, no OS error text).
type Failure string

// The classes.
const (
	FailureTimeout           Failure = "TIMEOUT"             // no answer in time
	FailureConnectionRefused Failure = "CONNECTION_REFUSED"  // nothing listens at the address
	FailureConnectionReset   Failure = "CONNECTION_RESET"    // the connection broke off
	FailureDNS               Failure = "DNS"                 // the host name does not resolve
	FailureTLS               Failure = "TLS"                 // handshake or certificate failed
	FailureAddressNotAllowed Failure = "ADDRESS_NOT_ALLOWED" // the host resolves to a special-purpose address
	FailureRedirect          Failure = "REDIRECT"            // the receiver answered 3xx; redirects are not followed
	FailureHTTPStatus        Failure = "HTTP_STATUS"         // the receiver answered outside 2xx
	FailureNetwork           Failure = "NETWORK"             // any other network failure
)

// failureText is the attempt log's wording of each class, in English (a partner's
// system reads it; the class itself is the stable part).
var failureText = map[Failure]string{
	FailureTimeout:           "timeout",
	FailureConnectionRefused: "connection refused",
	FailureConnectionReset:   "connection reset",
	FailureDNS:               "host name not found",
	FailureTLS:               "TLS handshake failed",
	FailureAddressNotAllowed: "address not allowed",
	FailureNetwork:           "network error",
}

// Describe is how the attempt log words a failure of class f with HTTP status code (0
// when the receiver did not answer).
func (f Failure) Describe(code int) string {
	switch f {
	case FailureHTTPStatus:
		return fmt.Sprintf("HTTP %d", code)
	case FailureRedirect:
		return fmt.Sprintf("HTTP %d: redirects are not followed", code)
	}
	if s, ok := failureText[f]; ok {
		return s
	}
	return failureText[FailureNetwork]
}

// FailureText is the attempt log's wording of the attempt's failure ("" if none).
func (a *Attempt) FailureText() string { return describe(a.Failure, a.StatusCode) }

// LastFailureText is the wording of the latest attempt's failure ("" if none).
func (d *Delivery) LastFailureText() string { return describe(d.LastFailure, d.LastStatusCode) }

func describe(f Failure, code *int) string {
	if f == "" {
		return ""
	}
	c := 0
	if code != nil {
		c = *code
	}
	return f.Describe(c)
}

// classify names the class of a transport error from the HTTP client.
func classify(err error) Failure {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var alert tls.AlertError
	var recordErr tls.RecordHeaderError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	switch {
	case errors.Is(err, ssrf.ErrProhibitedIP), errors.Is(err, ssrf.ErrProhibitedPort), errors.Is(err, ssrf.ErrProhibitedNetwork):
		return FailureAddressNotAllowed
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return FailureTimeout
		}
		return FailureDNS
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), isTimeout(err):
		return FailureTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return FailureConnectionRefused
	case errors.As(err, &certErr), errors.As(err, &alert), errors.As(err, &recordErr), errors.As(err, &unknownAuth),
		errors.As(err, &hostErr), errors.As(err, &invalidCert), strings.Contains(err.Error(), "tls: "):
		return FailureTLS
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return FailureConnectionReset
	}
	return FailureNetwork
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
