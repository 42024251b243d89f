// Package migrations holds the SQL that builds the database, one folder per dialect
// (sqlite/, postgres/), embedded in the binary and applied by bun/migrate. File names are
// YYYYMMDDHHMMSS_name.tx.up.sql; statements are separated by --bun:split. A shipped
// migration is never edited: add a new one.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
