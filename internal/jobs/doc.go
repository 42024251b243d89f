// Package jobs owns the product's durable background job queue: River
// (github.com/riverqueue/river) over the same database as everything else, with the
// SQLite driver on the embedded database and the database/sql driver on PostgreSQL, so
// a job inserted in the same transaction as the business row that caused it is never
// lost to a crash or a restart, and a job runs once however many instances are up.
//
// Capabilities define their own workers and periodic jobs; this package migrates River's
// tables, inserts jobs (inside a caller's transaction) and runs the working client.
package jobs
