package main

import (
	"net/http/httptest"
	"testing"
)

func TestClientAddressBehindTrustedProxies(t *testing.T) {
	trusted, err := parsePrefixes("10.0.0.0/8, 192.168.1.5")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, peer, forwarded, want string
	}{
		{"a direct client is its peer", "203.0.113.9:5000", "", "203.0.113.9"},
		{"an untrusted peer's X-Forwarded-For is ignored", "203.0.113.9:5000", "198.51.100.1", "203.0.113.9"},
		{"behind a trusted proxy, the address it saw", "10.1.2.3:5000", "198.51.100.1", "198.51.100.1"},
		{"through two trusted proxies, the first untrusted hop from the right", "192.168.1.5:5000", "6.6.6.6, 198.51.100.1, 10.9.9.9", "198.51.100.1"},
		{"a trusted proxy without the header is itself", "10.1.2.3:5000", "", "10.1.2.3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/graphql", nil)
			r.RemoteAddr = c.peer
			if c.forwarded != "" {
				r.Header.Set("X-Forwarded-For", c.forwarded)
			}
			if got := clientAddress(r, trusted); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
	if _, err := parsePrefixes("10.0.0.0/8, not-an-address"); err == nil {
		t.Error("a malformed proxy address is refused")
	}
}
