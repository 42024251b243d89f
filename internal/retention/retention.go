// Package retention keeps tracking history and audit rows no longer than an organisation
// says (issue 21 item 3): an admin sets the number of days (none: kept forever, the
// default), a daily job on the queue deletes what is older in batches, and tracking
// ingest refuses an event older than the cutoff, so a replayed old event whose key was
// deleted is not recorded again.
//
// Attribution: tracking events belong to the organisation of their order's depot. Audit
// rows belong to the organisation of their actor when the actor is staff (staff → depot →
// organisation); rows by anyone else (partner clients, the system) cannot be attributed
// cleanly, so they are removed only when the installation has exactly one organisation,
// whose setting then covers every audit row.
//
// Retention decides and the owners act: this package keeps the settings, works out each
// organisation's cutoff, schedules the daily jobs and sets the batches; tracking.History
// (handed in as TrackingHistory, since tracking imports this package for cutoffs) and
// identity.DeleteAuditBefore delete the rows.
package retention

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// The bounds of a setting, in days. At least 180: carriers must keep waybill data for a
// set period; PIPL says no longer than needed. At most 36,500 (a hundred years).
const (
	MinDays = 180
	MaxDays = 36500
)

// DefaultBatch is how many rows one DELETE removes.
const DefaultBatch = 1000

// Settings is an organisation's retention. HistoryDays nil keeps everything forever.
type Settings struct {
	bun.BaseModel `bun:"table:retention_settings"`

	OrgID       string    `bun:"org_id,pk"`
	HistoryDays *int      `bun:"history_days"`
	Version     int       `bun:"version"`
	UpdatedBy   *string   `bun:"updated_by"`
	UpdatedAt   time.Time `bun:"updated_at"`
}

// Cutoff is the instant before which rows are removed at now, or false when kept forever.
func (st *Settings) Cutoff(now time.Time) (time.Time, bool) {
	if st == nil || st.HistoryDays == nil {
		return time.Time{}, false
	}
	return now.UTC().AddDate(0, 0, -*st.HistoryDays), true
}

// Service reads and changes the settings and runs the deletion.
type Service struct {
	DB  *db.DB
	Now func() time.Time
	Log *slog.Logger
	// Batch is the number of rows per DELETE (DefaultBatch when 0).
	Batch int
	// Removed, when set, counts what a run removed (a Prometheus counter).
	Removed func(orgID, table string, n int)
	// Tracking prunes the tracking history and keeps its partitions (*tracking.History);
	// Run and EnsurePartitions need it.
	Tracking TrackingHistory
}

// callerAdmin returns the caller's organisation when the caller is one of its admins;
// FORBIDDEN for anyone else (managers, agents, partners).
func (s *Service) callerAdmin(ctx context.Context, op string) (*identity.Principal, string, error) {
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, "", err
	}
	if !p.HasRole(identity.RoleAdmin) {
		return nil, "", apperr.E(op, apperr.Forbidden)
	}
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, "", apperr.Wrap(op, err)
	}
	return p, org, nil
}

// load returns an organisation's settings; with no row, the default (kept forever) at
// version 1, the version an update of the default names.
func load(ctx context.Context, idb bun.IDB, orgID string) (*Settings, error) {
	st := new(Settings)
	err := idb.NewSelect().Model(st).Where("org_id = ?", orgID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return &Settings{OrgID: orgID, Version: 1}, nil
	}
	return st, err
}

// Settings returns the retention of the caller's organisation. Its admins only.
func (s *Service) Settings(ctx context.Context) (*Settings, error) {
	const op = "retention.Settings"
	_, org, err := s.callerAdmin(ctx, op)
	if err != nil {
		return nil, err
	}
	st, err := load(ctx, s.DB.R, org)
	return st, apperr.Wrap(op, err)
}

// UpdateSettings sets how many days the caller's organisation keeps tracking history and
// audit rows (nil: forever). Its admins only (FORBIDDEN otherwise); BAD_USER_INPUT outside
// MinDays..MaxDays; CONFLICT when the settings changed since version.
func (s *Service) UpdateSettings(ctx context.Context, version int, days *int) (*Settings, error) {
	const op = "retention.UpdateSettings"
	p, org, err := s.callerAdmin(ctx, op)
	if err != nil {
		return nil, err
	}
	if days != nil && (*days < MinDays || *days > MaxDays) {
		return nil, apperr.Invalid(op, "historyDays", "保留天数须在 180 至 36500 天之间", "Keep history for 180 to 36,500 days").
			With("min", MinDays).With("max", MaxDays)
	}
	var out *Settings
	err = s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		now := s.Now().UTC()
		// The default row, at version 1, so that the first update is versioned like any other.
		if _, err := tx.NewInsert().Model(&Settings{OrgID: org, Version: 1, UpdatedAt: now}).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
			return err
		}
		st := &Settings{OrgID: org, HistoryDays: days, UpdatedBy: &p.ID, UpdatedAt: now}
		if err := db.WriteOne(ctx, tx.NewUpdate().Model(st).Column("history_days", "updated_by", "updated_at").
			Set("version = version + 1").Where("org_id = ? AND version = ?", org, version), apperr.E(op, apperr.Conflict)); err != nil {
			return err
		}
		st.Version = version + 1
		out = st
		return nil
	})
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return out, nil
}

// CutoffsOfDepots returns, for each of the depots whose organisation does not keep
// tracking history forever, the instant before which it keeps none at now (tracking ingest
// asks, once per batch). The tree comes from the caller's reach when there is one, so this
// costs one statement.
func CutoffsOfDepots(ctx context.Context, idb bun.IDB, depotIDs []string, now time.Time) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	if len(depotIDs) == 0 {
		return out, nil
	}
	tree, err := identity.TreeOf(ctx, idb)
	if err != nil {
		return nil, err
	}
	orgOf := map[string]string{}
	var orgs []string
	for _, d := range depotIDs {
		org := tree.OrgOf(d)
		if org == "" {
			continue
		}
		orgOf[d] = org
		if !slices.Contains(orgs, org) {
			orgs = append(orgs, org)
		}
	}
	if len(orgs) == 0 {
		return out, nil
	}
	var set []*Settings
	if err := idb.NewSelect().Model(&set).Where("org_id IN (?) AND history_days IS NOT NULL", bun.List(orgs)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, st := range set {
		cut, _ := st.Cutoff(now)
		for d, org := range orgOf {
			if org == st.OrgID {
				out[d] = cut
			}
		}
	}
	return out, nil
}
