package ticket

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// defaultTargets are the SLA targets in minutes (first response, resolution) an
// organisation starts with. First response is meant to be immediate; complaints and
// exceptions get longer to resolve than enquiries because other people must be asked.
var defaultTargets = map[Kind]map[Priority][2]int{
	Enquiry:    {Urgent: {10, 60}, High: {30, 240}, Normal: {60, 1440}, Low: {240, 2880}},
	Exception:  {Urgent: {10, 240}, High: {30, 1440}, Normal: {60, 2880}, Low: {240, 4320}},
	Complaint:  {Urgent: {10, 240}, High: {30, 1440}, Normal: {60, 2880}, Low: {240, 4320}},
	Suggestion: {Urgent: {60, 1440}, High: {240, 4320}, Normal: {1440, 10080}, Low: {1440, 10080}},
}

// Policies returns the organisation's SLA policy for every kind and priority: its own
// where set, the defaults otherwise. Any ticket viewer.
func (s *Service) Policies(ctx context.Context) ([]*SLAPolicy, error) {
	return callersSettings(ctx, s, "ticket.Policies", policies)
}

// policyKey names one SLA policy of an organisation.
type policyKey struct {
	kind     Kind
	priority Priority
}

// policyKeys are every kind and priority, in the order Policies lists them.
var policyKeys = func() []policyKey {
	var out []policyKey
	for _, k := range Kinds {
		for _, pr := range Priorities {
			out = append(out, policyKey{k, pr})
		}
	}
	return out
}()

func policies(ctx context.Context, idb bun.IDB, org string) ([]*SLAPolicy, error) {
	return orgSettings(ctx, idb, org, policyKeys,
		func(p *SLAPolicy) policyKey { return policyKey{p.Kind, p.Priority} },
		func(k policyKey) *SLAPolicy {
			d := defaultTargets[k.kind][k.priority]
			return &SLAPolicy{OrgID: org, Kind: k.kind, Priority: k.priority, FirstResponseMinutes: d[0], ResolutionMinutes: d[1]}
		})
}

func policy(ctx context.Context, idb bun.IDB, org string, k Kind, pr Priority) (*SLAPolicy, error) {
	all, err := policies(ctx, idb, org)
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		if x.Kind == k && x.Priority == pr {
			return x, nil
		}
	}
	return nil, apperr.E("ticket.policy", apperr.NotFound)
}

// SetPolicy sets the organisation's targets for one kind and priority; tickets opened
// afterwards use them (open tickets keep the targets they were opened with). Managers and
// admins; BAD_USER_INPUT for targets outside 1 minute to 30 days or a resolution target
// shorter than the first-response target.
func (s *Service) SetPolicy(ctx context.Context, k Kind, pr Priority, firstResponse, resolution int) (*SLAPolicy, error) {
	const op = "ticket.SetPolicy"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, err
	}
	if _, ok := defaultTargets[k][pr]; !ok {
		return nil, apperr.Invalid(op, "kind", "工单类型或优先级无效", "Unknown kind or priority")
	}
	const month = 30 * 24 * 60
	if firstResponse < 1 || firstResponse > month || resolution < 1 || resolution > month {
		return nil, apperr.Invalid(op, "resolutionMinutes", "时限须在 1 分钟到 30 天之间", "Targets must be between 1 minute and 30 days")
	}
	if resolution < firstResponse {
		return nil, apperr.Invalid(op, "resolutionMinutes", "解决时限不能短于首次响应时限", "The resolution target cannot be shorter than the first-response target")
	}
	org, err := identity.OrgOf(ctx, s.DB.R, p.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	pol := &SLAPolicy{OrgID: org, Kind: k, Priority: pr, FirstResponseMinutes: firstResponse, ResolutionMinutes: resolution,
		UpdatedBy: &p.ID, UpdatedAt: s.Now().UTC()}
	_, err = s.DB.W.NewInsert().Model(pol).
		On("CONFLICT (org_id, kind, priority) DO UPDATE").
		Set("first_response_minutes = EXCLUDED.first_response_minutes").
		Set("resolution_minutes = EXCLUDED.resolution_minutes").
		Set("updated_by = EXCLUDED.updated_by").Set("updated_at = EXCLUDED.updated_at").Exec(ctx)
	return pol, apperr.Wrap(op, err)
}

// SLA is where a ticket stands against its targets at one instant.
type SLA struct {
	FirstResponseDueAt    time.Time
	ResolutionDueAt       time.Time
	Paused                bool
	FirstResponseBreached bool
	ResolutionBreached    bool
	// TimeLeft is until the resolution target; negative once overdue, frozen while the
	// clock is paused; nil once the ticket is resolved.
	TimeLeft *time.Duration
}

// SLAAt computes the ticket's SLA standing at now. While the ticket waits on the customer
// the clocks stand still at the moment the wait began.
func (t *Ticket) SLAAt(now time.Time) SLA {
	ref := now
	if t.PausedSince != nil {
		ref = *t.PausedSince
	}
	out := SLA{FirstResponseDueAt: t.FirstResponseDueAt, ResolutionDueAt: t.ResolutionDueAt, Paused: t.PausedSince != nil}
	if t.FirstRespondedAt != nil {
		out.FirstResponseBreached = t.FirstRespondedAt.After(t.FirstResponseDueAt)
	} else {
		out.FirstResponseBreached = ref.After(t.FirstResponseDueAt)
	}
	if t.ResolvedAt != nil {
		out.ResolutionBreached = t.ResolvedAt.After(t.ResolutionDueAt)
	} else {
		out.ResolutionBreached = ref.After(t.ResolutionDueAt)
		left := t.ResolutionDueAt.Sub(ref)
		out.TimeLeft = &left
	}
	return out
}

// pause stops the clocks (entering WAITING_CUSTOMER).
func (t *Ticket) pause(now time.Time) {
	if t.PausedSince == nil {
		t.PausedSince = &now
	}
}

// resume restarts the clocks, moving the due times on by the time spent waiting.
func (t *Ticket) resume(now time.Time) {
	if t.PausedSince == nil {
		return
	}
	waited := now.Sub(*t.PausedSince)
	if t.FirstRespondedAt == nil {
		t.FirstResponseDueAt = t.FirstResponseDueAt.Add(waited)
	}
	t.ResolutionDueAt = t.ResolutionDueAt.Add(waited)
	t.PausedSince = nil
}

// respond marks the first response and records a breach if it came late. Only a
// person's action is a response: a write without one (the scheduler's automatic
// escalation) leaves the ticket unanswered, so breaching never improves the figures.
func (w *write) respond(ctx context.Context) error {
	if w.t.FirstRespondedAt != nil || w.p == nil {
		return nil
	}
	w.t.FirstRespondedAt = &w.now
	w.save = true
	if w.now.After(w.t.FirstResponseDueAt) {
		_, err := recordBreach(ctx, w.tx, w.t, TargetFirstResponse, w.t.FirstResponseDueAt, w.now)
		return err
	}
	return nil
}

// recordBreach writes a breach row once per ticket and target, with a timeline entry the
// first time; it reports whether the breach was new.
func recordBreach(ctx context.Context, tx bun.IDB, t *Ticket, target SLATarget, due, now time.Time) (bool, error) {
	b := &Breach{ID: newID(), TicketID: t.ID, Target: target, DueAt: due, DetectedAt: now}
	res, err := tx.NewInsert().Model(b).On("CONFLICT (ticket_id, target) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	body := "超过首次响应时限 / First-response target missed"
	if target == TargetResolution {
		body = "超过解决时限 / Resolution target missed"
	}
	return true, addEntry(ctx, tx, t.ID, EntryBreach, nil, body, "", "", nil, now)
}

// ScanBreaches records every breach of an open ticket that has not been recorded yet and
// returns how many it recorded. It is idempotent (one row per ticket and target) and safe
// to run on several instances at once; the scheduler calls it. Paused clocks do not breach.
func (s *Service) ScanBreaches(ctx context.Context, now time.Time) (int, error) {
	const op = "ticket.ScanBreaches"
	now = now.UTC()
	var due []*Ticket
	err := s.DB.R.NewSelect().Model(&due).
		Where("state IN (?) AND paused_since IS NULL", bun.List(openStates)).
		Where(`((first_responded_at IS NULL AND first_response_due_at < ? AND NOT EXISTS
			(SELECT 1 FROM ticket_sla_breaches b WHERE b.ticket_id = ticket.id AND b.target = ?))
		 OR (resolution_due_at < ? AND NOT EXISTS
			(SELECT 1 FROM ticket_sla_breaches b WHERE b.ticket_id = ticket.id AND b.target = ?)))`,
			now, TargetFirstResponse, now, TargetResolution).
		OrderExpr("resolution_due_at").Limit(1000).Scan(ctx)
	if err != nil {
		return 0, apperr.Wrap(op, err)
	}
	n := 0
	for _, t := range due {
		err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
			if t.FirstRespondedAt == nil && now.After(t.FirstResponseDueAt) {
				added, err := recordBreach(ctx, tx, t, TargetFirstResponse, t.FirstResponseDueAt, now)
				if err != nil {
					return err
				}
				if added {
					n++
				}
			}
			if now.After(t.ResolutionDueAt) {
				added, err := recordBreach(ctx, tx, t, TargetResolution, t.ResolutionDueAt, now)
				if err != nil {
					return err
				}
				if added {
					n++
				}
			}
			return nil
		})
		if err != nil {
			return n, apperr.Wrap(op, err)
		}
	}
	return n, nil
}

// BreachesOf loads the recorded breaches of the given tickets (for dataloaders; the
// tickets were loaded through a visibility check).
func (s *Service) BreachesOf(ctx context.Context, ticketIDs []string) ([]*Breach, error) {
	var out []*Breach
	err := s.DB.R.NewSelect().Model(&out).Where("ticket_id IN (?)", bun.List(ticketIDs)).OrderExpr("detected_at").Scan(ctx)
	return out, apperr.Wrap("ticket.BreachesOf", err)
}

func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }
