// Package loadgen is the side-by-side harness's load generator: a fixed number of
// connections, each sending one request after another for a fixed time (closed loop, as
// wrk does), with a latency histogram for percentiles. It counts a response as an error
// unless it is HTTP 200 without a GraphQL "errors" member.
package loadgen

import (
	"bytes"
	"context"
	"io"
	"math"
	"net"
	"net/http"
	"sync"
	"time"
)

// Config is one load run.
type Config struct {
	URL      string
	Conns    int
	Duration time.Duration
	// Request returns the body and extra headers of the i-th request of connection c.
	Request func(c, i int) (body []byte, header http.Header)
}

// Result is what a run measured.
type Result struct {
	Requests int
	Errors   int
	// FirstError is the body of the first refused response, for the operator.
	FirstError string
	Elapsed    time.Duration
	// RSS is the server's resident memory after the run in MiB, when the caller measures it.
	RSS  int
	hist Histogram
}

// PerSecond is the rate of successful requests.
func (r Result) PerSecond() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// Quantile is the latency below which the fraction q of successful requests finished.
func (r Result) Quantile(q float64) time.Duration { return r.hist.Quantile(q) }

// Run sends load until the duration has passed or ctx ends.
func Run(ctx context.Context, cfg Config) Result {
	tr := &http.Transport{MaxIdleConns: cfg.Conns, MaxIdleConnsPerHost: cfg.Conns, MaxConnsPerHost: cfg.Conns,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var (
		mu  sync.Mutex
		out Result
		wg  sync.WaitGroup
	)
	start := time.Now()
	for c := 0; c < cfg.Conns; c++ {
		wg.Go(func() {
			var h Histogram
			n, errs, first := 0, 0, ""
			buf := new(bytes.Buffer)
			for i := 0; ctx.Err() == nil; i++ {
				body, header := cfg.Request(c, i)
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, cfg.URL, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				for k, v := range header {
					req.Header[k] = v
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						errs++
						if first == "" {
							first = err.Error()
						}
					}
					continue
				}
				buf.Reset()
				_, err = io.Copy(buf, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				if err != nil || resp.StatusCode != http.StatusOK || bytes.Contains(buf.Bytes(), []byte(`"errors"`)) {
					if ctx.Err() == nil {
						errs++
						if first == "" {
							first = buf.String()
						}
					}
					continue
				}
				n++
				h.Add(d)
			}
			mu.Lock()
			out.Requests += n
			out.Errors += errs
			if out.FirstError == "" {
				out.FirstError = first
			}
			out.hist.Merge(&h)
			mu.Unlock()
		})
	}
	wg.Wait()
	out.Elapsed = time.Since(start)
	return out
}

// Histogram counts latencies in logarithmic buckets 1 % wide from 1 µs up (about 2,100
// buckets reach an hour), so percentiles are within 1 % of the exact figure.
type Histogram struct {
	counts []uint64
	total  uint64
}

const growth = 1.01

var logGrowth = math.Log(growth)

func bucketOf(d time.Duration) int {
	us := float64(d) / float64(time.Microsecond)
	if us <= 1 {
		return 0
	}
	return int(math.Log(us)/logGrowth) + 1
}

// Add counts one latency.
func (h *Histogram) Add(d time.Duration) {
	b := bucketOf(d)
	if b >= len(h.counts) {
		h.counts = append(h.counts, make([]uint64, b+1-len(h.counts))...)
	}
	h.counts[b]++
	h.total++
}

// Merge adds another histogram's counts.
func (h *Histogram) Merge(o *Histogram) {
	if len(o.counts) > len(h.counts) {
		h.counts = append(h.counts, make([]uint64, len(o.counts)-len(h.counts))...)
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.total += o.total
}

// Quantile is the upper edge of the bucket holding the q-th latency (0 when empty).
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.total)))
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return time.Duration(math.Pow(growth, float64(i)) * float64(time.Microsecond))
		}
	}
	return 0
}
