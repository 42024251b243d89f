// Package idempotency makes retried writes safe. A phone that loses the response to a
// write sends it again with the same key; the first result is stored with the key in
// the same transaction as the write, so a replay returns that result and applies
// nothing twice, even when the retry races the original.
package idempotency

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
)

// Record is one remembered write.
type Record struct {
	bun.BaseModel `bun:"table:idempotency_keys"`

	ActorID     string    `bun:"actor_id,pk"`
	Key         string    `bun:"key,pk"`
	Operation   string    `bun:"operation"`
	Fingerprint string    `bun:"fingerprint"`
	Result      string    `bun:"result"`
	CreatedAt   time.Time `bun:"created_at"`
}

// Fingerprint hashes the request's meaningful fields, so that a key reused for a
// different request is caught.
func Fingerprint(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ValidateKey checks a client key: 8 to 100 printable ASCII characters (a UUID fits).
func ValidateKey(op, key string) error {
	if len(key) < 8 || len(key) > 100 {
		return apperr.Invalid(op, "idempotencyKey", "请求编号须为 8 到 100 个字符", "The idempotency key must be 8 to 100 characters")
	}
	for _, r := range key {
		if r < 0x21 || r > 0x7e {
			return apperr.Invalid(op, "idempotencyKey", "请求编号含有无效字符", "The idempotency key has invalid characters")
		}
	}
	return nil
}

// Do runs fn at most once per (actor, key) within tx. The first call claims the key,
// runs fn and stores its result; later calls with the same key and fingerprint return
// the stored result with replayed = true; the same key with another operation or
// fingerprint is IDEMPOTENCY_KEY_REUSED. On PostgreSQL a concurrent duplicate waits on
// the key's row until the first transaction ends; on SQLite writers are serialised.
func Do[T any](ctx context.Context, tx bun.Tx, actor, key, operation, fingerprint string, now time.Time,
	fn func(ctx context.Context) (T, error)) (result T, replayed bool, err error) {
	rec := &Record{ActorID: actor, Key: key, Operation: operation, Fingerprint: fingerprint, Result: "", CreatedAt: now}
	res, err := tx.NewInsert().Model(rec).On("CONFLICT DO NOTHING").Exec(ctx)
	if err != nil {
		return result, false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		prev := new(Record)
		if err := tx.NewSelect().Model(prev).Where("actor_id = ? AND key = ?", actor, key).Scan(ctx); err != nil {
			return result, false, err
		}
		if prev.Operation != operation || prev.Fingerprint != fingerprint {
			return result, false, apperr.E(operation, apperr.IdempotencyKeyReused)
		}
		err := json.Unmarshal([]byte(prev.Result), &result)
		return result, true, err
	}
	result, err = fn(ctx)
	if err != nil {
		return result, false, err
	}
	b, err := json.Marshal(result)
	if err != nil {
		return result, false, err
	}
	_, err = tx.NewUpdate().Model((*Record)(nil)).Set("result = ?", string(b)).
		Where("actor_id = ? AND key = ?", actor, key).Exec(ctx)
	return result, false, err
}

// InTx is Do in a write transaction of d of its own: the usual shape of a retried write.
// fn receives the transaction.
func InTx[T any](ctx context.Context, d *db.DB, actor, key, operation, fingerprint string, now time.Time,
	fn func(ctx context.Context, tx bun.Tx) (T, error)) (result T, replayed bool, err error) {
	err = d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		result, replayed, err = Do(ctx, tx, actor, key, operation, fingerprint, now,
			func(ctx context.Context) (T, error) { return fn(ctx, tx) })
		return err
	})
	return result, replayed, err
}
