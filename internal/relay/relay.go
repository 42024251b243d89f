// Package relay makes the API's global object ids: base64url("Type:key"), opaque to
// clients and cheap to route on. graph parses them (graph.ParseGlobalID); domain types
// whose id the API shows on every row of a list (order.Order.NodeID) make their own, so
// the field needs no resolver (gqlgen runs each resolver field of a list's rows in a
// goroutine of its own).
package relay

import "encoding/base64"

// ID encodes the key of an object of type typ.
func ID(typ, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + key))
}
