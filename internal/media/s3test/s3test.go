// Package s3test gives tests a real S3-compatible server on the loopback interface, so
// the S3 photo store is tested over the S3 protocol and not against a mock of the client.
//
// In order of preference it uses: the server named by CS_TEST_S3_ENDPOINT (with
// CS_TEST_S3_ACCESS_KEY, CS_TEST_S3_SECRET_KEY and CS_TEST_S3_REGION), a versitygw binary
// on PATH (posix backend in a temporary directory, signatures checked), or moto_server
// (the S3 server of the Python moto package, part of the machine image; also found as
// python3 -m moto.server). Each test gets a
// fresh bucket. Without any of them the test is skipped locally and fails under CI=true.
package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/expresscs/cs/internal/media"
)

// Server returns the configuration of a fresh, empty bucket on an S3-compatible server
// that lives until the test ends.
func Server(t testing.TB) media.S3Config {
	t.Helper()
	cfg := media.S3Config{Endpoint: os.Getenv("CS_TEST_S3_ENDPOINT"), AccessKey: os.Getenv("CS_TEST_S3_ACCESS_KEY"),
		SecretKey: os.Getenv("CS_TEST_S3_SECRET_KEY"), Region: os.Getenv("CS_TEST_S3_REGION"), PathStyle: true}
	if cfg.Endpoint == "" {
		cfg = start(t)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	buf := make([]byte, 6)
	_, _ = rand.Read(buf)
	cfg.Bucket = "cs-test-" + hex.EncodeToString(buf)
	c := client(t, cfg)
	ctx := context.Background()
	if err := c.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
		t.Fatalf("s3test: make bucket: %v", err)
	}
	t.Cleanup(func() {
		for o := range c.ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
			if o.Err == nil {
				_ = c.RemoveObject(ctx, cfg.Bucket, o.Key, minio.RemoveObjectOptions{})
			}
		}
		_ = c.RemoveBucket(ctx, cfg.Bucket)
	})
	return cfg
}

// Client is a plain S3 client for cfg, for tests that look at the bucket directly.
func Client(t testing.TB, cfg media.S3Config) *minio.Client { return client(t, cfg) }

func client(t testing.TB, cfg media.S3Config) *minio.Client {
	t.Helper()
	u, err := url.Parse(cfg.Endpoint)
	if err != nil {
		t.Fatalf("s3test: endpoint: %v", err)
	}
	c, err := minio.New(u.Host, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: u.Scheme == "https", Region: cfg.Region, BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatalf("s3test: client: %v", err)
	}
	return c
}

// start runs a server process on a free loopback port and stops it at cleanup.
func start(t testing.TB) media.S3Config {
	t.Helper()
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cfg := media.S3Config{Endpoint: "http://" + addr, AccessKey: "cstestaccess", SecretKey: "cstestsecret-0123456789", PathStyle: true}
	var cmd *exec.Cmd
	if bin, err := exec.LookPath("versitygw"); err == nil {
		cmd = exec.Command(bin, "--access", cfg.AccessKey, "--secret", cfg.SecretKey, "--port", addr, "posix", t.TempDir())
	} else if bin, err := exec.LookPath("moto_server"); err == nil {
		cmd = exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	} else if exec.Command("python3", "-c", "import moto.server").Run() == nil {
		cmd = exec.Command("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	} else {
		if os.Getenv("CI") == "true" {
			t.Fatal("s3test: no S3-compatible server (versitygw or moto_server on PATH, or CS_TEST_S3_ENDPOINT) under CI=true")
		}
		t.Skip("s3test: no S3-compatible server: put versitygw or moto_server on PATH, or set CS_TEST_S3_ENDPOINT")
	}
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		t.Fatalf("s3test: start %s: %v", cmd.Path, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(cfg.Endpoint + "/")
		if err == nil {
			resp.Body.Close()
			t.Logf("s3test: %s on %s", cmd.Path, addr)
			return cfg
		}
		if time.Now().After(deadline) {
			t.Fatalf("s3test: %s did not answer on %s: %v", cmd.Path, addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("s3test: free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
