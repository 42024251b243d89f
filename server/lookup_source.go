package main

import (
	"net"
	"net/http"

	"github.com/expresscs/cs/internal/tracking"
)

// lookupSource tells the customer tracking look-up, which needs no login, which address
// a request came from, so one client cannot use it to guess many waybills. It is the
// connection's peer: a reverse proxy in front should budget by the real client itself.
func lookupSource(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		next.ServeHTTP(w, r.WithContext(tracking.WithLookupSource(r.Context(), host)))
	})
}
