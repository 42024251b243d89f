// Package db owns the connection to the database: bun on embedded SQLite (the default)
// or PostgreSQL, one writer and a separate reader pool on SQLite, transactions that take
// the write lock up front, embedded migrations applied under a lock, and the per-request
// SQL statement counter that tests use to prove there is no N+1.
package db
