// Package ratelimit owns the token buckets that budget callers: partner clients' query
// cost (key "partner:<client id>"), the public customer look-up per client address
// ("lookup:<address>") and its guesses at one waybill ("guess:…"). A bucket holds at most
// its Rate's burst (a partner's: one minute's worth) and starts full; points taken for an
// outcome that should not cost anything can be given back, and a charge can be only
// checked (Check). On PostgreSQL every server instance shares the buckets (one UNLOGGED
// row per key), and charges made at the same moment go to the database together, one
// round trip for all of them (batch.go); a single-process SQLite server keeps them in
// memory, as golang.org/x/time/rate limiters in a bounded, expiring LRU.
package ratelimit
