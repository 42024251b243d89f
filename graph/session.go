package graph

import (
	"context"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/identity"
)

// sessionPayload maps a session, putting the refresh token in the cookie or the body.
func sessionPayload(ctx context.Context, s *identity.Session, delivery *model.RefreshTokenDelivery) *model.SessionPayload {
	out := &model.SessionPayload{AccessToken: s.AccessToken, AccessTokenExpiresAt: s.AccessExpiresAt,
		RefreshTokenExpiresAt: s.RefreshExpiresAt, Staff: s.Staff}
	if delivery != nil && *delivery == model.RefreshTokenDeliveryCookie {
		sessionCookieFrom(ctx).Set(s.RefreshToken, s.RefreshExpiresAt)
	} else {
		out.RefreshToken = &s.RefreshToken
	}
	return out
}

// fromInputOrCookie picks the refresh token from the input, else from the cookie, and
// says where it came from.
func fromInputOrCookie(raw *string, cookie *SessionCookie) (string, model.RefreshTokenDelivery) {
	if raw != nil && *raw != "" {
		return *raw, model.RefreshTokenDeliveryBody
	}
	return cookie.Get(), model.RefreshTokenDeliveryCookie
}
