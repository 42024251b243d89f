package main

import (
	"context"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/partner"
	"github.com/expresscs/cs/internal/tracking"
)

// version is the release this binary was built from; `make build` sets it with -ldflags
// (git describe). The commit comes from the Go toolchain's build information.
var version = "dev"

// buildInfo is what `server version` prints and cs_build_info reports.
type buildInfo struct {
	Version, Revision, Time, GoVersion string
	Modified                           bool
}

func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, Revision: "unknown", GoVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.time":
				b.Time = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	return b
}

// retentionRemoved counts the rows the retention job deleted. It is process-wide (the job
// runs apart from any router), registered with each router's registry.
var retentionRemoved = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "cs_retention_removed_rows_total",
	Help: "Rows the daily retention job deleted, by organisation (unit id) and table (tracking_events, audit_entries).",
}, []string{"org", "table"})

func observeRetention(org, table string, n int) {
	retentionRemoved.WithLabelValues(org, table).Add(float64(n))
}

// metrics are exported at /metrics in Prometheus format.
type metrics struct {
	reg           *prometheus.Registry
	operations    *prometheus.HistogramVec
	errors        *prometheus.CounterVec
	requests      *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	inFlight      *prometheus.GaugeVec
	subscriptions *prometheus.GaugeVec
	subsStarted   *prometheus.CounterVec
	statements    prometheus.Histogram
}

func newMetrics(d *db.DB) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		operations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cs_graphql_operation_duration_seconds",
			Help: "GraphQL queries and mutations by operation: count and latency. The phone app's operations " +
				"by name, partners' as \"partner\", anything else as \"other\"; subscriptions are not timed here.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 10),
		}, []string{"operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cs_graphql_errors_total",
			Help: "GraphQL errors returned, by stable error code.",
		}, []string{"code"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cs_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "cs_http_request_duration_seconds",
			Help:    "HTTP request latency by route (graphql, media, pwa, /readyz, …); streams (WebSocket, server-sent events) are not timed.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 12),
		}, []string{"route"}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "cs_http_requests_in_flight",
			Help: "HTTP requests being served now on this instance, by route; subscription streams are counted in cs_graphql_subscriptions_open instead.",
		}, []string{"route"}),
		subscriptions: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "cs_graphql_subscriptions_open",
			Help: "GraphQL subscriptions open now on this instance, by operation (named as for " +
				"cs_graphql_operation_duration_seconds) and transport (websocket, sse).",
		}, []string{"operation", "transport"}),
		subsStarted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cs_graphql_subscriptions_started_total",
			Help: "GraphQL subscriptions started on this instance (subscribed to their events), by operation and transport; " +
				"a high rate against a steady cs_graphql_subscriptions_open means clients reconnecting.",
		}, []string{"operation", "transport"}),
		statements: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cs_sql_statements_per_request",
			Help:    "SQL statements one GraphQL request ran.",
			Buckets: []float64{0, 1, 2, 3, 5, 8, 13, 21, 34, 55},
		}),
	}
	b := readBuildInfo()
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "cs_build_info",
		Help: "Always 1; the labels say which build is running.",
	}, []string{"version", "revision", "go_version"})
	build.WithLabelValues(b.Version, b.Revision, b.GoVersion).Set(1)
	for _, tr := range []string{"websocket", "sse"} {
		m.subscriptions.WithLabelValues("other", tr)
	}
	m.reg.MustRegister(m.operations, m.errors, m.requests, m.latency, m.inFlight, m.subscriptions, m.subsStarted, m.statements, build, retentionRemoved,
		&queueCollector{db: d},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if d.HasReplicas() {
		m.reg.MustRegister(replicaCollector{db: d})
	}
	m.reg.MustRegister(collectors.NewDBStatsCollector(d.W.DB, "writer"))
	if d.R != d.W {
		m.reg.MustRegister(collectors.NewDBStatsCollector(d.R.DB, "reader"))
	}
	return m
}

func (m *metrics) observeOperation(name string, took time.Duration) {
	m.operations.WithLabelValues(name).Observe(took.Seconds())
}

func (m *metrics) observeError(code string) { m.errors.WithLabelValues(code).Inc() }

func (m *metrics) observeSubscription(transport, operation string, delta int) {
	// Started is counted before the gauge rises, so a subscription counted open has been
	// counted started (a scrape may still collect the two at different instants).
	if delta > 0 {
		m.subsStarted.WithLabelValues(operation, transport).Add(float64(delta))
	}
	m.subscriptions.WithLabelValues(operation, transport).Add(float64(delta))
}

// queueCollector reads the job queue and the webhook deliveries from the database at
// each scrape, so every instance reports the same, whole picture.
type queueCollector struct{ db *db.DB }

var (
	jobsDesc = prometheus.NewDesc("cs_jobs", "Jobs in the queue by kind and state (available, scheduled, running, "+
		"retryable: failed and waiting to retry, discarded: failed for good, cancelled, completed: kept for a while).", []string{"kind", "state"}, nil)
	jobErrorsDesc = prometheus.NewDesc("cs_jobs_failing", "Jobs whose last attempt failed and that are waiting to retry or were "+
		"discarded, by kind.", []string{"kind"}, nil)
	webhooksDesc = prometheus.NewDesc("cs_webhook_deliveries", "Webhook deliveries by outcome (the delivery's status).",
		[]string{"outcome"}, nil)
	scrapeErrDesc = prometheus.NewDesc("cs_queue_scrape_error", "1 when this scrape could not read the job or webhook tables (the database is out of reach or slow); /readyz says which.", nil, nil)
)

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- jobsDesc
	ch <- jobErrorsDesc
	ch <- webhooksDesc
	ch <- scrapeErrDesc
}

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	failed := 0.0
	var jobs []struct {
		Kind  string `bun:"kind"`
		State string `bun:"state"`
		N     int64  `bun:"n"`
	}
	err := c.db.R.NewRaw("SELECT kind, CAST(state AS TEXT) AS state, COUNT(*) AS n FROM river_job GROUP BY kind, state").Scan(ctx, &jobs)
	if err == nil {
		failing := map[string]float64{}
		for _, j := range jobs {
			ch <- prometheus.MustNewConstMetric(jobsDesc, prometheus.GaugeValue, float64(j.N), j.Kind, j.State)
			if j.State == "retryable" || j.State == "discarded" {
				failing[j.Kind] += float64(j.N)
			}
		}
		for kind, n := range failing {
			ch <- prometheus.MustNewConstMetric(jobErrorsDesc, prometheus.GaugeValue, n, kind)
		}
	} else {
		failed = 1
	}
	if hooks, err := partner.DeliveryCounts(ctx, c.db.R); err == nil {
		for status, n := range hooks {
			ch <- prometheus.MustNewConstMetric(webhooksDesc, prometheus.GaugeValue, float64(n), string(status))
		}
	} else {
		failed = 1
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, failed)
}

// replicaCollector reports each read replica's lag and health as its last check found them
// (every second, and at each /readyz), named host:port/database without credentials.
type replicaCollector struct{ db *db.DB }

var (
	replicaLagDesc = prometheus.NewDesc("cs_db_replica_lag_seconds", "How far a read replica's replay is behind the primary "+
		"(0 when it has replayed everything); above --replica-max-lag it is skipped.", []string{"replica"}, nil)
	replicaLagBytesDesc = prometheus.NewDesc("cs_db_replica_lag_bytes", "WAL bytes a read replica has still to replay.", []string{"replica"}, nil)
	replicaUpDesc       = prometheus.NewDesc("cs_db_replica_healthy", "1 when reads may go to the replica, 0 when it is down, "+
		"lagging or not a standby (its reads go to the primary); /readyz says why.", []string{"replica"}, nil)
)

func (c replicaCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- replicaLagDesc
	ch <- replicaLagBytesDesc
	ch <- replicaUpDesc
}

func (c replicaCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.db.ReplicaStates() {
		up := 0.0
		if s.Healthy {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(replicaUpDesc, prometheus.GaugeValue, up, s.Name)
		if s.State == "ok" || s.State == "lagging" {
			ch <- prometheus.MustNewConstMetric(replicaLagDesc, prometheus.GaugeValue, s.LagSeconds, s.Name)
			ch <- prometheus.MustNewConstMetric(replicaLagBytesDesc, prometheus.GaugeValue, s.LagBytes, s.Name)
		}
	}
}

// lookupCacheCollector reports the PostgreSQL look-up cache (nothing without one): a
// falling hit share means parcels change faster than they are looked up again; listening
// 0 means every look-up reads the database (the cache's connection is being re-made).
type lookupCacheCollector struct{ app *App }

var (
	cacheLookupsDesc = prometheus.NewDesc("cs_lookup_cache_lookups_total", "Staff and partner look-ups with a timeline that the cache answered (result=hit) or read and offered to it (result=miss); "+
		"look-ups while it was not listening are in neither.", []string{"result"}, nil)
	cacheFencesDesc    = prometheus.NewDesc("cs_lookup_cache_fences_total", "Fences sent on the cache's listening connection (look-ups waiting at once share one).", nil, nil)
	cacheListeningDesc = prometheus.NewDesc("cs_lookup_cache_listening", "1 while the look-up cache listens and is used, 0 while look-ups read the database.", nil, nil)
)

func (c lookupCacheCollector) cache() *tracking.Cache {
	if c.app.Tracking == nil {
		return nil
	}
	return c.app.Tracking.Cache
}

func (c lookupCacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- cacheLookupsDesc
	ch <- cacheFencesDesc
	ch <- cacheListeningDesc
}

func (c lookupCacheCollector) Collect(ch chan<- prometheus.Metric) {
	cache := c.cache()
	if cache == nil {
		return
	}
	hits, misses, fences := cache.Stats()
	ch <- prometheus.MustNewConstMetric(cacheLookupsDesc, prometheus.CounterValue, float64(hits), "hit")
	ch <- prometheus.MustNewConstMetric(cacheLookupsDesc, prometheus.CounterValue, float64(misses), "miss")
	ch <- prometheus.MustNewConstMetric(cacheFencesDesc, prometheus.CounterValue, float64(fences))
	listening := 0.0
	if cache.Listening() {
		listening = 1
	}
	ch <- prometheus.MustNewConstMetric(cacheListeningDesc, prometheus.GaugeValue, listening)
}

// limiterCollector reports how the shared rate limiter's charges (partners' budgets, the
// public look-up's addresses and guesses) share statements on PostgreSQL (nothing on
// SQLite, whose buckets are in memory): charges over batches is how many callers one
// round trip served.
type limiterCollector struct{ app *App }

var (
	limiterBatchesDesc = prometheus.NewDesc("cs_ratelimit_batches_total", "Statements that charged shared rate-limit buckets (each carries the charges of every caller that waited for it).", nil, nil)
	limiterChargesDesc = prometheus.NewDesc("cs_ratelimit_batched_charges_total", "Charges of shared rate-limit buckets those statements carried.", nil, nil)
)

func (c limiterCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- limiterBatchesDesc
	ch <- limiterChargesDesc
}

func (c limiterCollector) Collect(ch chan<- prometheus.Metric) {
	if c.app.Limits == nil || c.app.DB.Dialect != db.Postgres {
		return
	}
	batches, charges := c.app.Limits.Batched()
	ch <- prometheus.MustNewConstMetric(limiterBatchesDesc, prometheus.CounterValue, float64(batches))
	ch <- prometheus.MustNewConstMetric(limiterChargesDesc, prometheus.CounterValue, float64(charges))
}
