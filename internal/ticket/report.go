package ticket

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// Count is one bucket of a report.
type Count struct {
	Key   string
	Count int
}

// Problem is a recurring problem: a kind (with its exception kind) and a cause.
type Problem struct {
	Kind          Kind
	ExceptionKind ExceptionKind
	Cause         string
	Count         int
}

// Party is the tickets of a report attributed to one responsible party (责任归属): the
// weak links management asks to see, each with its causes.
type Party struct {
	Kind   ResponsibleKind // "" for tickets not attributed yet
	Name   string          // as recorded; a unit of ours groups by the unit whatever its spelling
	UnitID string          // the unit of ours, when one was named
	Count  int
	Causes []Count // key: the cause found, "" when none; largest first
}

// Report is the managers' view of a period's tickets.
type Report struct {
	From, To string // YYYY-MM-DD, inclusive, in the organisation's zone
	Total    int
	ByKind   []Count // key: kind, or EXCEPTION/<exception kind>
	ByCause  []Count // key: the cause found; "" when none was recorded
	ByBranch []Count // key: branch company id
	ByDay    []Count // key: YYYY-MM-DD
	// FirstResponseCompliance and ResolutionCompliance are the share (0–1) of tickets whose
	// target has come due that met it; nil when none has come due.
	FirstResponseCompliance *float64
	ResolutionCompliance    *float64
	Breaches                int // tickets that missed at least one target
	MedianFirstResponse     *time.Duration
	MedianResolution        *time.Duration
	SatisfactionAverage     *float64
	SatisfactionCounts      []Count // key: "1" … "5"
	TopProblems             []Problem
	// ByResponsibleKind counts tickets by kind of responsible party ("" for not yet
	// attributed); ByResponsibleParty by party, largest first.
	ByResponsibleKind  []Count
	ByResponsibleParty []Party
	// Truncated is true when the period held more tickets than a report reads at once
	// (ReportLimit); narrow the period or the depot then.
	Truncated bool
}

// ReportLimit bounds the tickets one report reads.
const ReportLimit = 20000

// Report summarises the tickets opened from one day to another (inclusive, in the
// organisation's zone), for a depot or, when depotID is empty, every depot the caller
// oversees: supervisors their depot, managers the depots under their unit, admins their
// organisation (FORBIDDEN for a depot outside that).
// BAD_USER_INPUT for days that are not YYYY-MM-DD, a reversed period or one over 366 days.
func (s *Service) Report(ctx context.Context, from, to, depotID string) (*Report, error) {
	const op = "ticket.Report"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	if depotID != "" && !oversees(p, depotID) || !p.HasAnyRole(identity.OverseerRoles...) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	start, err1 := time.ParseInLocation("2006-01-02", from, s.Zone)
	end, err2 := time.ParseInLocation("2006-01-02", to, s.Zone)
	if err1 != nil || err2 != nil {
		return nil, apperr.Invalid(op, "from", "日期格式应为 YYYY-MM-DD", "Days are YYYY-MM-DD")
	}
	end = end.AddDate(0, 0, 1)
	if !end.After(start) || end.Sub(start) > 366*24*time.Hour {
		return nil, apperr.Invalid(op, "to", "统计区间须在 1 到 366 天之间", "The period must be 1 to 366 days")
	}
	var ts []*Ticket
	q := p.Reach().Filter(s.DB.Lagging(ctx).NewSelect().Model(&ts), "depot_id", identity.OverseerRoles...).
		Where("created_at >= ? AND created_at < ?", start.UTC(), end.UTC())
	if depotID != "" {
		q = q.Where("depot_id = ?", depotID)
	}
	if err := q.OrderExpr("created_at").Limit(ReportLimit + 1).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	tree, err := identity.TreeOf(ctx, s.DB.Lagging(ctx))
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	branchOf := func(depotID string) string { return tree.AncestorOfKind(depotID, identity.KindBranch) }
	r := &Report{From: from, To: to}
	if len(ts) > ReportLimit {
		ts, r.Truncated = ts[:ReportLimit], true
	}
	summarise(r, ts, branchOf, s.Now().UTC(), s.Zone)
	return r, nil
}

// summarise fills r from the period's tickets.
func summarise(r *Report, ts []*Ticket, branchOf func(depotID string) string, now time.Time, zone *time.Location) {
	kinds, causes, branches, days, sats := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	problems := map[Problem]int{}
	respKinds := map[string]int{}
	type partyKey struct {
		kind       ResponsibleKind
		unit, name string
	}
	parties := map[partyKey]*Party{}
	partyCauses := map[partyKey]map[string]int{}
	var frDue, frMet, resDue, resMet, satSum, satN int
	var firstResp, resolution []time.Duration
	for _, t := range ts {
		r.Total++
		k := string(t.Kind)
		if t.Kind == Exception {
			k += "/" + string(t.ExceptionKind)
		}
		kinds[k]++
		causes[t.Cause]++
		respKinds[string(t.ResponsibleKind)]++
		pk := partyKey{kind: t.ResponsibleKind, name: strings.TrimSpace(t.ResponsibleName)}
		if t.ResponsibleUnitID != nil {
			pk.unit, pk.name = *t.ResponsibleUnitID, ""
		}
		if parties[pk] == nil {
			parties[pk] = &Party{Kind: t.ResponsibleKind, Name: strings.TrimSpace(t.ResponsibleName), UnitID: pk.unit}
			partyCauses[pk] = map[string]int{}
		}
		parties[pk].Count++
		partyCauses[pk][t.Cause]++
		branches[branchOf(t.DepotID)]++
		days[t.CreatedAt.In(zone).Format("2006-01-02")]++
		if t.Cause != "" {
			problems[Problem{Kind: t.Kind, ExceptionKind: t.ExceptionKind, Cause: t.Cause}]++
		}
		sla := t.SLAAt(now)
		if t.FirstRespondedAt != nil || sla.FirstResponseBreached {
			frDue++
			if !sla.FirstResponseBreached {
				frMet++
			}
		}
		if t.ResolvedAt != nil || sla.ResolutionBreached {
			resDue++
			if !sla.ResolutionBreached {
				resMet++
			}
		}
		if sla.FirstResponseBreached || sla.ResolutionBreached {
			r.Breaches++
		}
		if t.FirstRespondedAt != nil {
			firstResp = append(firstResp, t.FirstRespondedAt.Sub(t.CreatedAt))
		}
		if t.ResolvedAt != nil {
			resolution = append(resolution, t.ResolvedAt.Sub(t.CreatedAt))
		}
		if t.Satisfaction != nil {
			sats[strconv.Itoa(*t.Satisfaction)]++
			satSum += *t.Satisfaction
			satN++
		}
	}
	r.ByKind, r.ByCause, r.ByBranch, r.SatisfactionCounts = counts(kinds), counts(causes), counts(branches), counts(sats)
	r.ByDay = counts(days)
	sort.Slice(r.ByDay, func(i, j int) bool { return r.ByDay[i].Key < r.ByDay[j].Key })
	sort.Slice(r.SatisfactionCounts, func(i, j int) bool { return r.SatisfactionCounts[i].Key < r.SatisfactionCounts[j].Key })
	r.FirstResponseCompliance, r.ResolutionCompliance = ratio(frMet, frDue), ratio(resMet, resDue)
	r.MedianFirstResponse, r.MedianResolution = median(firstResp), median(resolution)
	if satN > 0 {
		avg := float64(satSum) / float64(satN)
		r.SatisfactionAverage = &avg
	}
	r.ByResponsibleKind = counts(respKinds)
	for pk, p := range parties {
		p.Causes = counts(partyCauses[pk])
		r.ByResponsibleParty = append(r.ByResponsibleParty, *p)
	}
	sort.Slice(r.ByResponsibleParty, func(i, j int) bool {
		a, b := r.ByResponsibleParty[i], r.ByResponsibleParty[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.UnitID+a.Name < b.UnitID+b.Name
	})
	for p, n := range problems {
		p.Count = n
		r.TopProblems = append(r.TopProblems, p)
	}
	sort.Slice(r.TopProblems, func(i, j int) bool {
		a, b := r.TopProblems[i], r.TopProblems[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Cause < b.Cause
	})
	if len(r.TopProblems) > 5 {
		r.TopProblems = r.TopProblems[:5]
	}
}

// counts turns a tally into buckets, largest first.
func counts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func ratio(met, due int) *float64 {
	if due == 0 {
		return nil
	}
	r := float64(met) / float64(due)
	return &r
}

// median is the middle value (the mean of the two middle values for an even count).
func median(ds []time.Duration) *time.Duration {
	if len(ds) == 0 {
		return nil
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	m := ds[len(ds)/2]
	if len(ds)%2 == 0 {
		m = (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
	}
	return &m
}
