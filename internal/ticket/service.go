package ticket

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/push"
	"github.com/expresscs/cs/internal/roster"
	freetext "github.com/expresscs/cs/internal/text"
)

// Service is the ticket capability.
type Service struct {
	DB     *db.DB
	Orders *order.Service  // order look-ups for tickets opened from an order
	Roster *roster.Service // who is on duty, for handover
	Zone   *time.Location  // the organisation's zone, for months in registers and reports
	Now    func() time.Time
	// Events, when set, announces every created or changed ticket on DepotTopic(depot)
	// and AllTopic once the change commits (for the ticketUpdated subscription).
	Events event.Bus
	// Push, when set, queues Web Push to the people a change concerns (an assignee, a
	// handover's colleague, the ladder an escalation reaches).
	Push *push.Service
	// Phrases, when set, records in a comment's transaction the standard phrase it used
	// and whether it opened with a phrase the handbook forbids (internal/phrase).
	Phrases PhraseUses
}

// PhraseUses records the use of standard phrases in replies ((*phrase.Service).RecordUse).
type PhraseUses interface {
	RecordUse(ctx context.Context, tx bun.IDB, ticketID, phraseID, body string, at time.Time) error
}

// AllTopic carries every ticket change (for managers and admins).
const AllTopic = "tickets:all"

// DepotTopic carries the ticket changes of one depot.
func DepotTopic(depotID string) string { return "tickets:depot:" + depotID }

// announce publishes that t was created or changed, in the transaction that did it.
func (s *Service) announce(ctx context.Context, tx bun.IDB, t *Ticket) error {
	if s.Events == nil {
		return nil
	}
	payload := map[string]string{"ticketId": t.ID}
	return s.Events.PublishEachTx(ctx, tx, []event.Announcement{{Topic: DepotTopic(t.DepotID), Payload: payload}, {Topic: AllTopic, Payload: payload}})
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// Viewer returns the caller if they may read tickets: agents, supervisors, managers and
// admins. UNAUTHENTICATED without a token; FORBIDDEN for partners and other roles.
func Viewer(ctx context.Context, op string) (*identity.Principal, error) {
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleAgent, identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Who sees which tickets: staff the tickets of the depots they reach (agents and
// supervisors their depot, managers the depots under the unit they run, admins their
// organisation's) and any ticket handed to them. One rule asked two ways: scopeSQL for
// queries, CanSee for a ticket in hand.

// scopeSQL is the condition that a ticket (aliased by prefix, e.g. "t.") is one p sees.
func scopeSQL(p *identity.Principal, prefix string) (string, []any) {
	cond, args := p.Reach().SQL(prefix+"depot_id", identity.StaffRoles...)
	return "(" + cond + " OR " + prefix + "assignee_id = ?)", append(args, p.ID)
}

// Scope narrows a query over tickets (aliased by prefix, e.g. "t.") to what p may see.
func Scope(q *bun.SelectQuery, p *identity.Principal, prefix string) *bun.SelectQuery {
	cond, args := scopeSQL(p, prefix)
	return q.Where(cond, args...)
}

// CanSee reports whether p may read t.
func CanSee(p *identity.Principal, t *Ticket) bool {
	if p == nil || p.Kind != identity.KindStaff || !p.HasAnyRole(identity.StaffRoles...) {
		return false
	}
	return p.Reach().Covers(t.DepotID, identity.StaffRoles...) || (t.AssigneeID != nil && *t.AssigneeID == p.ID)
}

// oversees reports whether p oversees depotID: its supervisors, the managers above it
// and the admins of its organisation.
func oversees(p *identity.Principal, depotID string) bool {
	return p.Reach().Covers(depotID, identity.OverseerRoles...)
}

// write is the state a ticket mutation works on inside its transaction.
type write struct {
	tx   bun.Tx
	t    *Ticket
	p    *identity.Principal
	now  time.Time
	save bool
	// escalated is set when the write moved the ticket up the ladder (its people are
	// pushed once it is saved).
	escalated bool
}

// entry appends a timeline entry to the ticket being written.
func (w *write) entry(ctx context.Context, kind EntryKind, body string, from, to State, photos []string) error {
	return addEntry(ctx, w.tx, w.t.ID, kind, &w.p.ID, body, from, to, photos, w.now)
}

func addEntry(ctx context.Context, tx bun.IDB, ticketID string, kind EntryKind, actor *string, body string, from, to State, photos []string, now time.Time) error {
	if photos == nil {
		photos = []string{}
	}
	b, _ := json.Marshal(photos)
	e := &Entry{ID: newID(), TicketID: ticketID, Kind: kind, ActorID: actor, Body: body, FromState: string(from),
		ToState: string(to), PhotoRefs: string(b), CreatedAt: now}
	_, err := tx.NewInsert().Model(e).Exec(ctx)
	return err
}

// PhotoIDs returns the ids of the photos attached to the entry.
func (e *Entry) PhotoIDs() []string {
	var out []string
	_ = json.Unmarshal([]byte(e.PhotoRefs), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

// lockTicket reads a ticket inside tx, locking its row on PostgreSQL so that concurrent
// writers queue and then see the version the first one wrote.
func (s *Service) lockTicket(ctx context.Context, tx bun.Tx, op, id string) (*Ticket, error) {
	t := new(Ticket)
	q := tx.NewSelect().Model(t).Where("id = ?", id)
	if s.DB.Dialect == db.Postgres {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, apperr.E(op, apperr.NotFound)
		}
		return nil, err
	}
	return t, nil
}

// onTicket is the preamble every write on a ticket, or on what hangs off one, shares:
// the caller is staff who sees tickets (and passes allowed, FORBIDDEN otherwise), the
// idempotency key is valid, and fn runs once per key in one transaction with the ticket
// locked. A ticket the caller may not see is NOT_FOUND. ticketOf names the ticket from
// inside the transaction (a claim's write finds it through the claim).
func onTicket[T any](ctx context.Context, s *Service, op, key string, fp []any, allowed func(*identity.Principal) bool,
	ticketOf func(ctx context.Context, tx bun.Tx) (string, error),
	fn func(ctx context.Context, tx bun.Tx, p *identity.Principal, t *Ticket, now time.Time) (T, error)) (T, bool, error) {
	var zero T
	p, err := Viewer(ctx, op)
	if err != nil {
		return zero, false, err
	}
	if allowed != nil && !allowed(p) {
		return zero, false, apperr.E(op, apperr.Forbidden)
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return zero, false, err
	}
	now := s.Now().UTC()
	out, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(fp), now,
		func(ctx context.Context, tx bun.Tx) (T, error) {
			id, err := ticketOf(ctx, tx)
			if err != nil {
				return zero, err
			}
			t, err := s.lockTicket(ctx, tx, op, id)
			if err != nil {
				return zero, err
			}
			if !CanSee(p, t) {
				return zero, apperr.E(op, apperr.NotFound)
			}
			return fn(ctx, tx, p, t, now)
		})
	if err != nil {
		return zero, false, apperr.Wrap(op, err)
	}
	return out, replayed, nil
}

// theTicket is onTicket's ticketOf for a write that names its ticket.
func theTicket(id string) func(context.Context, bun.Tx) (string, error) {
	return func(context.Context, bun.Tx) (string, error) { return id, nil }
}

// mutate runs fn on a ticket (onTicket) and, when expectedVersion is not nil, under
// optimistic concurrency: a stale version is CONFLICT. What fn marks saved is written
// back with a new version; the assignee's devices and the live stream are told.
func (s *Service) mutate(ctx context.Context, op, key, ticketID string, expectedVersion *int, fp any,
	fn func(ctx context.Context, w *write) error) (*Ticket, bool, error) {
	return onTicket(ctx, s, op, key, []any{ticketID, expectedVersion, fp}, nil, theTicket(ticketID),
		func(ctx context.Context, tx bun.Tx, p *identity.Principal, t *Ticket, now time.Time) (*Ticket, error) {
			if expectedVersion != nil && t.Version != *expectedVersion {
				return nil, apperr.E(op, apperr.Conflict).With("currentVersion", t.Version)
			}
			w := &write{tx: tx, t: t, p: p, now: now}
			prevAssignee := t.AssigneeID
			if err := fn(ctx, w); err != nil {
				return nil, err
			}
			if w.save {
				if err := s.save(ctx, tx, op, t, now); err != nil {
					return nil, err
				}
			}
			if err := s.pushChange(ctx, tx, w, prevAssignee); err != nil {
				return nil, err
			}
			return t, s.announce(ctx, tx, t)
		})
}

// save writes t back, bumping its version; CONFLICT if someone else wrote it meanwhile.
func (s *Service) save(ctx context.Context, tx bun.IDB, op string, t *Ticket, now time.Time) error {
	prev := t.Version
	t.Version, t.UpdatedAt = prev+1, now
	return db.WriteOne(ctx, tx.NewUpdate().Model(t).WherePK().Where("version = ?", prev), apperr.E(op, apperr.Conflict))
}

// text cleans a free-text field in place by the one text rule (internal/text): trimmed
// and normalised; control characters, bidi overrides and text over max characters are
// BAD_USER_INPUT naming field; with min 0 the field is optional (blank becomes ""),
// otherwise blank or shorter than min is refused with zh/en. Fields longer than a name
// (over 100 characters) may hold line breaks and tabs.
func text(op, field string, v *string, min, max int, zh, en string) error {
	return freetext.Rule{Field: field, Max: max, Multiline: max > 100}.CleanAtLeast(op, v, min, zh, en)
}
