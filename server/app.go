package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/riverqueue/river"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/jobs"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/partner"
	"github.com/expresscs/cs/internal/phrase"
	"github.com/expresscs/cs/internal/push"
	"github.com/expresscs/cs/internal/ratelimit"
	"github.com/expresscs/cs/internal/reconcile"
	"github.com/expresscs/cs/internal/retention"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tariff"
	"github.com/expresscs/cs/internal/telemetry"
	"github.com/expresscs/cs/internal/ticket"
	"github.com/expresscs/cs/internal/today"
	"github.com/expresscs/cs/internal/tracking"
)

// App is the running product: the database, the keys and the services over them.
type App struct {
	Cfg    *Config
	Log    *slog.Logger
	DB     *db.DB
	Keys   *identity.Keyring
	Events event.Bus
	// listen, when set, runs the event listener (PostgreSQL) until its context ends.
	listen func(ctx context.Context) error
	// lookupCache keeps looked-up parcels (Run by follow).
	lookupCache *tracking.Cache
	Identity    *identity.Service
	Roster      *roster.Service
	Orders      *order.Service
	Tracking    *tracking.Service
	Retention   *retention.Service
	Tickets     *ticket.Service
	Checklist   *checklist.Service
	Media       *media.Service
	Tariffs     *tariff.Service
	Reconcile   *reconcile.Service
	Phrases     *phrase.Service
	// mediaSecret signs short-lived photo links; instances sharing KeyDir share it.
	mediaSecret []byte
	// mediaStore keeps photo bytes; nil means the disk store in Cfg.MediaDir.
	mediaStore media.Store
	// loaderWait overrides the GraphQL loaders' wait (zero: their default); tests that
	// count statements lengthen it.
	loaderWait time.Duration
	Partners   *partner.Service
	Jobs       *jobs.Queue
	Push       *push.Service
	Today      *today.Service
	// Limits holds partners' budgets and customer look-ups per address: shared by every
	// instance on PostgreSQL, in this process on SQLite.
	Limits *ratelimit.Limiter
	// Tracing is nil unless traces are exported (--otlp-endpoint).
	Tracing *telemetry.Tracing
	// shutdown is done when the server starts shutting down; open subscriptions end then
	// (nil: they last until their clients leave).
	shutdown context.Context
}

// openApp connects to the database, migrates it and wires the services; tr (nil: no
// tracing) traces its statements and jobs.
func openApp(ctx context.Context, cfg *Config, log *slog.Logger, tr *telemetry.Tracing) (*App, error) {
	d, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, ReplicaURLs: cfg.DatabaseReplicaURLs,
		ReplicaMaxLag: cfg.ReplicaMaxLag, ReadYourWritesWindow: cfg.ReadYourWritesWindow, Pooled: cfg.pooled()})
	if err != nil {
		return nil, err
	}
	for _, u := range cfg.DatabaseReplicaURLs {
		log.Info("read replica", "replica", db.RedactURL(u))
	}
	if err := migrateAll(ctx, cfg, d, log); err != nil {
		d.Close()
		return nil, err
	}
	keys, err := identity.OpenKeyring(cfg.KeyDir)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("signing keys in %s: %w", cfg.KeyDir, err)
	}
	secret, err := media.LoadSecret(filepath.Join(cfg.KeyDir, "media-url.key"))
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("photo link secret in %s: %w", cfg.KeyDir, err)
	}
	d.Trace(tr.Provider())
	app := &App{Cfg: cfg, Log: log, DB: d, Keys: keys, mediaSecret: secret, Tracing: tr}
	if cfg.MediaStore == "s3" {
		st, err := media.NewS3Store(cfg.S3)
		if err == nil {
			err = st.Ready(ctx)
		}
		if err != nil {
			d.Close()
			return nil, fmt.Errorf("photo store: %w", err)
		}
		app.mediaStore = st
		log.Info("photos kept in S3", "endpoint", cfg.S3.Endpoint, "bucket", cfg.S3.Bucket, "prefix", cfg.S3.Prefix)
	}
	if d.Dialect == db.Postgres {
		bus := event.NewPostgres(cfg.DatabaseDirectURL, log)
		app.Events, app.listen = bus, bus.Run
		if cfg.LookupCache > 0 {
			app.lookupCache = tracking.NewCache(cfg.DatabaseDirectURL, cfg.LookupCache, log)
		}
	} else {
		app.Events = event.NewLocal(log)
		if cfg.LookupCache > 0 {
			app.lookupCache = tracking.NewLocalCache(d, cfg.LookupCache, log)
		}
	}
	app.wireServices()
	if err := app.wireJobs(func() time.Time { return time.Now().UTC() }, cfg.Env == "development"); err != nil {
		d.Close()
		return nil, err
	}
	return app, nil
}

// migrateAll applies the application's and the job queue's migrations. Behind a
// transaction-mode pooler they run over a direct connection of their own: the migration
// lock is a session advisory lock.
func migrateAll(ctx context.Context, cfg *Config, d *db.DB, log *slog.Logger) error {
	m := d
	if d.Dialect == db.Postgres && cfg.DatabaseDirectURL != cfg.DatabaseURL {
		direct, err := db.Open(ctx, db.Config{URL: cfg.DatabaseDirectURL, MaxOpen: 2})
		if err != nil {
			return fmt.Errorf("direct database connection: %w", err)
		}
		defer direct.Close()
		m = direct
	}
	applied, err := m.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "dialect", d.Dialect, "migrations", applied)
	}
	versions, err := jobs.Migrate(ctx, m)
	if err != nil {
		return err
	}
	if len(versions) > 0 {
		log.Info("job queue migrations applied", "versions", versions)
	}
	return nil
}

// wireServices builds the services over the app's database and event bus.
func (a *App) wireServices() {
	offset := a.Cfg.ClockOffset
	now := func() time.Time { return time.Now().Add(offset).UTC() }
	d, zone := a.DB, a.Cfg.zone
	a.Limits = ratelimit.New(d)
	a.Identity = identity.NewService(d, a.Keys)
	a.Identity.Gate = identity.NewDefaultPasswordGate(a.Cfg.MaxPasswordChecks)
	a.Identity.Events = a.Events
	a.Roster = &roster.Service{DB: d, Zone: zone, Now: now, Events: a.Events}
	// Quotes price with the tariff in effect and promise arrivals on the holiday calendar;
	// intake takes a quote at its figures.
	a.Tariffs = &tariff.Service{DB: d, Zone: zone, Now: now, Calendar: a.Roster, MaxDeclaredValueFen: a.Cfg.MaxDeclaredValueFen}
	a.Orders = &order.Service{DB: d, Zone: zone, Now: now, Quotes: a.Tariffs, Transit: a.Tariffs, MaxDeclaredValueFen: a.Cfg.MaxDeclaredValueFen, ArrivalHorizon: a.Cfg.ArrivalHorizon}
	// Anomalies of a station's month reach the depot's supervisors and the merchants'
	// salespeople as notifications, and wait in the approvals inbox.
	a.Reconcile = &reconcile.Service{DB: d, Zone: zone, Now: now, Notify: a.Roster}
	a.Retention = &retention.Service{DB: d, Now: now, Log: a.Log, Removed: observeRetention,
		Tracking: &tracking.History{DB: d, Log: a.Log}}
	a.Tracking = &tracking.Service{DB: d, Zone: zone, Now: now, Lookup: tracking.DefaultLookupPolicy, Events: a.Events,
		Limiter: a.Limits, Calendar: a.Roster, Cache: a.lookupCache}
	// A reply's standard phrase and a forbidden opening are counted with the reply.
	a.Phrases = &phrase.Service{DB: d, Zone: zone, Now: now}
	a.Tickets = &ticket.Service{DB: d, Orders: a.Orders, Roster: a.Roster, Zone: zone, Now: now, Events: a.Events, Phrases: a.Phrases}
	a.Today = &today.Service{DB: d, Zone: zone, Now: now, Reviews: a.Reconcile.ReviewsWaiting}
	a.Orders.AfterSales = a.Tickets
	if a.mediaStore == nil {
		a.mediaStore = &media.DiskStore{Dir: a.Cfg.MediaDir}
	}
	a.Media = &media.Service{DB: d, Store: a.mediaStore, Secret: a.mediaSecret, MaxBytes: a.Cfg.MaxPhotoBytes, Now: now}
	// Weekday and weekend items follow the organisation's holiday calendar (调休).
	a.Checklist = &checklist.Service{DB: d, Roster: a.Roster, Media: a.Media, Zone: zone, Now: now, Tickets: a.Tickets,
		WorkingDays: a.Roster}
	// Checklist imports roster, so roster asks about checks and identity about orders
	// through functions set here.
	a.Roster.ShiftInUse = checklist.ShiftsWithChecks
	a.Identity.Waybills = order.WaybillsByID
}

// wireJobs builds the partner capability and the job queue and connects tracking
// events to webhook deliveries.
func (a *App) wireJobs(now func() time.Time, allowHTTPWebhooks bool) error {
	a.Partners = &partner.Service{DB: a.DB, Now: now, AllowHTTP: allowHTTPWebhooks, Limiter: a.Limits,
		WebhookAllow: a.Cfg.WebhookAllow}
	a.Push = &push.Service{DB: a.DB, Zone: a.Cfg.zone, Now: now, Duty: a.Roster, Contact: a.Cfg.PushContact,
		AllowHTTP: allowHTTPWebhooks, Allow: a.Cfg.WebhookAllow}
	q, err := jobs.New(a.DB, jobs.Config{Log: a.Log, ListenURL: a.Cfg.DatabaseDirectURL,
		Register: []func(*river.Workers){a.Partners.RegisterWorkers(nil), a.roundsWorker(), a.Push.RegisterWorkers(),
			func(ws *river.Workers) { river.AddWorker(ws, &ticket.SLAWorker{Svc: a.Tickets}) },
			func(ws *river.Workers) { river.AddWorker(ws, &retention.Worker{Svc: a.Retention}) },
			func(ws *river.Workers) { river.AddWorker(ws, &retention.PartitionsWorker{Svc: a.Retention}) }},
		Periodic: []*river.PeriodicJob{tracking.RoundsPeriodicJob(a.Cfg.zone), ticket.SLAPeriodicJob(), retention.PeriodicJob(),
			retention.PartitionsPeriodicJob()},
		Tracing: a.Tracing.Provider(),
	})
	if err != nil {
		return err
	}
	a.Jobs, a.Partners.Jobs, a.Push.Jobs = q, q, q
	a.Roster.Push, a.Tickets.Push = a.Push, a.Push
	a.Tracking.Recorded = a.Partners.EnqueueDeliveries
	return nil
}

// Resolver gives the GraphQL layer the services.
func (a *App) Resolver() *graph.Resolver {
	return &graph.Resolver{Identity: a.Identity, Roster: a.Roster, OrderService: a.Orders, Tracking: a.Tracking, TicketService: a.Tickets,
		Checklist: a.Checklist, Media: a.Media, Partners: a.Partners, Tariffs: a.Tariffs, Reconcile: a.Reconcile, Phrases: a.Phrases, Retention: a.Retention, Events: a.Events, Push: a.Push, Today: a.Today,
		LoaderWait: a.loaderWait}
}

// seedDemo loads the demo organisation when the database is empty and says who can log in.
func (a *App) seedDemo(ctx context.Context, out func(format string, args ...any)) error {
	res, err := demo.Load(ctx, a.Identity, a.Cfg.TimeZone)
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	if !res.Loaded {
		out("Demo data: the database already has staff; nothing loaded.\n")
		return nil
	}
	err = demo.LoadWorkday(ctx, demo.Workday{Identity: a.Identity, Roster: a.Roster, Orders: a.Orders, Tracking: a.Tracking,
		Tariffs: a.Tariffs, Reconcile: a.Reconcile, Phrases: a.Phrases, Zone: a.Cfg.zone, Now: time.Now()})
	if err != nil {
		return fmt.Errorf("load the demo's working day: %w", err)
	}
	out("Demo organisation loaded, with this month's published duty rosters, orders at every stage, the winter tariff and a consignment station's month to reconcile.\n")
	out("Log in with any of these (password %s):\n", demo.Password)
	for _, l := range res.Logins {
		out("  %-7s %-4s %-10s %s\n", l.EmployeeNo, l.Name, l.Role, l.Depot)
	}
	out("Demo partner client: id %s, secret %s (shown once)\n", demo.PartnerClientID, res.PartnerSecret)
	return nil
}

// roundsWorker runs the scheduled tracking rounds with the roster's on-duty logic.
func (a *App) roundsWorker() func(*river.Workers) {
	return func(ws *river.Workers) {
		river.AddWorker(ws, &tracking.RoundsWorker{Svc: a.Tracking, OnDuty: a.onDutyIDs})
	}
}

// onDutyIDs lists the staff on duty in a depot at an instant.
func (a *App) onDutyIDs(ctx context.Context, depotID string, at time.Time) ([]string, error) {
	as, err := a.Roster.OnDutyAt(ctx, depotID, at)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(as))
	for _, x := range as {
		ids = append(ids, x.StaffID)
	}
	return ids, nil
}
