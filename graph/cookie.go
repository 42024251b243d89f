package graph

import (
	"context"
	"net/http"
	"time"
)

// RefreshCookieName is the HttpOnly cookie that carries the PWA's refresh token.
const RefreshCookieName = "cs_refresh"

// SessionCookie reads and writes the refresh cookie of the current HTTP request. The
// cookie is HttpOnly (page scripts never see it), SameSite=Strict (no cross-site
// requests carry it), limited to /graphql, and Secure unless serving plain HTTP in
// development.
type SessionCookie struct {
	w      http.ResponseWriter
	r      *http.Request
	secure bool
}

type cookieKey struct{}

// WithSessionCookie is HTTP middleware that makes the request's cookies reachable from
// resolvers.
func WithSessionCookie(secure bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &SessionCookie{w: w, r: r, secure: secure || r.TLS != nil}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), cookieKey{}, c)))
	})
}

func sessionCookieFrom(ctx context.Context) *SessionCookie {
	c, _ := ctx.Value(cookieKey{}).(*SessionCookie)
	return c
}

// Get returns the refresh token in the cookie, or "".
func (c *SessionCookie) Get() string {
	if c == nil {
		return ""
	}
	ck, err := c.r.Cookie(RefreshCookieName)
	if err != nil {
		return ""
	}
	return ck.Value
}

// Set stores token until exp.
func (c *SessionCookie) Set(token string, exp time.Time) {
	if c == nil {
		return
	}
	http.SetCookie(c.w, &http.Cookie{Name: RefreshCookieName, Value: token, Path: "/graphql", Expires: exp,
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteStrictMode})
}

// Clear deletes the cookie.
func (c *SessionCookie) Clear() {
	if c == nil {
		return
	}
	http.SetCookie(c.w, &http.Cookie{Name: RefreshCookieName, Value: "", Path: "/graphql", MaxAge: -1,
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteStrictMode})
}
