package push_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/hkdf"
)

// device is a browser's side of a subscription: the P-256 key pair and auth secret a
// real browser would make, so the test decrypts what the server sends.
type device struct {
	name string
	priv *ecdh.PrivateKey
	auth []byte
}

func newDevice(t *testing.T, name string) *device {
	t.Helper()
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	_, _ = rand.Read(auth)
	return &device{name: name, priv: priv, auth: auth}
}

func (d *device) p256dh() string  { return b64(d.priv.PublicKey().Bytes()) }
func (d *device) authKey() string { return b64(d.auth) }

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// received is one message as the push service saw it, after every check passed.
type received struct {
	device    string
	plaintext []byte
	header    http.Header
	vapidKey  string // the k= parameter
}

// pushService plays the push service (RFC 8030): it verifies every request's VAPID
// token (RFC 8292: ES256 signature against the k= public key, aud = its own origin, exp
// in the future and within 24 hours, sub a contact) and decrypts the aes128gcm body
// (RFC 8188/8291) with the device's private key. A request failing any check is
// answered 400 and recorded as a failure; otherwise it answers status (201 unless set).
type pushService struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	devices map[string]*device
	status  map[string]int
	// vapidKeys are the public keys the service expects (the application server's).
	vapidKeys map[string]bool
	got       chan received
	failures  chan error
}

func newPushService(t *testing.T) *pushService {
	ps := &pushService{t: t, devices: map[string]*device{}, status: map[string]int{}, vapidKeys: map[string]bool{},
		got: make(chan received, 16), failures: make(chan error, 16)}
	ps.srv = httptest.NewServer(http.HandlerFunc(ps.serve))
	t.Cleanup(ps.srv.Close)
	return ps
}

// endpoint registers a device and returns its endpoint URL.
func (ps *pushService) endpoint(d *device) string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.devices[d.name] = d
	return ps.srv.URL + "/push/" + d.name
}

func (ps *pushService) answer(name string, status int) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.status[name] = status
}

func (ps *pushService) expectKey(k string) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.vapidKeys[k] = true
}

func (ps *pushService) serve(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/push/")
	ps.mu.Lock()
	d, status := ps.devices[name], ps.status[name]
	ps.mu.Unlock()
	if status == 0 {
		status = http.StatusCreated
	}
	msg, err := ps.check(r, d)
	if err != nil {
		ps.failures <- fmt.Errorf("%s: %w", name, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	msg.device = name
	ps.got <- msg
	w.WriteHeader(status)
}

func (ps *pushService) check(r *http.Request, d *device) (received, error) {
	var out received
	if r.Method != http.MethodPost || d == nil {
		return out, errors.New("unknown subscription")
	}
	if r.Header.Get("Content-Encoding") != "aes128gcm" {
		return out, errors.New("Content-Encoding is not aes128gcm")
	}
	if r.Header.Get("TTL") == "" {
		return out, errors.New("no TTL")
	}
	k, err := ps.verifyVAPID(r.Header.Get("Authorization"))
	if err != nil {
		return out, err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return out, err
	}
	plain, err := decrypt(d, body)
	if err != nil {
		return out, err
	}
	return received{plaintext: plain, header: r.Header.Clone(), vapidKey: k}, nil
}

// verifyVAPID checks `vapid t=<jwt>, k=<key>` and returns k.
func (ps *pushService) verifyVAPID(h string) (string, error) {
	rest, ok := strings.CutPrefix(h, "vapid ")
	if !ok {
		return "", errors.New("authorization is not vapid")
	}
	var tok, k string
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		if v, ok := strings.CutPrefix(part, "t="); ok {
			tok = v
		} else if v, ok := strings.CutPrefix(part, "k="); ok {
			k = v
		}
	}
	ps.mu.Lock()
	known := ps.vapidKeys[k]
	ps.mu.Unlock()
	if !known {
		return "", errors.New("k is not the application server's key")
	}
	raw, err := base64.RawURLEncoding.DecodeString(k)
	if err != nil {
		return "", err
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		return "", err
	}
	origin := ps.srv.URL
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return pub, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithAudience(origin), jwt.WithExpirationRequired())
	if err != nil {
		return "", fmt.Errorf("VAPID token: %w", err)
	}
	exp, _ := claims.GetExpirationTime()
	if exp.After(time.Now().Add(24 * time.Hour)) {
		return "", errors.New("VAPID token expires more than 24 hours ahead")
	}
	sub, _ := claims["sub"].(string)
	if u, err := url.Parse(sub); err != nil || (u.Scheme != "mailto" && u.Scheme != "https") {
		return "", fmt.Errorf("VAPID sub %q is not a contact", sub)
	}
	return k, nil
}

// decrypt undoes RFC 8291 on one aes128gcm record: header salt(16) rs(4) idlen(1)
// keyid(the application server's ephemeral public key), then the ciphertext.
func decrypt(d *device, body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("body too short")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if len(body) < 21+idlen || idlen != 65 {
		return nil, errors.New("bad key id")
	}
	asPub, ct := body[21:21+idlen], body[21+idlen:]
	if uint32(len(body)) > rs+uint32(21+idlen) || len(ct) < 17 {
		return nil, errors.New("not one record")
	}
	asKey, err := ecdh.P256().NewPublicKey(asPub)
	if err != nil {
		return nil, err
	}
	secret, err := d.priv.ECDH(asKey)
	if err != nil {
		return nil, err
	}
	info := append(append([]byte("WebPush: info\x00"), d.priv.PublicKey().Bytes()...), asPub...)
	ikm := derive(secret, d.auth, info, 32)
	cek := derive(ikm, salt, []byte("Content-Encoding: aes128gcm\x00"), 16)
	nonce := derive(ikm, salt, []byte("Content-Encoding: nonce\x00"), 12)
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	plain, err := gcm.Open(nil, nonce, ct, nil)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	plain = bytes.TrimRight(plain, "\x00")
	if len(plain) == 0 || plain[len(plain)-1] != 0x02 {
		return nil, errors.New("no last-record delimiter")
	}
	return plain[:len(plain)-1], nil
}

func derive(secret, salt, info []byte, n int) []byte {
	out := make([]byte, n)
	if _, err := io.ReadFull(hkdf.New(sha256.New, secret, salt, info), out); err != nil {
		panic(err)
	}
	return out
}
