package graph

import (
	"encoding/base64"
	"strings"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/relay"
)

// Global ids are base64url("Type:key"): opaque to clients, cheap to route on.

// GlobalID encodes a domain key of a type as an opaque id.
func GlobalID(typ, key string) string { return relay.ID(typ, key) }

// ParseGlobalID decodes an id; want, when not empty, is the only type accepted. Only the
// id GlobalID makes is accepted (base64 decoding alone would also take line breaks and
// other spellings of the same bytes), so one record has one id. The message does not
// repeat the id, which may be anything a client sent.
func ParseGlobalID(id, want string) (typ, key string, err error) {
	raw, decErr := base64.RawURLEncoding.DecodeString(id)
	typ, key, ok := strings.Cut(string(raw), ":")
	if decErr != nil || !ok || typ == "" || key == "" || (want != "" && typ != want) || GlobalID(typ, key) != id {
		return "", "", apperr.Invalid("graph.ParseGlobalID", "id", "编号无效", "Not a valid id")
	}
	return typ, key, nil
}

// MaxPageSize caps first/last on every connection.
const MaxPageSize = 100

// keyOf decodes a global id of one type into its domain key.
func keyOf(id, typ string) (string, error) {
	_, key, err := ParseGlobalID(id, typ)
	return key, err
}

// keysOf decodes a list of global ids of one type.
func keysOf(ids []string, typ string) ([]string, error) {
	out := make([]string, len(ids))
	for i, id := range ids {
		k, err := keyOf(id, typ)
		if err != nil {
			return nil, err
		}
		out[i] = k
	}
	return out, nil
}

// PageSize validates first (default 20, at most 100).
func PageSize(first *int) (int, error) {
	if first == nil {
		return 20, nil
	}
	if *first < 0 || *first > MaxPageSize {
		return 0, apperr.E("graph.PageSize", apperr.PageSizeExceeded).With("max", MaxPageSize)
	}
	return *first, nil
}

// Cursors are opaque too: base64url of the key of the row they point at.

// EncodeCursor makes a cursor of a row key.
func EncodeCursor(key string) string { return base64.RawURLEncoding.EncodeToString([]byte("c:" + key)) }

// maxCursorKey bounds the key a cursor may carry (row keys are UUIDs).
const maxCursorKey = 100

// DecodeCursor reads an `after` cursor; nil or empty means the start.
func DecodeCursor(c *string) (string, error) { return decodeCursor(c, "after") }

// decodeCursor reads the cursor argument field; nil or empty means that end of the list.
// Only a cursor EncodeCursor makes is accepted, with a key of at most maxCursorKey bytes
// of visible ASCII, as row keys are (a NUL would reach PostgreSQL as an encoding error).
func decodeCursor(c *string, field string) (string, error) {
	if c == nil || *c == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*c)
	key, ok := strings.CutPrefix(string(raw), "c:")
	if err != nil || !ok || len(key) > maxCursorKey || EncodeCursor(key) != *c ||
		strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r > '~' }) {
		return "", apperr.Invalid("graph.DecodeCursor", field, "分页游标无效", "Not a valid cursor")
	}
	return key, nil
}

// PageArgs reads a connection's arguments as Relay defines them: `first` items after
// `after`, or the `last` items before `before` (backward). Both cursors may be given; they
// bound the window. `first` and `last` together are refused (BAD_USER_INPUT on `last`),
// a bad cursor is BAD_USER_INPUT on its argument, a size above 100 or below 0
// PAGE_SIZE_EXCEEDED; with neither size, the first 20.
func PageArgs(first *int, after *string, last *int, before *string) (db.PageArgs, error) {
	if first != nil && last != nil {
		return db.PageArgs{}, apperr.Invalid("graph.PageArgs", "last", "first 和 last 不能同时使用:向后翻页用 last 和 before", "first and last cannot be used together: page backwards with last and before")
	}
	var args db.PageArgs
	var err error
	if last != nil {
		args.Backward = true
		args.Limit, err = PageSize(last)
	} else {
		args.Limit, err = PageSize(first)
	}
	if err != nil {
		return db.PageArgs{}, err
	}
	if args.After, err = decodeCursor(after, "after"); err != nil {
		return db.PageArgs{}, err
	}
	if args.Before, err = decodeCursor(before, "before"); err != nil {
		return db.PageArgs{}, err
	}
	return args, nil
}

// connection builds the edges and page info of one keyset page: each row's cursor is
// its key.
func connection[N, E any](rows []N, key func(N) string, edge func(cursor string, n N) E, page db.PageInfo) ([]E, *model.PageInfo) {
	edges := make([]E, 0, len(rows))
	info := &model.PageInfo{HasNextPage: page.HasNext, HasPreviousPage: page.HasPrevious}
	for i, n := range rows {
		c := EncodeCursor(key(n))
		edges = append(edges, edge(c, n))
		if i == 0 {
			info.StartCursor = &c
		}
		if i == len(rows)-1 {
			info.EndCursor = &c
		}
	}
	return edges, info
}
