package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says where an S3-compatible bucket is (AWS S3, MinIO, Aliyun OSS, Tencent COS,
// …) and how to reach it.
type S3Config struct {
	// Endpoint is the server's address: "https://s3.example.com", "http://127.0.0.1:9000"
	// or a bare host[:port], which means HTTPS.
	Endpoint string
	Bucket   string
	// Region is the bucket's region ("us-east-1", "oss-cn-hangzhou", "ap-guangzhou");
	// empty lets the client ask the server.
	Region    string
	AccessKey string
	SecretKey string
	// PathStyle addresses the bucket as host/bucket/key instead of bucket.host/key
	// (MinIO and most self-hosted servers need it; OSS and COS want it off).
	PathStyle bool
	// Prefix is put before every key, so several deployments can share a bucket.
	Prefix string
}

// S3Store keeps photos as objects in an S3-compatible bucket under
// <prefix>ab/abcdef…, mirroring DiskStore's layout.
type S3Store struct {
	client *minio.Client
	bucket string
	prefix string
}

// NewS3Store builds a store for cfg. It does not contact the server; call Ready for that.
func NewS3Store(cfg S3Config) (*S3Store, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, errors.New("media: an S3 store needs an endpoint and a bucket")
	}
	host, secure, err := splitEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	lookup := minio.BucketLookupDNS
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	c, err := minio.New(host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       secure,
		Region:       cfg.Region,
		BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("media: S3 endpoint %q: %w", cfg.Endpoint, err)
	}
	prefix := strings.TrimPrefix(cfg.Prefix, "/")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return &S3Store{client: c, bucket: cfg.Bucket, prefix: prefix}, nil
}

// splitEndpoint turns "https://host:port" into ("host:port", true); a bare host means HTTPS.
func splitEndpoint(e string) (string, bool, error) {
	if !strings.Contains(e, "://") {
		return e, true, nil
	}
	u, err := url.Parse(e)
	if err != nil {
		return "", false, fmt.Errorf("media: S3 endpoint %q: %w", e, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
		return "", false, fmt.Errorf("media: S3 endpoint %q: want http(s)://host[:port] with no path", e)
	}
	return u.Host, u.Scheme == "https", nil
}

// Ready checks that the bucket exists and the credentials may see it, so a wrong
// configuration stops the server at start-up rather than at the first photo.
func (s *S3Store) Ready(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("media: S3 bucket %q: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("media: S3 bucket %q does not exist", s.bucket)
	}
	return nil
}

func (s *S3Store) key(hash string) (string, error) {
	if !hexHash.MatchString(hash) {
		return "", fmt.Errorf("media: not a SHA-256 hex hash: %q", hash)
	}
	return s.prefix + hash[:2] + "/" + hash, nil
}

// Put uploads data under hash unless an object is already there. A single PUT is atomic
// on S3, so a failed upload never leaves a half-written photo under its hash.
func (s *S3Store) Put(ctx context.Context, hash string, data []byte) error {
	key, err := s.key(hash)
	if err != nil {
		return err
	}
	if _, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{}); err == nil {
		return nil
	} else if !isMissing(err) {
		return fmt.Errorf("media: S3 stat %s: %w", key, err)
	}
	_, err = s.client.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: "application/octet-stream", SendContentMd5: true})
	if err != nil {
		return fmt.Errorf("media: S3 put %s: %w", key, err)
	}
	return nil
}

// Open returns the object stored under hash, or an error wrapping os.ErrNotExist.
func (s *S3Store) Open(ctx context.Context, hash string) (io.ReadCloser, error) {
	key, err := s.key(hash)
	if err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Error("get", key, err)
	}
	// GetObject is lazy: Stat makes the request, so a missing object is reported here
	// and not halfway through serving a response.
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		return nil, s3Error("get", key, err)
	}
	return obj, nil
}

func s3Error(what, key string, err error) error {
	if isMissing(err) {
		return fmt.Errorf("media: S3 %s %s: %w", what, key, os.ErrNotExist)
	}
	return fmt.Errorf("media: S3 %s %s: %w", what, key, err)
}

func isMissing(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.Code == minio.NoSuchKey || r.StatusCode == http.StatusNotFound && r.Code != minio.NoSuchBucket
}
