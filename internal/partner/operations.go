package partner

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// Operation is a GraphQL document a partner registered, run by its id (the SHA-256 of
// the document, hex), in the request shape of automatic persisted queries:
// {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<id>"}}}.
type Operation struct {
	bun.BaseModel `bun:"table:partner_operations"`

	ID        string    `bun:"id,pk"`
	ClientID  string    `bun:"client_id,pk"`
	Name      string    `bun:"name"`
	Document  string    `bun:"document"`
	CreatedAt time.Time `bun:"created_at"`
}

// OperationID is the id of a document: lowercase hex SHA-256 of its exact text.
func OperationID(document string) string {
	sum := sha256.Sum256([]byte(document))
	return hex.EncodeToString(sum[:])
}

// MaxDocumentBytes bounds a registered document.
const MaxDocumentBytes = 64 << 10

// RegisterOperation stores a document for the calling partner under its SHA-256 id.
// The document is checked against the schema by the caller (check), so a client never
// registers an operation that cannot run. Registering the same document again returns
// the first registration; so does a replay of key (replayed = true). Partner clients only
// (FORBIDDEN for staff); BAD_USER_INPUT for an empty name, an empty or oversized
// document, or one the schema refuses; IDEMPOTENCY_KEY_REUSED.
func (s *Service) RegisterOperation(ctx context.Context, key, name, document string, check func(string) error) (*Operation, bool, error) {
	const op = "partner.RegisterOperation"
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return nil, false, apperr.E(op, apperr.Unauthenticated)
	}
	if p.Kind != identity.KindPartner {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	name, err := (text.Rule{Field: "name", Max: 100}).Clean(op, name)
	if err != nil {
		return nil, false, err
	}
	if strings.TrimSpace(document) == "" || len(document) > MaxDocumentBytes {
		return nil, false, apperr.Invalid(op, "document", "操作文档为空或超过 64 KB", "The document is empty or over 64 KB")
	}
	if err := check(document); err != nil {
		return nil, false, apperr.Invalid(op, "document", "操作文档不符合接口定义:"+err.Error(), "The document does not validate against the schema: "+err.Error())
	}
	now := s.Now().UTC()
	o := &Operation{ID: OperationID(document), ClientID: p.ID, Name: name, Document: document, CreatedAt: now}
	_, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]string{name, document}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			_, err := tx.NewInsert().Model(o).On("CONFLICT (client_id, id) DO NOTHING").Exec(ctx)
			return o.ID, err
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	err = s.DB.R.NewSelect().Model(o).Where("client_id = ? AND id = ?", p.ID, o.ID).Scan(ctx)
	return o, replayed, apperr.Wrap(op, err)
}

// Operations lists the calling partner's registered operations by name.
func (s *Service) Operations(ctx context.Context) ([]*Operation, error) {
	const op = "partner.Operations"
	p := identity.PrincipalFrom(ctx)
	if p == nil || p.Kind != identity.KindPartner {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	var out []*Operation
	err := s.DB.R.NewSelect().Model(&out).Where("client_id = ?", p.ID).OrderExpr("name, id").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// OperationDocument returns the document the client registered under id, or "" when
// it has none.
func (s *Service) OperationDocument(ctx context.Context, clientID, id string) (string, error) {
	var doc string
	err := s.DB.R.NewSelect().Model((*Operation)(nil)).Column("document").
		Where("client_id = ? AND id = ?", clientID, strings.ToLower(id)).Scan(ctx, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return doc, apperr.Wrap("partner.OperationDocument", err)
}

// PersistedRequired is the refusal for an ad-hoc document from a restricted client.
func PersistedRequired() error {
	return apperr.E("partner.Persisted", apperr.PersistedOperationRequired)
}
