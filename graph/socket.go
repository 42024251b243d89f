package graph

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/graph/request"
	"github.com/expresscs/cs/internal/apperr"
)

// socketMessageTypes are the messages a client may send, by subprotocol: graphql-ws (the
// legacy subscriptions-transport-ws, also what gqlgen speaks when none is negotiated) and
// graphql-transport-ws.
var socketMessageTypes = map[string]map[string]bool{
	"graphql-transport-ws": {"connection_init": true, "subscribe": true, "complete": true, "ping": true, "pong": true},
	"graphql-ws":           {"connection_init": true, "start": true, "stop": true, "connection_terminate": true},
}

// socketOperationMessages carry an operation id, which the answers to it repeat.
var socketOperationMessages = map[string]bool{"subscribe": true, "complete": true, "start": true, "stop": true}

// socketMessage is what the server needs to know of a client's message once it is checked.
type socketMessage struct{ Type, ID string }

// checkSocketMessage refuses, with BAD_REQUEST, a WebSocket message the protocol does not
// define (graphql-transport-ws closes the socket with 4400 for one): not one JSON object,
// a type that is not a string a client may send, an id that is not a string or an
// operation's id that is empty, a connection_init payload that is not an object, and a
// subscribe (or start) payload that is not a GraphQL request as a POST body would be one
// (request.DecodeBody) with a query or a persisted query's hash.
//
// gqlgen reads these its own ways: a connection_init payload of "x" left the socket open
// and unanswered after its handler had returned; a subscribe with an id of 1, or a message
// of an unknown type, closed it as a normal closure (1000, "terminated"), which clients
// take as the end of a session and reconnect; a subscribe without an id ran, answering
// with no id to match; and a payload of the wrong shape was answered "invalid json" or
// "no operation provided", in English, with no code.
func checkSocketMessage(subprotocol string, b []byte) (socketMessage, *apperr.Error) {
	var m struct {
		Type    *string         `json:"type"`
		ID      *string         `json:"id"`
		Payload json.RawMessage `json:"payload"`
	}
	if err := request.DecodeOne(b, &m); err != nil {
		return socketMessage{}, request.BadRequest("", "WebSocket 消息须为一个 JSON 对象,type 与 id 为字符串", "A WebSocket message must be one JSON object whose type and id are strings")
	}
	types := socketMessageTypes[subprotocol]
	if types == nil {
		types = socketMessageTypes["graphql-ws"]
	}
	if m.Type == nil || !types[*m.Type] {
		return socketMessage{}, request.BadRequest("type", "WebSocket 消息的 type 不是本协议中客户端可发送的类型", "The WebSocket message's type is not one a client may send in this protocol")
	}
	if socketOperationMessages[*m.Type] && (m.ID == nil || *m.ID == "") {
		return socketMessage{}, request.BadRequest("id", "此 WebSocket 消息须带非空的 id", "This WebSocket message needs a non-empty id")
	}
	payload := bytes.TrimSpace(m.Payload)
	switch *m.Type {
	case "connection_init":
		if len(payload) > 0 && !bytes.Equal(payload, []byte("null")) && payload[0] != '{' {
			return socketMessage{}, request.BadRequest("payload", "connection_init 的 payload 须为 JSON 对象", "The payload of connection_init must be a JSON object")
		}
	case "subscribe", "start":
		if len(payload) == 0 || payload[0] != '{' {
			return socketMessage{}, request.BadRequest("payload", "订阅消息的 payload 须为 GraphQL 请求(JSON 对象)", "The payload of a subscribe message must be a GraphQL request (a JSON object)")
		}
		var params graphql.RawParams
		if bad := request.DecodeBody(payload, &params); bad != nil {
			return socketMessage{}, bad
		}
		if params.Query == "" && params.Extensions["persistedQuery"] == nil {
			return socketMessage{}, request.BadRequest("query", "请求缺少 query 参数(或 extensions.persistedQuery 中的哈希)", "The request has no query parameter (nor a hash in extensions.persistedQuery)")
		}
	}
	msg := socketMessage{Type: *m.Type}
	if m.ID != nil {
		msg.ID = *m.ID
	}
	return msg, nil
}

// CloseSubscriberExists closes a WebSocket whose client started a second operation with
// the id of one still running (graphql-transport-ws's 4409), with CONFLICT as the reason.
const CloseSubscriberExists = 4409

// socketOperations are the ids of a connection's operations that are running: from the
// client's subscribe (or start) until the client's complete (stop) or the server's
// complete or error for that id. gqlgen keys its running operations by id and let a
// second subscribe with a running id replace the first in its table, so the first went on
// streaming and no complete could stop it any more.
type socketOperations struct {
	mu      sync.Mutex
	running map[string]bool
}

// start records that id runs, and reports false when it already does.
func (o *socketOperations) start(id string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.running[id] {
		return false
	}
	if o.running == nil {
		o.running = map[string]bool{}
	}
	o.running[id] = true
	return true
}

func (o *socketOperations) end(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.running, id)
}

// seen follows a message the client sent; it reports false for a second subscribe with
// a running id.
func (o *socketOperations) seen(m socketMessage) bool {
	switch m.Type {
	case "subscribe", "start":
		return o.start(m.ID)
	case "complete", "stop":
		o.end(m.ID)
	}
	return true
}

// sent follows a message the server writes (b, as JSON): a complete or an error ends its
// operation. gqlgen writes the type last, so most messages (next, data) are told apart by
// their end without being decoded.
func (o *socketOperations) sent(b []byte) {
	if !bytes.HasSuffix(b, []byte(`"type":"complete"}`)) && !bytes.HasSuffix(b, []byte(`"type":"error"}`)) {
		return
	}
	var m struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(b, &m) == nil && m.ID != "" {
		o.end(m.ID)
	}
}
