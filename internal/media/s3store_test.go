package media_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/media/mediatest"
	"github.com/expresscs/cs/internal/media/s3test"
)

func hashOf(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func readAll(t *testing.T, st media.Store, hash string) []byte {
	t.Helper()
	f, err := st.Open(context.Background(), hash)
	if err != nil {
		t.Fatalf("open %s: %v", hash, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestS3StoreKeepsPhotosByContentHashOnARealS3Server(t *testing.T) {
	cfg := s3test.Server(t)
	cfg.Prefix = "depot-a"
	st, err := media.NewS3Store(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := st.Ready(ctx); err != nil {
		t.Fatalf("ready: %v", err)
	}
	data := []byte("not really a photo, the store does not care")
	hash := hashOf(data)

	t.Run("put then open returns the bytes under prefix/ab/hash", func(t *testing.T) {
		if err := st.Put(ctx, hash, data); err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, st, hash); !bytes.Equal(got, data) {
			t.Fatalf("got %q", got)
		}
		info, err := s3test.Client(t, cfg).StatObject(ctx, cfg.Bucket, "depot-a/"+hash[:2]+"/"+hash, minio.StatObjectOptions{})
		if err != nil {
			t.Fatalf("object not at the expected key: %v", err)
		}
		if info.Size != int64(len(data)) {
			t.Fatalf("object size %d, want %d", info.Size, len(data))
		}
	})

	t.Run("a second put of the same hash keeps the first object", func(t *testing.T) {
		before, err := s3test.Client(t, cfg).StatObject(ctx, cfg.Bucket, "depot-a/"+hash[:2]+"/"+hash, minio.StatObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Put(ctx, hash, data); err != nil {
			t.Fatal(err)
		}
		after, err := s3test.Client(t, cfg).StatObject(ctx, cfg.Bucket, "depot-a/"+hash[:2]+"/"+hash, minio.StatObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if before.ETag != after.ETag || !before.LastModified.Equal(after.LastModified) {
			t.Fatalf("object rewritten: %v/%v then %v/%v", before.ETag, before.LastModified, after.ETag, after.LastModified)
		}
		n := 0
		for o := range s3test.Client(t, cfg).ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
			if o.Err != nil {
				t.Fatal(o.Err)
			}
			n++
		}
		if n != 1 {
			t.Fatalf("%d objects in the bucket, want 1", n)
		}
	})

	t.Run("a missing object is os.ErrNotExist", func(t *testing.T) {
		_, err := st.Open(ctx, hashOf([]byte("never stored")))
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("want os.ErrNotExist, got %v", err)
		}
	})

	t.Run("a key that is not a hash is refused before any request", func(t *testing.T) {
		if err := st.Put(ctx, "../../etc/passwd", data); err == nil {
			t.Fatal("put accepted a path as hash")
		}
		if _, err := st.Open(ctx, "ABC"); err == nil || errors.Is(err, os.ErrNotExist) {
			t.Fatalf("open of a non-hash: %v", err)
		}
	})

	t.Run("a bucket that does not exist fails Ready", func(t *testing.T) {
		other := cfg
		other.Bucket = "cs-test-no-such-bucket"
		s, err := media.NewS3Store(other)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Ready(ctx); err == nil {
			t.Fatal("Ready passed for a missing bucket")
		}
	})
}

func TestS3StoreConfigurationIsChecked(t *testing.T) {
	for name, cfg := range map[string]media.S3Config{
		"no endpoint":       {Bucket: "b"},
		"no bucket":         {Endpoint: "http://127.0.0.1:9000"},
		"endpoint has path": {Endpoint: "http://127.0.0.1:9000/bucket", Bucket: "b"},
		"ftp endpoint":      {Endpoint: "ftp://127.0.0.1", Bucket: "b"},
	} {
		if _, err := media.NewS3Store(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	for _, e := range []string{"oss-cn-hangzhou.aliyuncs.com", "https://cos.ap-guangzhou.myqcloud.com", "http://127.0.0.1:9000"} {
		if _, err := media.NewS3Store(media.S3Config{Endpoint: e, Bucket: "photos"}); err != nil {
			t.Errorf("%s: %v", e, err)
		}
	}
}

func pngBytes(t *testing.T, shade uint8) []byte { return mediatest.PNG(t, 3, shade) }

// The photo service over the S3 store, on both databases: an upload lands in the bucket
// once, a retried upload replays, and the signed link serves the bytes from the bucket.
func TestPhotoUploadsGoToTheS3Bucket(t *testing.T) {
	cfg := s3test.Server(t)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ids := identity.NewService(d, nil)
		ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		if _, err := demo.Load(ctx, ids, "Asia/Shanghai"); err != nil {
			t.Fatal(err)
		}
		var agent identity.Staff
		if err := d.R.NewSelect().Model(&agent).Where("employee_no = ?", "CS1001").Scan(ctx); err != nil {
			t.Fatal(err)
		}
		p, err := ids.PrincipalOf(ctx, &agent)
		if err != nil {
			t.Fatal(err)
		}
		as := identity.WithPrincipal(ctx, p)
		c := cfg
		c.Prefix = string(d.Dialect)
		st, err := media.NewS3Store(c)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		svc := &media.Service{DB: d, Store: st, Secret: []byte("0123456789abcdef0123456789abcdef"), Now: func() time.Time { return now }}

		data := pngBytes(t, 200)
		ph, replayed, err := svc.Upload(as, bytes.NewReader(data), time.Time{})
		if err != nil || replayed {
			t.Fatalf("upload: %v replayed=%v", err, replayed)
		}
		again, replayed, err := svc.Upload(as, bytes.NewReader(data), time.Time{})
		if err != nil || !replayed || again.ID != ph.ID {
			t.Fatalf("retried upload: %v replayed=%v id %s vs %s", err, replayed, again.ID, ph.ID)
		}
		if got := readAll(t, st, ph.SHA256); !bytes.Equal(got, data) {
			t.Fatal("bucket holds other bytes")
		}

		link, _ := svc.URL(ph)
		rec := httptest.NewRecorder()
		if status, err := svc.Serve(rec, httptest.NewRequest("GET", link, nil)); err != nil {
			t.Fatalf("signed link refused: %d %v", status, err)
		}
		if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), data) || rec.Header().Get("Content-Type") != "image/png" {
			t.Fatalf("signed link: %d %q, %d bytes", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
		}

		// The record outlives its bytes (someone emptied the bucket): the link says 404.
		if err := s3test.Client(t, c).RemoveObject(ctx, c.Bucket, c.Prefix+"/"+ph.SHA256[:2]+"/"+ph.SHA256, minio.RemoveObjectOptions{}); err != nil {
			t.Fatal(err)
		}
		rec = httptest.NewRecorder()
		status, refused := svc.Serve(rec, httptest.NewRequest("GET", link, nil))
		if status != 404 || refused == nil || refused.Code != apperr.NotFound || !errors.Is(refused, os.ErrNotExist) || rec.Body.Len() != 0 {
			t.Fatalf("link to removed bytes: %d %v, %d bytes written", status, refused, rec.Body.Len())
		}
	})
}
