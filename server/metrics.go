package main

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/expresscs/cs/internal/db"
)

// metrics are exported at /metrics in Prometheus format.
type metrics struct {
	reg        *prometheus.Registry
	operations *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	requests   *prometheus.CounterVec
	statements prometheus.Histogram
}

func newMetrics(d *db.DB) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		operations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "cs_graphql_operation_duration_seconds",
			Help:    "GraphQL operations by operation name: count and latency.",
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
		statements: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cs_sql_statements_per_request",
			Help:    "SQL statements one GraphQL request ran.",
			Buckets: []float64{0, 1, 2, 3, 5, 8, 13, 21, 34, 55},
		}),
	}
	m.reg.MustRegister(m.operations, m.errors, m.requests, m.statements,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
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
