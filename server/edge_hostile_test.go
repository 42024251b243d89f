package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/demo"
)

// A client id no client can have (a NUL in it, longer than any) is refused as an unknown
// one is, INVALID_CREDENTIALS in the caller's language and no token, on both databases;
// the NUL used to reach the query, which the database refused, and the caller was told
// INTERNAL. The demo client's own credentials still work afterwards.
func TestAClientIDNoClientCanHaveIsInvalidCredentialsNotInternal(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		for _, id := range []string{demo.PartnerClientID + "\x00", "\x00", strings.Repeat("a", 65), strings.Repeat("a", 100000)} {
			for _, lang := range []struct{ accept, message string }{
				{"", "工号或密码错误"},
				{"en", "Wrong employee number or password"},
			} {
				r := s.post(issueToken, map[string]any{"id": id, "secret": s.secret}, withHeader("Accept-Language", lang.accept))
				if r.Status != http.StatusOK || r.Code() != "INVALID_CREDENTIALS" || r.Errors[0].Message != lang.message {
					t.Errorf("client id of %d bytes (%q): %d %s", len(id), lang.accept, r.Status, r.Raw)
				}
				if tok := r.path("issuePartnerToken"); tok != nil {
					t.Errorf("client id of %d bytes: a token was issued: %s", len(id), r.Raw)
				}
			}
		}
		if tok, r := s.partnerToken(demo.PartnerClientID, s.secret); tok == "" {
			t.Fatalf("the demo client's credentials no longer work: %s", r.Raw)
		}
	})
}
