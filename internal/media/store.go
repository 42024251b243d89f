package media

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Store keeps photo bytes by content hash (lower-case hex SHA-256). Putting bytes whose
// hash is already stored is a no-op, so identical uploads take the space once. DiskStore
// and S3Store implement it.
type Store interface {
	// Put stores data under hash; the caller has computed the hash from data.
	Put(ctx context.Context, hash string, data []byte) error
	// Open returns the bytes stored under hash; an error wrapping os.ErrNotExist when
	// there are none.
	Open(ctx context.Context, hash string) (io.ReadCloser, error)
}

// DiskStore keeps photos in a directory, fanned out by the hash's first two characters
// (<dir>/ab/abcdef…) so no directory grows too large.
type DiskStore struct {
	Dir string
}

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (d *DiskStore) path(hash string) (string, error) {
	if !hexHash.MatchString(hash) {
		return "", fmt.Errorf("media: not a SHA-256 hex hash: %q", hash)
	}
	return filepath.Join(d.Dir, hash[:2], hash), nil
}

// Put writes data to a temporary file, syncs it and renames it into place, so a crash
// never leaves a half-written photo under its hash.
func (d *DiskStore) Put(_ context.Context, hash string, data []byte) error {
	p, err := d.path(hash)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Open opens the photo stored under hash.
func (d *DiskStore) Open(_ context.Context, hash string) (io.ReadCloser, error) {
	p, err := d.path(hash)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// LoadSecret reads the URL-signing secret from path, creating a random one the first
// time. Instances that share the file accept each other's photo links.
func LoadSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil && len(b) >= 32 {
		return b, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	b = make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	// O_EXCL: when two instances start at once, the second reads the first one's secret.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	_, werr := f.Write(b)
	return b, errors.Join(werr, f.Sync(), f.Close())
}
