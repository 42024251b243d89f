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
	app, err := openApp(ctx, cfg, log)
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
	app, err := openApp(ctx, cfg, log)
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
	app, err := openApp(ctx, cfg, log)
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
	app, err := openApp(ctx, cfg, log)
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

	app, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := app.DB.Close(); err != nil {
			log.Error("close database", "err", err)
		}
		log.Info("database closed")
	}()
	if app.listen != nil {
		go func() {
			if err := app.listen(ctx); err != nil {
				log.Error("event listener stopped", "err", err)
			}
		}()
	}
	// Ended sessions (deactivated staff) are known before the first request is served.
	if err := app.Identity.FollowSessions(ctx); err != nil {
		return fmt.Errorf("load ended sessions: %w", err)
	}
	// Every instance drops its copy of the organisation tree when any instance changes it.
	go app.Identity.Org.Follow(ctx, app.Events)
	if cfg.SeedDemo {
		if err := app.seedDemo(ctx, func(f string, a ...any) { fmt.Fprintf(out, f, a...) }); err != nil {
			return err
		}
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for range hup {
			if err := app.Keys.Reload(); err != nil {
				log.Error("reload signing keys", "err", err)
			} else {
				log.Info("signing keys reloaded")
			}
		}
	}()

	// The job queue works until shutdown; it is started on a context SIGTERM does not
	// cancel so that Stop below can let running jobs (webhook deliveries, rounds) finish.
	if err := app.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
		defer cancel()
		if err := app.Jobs.Stop(stopCtx); err != nil {
			log.Error("stop job queue", "err", err)
		}
		log.Info("job queue stopped")
	}()

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	var endStreams context.CancelFunc
	app.shutdown, endStreams = context.WithCancel(context.Background())
	defer endStreams()
	srv := &http.Server{
		Handler:           newRouter(app, newMetrics(app.DB)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errCh := make(chan error, 1)
	go func() { errCh <- srv.Serve(ln) }()
	url := publicURL(ln.Addr())
	log.Info("serving", "url", url, "dialect", app.DB.Dialect, "env", cfg.Env)
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
