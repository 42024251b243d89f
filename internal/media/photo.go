package media

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"image"
	_ "image/jpeg" // registers JPEG for image.DecodeConfig
	_ "image/png"  // registers PNG for image.DecodeConfig
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// Photo is one upload of a photo by one staff member. The bytes live in the Store under
// SHA256; the same person uploading the same bytes again gets this record back.
type Photo struct {
	bun.BaseModel `bun:"table:media_photos"`

	ID          string    `bun:"id,pk" json:"id"`
	SHA256      string    `bun:"sha256" json:"sha256"`
	ContentType string    `bun:"content_type" json:"contentType"`
	SizeBytes   int       `bun:"size_bytes" json:"sizeBytes"`
	UploadedBy  string    `bun:"uploaded_by" json:"uploadedBy"`
	DepotID     string    `bun:"depot_id" json:"depotId"`
	CapturedAt  time.Time `bun:"captured_at" json:"capturedAt"`
	UploadedAt  time.Time `bun:"uploaded_at" json:"uploadedAt"`
	// Where it was taken, only when the person consented (see Location); never put into
	// JSON (idempotency results, events, logs): LocationFor decides who sees it.
	Latitude  *float64 `bun:"latitude" json:"-"`
	Longitude *float64 `bun:"longitude" json:"-"`
	AccuracyM *float64 `bun:"accuracy_m" json:"-"`
}

// Location is where a photo was taken, as the phone's positioning gave it.
type Location struct {
	Latitude  float64 // WGS-84 degrees, -90 to 90
	Longitude float64 // WGS-84 degrees, -180 to 180
	AccuracyM float64 // radius in metres, more than 0 and at most MaxAccuracyM
	// Consent is the person's yes, given when taking the photo, to record where; without
	// it the position is dropped unread and nothing of it is stored.
	Consent bool
}

// MaxAccuracyM is the widest accuracy radius recorded: a position vaguer than this says
// nothing about where evidence was taken.
const MaxAccuracyM = 100_000

func (l *Location) validate(op string) error {
	switch {
	case !(l.Latitude >= -90 && l.Latitude <= 90):
		return apperr.Invalid(op, "location.latitude", "纬度须在 -90 到 90 之间", "The latitude is between -90 and 90")
	case !(l.Longitude >= -180 && l.Longitude <= 180):
		return apperr.Invalid(op, "location.longitude", "经度须在 -180 到 180 之间", "The longitude is between -180 and 180")
	case !(l.AccuracyM > 0 && l.AccuracyM <= MaxAccuracyM):
		return apperr.Invalid(op, "location.accuracyMeters", "定位精度须大于 0 且不超过 100 公里", "The accuracy is more than 0 and at most 100 km")
	}
	return nil
}

// LocationFor returns where ph was taken when the caller may see it: the person who took
// it and those who oversee its depot (its supervisors, the managers above it, its admins),
// who inspect the evidence. Everyone else, and photos taken without consent, get nil.
func LocationFor(ctx context.Context, ph *Photo) *Location {
	p := identity.PrincipalFrom(ctx)
	if ph.Latitude == nil || ph.Longitude == nil || ph.AccuracyM == nil || p == nil || p.Kind != identity.KindStaff {
		return nil
	}
	if p.ID != ph.UploadedBy && !p.Reach().Covers(ph.DepotID, identity.OverseerRoles...) {
		return nil
	}
	return &Location{Latitude: *ph.Latitude, Longitude: *ph.Longitude, AccuracyM: *ph.AccuracyM, Consent: true}
}

// Viewer lets one more staff member see a photo (for example the person a supervisor
// photographed during an inspection).
type Viewer struct {
	bun.BaseModel `bun:"table:media_photo_viewers"`

	PhotoID   string    `bun:"photo_id,pk"`
	StaffID   string    `bun:"staff_id,pk"`
	GrantedAt time.Time `bun:"granted_at"`
}

// Defaults for Service fields left zero.
const (
	DefaultMaxBytes = 6 << 20
	DefaultURLTTL   = 5 * time.Minute
	// URLPrefix is where the HTTP handler is mounted.
	URLPrefix    = "/media/photos/"
	maxClockSkew = 5 * time.Minute
)

// Service is the photo capability.
type Service struct {
	DB    *db.DB
	Store Store
	// Secret signs photo URLs; share it between instances.
	Secret []byte
	// MaxBytes is the largest photo accepted (DefaultMaxBytes when zero).
	MaxBytes int64
	// URLTTL is how long a signed URL works (DefaultURLTTL when zero).
	URLTTL time.Duration
	Now    func() time.Time
}

func (s *Service) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

func (s *Service) ttl() time.Duration {
	if s.URLTTL > 0 {
		return s.URLTTL
	}
	return DefaultURLTTL
}

// allowedTypes are the photo formats phones produce and browsers show.
var allowedTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// sniff returns the content type of data judged by its bytes, and whether it is a photo
// we accept. JPEG and PNG must also decode far enough to give their dimensions, so a
// file that merely starts with the right magic bytes is refused.
func sniff(data []byte) (string, bool) {
	ct := http.DetectContentType(data)
	if !allowedTypes[ct] {
		return ct, false
	}
	if ct == "image/webp" {
		// RIFF....WEBPVP8 with a chunk after the 12-byte header.
		return ct, len(data) > 16 && string(data[12:15]) == "VP8"
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	return ct, err == nil && cfg.Width > 0 && cfg.Height > 0
}

// Upload stores a photo taken by the calling staff member at capturedAt (zero means
// now; at most 5 minutes in the future). The same bytes uploaded again by the same
// person return the first record with replayed = true, so a retried upload stores
// nothing twice. Staff only; PHOTO_TOO_LARGE over MaxBytes; PHOTO_NOT_IMAGE unless the
// bytes are a JPEG, PNG or WebP image; BAD_USER_INPUT for a capture time in the future.
func (s *Service) Upload(ctx context.Context, r io.Reader, capturedAt time.Time) (*Photo, bool, error) {
	return s.UploadAt(ctx, r, capturedAt, nil)
}

// UploadAt is Upload with where the photo was taken: loc is stored only when it carries
// the person's consent (otherwise it is dropped unread); BAD_USER_INPUT for a consented
// position out of range.
func (s *Service) UploadAt(ctx context.Context, r io.Reader, capturedAt time.Time, loc *Location) (*Photo, bool, error) {
	const op = "media.Upload"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if loc != nil && !loc.Consent {
		loc = nil
	}
	if loc != nil {
		if err := loc.validate(op); err != nil {
			return nil, false, err
		}
	}
	max := s.maxBytes()
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	if int64(len(data)) > max {
		return nil, false, apperr.E(op, apperr.PhotoTooLarge).With("maxBytes", max)
	}
	ct, ok := sniff(data)
	if !ok {
		return nil, false, apperr.E(op, apperr.PhotoNotImage).With("detectedType", ct)
	}
	now := s.Now().UTC()
	if capturedAt.IsZero() {
		capturedAt = now
	}
	if capturedAt.After(now.Add(maxClockSkew)) {
		return nil, false, apperr.Invalid(op, "capturedAt", "拍摄时间晚于当前时间,请检查手机时间", "The capture time is in the future; check the phone's clock")
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	// The bytes go first: a record never points at bytes that are not there. Bytes
	// without a record (a crash in between) are harmless and reused by the next upload.
	if err := s.Store.Put(ctx, hash, data); err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	ph := &Photo{ID: uuid.Must(uuid.NewV7()).String(), SHA256: hash, ContentType: ct, SizeBytes: len(data),
		UploadedBy: p.ID, DepotID: p.DepotID, CapturedAt: capturedAt.UTC(), UploadedAt: now}
	if loc != nil {
		ph.Latitude, ph.Longitude, ph.AccuracyM = &loc.Latitude, &loc.Longitude, &loc.AccuracyM
	}
	res, err := s.DB.W.NewInsert().Model(ph).On("CONFLICT DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return ph, false, nil
	}
	prev := new(Photo)
	err = s.DB.W.NewSelect().Model(prev).Where("uploaded_by = ? AND sha256 = ?", p.ID, hash).Scan(ctx)
	return prev, true, apperr.Wrap(op, err)
}

// visible narrows q (over media_photos AS photo) to the photos p may see: their own,
// those shared with them, and those taken in the depots they oversee (a supervisor their
// depot, a manager the depots under their unit, an admin their organisation's).
func visible(q *bun.SelectQuery, p *identity.Principal) *bun.SelectQuery {
	cond, args := p.Reach().SQL("photo.depot_id", identity.OverseerRoles...)
	return q.Where("(photo.uploaded_by = ? OR EXISTS (SELECT 1 FROM media_photo_viewers v WHERE v.photo_id = photo.id AND v.staff_id = ?) OR "+cond+")",
		append([]any{p.ID, p.ID}, args...)...)
}

// PhotosByIDs loads the photos among ids that the caller may see (for dataloaders and
// node look-ups); others are left out. Staff only.
func (s *Service) PhotosByIDs(ctx context.Context, ids []string) ([]*Photo, error) {
	const op = "media.PhotosByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Photo
	q := s.DB.R.NewSelect().Model(&out).ModelTableExpr("media_photos AS photo").Where("photo.id IN (?)", bun.List(ids))
	return out, apperr.Wrap(op, visible(q, p).Scan(ctx))
}

// UploadedBy loads a photo the given person uploaded, for attaching it as evidence
// inside another capability's transaction. NOT_FOUND when it is not theirs.
func UploadedBy(ctx context.Context, idb bun.IDB, photoID, staffID string) (*Photo, error) {
	ph := new(Photo)
	err := idb.NewSelect().Model(ph).Where("id = ? AND uploaded_by = ?", photoID, staffID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E("media.UploadedBy", apperr.NotFound).
			Explain("照片不存在或不是您上传的", "The photo does not exist or was not uploaded by you")
	}
	return ph, err
}

// Grant lets staffID see a photo, inside the caller's transaction.
func Grant(ctx context.Context, idb bun.IDB, photoID, staffID string, now time.Time) error {
	_, err := idb.NewInsert().Model(&Viewer{PhotoID: photoID, StaffID: staffID, GrantedAt: now.UTC()}).
		On("CONFLICT DO NOTHING").Exec(ctx)
	return err
}

// URL returns a signed link to the photo's bytes and when it stops working. Only hand it
// to callers who may see the photo (PhotosByIDs decides that).
func (s *Service) URL(ph *Photo) (string, time.Time) {
	exp := s.Now().Add(s.ttl()).Truncate(time.Second)
	e := strconv.FormatInt(exp.Unix(), 10)
	return URLPrefix + ph.ID + "?exp=" + e + "&sig=" + s.sign(ph.ID, e), exp
}

func (s *Service) sign(id, exp string) string {
	m := hmac.New(sha256.New, s.Secret)
	m.Write([]byte(id + "." + exp))
	return hex.EncodeToString(m.Sum(nil))
}

// Serve answers GET /media/photos/{id}?exp=…&sig=… with the photo's bytes when the
// signature is valid and not expired. Otherwise it writes nothing and returns the status
// and the refusal, for the caller to write in the API's error shape: 403 FORBIDDEN for a
// link that is invalid or has expired, 404 NOT_FOUND for a photo that is not there, 503
// UNAVAILABLE when the photo store fails, and a database failure as INTERNAL with its
// cause, for the caller to tell an unreachable database from a bug as it does for every
// request (db.IsUnavailable). A cause is the error's Err, for the log; it is never shown.
func (s *Service) Serve(w http.ResponseWriter, r *http.Request) (int, *apperr.Error) {
	const op = "media.Serve"
	id := strings.TrimPrefix(r.URL.Path, URLPrefix)
	exp, sig := r.URL.Query().Get("exp"), r.URL.Query().Get("sig")
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !hmac.Equal([]byte(sig), []byte(s.sign(id, exp))) || s.Now().After(time.Unix(unix, 0)) {
		return http.StatusForbidden, apperr.E(op, apperr.Forbidden).
			Explain("照片链接无效或已过期，请刷新页面", "The photo link is invalid or has expired; reload the page")
	}
	ph := new(Photo)
	switch err := s.DB.R.NewSelect().Model(ph).Where("id = ?", id).Scan(r.Context()); {
	case errors.Is(err, sql.ErrNoRows):
		return http.StatusNotFound, photoGone(op, nil)
	case err != nil:
		return http.StatusInternalServerError, &apperr.Error{Op: op, Code: apperr.Internal, Err: err}
	}
	f, err := s.Store.Open(r.Context(), ph.SHA256)
	switch {
	case errors.Is(err, os.ErrNotExist):
		// Recorded but not stored: the store lost it, which the log must show.
		return http.StatusNotFound, photoGone(op, err)
	case err != nil:
		return http.StatusServiceUnavailable, &apperr.Error{Op: op, Code: apperr.Unavailable, Err: err}
	}
	defer f.Close()
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(ph.SizeBytes))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, max-age="+strconv.FormatInt(max(0, unix-s.Now().Unix()), 10))
	_, _ = io.Copy(w, f)
	return 0, nil
}

// photoGone is the refusal of a photo that is not there; cause, when not nil, is why (its
// bytes are missing from the store) for the log.
func photoGone(op string, cause error) *apperr.Error {
	e := apperr.E(op, apperr.NotFound).Explain("照片不存在", "No such photo")
	e.Err = cause
	return e
}

// OwnPhotos loads the photos ids names, inside the caller's transaction, for attaching them
// to another capability's record (a ticket comment, a return's quality proof, an
// over/short report). Every id must be a photo staffID uploaded: NOT_FOUND names the first
// that is not. The result keeps the order of ids; duplicates are dropped.
func OwnPhotos(ctx context.Context, idb bun.IDB, staffID string, ids []string) ([]*Photo, error) {
	const op = "media.OwnPhotos"
	ids = distinct(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	var found []*Photo
	if err := idb.NewSelect().Model(&found).Where("id IN (?) AND uploaded_by = ?", bun.List(ids), staffID).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	byID := make(map[string]*Photo, len(found))
	for _, ph := range found {
		byID[ph.ID] = ph
	}
	out := make([]*Photo, 0, len(ids))
	for _, id := range ids {
		ph, ok := byID[id]
		if !ok {
			return nil, apperr.E(op, apperr.NotFound).With("photoId", id).
				Explain("照片不存在或不是您上传的", "The photo does not exist or was not uploaded by you")
		}
		out = append(out, ph)
	}
	return out, nil
}

// AttachedPhotos loads photos attached to a record of another capability. It does not
// check who may see them: the capability that owns the record has already decided that
// the caller may see the record, and whoever may see a record may see its photos.
func (s *Service) AttachedPhotos(ctx context.Context, ids []string) ([]*Photo, error) {
	const op = "media.AttachedPhotos"
	var out []*Photo
	if len(ids) == 0 {
		return out, nil
	}
	err := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

func distinct(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
