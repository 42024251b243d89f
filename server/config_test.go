package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/media/s3test"
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
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	open := func(t *testing.T, args ...string) (*App, error) {
		cfg, err := configFrom(t, args...)
		if err != nil {
			t.Fatal(err)
		}
		app, err := openApp(context.Background(), cfg, log)
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
