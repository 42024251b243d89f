package identity

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Keyring holds the Ed25519 keys that sign access tokens. Each key is a PKCS#8 PEM file
// `<kid>.pem` in the key directory; kids start with their creation time, so the newest
// (greatest) kid signs and every key present verifies. Rotation: `server rotate-keys`
// adds a new key; running servers pick it up on SIGHUP (or restart); delete a retired
// key's file once the tokens it signed have expired.
type Keyring struct {
	dir string

	mu     sync.RWMutex
	keys   map[string]ed25519.PrivateKey
	active string
}

// OpenKeyring loads the keys in dir, creating the directory and a first key if none exist.
func OpenKeyring(dir string) (*Keyring, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	k := &Keyring{dir: dir}
	if err := k.Reload(); err != nil {
		return nil, err
	}
	if len(k.keys) == 0 {
		if _, err := k.Rotate(); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// Reload re-reads the key directory.
func (k *Keyring) Reload() error {
	entries, err := os.ReadDir(k.dir)
	if err != nil {
		return err
	}
	keys := map[string]ed25519.PrivateKey{}
	var kids []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".pem") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(k.dir, name))
		if err != nil {
			return err
		}
		block, _ := pem.Decode(raw)
		if block == nil {
			return fmt.Errorf("key %s: not PEM", name)
		}
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return fmt.Errorf("key %s: %w", name, err)
		}
		priv, ok := parsed.(ed25519.PrivateKey)
		if !ok {
			return fmt.Errorf("key %s: not an Ed25519 key", name)
		}
		kid := strings.TrimSuffix(name, ".pem")
		keys[kid] = priv
		kids = append(kids, kid)
	}
	sort.Strings(kids)
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys = keys
	k.active = ""
	if len(kids) > 0 {
		k.active = kids[len(kids)-1]
	}
	return nil
}

// Rotate creates a new signing key, makes it active and returns its kid.
func (k *Keyring) Rotate() (string, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", err
	}
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	kid := time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(suffix)
	path := filepath.Join(k.dir, kid+".pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", err
	}
	return kid, k.Reload()
}

func (k *Keyring) signingKey() (string, ed25519.PrivateKey, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.active == "" {
		return "", nil, errors.New("no signing key")
	}
	return k.active, k.keys[k.active], nil
}

func (k *Keyring) publicKey(kid string) (ed25519.PublicKey, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	priv, ok := k.keys[kid]
	if !ok {
		return nil, false
	}
	return priv.Public().(ed25519.PublicKey), true
}

// JWK is one public key in a JSON Web Key Set (RFC 8037 for Ed25519).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
}

// JWKS returns the public keys for /.well-known/jwks.json.
func (k *Keyring) JWKS() map[string][]JWK {
	k.mu.RLock()
	defer k.mu.RUnlock()
	out := make([]JWK, 0, len(k.keys))
	for kid, priv := range k.keys {
		pub := priv.Public().(ed25519.PublicKey)
		out = append(out, JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(pub), Kid: kid, Use: "sig", Alg: "EdDSA"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kid > out[j].Kid })
	return map[string][]JWK{"keys": out}
}
