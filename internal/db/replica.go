package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Read replicas (issue 21). Reads that tolerate lag (tracking look-ups, the public
// look-up, order lists and searches, reports) call d.Lagging(ctx) instead of d.R; it
// hands them a healthy streaming replica when the request allows one, and the primary
// otherwise. A request allows one only when the GraphQL layer marked its context with
// MayLag (queries, never mutations) and it is not inside a transaction. Everything else,
// and every context nobody marked (jobs, logins, identity checks), reads the primary.
//
// Read-your-writes: when a person's mutation starts, NoteWriting sends that person's
// reads to the primary; when it has finished, NoteWrote reads pg_current_wal_lsn() on the
// primary (after the commit) and keeps it for the person on this instance. Their reads
// then use only a replica whose last check saw pg_last_wal_replay_lsn() at or past that
// position, until the read-your-writes window has passed. A replica whose lag is above
// ReplicaMaxLag is not used at all, and the window is never shorter than that bound, so
// after the window every replica in use has replayed the write too.

// Defaults of the replica settings.
const (
	DefaultReplicaMaxLag = 5 * time.Second
	DefaultReplicaCheck  = time.Second
)

// ReplicaState is what the last check of one replica found.
type ReplicaState struct {
	// Name is host:port/database: the URL without its user and password.
	Name string `json:"name"`
	// Healthy says reads may go to it: it answered, is in recovery and is not too far behind.
	Healthy bool `json:"healthy"`
	// State is "ok", "down", "lagging" or "not a standby".
	State string `json:"state"`
	// LagSeconds is how far its replay is behind the primary in time (0 when caught up).
	LagSeconds float64 `json:"lagSeconds"`
	// LagBytes is how many bytes of WAL it has still to replay.
	LagBytes float64 `json:"lagBytes"`
	// ReplayLSN is pg_last_wal_replay_lsn() at the check.
	ReplayLSN uint64 `json:"-"`
	// Checked is when the check ran.
	Checked time.Time `json:"checked"`
}

type replica struct {
	name string
	// db is swapped once by Trace while the checker may run.
	db    atomic.Pointer[bun.DB]
	state atomic.Pointer[ReplicaState]
	used  atomic.Int64
}

// replicas is the primary's set of standbys and each person's last write.
type replicas struct {
	// primary is the primary's pool as opened, for the checks and WAL positions: d.W may be
	// replaced (Trace) while the checker runs.
	primary *bun.DB
	list    []*replica
	maxLag  time.Duration
	window  time.Duration
	next    atomic.Uint64

	mu     sync.Mutex
	writes map[string]lastWrite
	stop   context.CancelFunc
	done   chan struct{}
}

// lastWrite is a person's last write: its WAL position (0 while the write runs) and when
// the entry stops counting.
type lastWrite struct {
	lsn   uint64
	until time.Time
}

// RedactURL names a database URL without its user, password and parameters:
// host:port/database. It is what logs, /readyz and metrics show of a replica.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "replica"
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	return u.Hostname() + ":" + port + u.Path
}

func openReplicas(primary *bun.DB, cfg Config) (*replicas, error) {
	rs := &replicas{primary: primary, maxLag: cfg.ReplicaMaxLag, window: cfg.ReadYourWritesWindow, writes: map[string]lastWrite{}}
	if rs.maxLag <= 0 {
		rs.maxLag = DefaultReplicaMaxLag
	}
	if rs.window < rs.maxLag {
		rs.window = rs.maxLag
	}
	seen := map[string]bool{}
	for _, raw := range cfg.ReplicaURLs {
		if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
			rs.close()
			return nil, fmt.Errorf("replica URL %d must start with postgres://", len(rs.list)+1)
		}
		dsn, err := simpleProtocol(raw)
		if err != nil {
			rs.close()
			return nil, fmt.Errorf("replica %s: not a valid URL", RedactURL(raw))
		}
		sqldb, err := postgresPool(dsn, cfg.MaxOpen)
		if err != nil {
			rs.close()
			return nil, fmt.Errorf("replica %s: %w", RedactURL(raw), err)
		}
		name := RedactURL(raw)
		for n := 2; seen[name]; n++ {
			name = RedactURL(raw) + "#" + strconv.Itoa(n)
		}
		seen[name] = true
		r := &replica{name: name}
		r.db.Store(bun.NewDB(sqldb, pgdialect.New()).WithQueryHook(counterHook{}))
		r.state.Store(&ReplicaState{Name: name, State: "unchecked"})
		rs.list = append(rs.list, r)
	}
	return rs, nil
}

func (rs *replicas) close() error {
	if rs == nil {
		return nil
	}
	if rs.stop != nil {
		rs.stop()
		<-rs.done
	}
	var errs []error
	for _, r := range rs.list {
		errs = append(errs, r.db.Load().Close())
	}
	return errors.Join(errs...)
}

// watch checks the replicas every interval until Close.
func (d *DB) watchReplicas(interval time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	d.replicas.stop, d.replicas.done = cancel, make(chan struct{})
	go func() {
		defer close(d.replicas.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			d.CheckReplicas(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// CheckReplicas asks the primary for its WAL position and every replica for its replay
// position and lag, and keeps what it found (ReplicaStates, and the choice of Lagging).
// The server runs it every --replica-check-interval and on every /readyz.
func (d *DB) CheckReplicas(ctx context.Context) []ReplicaState {
	if d.replicas == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	primaryLSN, primaryErr := d.replicas.primaryLSN(ctx)
	out := make([]ReplicaState, len(d.replicas.list))
	var wg sync.WaitGroup
	for i, r := range d.replicas.list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := d.replicas.check(ctx, r, primaryLSN, primaryErr == nil)
			r.state.Store(&st)
			out[i] = st
		}()
	}
	wg.Wait()
	return out
}

func (rs *replicas) check(ctx context.Context, r *replica, primaryLSN uint64, primaryKnown bool) ReplicaState {
	st := ReplicaState{Name: r.name, Checked: time.Now()}
	var row struct {
		Recovery bool            `bun:"recovery"`
		Replay   sql.NullString  `bun:"replay"`
		Behind   sql.NullFloat64 `bun:"behind"`
	}
	err := r.db.Load().NewRaw(`SELECT pg_is_in_recovery() AS recovery, CAST(pg_last_wal_replay_lsn() AS TEXT) AS replay,
		EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) AS behind`).Scan(ctx, &row)
	switch {
	case err != nil:
		st.State = "down"
		return st
	case !row.Recovery || !row.Replay.Valid:
		st.State = "not a standby"
		return st
	}
	st.ReplayLSN, _ = ParseLSN(row.Replay.String)
	if primaryKnown && primaryLSN > st.ReplayLSN {
		st.LagBytes = float64(primaryLSN - st.ReplayLSN)
		// Behind in bytes: as old as the last transaction it replayed. (Caught up, the
		// time since that transaction says only that the primary was idle.)
		if row.Behind.Valid && row.Behind.Float64 > 0 {
			st.LagSeconds = row.Behind.Float64
		}
	}
	if !primaryKnown || st.LagSeconds > rs.maxLag.Seconds() {
		st.State = "lagging"
		return st
	}
	st.State, st.Healthy = "ok", true
	return st
}

// HasReplicas reports whether d has read replicas.
func (d *DB) HasReplicas() bool { return d.replicas != nil && len(d.replicas.list) > 0 }

// ReplicaStates returns what the last check found, one entry per replica in the order
// they were configured; nil without replicas.
func (d *DB) ReplicaStates() []ReplicaState {
	if d.replicas == nil {
		return nil
	}
	out := make([]ReplicaState, len(d.replicas.list))
	for i, r := range d.replicas.list {
		out[i] = *r.state.Load()
	}
	return out
}

// ReplicaReads returns how many times Lagging chose each replica, by name (for tests and
// benchmarks).
func (d *DB) ReplicaReads() map[string]int64 {
	out := map[string]int64{}
	if d.replicas != nil {
		for _, r := range d.replicas.list {
			out[r.name] = r.used.Load()
		}
	}
	return out
}

type lagKey struct{}

// lagging is a request's permission to read from a replica, and whose reads they are.
type lagging struct{ person string }

// MayLag marks ctx as a read-only request whose lag-tolerant reads may use a replica;
// person (empty for anonymous callers) names whose writes it must see.
func MayLag(ctx context.Context, person string) context.Context {
	return context.WithValue(ctx, lagKey{}, &lagging{person: person})
}

// Lagging returns the handle for a read that tolerates replica lag: a healthy replica
// when ctx allows one (MayLag, outside a transaction) and the person's last write has
// been replayed there, the primary's reader (d.R) otherwise.
func (d *DB) Lagging(ctx context.Context) *bun.DB {
	rs := d.replicas
	if rs == nil || len(rs.list) == 0 {
		return d.R
	}
	l, _ := ctx.Value(lagKey{}).(*lagging)
	if l == nil {
		return d.R
	}
	if _, inTx := ctx.Value(afterCommitKey{}).(*afterCommit); inTx {
		return d.R
	}
	var need uint64
	if l.person != "" {
		rs.mu.Lock()
		w, ok := rs.writes[l.person]
		rs.mu.Unlock()
		if ok && time.Now().Before(w.until) {
			if w.lsn == 0 {
				return d.R // the write is running or its position is unknown
			}
			need = w.lsn
		}
	}
	start := rs.next.Add(1)
	for i := range rs.list {
		r := rs.list[(int(start)+i)%len(rs.list)]
		st := r.state.Load()
		if st.Healthy && st.ReplayLSN >= need {
			r.used.Add(1)
			return r.db.Load()
		}
	}
	return d.R
}

// NoteWriting sends person's lag-tolerant reads to the primary from now until NoteWrote
// (or the window ends): call it when the person's write starts.
func (d *DB) NoteWriting(person string) {
	if d.replicas == nil || person == "" {
		return
	}
	d.replicas.remember(person, 0)
}

// NoteWrote records the primary's WAL position after person's write has committed, so
// their reads use only replicas that have replayed it, for the read-your-writes window.
// Without the position (the primary does not answer) their reads stay on the primary for
// the window.
func (d *DB) NoteWrote(ctx context.Context, person string) {
	if d.replicas == nil || person == "" {
		return
	}
	lsn, _ := d.replicas.primaryLSN(context.WithoutCancel(ctx)) // 0 when unknown
	d.replicas.remember(person, lsn)
}

// primaryLSN is the primary's current WAL position.
func (rs *replicas) primaryLSN(ctx context.Context) (uint64, error) {
	var pos string
	if err := rs.primary.NewRaw("SELECT CAST(pg_current_wal_lsn() AS TEXT)").Scan(ctx, &pos); err != nil {
		return 0, err
	}
	return ParseLSN(pos)
}

func (rs *replicas) remember(person string, lsn uint64) {
	now := time.Now()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if len(rs.writes) >= 1024 {
		for k, w := range rs.writes {
			if now.After(w.until) {
				delete(rs.writes, k)
			}
		}
	}
	rs.writes[person] = lastWrite{lsn: lsn, until: now.Add(rs.window)}
}

// ParseLSN reads a PostgreSQL WAL position written as two hexadecimal halves ("16/B374D848").
func ParseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, fmt.Errorf("not a WAL position: %q", s)
	}
	h, err := strconv.ParseUint(hi, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("not a WAL position: %q", s)
	}
	l, err := strconv.ParseUint(lo, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("not a WAL position: %q", s)
	}
	return h<<32 | l, nil
}
