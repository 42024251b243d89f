// Package ratelimit owns the token buckets that budget callers: partner clients' query
// cost (key "partner:<client id>") and the public customer look-up per client address
// ("lookup:<address>"). A bucket holds at most one minute's worth of its rate and starts
// full. On PostgreSQL every server instance shares the buckets (one UNLOGGED row per key,
// refilled and charged in one statement); a single-process SQLite server keeps them in
// memory, as golang.org/x/time/rate limiters in a bounded, expiring LRU.
package ratelimit
