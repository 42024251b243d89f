package main

import (
	"context"
	"flag"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/media/s3test"
	"github.com/expresscs/cs/internal/order"
)

func configFrom(t *testing.T, args ...string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := bindConfig(fs)
	if err := fs.Parse(append([]string{"--data-dir", t.TempDir()}, args...)); err != nil {
		t.Fatal(err)
	}
	return c, c.finish()
}

func TestPhotoStoreIsChosenByConfiguration(t *testing.T) {
	t.Setenv("MEDIA_STORE", "")
	log := quietLog
	open := func(t *testing.T, args ...string) (*App, error) {
		cfg, err := configFrom(t, args...)
		if err != nil {
			t.Fatal(err)
		}
		app, err := openApp(context.Background(), cfg, log, nil)
		if err == nil {
			t.Cleanup(func() { app.DB.Close() })
		}
		return app, err
	}

	t.Run("disk by default", func(t *testing.T) {
		app, err := open(t)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := app.Media.Store.(*media.DiskStore); !ok {
			t.Fatalf("store %T", app.Media.Store)
		}
	})

	s3 := s3test.Server(t)
	s3args := []string{"--media-store", "s3", "--s3-endpoint", s3.Endpoint, "--s3-region", s3.Region,
		"--s3-access-key", s3.AccessKey, "--s3-path-style"}
	t.Run("s3 when configured, with the secret from the environment", func(t *testing.T) {
		t.Setenv("S3_SECRET_KEY", s3.SecretKey)
		app, err := open(t, append(s3args, "--s3-bucket", s3.Bucket)...)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := app.Media.Store.(*media.S3Store); !ok {
			t.Fatalf("store %T", app.Media.Store)
		}
	})

	t.Run("a missing bucket stops start-up", func(t *testing.T) {
		_, err := open(t, append(s3args, "--s3-secret-key", s3.SecretKey, "--s3-bucket", "cs-test-absent")...)
		if err == nil || !strings.Contains(err.Error(), "photo store") {
			t.Fatalf("want a photo store error, got %v", err)
		}
	})

	for name, args := range map[string][]string{
		"unknown store":     {"--media-store", "ftp"},
		"s3 without bucket": {"--media-store", "s3", "--s3-endpoint", "http://127.0.0.1:1"},
	} {
		if _, err := configFrom(t, args...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestClockOffsetIsForDevelopmentOnly(t *testing.T) {
	c, err := configFrom(t, "--clock-offset", "-90h")
	if err != nil || c.ClockOffset != -90*time.Hour {
		t.Fatalf("development: %v, offset %v", err, c.ClockOffset)
	}
	if _, err := configFrom(t, "--env", "production", "--clock-offset", "1h"); err == nil {
		t.Fatal("production accepted a clock offset")
	}
}

func TestPasswordChecksAtOnceAreConfigurable(t *testing.T) {
	t.Setenv("MAX_PASSWORD_CHECKS", "")
	c, err := configFrom(t)
	if want := min(4, runtime.GOMAXPROCS(0)); err != nil || c.MaxPasswordChecks != want {
		t.Fatalf("default without GOMEMLIMIT: %d (want %d, one per core up to 4) %v", c.MaxPasswordChecks, want, err)
	}
	if c, err := configFrom(t, "--max-password-checks", "2"); err != nil || c.MaxPasswordChecks != 2 {
		t.Fatalf("flag: %d %v", c.MaxPasswordChecks, err)
	}
	t.Setenv("MAX_PASSWORD_CHECKS", "3")
	if c, err := configFrom(t); err != nil || c.MaxPasswordChecks != 3 {
		t.Fatalf("environment: %d %v", c.MaxPasswordChecks, err)
	}
	if _, err := configFrom(t, "--max-password-checks", "0"); err == nil {
		t.Fatal("no password check at all would refuse every login")
	}
}

func TestDeclaredValueCapAndArrivalHorizonAreConfigurable(t *testing.T) {
	t.Setenv("MAX_DECLARED_VALUE_FEN", "")
	t.Setenv("ARRIVAL_HORIZON", "")
	c, err := configFrom(t)
	if err != nil || c.MaxDeclaredValueFen != order.DefaultMaxDeclaredValueFen || c.ArrivalHorizon != order.DefaultArrivalHorizon {
		t.Fatalf("defaults: %d %s %v", c.MaxDeclaredValueFen, c.ArrivalHorizon, err)
	}
	if c, err := configFrom(t, "--max-declared-value-fen", "5000000000", "--arrival-horizon", "720h"); err != nil ||
		c.MaxDeclaredValueFen != 5_000_000_000 || c.ArrivalHorizon != 720*time.Hour {
		t.Fatalf("flags: %d %s %v", c.MaxDeclaredValueFen, c.ArrivalHorizon, err)
	}
	t.Setenv("MAX_DECLARED_VALUE_FEN", "300000")
	t.Setenv("ARRIVAL_HORIZON", "240h")
	if c, err := configFrom(t); err != nil || c.MaxDeclaredValueFen != 300000 || c.ArrivalHorizon != 240*time.Hour {
		t.Fatalf("environment: %d %s %v", c.MaxDeclaredValueFen, c.ArrivalHorizon, err)
	}
	if _, err := configFrom(t, "--max-declared-value-fen", "-1"); err == nil {
		t.Fatal("a negative cap would refuse every declared value")
	}
	// A premium is the value times up to 10,000 basis points: over 10^14 fen it could
	// overflow.
	if c, err := configFrom(t, "--max-declared-value-fen", "100000000000000"); err != nil || c.MaxDeclaredValueFen != order.MaxDeclaredValueCapFen {
		t.Fatalf("the highest cap: %d %v", c.MaxDeclaredValueFen, err)
	}
	if _, err := configFrom(t, "--max-declared-value-fen", "100000000000001"); err == nil {
		t.Fatal("a cap over ¥1,000,000,000,000 was taken")
	}
	if _, err := configFrom(t, "--arrival-horizon", "1h"); err == nil {
		t.Fatal("a horizon under a day would refuse every required arrival")
	}
}

func TestTheDirectDatabaseURLDefaultsToTheDatabaseURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("DATABASE_DIRECT_URL", "")
	const pooled, direct = "postgres://cs@pgbouncer:6432/cs", "postgres://cs@db:5432/cs"
	if c, err := configFrom(t, "--database-url", pooled); err != nil || c.DatabaseDirectURL != pooled {
		t.Fatalf("default: %q %v", c.DatabaseDirectURL, err)
	}
	if c, err := configFrom(t, "--database-url", pooled, "--database-direct-url", direct); err != nil || c.DatabaseURL != pooled || c.DatabaseDirectURL != direct {
		t.Fatalf("both: %+v %v", c, err)
	}
	if _, err := configFrom(t, "--database-direct-url", direct); err == nil {
		t.Fatal("a direct URL without a database URL (SQLite) was accepted")
	}
}

func TestTheLookUpCacheSizeIsConfigurable(t *testing.T) {
	t.Setenv("LOOKUP_CACHE", "")
	if c, err := configFrom(t); err != nil || c.LookupCache != 4096 {
		t.Fatalf("default: %d %v", c.LookupCache, err)
	}
	if c, err := configFrom(t, "--lookup-cache", "0"); err != nil || c.LookupCache != 0 {
		t.Fatalf("off: %d %v", c.LookupCache, err)
	}
	t.Setenv("LOOKUP_CACHE", "100")
	if c, err := configFrom(t); err != nil || c.LookupCache != 100 {
		t.Fatalf("environment: %d %v", c.LookupCache, err)
	}
	if _, err := configFrom(t, "--lookup-cache", "-1"); err == nil {
		t.Fatal("a negative cache size was accepted")
	}
}
