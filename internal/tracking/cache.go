package tracking

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/order"
)

// ParcelsChannel is the PostgreSQL channel on which the database itself announces every
// committed change to an order or its timeline (migration 20261211010000: statement
// triggers on orders and tracking_events; the payload is the orders' ids, comma-separated,
// or "*" for all).
const ParcelsChannel = "cs_parcels"

// ForgetAllParcels is the statement that tells every instance's cache to forget
// everything, for a change no trigger sees (dropping a partition of tracking_events).
const ForgetAllParcels = "SELECT pg_notify('" + ParcelsChannel + "', '*')"

// Cache keeps the parcels looked up (the order row and its timeline), for
// the staff and partner look-up with a timeline and the public customerTracking, so that
// looking up a parcel nobody changed since reads nothing from the database (the public
// look-up still takes and gives back its guess). It is never stale, on this instance or
// across instances. On PostgreSQL (NewCache):
//
//   - The database announces every committed change (ParcelsChannel); PostgreSQL sends a
//     NOTIFY at commit, before the writer is told the commit succeeded, so before any
//     acknowledgement of the change reaches a client.
//   - Every look-up first waits for a fence: an empty statement on the cache's own
//     listening connection, sent after the look-up began. PostgreSQL delivers the
//     notifications already committed to a listening session before it answers that
//     session's next statement, so when the fence returns, every change acknowledged
//     before the look-up began has been forgotten. Look-ups waiting at once share one
//     fence, so under load it costs a fraction of a round trip each.
//   - A parcel read on a miss is kept only if no announcement about it arrived since
//     the look-up's fence (a slot per order id hash, marked with the announcement's
//     sequence), so a read that raced a change is never kept; an announcement arriving
//     after the parcel was kept removes it.
//   - When the listening connection fails, the cache empties itself and every look-up
//     reads the database directly until it listens again.
//
// On SQLite (NewLocalCache) the writer itself reports each commit's changed orders.
//
// Entries are checked against the caller's reach (order.CanSee) on every hit, so who sees
// what is decided exactly as by the look-up's statement. Fills read the primary, never a
// replica. The cached values are shared: callers get copies of the order and of the
// timeline's slice, and must not change the events.
type Cache struct {
	url   string
	local *db.DB // SQLite: the writer reports changes in-process (NewLocalCache)
	log   *slog.Logger

	mu      sync.Mutex
	up      bool // listening: look-ups may use the cache
	entries *simplelru.LRU[string, *cached]
	ids     map[string]string // order id → waybill number of its entry
	seq     uint64            // announcements applied
	marks   [markSlots]uint64 // the seq of the last announcement about an id hashing here
	emptied uint64            // the seq at the last time the cache emptied itself
	// unsettled: on SQLite, a commit was reported that readers may not see yet; no
	// fill is kept meanwhile (it may have read the rows from before the commit).
	unsettled bool
	waiting   []chan error // look-ups waiting for the next fence
	stopWait  context.CancelFunc

	hits, misses, fences atomic.Int64
}

// markSlots is how many slots remember the last announcement about the ids hashing to
// them; a collision only makes a fill not kept.
const markSlots = 4096

type cached struct {
	order  order.Order
	events []*Event
}

// CacheApplicationName names the cache's listening connection in pg_stat_activity.
const CacheApplicationName = "cs-lookup-cache"

// fenceTimeout bounds a look-up's wait for its fence and a fence's round trip: a
// listening connection that stops answering (a half-open TCP connection, a stuck
// server) must not hold look-ups, which then read the database instead, while the
// connection is dropped and made again.
const fenceTimeout = time.Second

// errNotListening is why a look-up bypasses the cache.
var errNotListening = errors.New("look-up cache: not listening")

// NewCache returns a cache of up to size parcels fed by the announcements on the
// database at url (a direct connection: LISTEN does not pass a transaction-mode pooler).
// Call Run.
func NewCache(url string, size int, log *slog.Logger) *Cache {
	c := &Cache{url: url, log: log, ids: map[string]string{}}
	c.entries, _ = simplelru.NewLRU(max(size, 1), func(_ string, e *cached) { delete(c.ids, e.order.ID) })
	return c
}

// NewLocalCache returns a cache of up to size parcels on d, an SQLite database, fed by
// its writer's reports of the rows each commit changed (db.WatchRows): every write of the
// embedded database goes through that one connection, so no fence is needed. A change
// is forgotten at its commit, before readers see it, and fills are not kept until the
// commit has returned, so a fill that read the rows from before it is never kept. Writes
// by another process on the same file are not seen: do not change the file under a
// running server with a cache (LOOKUP_CACHE=0 turns it off). Call Run after migrating.
func NewLocalCache(d *db.DB, size int, log *slog.Logger) *Cache {
	c := NewCache("", size, log)
	c.local = d
	return c
}

// Stats returns how many look-ups found their parcel, how many read it, and how many
// fences were sent.
func (c *Cache) Stats() (hits, misses, fences int64) {
	return c.hits.Load(), c.misses.Load(), c.fences.Load()
}

// Listening reports whether the cache is in use.
func (c *Cache) Listening() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.up
}

// Run feeds the cache until ctx ends: on PostgreSQL it listens, reconnecting a second
// after a failure; on SQLite it follows the writer (an error only if it cannot).
func (c *Cache) Run(ctx context.Context) error {
	if c.local != nil {
		return c.watch(ctx)
	}
	for {
		err := c.listen(ctx)
		c.mu.Lock()
		c.up = false
		c.emptyLocked()
		for _, w := range c.waiting {
			w <- errNotListening
		}
		c.waiting = nil
		c.mu.Unlock()
		if ctx.Err() != nil {
			return nil
		}
		c.log.WarnContext(ctx, "look-up cache: listening connection lost; look-ups read the database", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

// listen holds one listening connection: it applies announcements as they come and
// sends a fence whenever look-ups wait for one.
func (c *Cache) listen(ctx context.Context) error {
	cfg, err := pgconn.ParseConfig(c.url)
	if err != nil {
		return err
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 5 * time.Second // a server that accepts and never answers
	}
	cfg.RuntimeParams["application_name"] = CacheApplicationName
	cfg.OnNotification = func(_ *pgconn.PgConn, n *pgconn.Notification) { c.forget(n.Payload) }
	conn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+ParcelsChannel).ReadAll(); err != nil {
		return err
	}
	// Whatever changed before the LISTEN was not announced to this connection.
	c.mu.Lock()
	c.emptyLocked()
	c.up = true
	c.mu.Unlock()
	for {
		c.mu.Lock()
		batch := c.waiting
		c.waiting = nil
		if len(batch) > 0 {
			c.mu.Unlock()
			c.fences.Add(1)
			fctx, cancel := context.WithTimeout(ctx, fenceTimeout)
			_, err := conn.Exec(fctx, "").ReadAll()
			cancel()
			// A fence that failed (its own deadline, which races the waiters' timer of the
			// same length, or a broken connection) is one more reason the cache is not
			// listening: the waiters get errNotListening either way.
			werr := err
			if err != nil {
				werr = fmt.Errorf("%w: %w", errNotListening, err)
			}
			for _, w := range batch {
				w <- werr
			}
			if err != nil {
				return err
			}
			continue
		}
		// Announcements arrive through OnNotification; a look-up's arrival cancels the
		// wait (a read deadline: the connection stays usable).
		wait, stop := context.WithCancel(ctx)
		c.stopWait = stop
		c.mu.Unlock()
		err := conn.WaitForNotification(wait)
		interrupted := wait.Err() != nil
		c.mu.Lock()
		c.stopWait = nil
		c.mu.Unlock()
		stop()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && (!interrupted || conn.IsClosed()) {
			return err
		}
	}
}

// watch follows the SQLite writer's reports until ctx ends.
func (c *Cache) watch(ctx context.Context) error {
	orders, key := order.RowKey()
	err := c.local.WatchRows(ctx, map[string]string{orders: key, "tracking_events": "order_id"}, c.changed)
	if err != nil {
		c.log.ErrorContext(ctx, "look-up cache: cannot follow the writer; look-ups read the database", "err", err)
		return err
	}
	c.mu.Lock()
	c.emptyLocked()
	c.up = true
	c.mu.Unlock()
	<-ctx.Done()
	c.local.Unwatch()
	c.mu.Lock()
	c.up = false
	c.emptyLocked()
	c.mu.Unlock()
	return nil
}

// changed applies one report of the SQLite writer.
func (c *Cache) changed(ids []string, all, settled bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.unsettled = !settled
	if all {
		c.emptyLocked()
		return
	}
	c.forgetLocked(slices.Values(ids))
}

// fence returns once every change committed before it was called has been forgotten,
// or with an error when the cache is not listening.
func (c *Cache) fence(ctx context.Context) error {
	done := make(chan error, 1)
	c.mu.Lock()
	if !c.up {
		c.mu.Unlock()
		return errNotListening
	}
	c.waiting = append(c.waiting, done)
	if c.stopWait != nil {
		c.stopWait()
		c.stopWait = nil
	}
	c.mu.Unlock()
	timer := time.NewTimer(fenceTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return errNotListening
	}
}

// forget applies one announcement.
func (c *Cache) forget(payload string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if payload == "*" {
		c.emptyLocked()
		return
	}
	c.forgetLocked(strings.SplitSeq(payload, ","))
}

func (c *Cache) forgetLocked(ids iter.Seq[string]) {
	c.seq++
	for id := range ids {
		c.marks[slot(id)] = c.seq
		if w, ok := c.ids[id]; ok {
			c.entries.Remove(w)
		}
	}
}

func (c *Cache) emptyLocked() {
	c.seq++
	c.emptied = c.seq
	c.entries.Purge()
}

// slotSeed seeds slot's hash for the life of the process.
var slotSeed = maphash.MakeSeed()

func slot(id string) uint64 { return maphash.String(slotSeed, id) % markSlots }

// look returns the cached parcel of waybill w (nil on a miss) after the fence, with the
// sequence a fill of that miss gives keep. ok is false without a cache (nil) and when
// the cache cannot be used
// (not listening, the fence failed): the caller reads the database and keeps nothing.
func (c *Cache) look(ctx context.Context, w string) (e *cached, since uint64, ok bool) {
	if c == nil {
		return nil, 0, false
	}
	if c.local == nil {
		if err := c.fence(ctx); err != nil {
			return nil, 0, false
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.up {
		return nil, 0, false
	}
	if e, found := c.entries.Get(w); found {
		c.hits.Add(1)
		return e, 0, true
	}
	c.misses.Add(1)
	return nil, c.seq, true
}

// keep stores a parcel read after look returned since, unless an announcement about it
// (or an emptying) came after since.
func (c *Cache) keep(since uint64, o *order.Order, events []*Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.up || c.unsettled || c.emptied > since || c.marks[slot(o.ID)] > since {
		return
	}
	if old, found := c.entries.Peek(o.WaybillNo); found {
		delete(c.ids, old.order.ID) // the number's order was deleted and taken again
	}
	c.entries.Add(o.WaybillNo, &cached{order: *o, events: events})
	c.ids[o.ID] = o.WaybillNo
}

// parcel returns copies of a hit's order and timeline slice.
func (e *cached) parcel() (*order.Order, []*Event) {
	o := e.order
	return &o, append([]*Event(nil), e.events...)
}
