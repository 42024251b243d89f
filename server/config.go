package main

import (
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/telemetry"
)

// Config is everything the server reads from flags and environment. A flag wins over
// its environment variable, which wins over the default.
type Config struct {
	Env         string // development or production
	Listen      string
	DatabaseURL string
	// DatabaseDirectURL reaches PostgreSQL without a transaction-mode pooler, for what
	// needs one session: the migrations' advisory lock and LISTEN (live updates, the job
	// queue). Empty means DatabaseURL.
	DatabaseDirectURL string
	// DatabaseReplicaURLs are hot standbys of DatabaseURL that serve reads tolerating lag.
	DatabaseReplicaURLs []string
	// ReplicaMaxLag is the replay lag above which a replica is skipped.
	ReplicaMaxLag time.Duration
	// ReadYourWritesWindow is how long a person's reads avoid replicas that have not
	// replayed their last write (at least ReplicaMaxLag plus the 1 s check interval).
	ReadYourWritesWindow time.Duration
	DataDir              string
	KeyDir               string
	TimeZone             string
	LogLevel             string
	Introspection        bool
	SecureCookies        bool
	SeedDemo             bool
	MaxBodyBytes         int64
	MaxUploadBytes       int64
	MaxPhotoBytes        int64
	MediaDir             string
	MediaStore           string // disk or s3
	S3                   media.S3Config
	// ClockOffset shifts the services' clock (development only), so browser tests can
	// live through a month's end in a minute.
	ClockOffset   time.Duration
	ShutdownGrace time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client (for
	// the customer look-up's per-address budget).
	TrustedProxies []netip.Prefix
	// WebhookAllow are special-purpose addresses webhooks may reach anyway (a receiver
	// on this machine): development only.
	WebhookAllow []netip.Prefix
	// PushContact is the operator's contact in every Web Push VAPID token (an https URL
	// or a mailto: address), so a push service can reach whoever runs this server.
	PushContact string
	// MaxPasswordChecks is how many password checks (argon2id, 64 MiB each) run at once;
	// more wait briefly in a queue, then are THROTTLED.
	MaxPasswordChecks int
	// MaxDeclaredValueFen is the highest declared (insured) value an order may carry.
	MaxDeclaredValueFen int64
	// LookupCache is how many parcels the look-up cache (staff and partner look-ups
	// with a timeline, the public look-up) keeps (0: no cache).
	LookupCache int
	// ArrivalHorizon is how far ahead an order's required arrival may be.
	ArrivalHorizon time.Duration
	// OTLPEndpoint is the OTLP/HTTP receiver spans are sent to; empty (and no standard
	// OTEL_EXPORTER_OTLP_ENDPOINT) means no tracing.
	OTLPEndpoint   string
	trustedProxies string
	webhookAllow   string
	zone           *time.Location
	introspectSet  bool
	secureCookiSet bool
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func envInt(key string, def int) int {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

func envInt64(key string, def int64) int64 {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

func envBool(key string, def bool) bool {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err == nil {
			return b
		}
	}
	return def
}

// bindConfig registers the shared flags on fs.
func bindConfig(fs *flag.FlagSet) *Config {
	c := &Config{}
	fs.StringVar(&c.Env, "env", envOr("CS_ENV", "development"),
		"`mode`: development (GraphiQL, introspection and field suggestions on, cookies without Secure over plain HTTP) or production [CS_ENV]")
	fs.StringVar(&c.Listen, "listen", envOr("LISTEN_ADDR", ":8080"), "`address` to serve HTTP on [LISTEN_ADDR]")
	fs.StringVar(&c.DatabaseURL, "database-url", envOr("DATABASE_URL", ""),
		"PostgreSQL `url` (postgres://user@host:5432/db); empty means embedded SQLite in the data directory [DATABASE_URL]")
	fs.StringVar(&c.DatabaseDirectURL, "database-direct-url", envOr("DATABASE_DIRECT_URL", ""),
		"PostgreSQL `url` that reaches the server itself, for migrations and LISTEN, when --database-url goes through PgBouncer in transaction mode; empty means --database-url [DATABASE_DIRECT_URL]")
	if env := envOr("DATABASE_REPLICA_URLS", ""); env != "" {
		for _, u := range strings.Split(env, ",") {
			if u = strings.TrimSpace(u); u != "" {
				c.DatabaseReplicaURLs = append(c.DatabaseReplicaURLs, u)
			}
		}
	}
	replicaFlag := false
	fs.Func("database-replica-url", "PostgreSQL `url` of a hot standby of --database-url that serves look-ups, lists and reports; repeat for several. The flags replace DATABASE_REPLICA_URLS (comma-separated) [DATABASE_REPLICA_URLS]", func(s string) error {
		if !replicaFlag {
			c.DatabaseReplicaURLs, replicaFlag = nil, true
		}
		c.DatabaseReplicaURLs = append(c.DatabaseReplicaURLs, s)
		return nil
	})
	fs.DurationVar(&c.ReplicaMaxLag, "replica-max-lag", envDuration("REPLICA_MAX_LAG", 5*time.Second),
		"replay lag (`duration`) above which a read replica is skipped until it catches up [REPLICA_MAX_LAG]")
	fs.DurationVar(&c.ReadYourWritesWindow, "read-your-writes-window", envDuration("READ_YOUR_WRITES_WINDOW", 0),
		"how long (`duration`) after a person's write their reads avoid replicas that have not replayed it; at least --replica-max-lag plus 1s, which is the default [READ_YOUR_WRITES_WINDOW]")
	fs.StringVar(&c.DataDir, "data-dir", envOr("DATA_DIR", "data"), "`directory` for the SQLite database and, by default, signing keys [DATA_DIR]")
	fs.StringVar(&c.KeyDir, "key-dir", envOr("KEY_DIR", ""), "`directory` of token signing keys; default <data-dir>/keys. Share it between instances [KEY_DIR]")
	fs.StringVar(&c.TimeZone, "time-zone", envOr("ORG_TIME_ZONE", "Asia/Shanghai"),
		"organisation's IANA time `zone` for shifts, tracking rounds and work days [ORG_TIME_ZONE]")
	fs.StringVar(&c.LogLevel, "log-level", envOr("LOG_LEVEL", "info"), "`level`: debug, info, warn or error [LOG_LEVEL]")
	fs.Func("introspection", "allow schema introspection and GraphiQL (`true|false`; default on in development) [GRAPHQL_INTROSPECTION]", func(s string) error {
		b, err := strconv.ParseBool(s)
		c.Introspection, c.introspectSet = b, true
		return err
	})
	fs.Func("secure-cookies", "mark the refresh cookie Secure (`true|false`; default on in production) [SECURE_COOKIES]", func(s string) error {
		b, err := strconv.ParseBool(s)
		c.SecureCookies, c.secureCookiSet = b, true
		return err
	})
	fs.BoolVar(&c.SeedDemo, "seed-demo", envBool("SEED_DEMO", false), "load the demo organisation when the database has no staff [SEED_DEMO]")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", 1<<20, "largest request body accepted, in `bytes`; larger is refused with 413")
	fs.Int64Var(&c.MaxUploadBytes, "max-upload-bytes", 8<<20, "largest multipart (photo upload) request accepted, in `bytes`; larger is refused with 413")
	fs.Int64Var(&c.MaxPhotoBytes, "max-photo-bytes", 6<<20, "largest photo accepted, in `bytes`; larger is refused with PHOTO_TOO_LARGE")
	fs.StringVar(&c.MediaDir, "media-dir", envOr("MEDIA_DIR", ""), "`directory` where photos are stored by content hash; default <data-dir>/media [MEDIA_DIR]")
	fs.StringVar(&c.MediaStore, "media-store", envOr("MEDIA_STORE", "disk"), "where photos are kept: `disk` (the media directory) or s3 (an S3-compatible bucket: AWS S3, MinIO, Aliyun OSS, Tencent COS) [MEDIA_STORE]")
	fs.StringVar(&c.S3.Endpoint, "s3-endpoint", envOr("S3_ENDPOINT", ""), "S3 `endpoint`: https://host[:port], http://host:port, or a bare host (HTTPS) [S3_ENDPOINT]")
	fs.StringVar(&c.S3.Bucket, "s3-bucket", envOr("S3_BUCKET", ""), "S3 `bucket` for photos; it must exist [S3_BUCKET]")
	fs.StringVar(&c.S3.Region, "s3-region", envOr("S3_REGION", ""), "S3 `region` (us-east-1, oss-cn-hangzhou, ap-guangzhou); empty asks the server [S3_REGION]")
	fs.StringVar(&c.S3.AccessKey, "s3-access-key", envOr("S3_ACCESS_KEY", ""), "S3 access key `id` [S3_ACCESS_KEY]")
	fs.StringVar(&c.S3.SecretKey, "s3-secret-key", envOr("S3_SECRET_KEY", ""), "S3 secret `key`; prefer the environment variable, flags show in process lists [S3_SECRET_KEY]")
	fs.BoolVar(&c.S3.PathStyle, "s3-path-style", envBool("S3_PATH_STYLE", false), "address the bucket as host/bucket (MinIO, most self-hosted servers) instead of bucket.host (AWS, OSS, COS) [S3_PATH_STYLE]")
	fs.StringVar(&c.S3.Prefix, "s3-prefix", envOr("S3_PREFIX", ""), "key `prefix` inside the bucket, for sharing one bucket between deployments [S3_PREFIX]")
	fs.DurationVar(&c.ClockOffset, "clock-offset", 0, "development only: run the services' clock this `duration` ahead (negative: behind) of the machine's, for testing month ends; tokens keep real time")
	fs.DurationVar(&c.ShutdownGrace, "shutdown-grace", 20*time.Second, "how long SIGTERM waits for in-flight requests to `finish`")
	fs.IntVar(&c.MaxPasswordChecks, "max-password-checks", envInt("MAX_PASSWORD_CHECKS", identity.PasswordChecksFor(debug.SetMemoryLimit(-1), runtime.GOMAXPROCS(0))),
		"how many password checks run at once, each holding 64 MiB and two cores for ~60 ms; default the number of cores, at most 4 and at most floor(GOMEMLIMIT / 64 MiB). Logins beyond it queue briefly, then get THROTTLED [MAX_PASSWORD_CHECKS]")
	fs.Int64Var(&c.MaxDeclaredValueFen, "max-declared-value-fen", envInt64("MAX_DECLARED_VALUE_FEN", order.DefaultMaxDeclaredValueFen),
		"highest declared (insured) value of an order or a quote, in `fen` (分), 1 to 100000000000000; more is refused with BAD_USER_INPUT on goods.declaredValueFen (declaredValueFen in a quote) [MAX_DECLARED_VALUE_FEN]")
	fs.IntVar(&c.LookupCache, "lookup-cache", envInt("LOOKUP_CACHE", 4096),
		"how many `parcels` (order and timeline) the look-up cache keeps for staff and partner look-ups with a timeline and the public look-up; never stale: on PostgreSQL across instances (each look-up waits for a fence on a listening connection), on SQLite for writes by this process (turn it off before changing the file with another program); 0 turns the cache off [LOOKUP_CACHE]")
	fs.DurationVar(&c.ArrivalHorizon, "arrival-horizon", envDuration("ARRIVAL_HORIZON", order.DefaultArrivalHorizon),
		"how far ahead an order's required arrival may be (`duration`, e.g. 2160h); later is refused with BAD_USER_INPUT on requiredArrivalAt [ARRIVAL_HORIZON]")
	fs.StringVar(&c.trustedProxies, "trusted-proxies", envOr("TRUSTED_PROXIES", ""),
		"comma-separated `CIDRs` of reverse proxies whose X-Forwarded-For names the client, for the customer look-up's per-address budget [TRUSTED_PROXIES]")
	fs.StringVar(&c.webhookAllow, "webhook-allow-cidrs", envOr("WEBHOOK_ALLOW_CIDRS", ""),
		"development only: comma-separated `CIDRs` that webhooks may reach although they are loopback, private or reserved (a receiver on this machine: 127.0.0.1/32) [WEBHOOK_ALLOW_CIDRS]")
	fs.StringVar(&c.PushContact, "push-contact", envOr("PUSH_CONTACT", ""),
		"operator `contact` sent to push services with every Web Push (mailto:ops@example.com or an https URL), so they can reach whoever runs the server; set it in production [PUSH_CONTACT]")
	fs.StringVar(&c.OTLPEndpoint, "otlp-endpoint", "",
		"base `URL` of an OTLP/HTTP receiver (http://collector:4318) to send traces to; without it the standard OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on, and with neither tracing is off")
	return c
}

// defaultPushContact stands in when --push-contact is not set.
const defaultPushContact = "mailto:push-contact@localhost"

// finish fills derived values and checks the configuration.
func (c *Config) finish() error {
	if c.Env != "development" && c.Env != "production" {
		return fmt.Errorf("--env must be development or production, not %q", c.Env)
	}
	dev := c.Env == "development"
	if err := c.finishDatabaseURLs(); err != nil {
		return err
	}
	if !c.introspectSet {
		c.Introspection = envBool("GRAPHQL_INTROSPECTION", dev)
	}
	if !c.secureCookiSet {
		c.SecureCookies = envBool("SECURE_COOKIES", !dev)
	}
	if c.MaxPasswordChecks < 1 {
		return fmt.Errorf("--max-password-checks must be at least 1, not %d", c.MaxPasswordChecks)
	}
	if c.MaxDeclaredValueFen == 0 {
		c.MaxDeclaredValueFen = order.DefaultMaxDeclaredValueFen
	}
	if c.LookupCache < 0 {
		return fmt.Errorf("--lookup-cache must be 0 (off) or more, not %d", c.LookupCache)
	}
	if c.MaxDeclaredValueFen < 1 || c.MaxDeclaredValueFen > order.MaxDeclaredValueCapFen {
		return fmt.Errorf("--max-declared-value-fen must be 1 to %d (¥1,000,000,000,000), not %d", order.MaxDeclaredValueCapFen, c.MaxDeclaredValueFen)
	}
	if c.ArrivalHorizon == 0 {
		c.ArrivalHorizon = order.DefaultArrivalHorizon
	}
	if c.ArrivalHorizon < 24*time.Hour {
		return fmt.Errorf("--arrival-horizon must be at least 24h, not %s", c.ArrivalHorizon)
	}
	if err := telemetry.ValidateEndpoint(c.OTLPEndpoint); err != nil {
		return err
	}
	if c.ClockOffset != 0 && !dev {
		return fmt.Errorf("--clock-offset is for development only")
	}
	if c.KeyDir == "" {
		c.KeyDir = filepath.Join(c.DataDir, "keys")
	}
	if c.MediaDir == "" {
		c.MediaDir = filepath.Join(c.DataDir, "media")
	}
	switch c.MediaStore {
	case "", "disk":
		c.MediaStore = "disk"
	case "s3":
		if c.S3.Endpoint == "" || c.S3.Bucket == "" {
			return fmt.Errorf("--media-store s3 needs --s3-endpoint and --s3-bucket")
		}
	default:
		return fmt.Errorf("--media-store must be disk or s3, not %q", c.MediaStore)
	}
	zone, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return fmt.Errorf("--time-zone: %w", err)
	}
	if c.TrustedProxies, err = parsePrefixes(c.trustedProxies); err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	if c.WebhookAllow, err = parsePrefixes(c.webhookAllow); err != nil {
		return fmt.Errorf("--webhook-allow-cidrs: %w", err)
	}
	if len(c.WebhookAllow) > 0 && !dev {
		return fmt.Errorf("--webhook-allow-cidrs is for development only: in production webhooks reach public addresses only")
	}
	if c.PushContact == "" {
		// Push services accept this, but cannot reach anyone through it: production
		// should name a real contact (serve warns when it is left unset).
		c.PushContact = defaultPushContact
	}
	if !strings.HasPrefix(c.PushContact, "mailto:") && !strings.HasPrefix(c.PushContact, "https://") {
		return fmt.Errorf("--push-contact must be mailto:<address> or an https:// URL (push services use it to reach the operator)")
	}
	c.zone = zone
	return nil
}

// parsePrefixes reads a comma-separated list of CIDRs or single addresses.
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("address %q: %w", f, err)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("address %q: %w", f, err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// pooled reports whether the database URL goes through a transaction-mode pooler: a
// direct URL other than it is given for what needs a session of its own. Then no
// statement is prepared (db.Config.Pooled); without, the look-ups' constant texts are.
func (c *Config) pooled() bool { return c.DatabaseDirectURL != c.DatabaseURL }

// finishDatabaseURLs defaults the direct URL to the database URL. A different direct URL
// means the database URL goes through a transaction-mode pooler (PgBouncer); statements
// go with the simple protocol then (db.Open), which such a pooler needs.
func (c *Config) finishDatabaseURLs() error {
	if c.DatabaseDirectURL == "" {
		c.DatabaseDirectURL = c.DatabaseURL
	} else if c.DatabaseURL == "" {
		return fmt.Errorf("--database-direct-url needs --database-url (it is for PostgreSQL behind a pooler)")
	}
	if len(c.DatabaseReplicaURLs) == 0 {
		return nil
	}
	if c.DatabaseURL == "" {
		return fmt.Errorf("--database-replica-url needs PostgreSQL: set --database-url to the primary (SQLite has no replicas)")
	}
	if len(c.DatabaseReplicaURLs) > 16 {
		return fmt.Errorf("--database-replica-url: at most 16 replicas, not %d", len(c.DatabaseReplicaURLs))
	}
	for i, u := range c.DatabaseReplicaURLs {
		// The URL carries a password: errors name the replica by its place only.
		if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
			return fmt.Errorf("--database-replica-url %d must start with postgres://", i+1)
		}
		if p, err := url.Parse(u); err != nil || p.Host == "" {
			return fmt.Errorf("--database-replica-url %d is not a valid URL with a host", i+1)
		}
	}
	if c.ReplicaMaxLag <= 0 {
		return fmt.Errorf("--replica-max-lag must be positive, not %s", c.ReplicaMaxLag)
	}
	if c.ReadYourWritesWindow < 0 {
		return fmt.Errorf("--read-your-writes-window must not be negative")
	}
	return nil
}
