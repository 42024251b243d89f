package identity_test

import (
	"context"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

func TestEndedSessionsRefuseEarlierTokensAndEndTheirStreams(t *testing.T) {
	svc, _ := newService(t, dbtest.SQLite(t))
	sess, err := svc.LogIn(context.Background(), "CS1001", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Tokens.Verify(sess.AccessToken)
	if err != nil || p.SessionVersion != 1 {
		t.Fatalf("a fresh token carries session version 1: %+v %v", p, err)
	}
	stream := identity.UntilSessionEnds(identity.WithPrincipal(context.Background(), p))
	other, _ := svc.LogIn(context.Background(), "CS1002", demo.Password)
	q, _ := svc.Tokens.Verify(other.AccessToken)
	otherStream := identity.UntilSessionEnds(identity.WithPrincipal(context.Background(), q))

	svc.Tokens.Sessions.End(p.ID, 2)
	if _, err := svc.Tokens.Verify(sess.AccessToken); !wantReason(err, "TOKEN_REVOKED") {
		t.Errorf("a token from before the end: %v", err)
	}
	if stream.Err() == nil {
		t.Error("the person's stream goes on")
	}
	if otherStream.Err() != nil {
		t.Error("someone else's stream ended")
	}
	svc.Tokens.Sessions.End(p.ID, 1) // versions only rise
	if _, err := svc.Tokens.Verify(sess.AccessToken); !wantReason(err, "TOKEN_REVOKED") {
		t.Errorf("an older announcement arriving late revived the token: %v", err)
	}
	// A stream opened with an already-ended token ends at once.
	if late := identity.UntilSessionEnds(identity.WithPrincipal(context.Background(), p)); late.Err() == nil {
		t.Error("a stream opened on an ended session")
	}
}

func wantReason(err error, reason string) bool {
	var ae *apperr.Error
	return apperrAs(err, &ae) && ae.Code == apperr.Unauthenticated && ae.Extra["reason"] == reason
}
