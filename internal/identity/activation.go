package identity

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/text"
)

// Deactivate ends a staff member's access: they cannot log in or refresh, and every access
// token, refresh token and open subscription of theirs stops at once on every instance
// (their session version rises; see Sessions). Administrators of the person's organisation
// only. Idempotent by key: a retry returns the first result with replayed = true. Audited
// (who, whom, why, when, request id). Returns BAD_USER_INPUT for a bad key or reason,
// FORBIDDEN for other callers and for oneself, NOT_FOUND for someone outside the caller's
// organisation or no one, CONFLICT when already deactivated (one of two admins deciding
// at once).
func (s *Service) Deactivate(ctx context.Context, key, staffID, reason string) (*Staff, bool, error) {
	return s.setActive(ctx, "identity.Deactivate", key, staffID, reason, false)
}

// Reactivate lets a deactivated staff member log in again (tokens from before stay
// ended). As Deactivate: admins of their organisation, idempotent, audited; CONFLICT when
// they are active.
func (s *Service) Reactivate(ctx context.Context, key, staffID, reason string) (*Staff, bool, error) {
	return s.setActive(ctx, "identity.Reactivate", key, staffID, reason, true)
}

func (s *Service) setActive(ctx context.Context, op, key, staffID, reason string, active bool) (*Staff, bool, error) {
	p, err := RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if !p.HasRole(RoleAdmin) {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if reason, err = (text.Rule{Field: "reason", Max: text.ReasonMax}).Clean(op, reason); err != nil {
		return nil, false, err
	}
	action := "staff.deactivate"
	if active {
		action = "staff.reactivate"
	}
	now := s.Now()
	var ended int // the session version deactivation raised to
	id, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]string{staffID, reason}), now,
		func(ctx context.Context, tx bun.Tx) (string, error) {
			target, err := s.staffInOrgOf(ctx, tx, op, p, staffID)
			if err != nil {
				return "", err
			}
			if target.ID == p.ID {
				return "", apperr.E(op, apperr.Forbidden).
					Explain("不能停用或启用自己的账号", "You cannot deactivate or reactivate yourself")
			}
			q := tx.NewUpdate().Model((*Staff)(nil)).Set("active = ?", active).Set("version = version + 1").
				Set("updated_at = ?", now).Where("id = ?", target.ID).Where("active = ?", !active)
			if !active {
				q = q.Set("session_version = session_version + 1")
			}
			var versions []int
			if err := q.Returning("session_version").Scan(ctx, &versions); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return "", err
			}
			if len(versions) == 0 {
				if active {
					return "", apperr.E(op, apperr.Conflict).Explain("该员工已是启用状态", "This person is already active")
				}
				return "", apperr.E(op, apperr.Conflict).Explain("该员工已停用", "This person is already deactivated")
			}
			if !active {
				ended = versions[0]
				if err := s.endSessions(ctx, tx, target.ID, ended, now); err != nil {
					return "", err
				}
			}
			entry := &AuditEntry{ID: uuid.Must(uuid.NewV7()).String(), ActorKind: string(p.Kind), ActorID: p.ID,
				Action: action, SubjectType: "Staff", SubjectID: target.ID, Reason: reason,
				RequestID: RequestIDFrom(ctx), CreatedAt: now}
			_, err = tx.NewInsert().Model(entry).Exec(ctx)
			return target.ID, err
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	if ended > 0 {
		// At once on this instance; the others hear it through the event bus.
		s.Tokens.Sessions.End(id, ended)
	}
	st := new(Staff)
	if err := s.DB.W.NewSelect().Model(st).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return st, replayed, nil
}

// endSessions revokes every refresh token of staffID and announces the new session
// version to every instance when tx commits.
func (s *Service) endSessions(ctx context.Context, tx bun.Tx, staffID string, least int, now time.Time) error {
	if _, err := tx.NewUpdate().Model((*RefreshToken)(nil)).Set("revoked_at = ?", now).
		Where("staff_id = ?", staffID).Where("revoked_at IS NULL").Exec(ctx); err != nil {
		return err
	}
	if s.Events == nil {
		return nil
	}
	return s.Events.PublishTx(ctx, tx, SessionsTopic, sessionEnded{StaffID: staffID, Least: least})
}

// staffInOrgOf loads a staff member in the same organisation as p (within tx): NOT_FOUND
// for no one or someone of another organisation, who does not exist for p.
func (s *Service) staffInOrgOf(ctx context.Context, tx bun.IDB, op string, p *Principal, staffID string) (*Staff, error) {
	target := new(Staff)
	err := tx.NewSelect().Model(target).Where("id = ?", staffID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	if err != nil {
		return nil, err
	}
	mine, err := OrgOf(ctx, tx, p.DepotID)
	if err != nil {
		return nil, err
	}
	theirs, err := OrgOf(ctx, tx, target.DepotID)
	if err != nil {
		return nil, err
	}
	if mine != theirs {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return target, nil
}
