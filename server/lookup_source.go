package main

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/tracking"
)

// lookupSource tells the customer tracking look-up and the login throttle, which need no
// login, which address a request came from, so one client cannot use them to guess many
// waybills or passwords, and a guesser's waits fall on the guesser's address only.
func lookupSource(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddress(r, trusted)
		ctx := identity.WithClientAddress(tracking.WithLookupSource(r.Context(), addr), addr)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// clientAddress is the connection's peer, unless that peer is a trusted reverse proxy: then
// it is the nearest address in X-Forwarded-For that is not itself a trusted proxy (the
// entries further left were written by the client and prove nothing).
func clientAddress(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	isTrusted := func(s string) bool {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return false
		}
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	if !isTrusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if !isTrusted(hop) {
			return hop
		}
		host = hop
	}
	return host
}
