package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/telemetry"
)

// parse reads the flags and builds the logger.
func parse(cfg *Config, fs *flag.FlagSet, args []string) (*slog.Logger, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if err := cfg.finish(); err != nil {
		return nil, err
	}
	return newLogger(cfg.LogLevel, os.Stderr), nil
}

func cmdMigrate(ctx context.Context, cfg *Config, fs *flag.FlagSet, args []string, out io.Writer, _ *slog.Logger) error {
	log, err := parse(cfg, fs, args)
	if err != nil {
		return err
	}
	app, err := openApp(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer app.DB.Close()
	fmt.Fprintf(out, "database (%s) is up to date\n", app.DB.Dialect)
	return nil
}

func cmdSeed(ctx context.Context, cfg *Config, fs *flag.FlagSet, args []string, out io.Writer, _ *slog.Logger) error {
	log, err := parse(cfg, fs, args)
	if err != nil {
		return err
	}
	app, err := openApp(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer app.DB.Close()
	return app.seedDemo(ctx, func(f string, a ...any) { fmt.Fprintf(out, f, a...) })
}

func cmdToken(ctx context.Context, cfg *Config, fs *flag.FlagSet, args []string, out io.Writer, _ *slog.Logger) error {
	employee := fs.String("employee", "", "employee `number` of the staff member to mint a token for")
	partner := fs.String("partner", "", "client `id` of the partner to mint a token for")
	ttl := fs.Duration("ttl", 15*time.Minute, "token lifetime")
	log, err := parse(cfg, fs, args)
	if err != nil {
		return err
	}
	app, err := openApp(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer app.DB.Close()
	tok, err := app.Identity.MintToken(ctx, *employee, *partner, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, tok)
	return nil
}

func cmdVersion(_ context.Context, _ *Config, fs *flag.FlagSet, args []string, out io.Writer, _ *slog.Logger) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	b := readBuildInfo()
	mod := ""
	if b.Modified {
		mod = ", with uncommitted changes"
	}
	fmt.Fprintf(out, "server %s (commit %s%s, built %s, %s)\n", b.Version, b.Revision, mod, b.Time, b.GoVersion)
	return nil
}

func cmdRotateKeys(_ context.Context, cfg *Config, fs *flag.FlagSet, args []string, out io.Writer, _ *slog.Logger) error {
	if _, err := parse(cfg, fs, args); err != nil {
		return err
	}
	keys, err := identity.OpenKeyring(cfg.KeyDir)
	if err != nil {
		return err
	}
	kid, err := keys.Rotate()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "new signing key %s in %s; send SIGHUP to running servers (or restart them) to sign with it\n", kid, cfg.KeyDir)
	return nil
}

func cmdRotatePushKey(ctx context.Context, cfg *Config, fs *flag.FlagSet, args []string, out io.Writer, _ *slog.Logger) error {
	log, err := parse(cfg, fs, args)
	if err != nil {
		return err
	}
	app, err := openApp(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer app.DB.Close()
	k, err := app.Push.RotateKey(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "new Web Push key %s is current; phones subscribed with the old key keep receiving and move to the new one the next time the app opens\n", k.ID)
	return nil
}

func cmdServe(ctx context.Context, cfg *Config, fs *flag.FlagSet, args []string, out io.Writer, _ *slog.Logger) error {
	log, err := parse(cfg, fs, args)
	if err != nil {
		return err
	}
	if cfg.PushContact == defaultPushContact && cfg.Env == "production" {
		log.Warn("--push-contact is not set: push services cannot reach the operator of this server")
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	tr, err := telemetry.New(ctx, telemetry.Config{Endpoint: cfg.OTLPEndpoint, Version: version})
	if err != nil {
		return err
	}
	if tr != nil {
		log.Info("tracing on: spans exported over OTLP/HTTP")
		defer func() {
			flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := tr.Shutdown(flushCtx); err != nil {
				log.Warn("export the last spans", "err", err)
			}
		}()
	}
	app, err := openApp(ctx, cfg, log, tr)
	if err != nil {
		return err
	}
	defer app.closeDB(log)
	if err := app.follow(ctx, log); err != nil {
		return err
	}
	if cfg.SeedDemo {
		if err := app.seedDemo(ctx, func(f string, a ...any) { fmt.Fprintf(out, f, a...) }); err != nil {
			return err
		}
	}
	defer reloadKeysOnSIGHUP(app, log)()
	stopJobs, err := app.startJobs(ctx, cfg.ShutdownGrace, log)
	if err != nil {
		return err
	}
	defer stopJobs()
	return app.serve(ctx, cfg, log, out)
}

func (a *App) closeDB(log *slog.Logger) {
	if err := a.DB.Close(); err != nil {
		log.Error("close database", "err", err)
	}
	log.Info("database closed")
}

// follow starts what keeps this instance in step with the others: the event listener
// (PostgreSQL), ended sessions (known before the first request is served) and the
// organisation tree (every instance drops its copy when any instance changes it).
func (a *App) follow(ctx context.Context, log *slog.Logger) error {
	if a.listen != nil {
		go func() {
			if err := a.listen(ctx); err != nil {
				log.Error("event listener stopped", "err", err)
			}
		}()
	}
	if a.lookupCache != nil {
		go func() { _ = a.lookupCache.Run(ctx) }()
	}
	if err := a.Identity.FollowSessions(ctx); err != nil {
		return fmt.Errorf("load ended sessions: %w", err)
	}
	go a.Identity.Org.Follow(ctx, a.Events)
	return nil
}

// reloadKeysOnSIGHUP reloads the token signing keys on each SIGHUP until the returned
// function is called.
func reloadKeysOnSIGHUP(a *App, log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			if err := a.Keys.Reload(); err != nil {
				log.Error("reload signing keys", "err", err)
			} else {
				log.Info("signing keys reloaded")
			}
		}
	}()
	return func() { signal.Stop(hup) }
}

// startJobs starts the job queue on a context SIGTERM does not cancel, so that the
// returned stop can let running jobs (webhook deliveries, rounds) finish within grace.
func (a *App) startJobs(ctx context.Context, grace time.Duration, log *slog.Logger) (stop func(), err error) {
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, fmt.Errorf("start job queue: %w", err)
	}
	return func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		if err := a.Jobs.Stop(stopCtx); err != nil {
			log.Error("stop job queue", "err", err)
		}
		log.Info("job queue stopped")
	}, nil
}

// serve answers HTTP until ctx ends (SIGTERM), then ends the subscription streams at once
// and drains requests in flight for up to the shutdown grace.
func (a *App) serve(ctx context.Context, cfg *Config, log *slog.Logger, out io.Writer) error {
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	var endStreams context.CancelFunc
	a.shutdown, endStreams = context.WithCancel(context.Background())
	defer endStreams()
	srv := &http.Server{
		Handler:           newRouter(a, newMetrics(a.DB)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errCh := make(chan error, 1)
	go func() { errCh <- srv.Serve(ln) }()
	url := publicURL(ln.Addr())
	log.Info("serving", "url", url, "dialect", a.DB.Dialect, "env", cfg.Env)
	fmt.Fprintf(out, "Serving the API and the PWA at %s (GraphQL at /graphql", url)
	if cfg.Introspection {
		fmt.Fprint(out, ", GraphiQL at /graphiql")
	}
	fmt.Fprintln(out, ")")

	select {
	case err := <-errCh:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: ending subscriptions, draining in-flight requests", "grace", cfg.ShutdownGrace)
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	// Subscriptions would hold Shutdown for the whole grace period: they end first (a
	// server-sent-events stream completes, a WebSocket closes) while requests in flight
	// run to their end.
	endStreams()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// publicURL names the address a person can open: localhost when listening on every
// interface.
func publicURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("http://localhost:%d", tcp.Port)
		}
		return "http://" + addr.String()
	}
	return "http://" + tcp.String()
}
