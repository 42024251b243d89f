package identity

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/expresscs/cs/internal/event"
)

// Sessions knows, for every staff member whose sessions were ever ended (deactivation),
// the least session version a token must carry to be honoured. An access token carries
// its staff member's session version (claim "sv"); deactivating someone raises theirs, so
// every token issued before stops working at once. The check is a map look-up in memory:
// no statement per request. Each instance loads the versions at start and hears every
// raise through the event bus (LISTEN/NOTIFY on PostgreSQL), with a periodic reload as a
// safety net for a notification missed while the listener reconnected.
type Sessions struct {
	mu       sync.RWMutex
	least    map[string]int
	watchers map[string]map[*sessionWatch]struct{}
}

type sessionWatch struct {
	version int
	end     context.CancelFunc
}

// NewSessions returns an empty registry: every version is honoured until told otherwise.
func NewSessions() *Sessions {
	return &Sessions{least: map[string]int{}, watchers: map[string]map[*sessionWatch]struct{}{}}
}

// Valid reports whether a token of staffID carrying version is still honoured.
func (s *Sessions) Valid(staffID string, version int) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return version >= s.least[staffID]
}

// End makes every token of staffID with a version below least invalid, and ends the
// streams watching them (see UntilSessionEnds). Versions only rise: an older or equal
// announcement changes nothing.
func (s *Sessions) End(staffID string, least int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if least <= s.least[staffID] {
		return
	}
	s.least[staffID] = least
	for w := range s.watchers[staffID] {
		if w.version < least {
			w.end()
			delete(s.watchers[staffID], w)
		}
	}
}

// UntilSessionEnds returns ctx, cancelled as soon as the calling staff member's session
// (the version their token carries) is ended: a subscription or WebSocket connection run
// on it closes then. For partners, anonymous callers and principals not from a verified
// token it returns ctx unchanged. The watch goes away with ctx.
func UntilSessionEnds(ctx context.Context) context.Context {
	p := PrincipalFrom(ctx)
	if p == nil || p.Kind != KindStaff || p.sessions == nil {
		return ctx
	}
	s := p.sessions
	ctx, cancel := context.WithCancel(ctx)
	w := &sessionWatch{version: p.SessionVersion, end: cancel}
	s.mu.Lock()
	if p.SessionVersion < s.least[p.ID] {
		s.mu.Unlock()
		cancel()
		return ctx
	}
	if s.watchers[p.ID] == nil {
		s.watchers[p.ID] = map[*sessionWatch]struct{}{}
	}
	s.watchers[p.ID][w] = struct{}{}
	s.mu.Unlock()
	context.AfterFunc(ctx, func() {
		s.mu.Lock()
		delete(s.watchers[p.ID], w)
		if len(s.watchers[p.ID]) == 0 {
			delete(s.watchers, p.ID)
		}
		s.mu.Unlock()
	})
	return ctx
}

// SessionsTopic is the event topic on which ended sessions are announced.
const SessionsTopic = "staff-sessions"

// SessionsResync is how often FollowSessions reloads every version from the database.
const SessionsResync = time.Minute

type sessionEnded struct {
	StaffID string `json:"staffId"`
	Least   int    `json:"least"`
}

// FollowSessions loads the session versions and keeps them current until ctx ends: from
// the event bus (Events), and by reloading them every SessionsResync. It returns once the
// first load is done, so a server that calls it before serving honours no ended session.
func (s *Service) FollowSessions(ctx context.Context) error {
	var events <-chan event.Event
	if s.Events != nil {
		events = s.Events.Subscribe(ctx, SessionsTopic) // before loading: nothing falls between
	}
	if err := s.loadSessions(ctx); err != nil {
		return err
	}
	go func() {
		tick := time.NewTicker(SessionsResync)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-events:
				if !ok {
					return
				}
				var m sessionEnded
				if json.Unmarshal(e.Payload, &m) == nil && m.StaffID != "" {
					s.Tokens.Sessions.End(m.StaffID, m.Least)
				}
			case <-tick.C:
				_ = s.loadSessions(ctx) // a failed reload is retried at the next tick
			}
		}
	}()
	return nil
}

// loadSessions reads the session version of everyone whose sessions were ever ended.
func (s *Service) loadSessions(ctx context.Context) error {
	var rows []struct {
		ID             string `bun:"id"`
		SessionVersion int    `bun:"session_version"`
	}
	if err := s.DB.R.NewSelect().Model((*Staff)(nil)).Column("id", "session_version").
		Where("session_version > 1").Scan(ctx, &rows); err != nil {
		return err
	}
	for _, r := range rows {
		s.Tokens.Sessions.End(r.ID, r.SessionVersion)
	}
	return nil
}
