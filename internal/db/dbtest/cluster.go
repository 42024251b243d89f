package dbtest

import (
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// Cluster is a throw-away PostgreSQL server of one test: its own data directory and
// port, so the test may stop and start it for real without touching the machine's shared
// server, which other tests (and other people) use.
type Cluster struct {
	t    testing.TB
	bin  string
	dir  string
	data string
	port int
	// runAs is the user the server runs as when the test runs as root (PostgreSQL
	// refuses to run as root).
	runAs string
}

// PrivatePostgres creates and starts a cluster with initdb and pg_ctl from Debian's
// PostgreSQL packages; it is stopped and removed when the test ends. Without those
// binaries the test is skipped locally and fails under CI=true.
func PrivatePostgres(t testing.TB) *Cluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("PostgreSQL's initdb is required under CI=true (/usr/lib/postgresql/*/bin)")
		}
		t.Skip("no /usr/lib/postgresql/*/bin/initdb: a private PostgreSQL cluster cannot be made here")
	}
	sort.Slice(bins, func(i, j int) bool { return version(bins[i]) < version(bins[j]) })
	c := &Cluster{t: t, bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "cs-pg-")
	if err != nil {
		t.Fatal(err)
	}
	c.dir, c.data = dir, filepath.Join(dir, "data")
	t.Cleanup(func() {
		_ = c.pgctl("stop", "-m", "immediate")
		_ = os.RemoveAll(dir)
	})
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root without a postgres user to run PostgreSQL as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.runAs = "postgres"
	}
	c.port = freePort(t)
	if out, err := c.command(filepath.Join(c.bin, "initdb"), "-D", c.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.Start()
	return c
}

// URL is the cluster's postgres database.
func (c *Cluster) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// Start starts the server (again) on its port and waits until it accepts connections.
func (c *Cluster) Start() {
	c.t.Helper()
	if err := c.pgctl("start", "-w", "-t", "60", "-l", filepath.Join(c.dir, "log"),
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", c.port, c.dir)); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		c.t.Fatalf("pg_ctl start: %v\n%s", err, log)
	}
}

// Stop stops the server at once, as a crash or an operator would: connections are cut.
func (c *Cluster) Stop() {
	c.t.Helper()
	if err := c.pgctl("stop", "-w", "-m", "immediate"); err != nil {
		c.t.Fatalf("pg_ctl stop: %v", err)
	}
}

func (c *Cluster) pgctl(args ...string) error {
	out, err := c.command(filepath.Join(c.bin, "pg_ctl"), append([]string{"-D", c.data}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w: %s", err, out)
	}
	return nil
}

func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	if c.runAs != "" {
		return exec.Command("runuser", append([]string{"-u", c.runAs, "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}

// version reads the major version from /usr/lib/postgresql/<major>/bin/initdb.
func version(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Standby makes a hot standby of c with pg_basebackup -R (streaming replication from c,
// which initdb's defaults allow: wal_level replica, hot_standby on, trust for replication
// from 127.0.0.1) on another free port, starts it and returns it; it is stopped and
// removed when the test ends. Without pg_basebackup the test is skipped locally and fails
// under CI=true.
func (c *Cluster) Standby() *Cluster {
	c.t.Helper()
	t := c.t
	basebackup := filepath.Join(c.bin, "pg_basebackup")
	if _, err := os.Stat(basebackup); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pg_basebackup is required under CI=true: %v", err)
		}
		t.Skipf("no %s: a hot standby cannot be made here (set CI=true to make this fail)", basebackup)
	}
	dir, err := os.MkdirTemp("", "cs-pg-standby-")
	if err != nil {
		t.Fatal(err)
	}
	s := &Cluster{t: t, bin: c.bin, dir: dir, data: filepath.Join(dir, "data"), runAs: c.runAs}
	t.Cleanup(func() {
		_ = s.pgctl("stop", "-m", "immediate")
		_ = os.RemoveAll(dir)
	})
	if c.runAs != "" {
		u, err := user.Lookup(c.runAs)
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	s.port = freePort(t)
	if out, err := s.command(basebackup, "-h", "127.0.0.1", "-p", strconv.Itoa(c.port), "-U", "postgres",
		"-D", s.data, "-R", "-X", "stream", "--no-sync", "-c", "fast").CombinedOutput(); err != nil {
		t.Fatalf("pg_basebackup: %v\n%s", err, out)
	}
	s.Start()
	return s
}

// Port is the port the cluster listens on.
func (c *Cluster) Port() int { return c.port }

// SQL opens a connection pool to the cluster's postgres database, closed when the test
// ends.
func (c *Cluster) SQL() *sql.DB {
	c.t.Helper()
	s, err := sql.Open("pgx", c.URL())
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { s.Close() })
	return s
}

// WaitReplayed waits until the standby has replayed the primary's WAL up to where it is
// now (checking every 20 ms, at most a minute).
func WaitReplayed(t testing.TB, primary, standby *sql.DB) {
	t.Helper()
	var target string
	if err := primary.QueryRow("SELECT CAST(pg_current_wal_lsn() AS TEXT)").Scan(&target); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; {
		var done bool
		err := standby.QueryRow("SELECT pg_last_wal_replay_lsn() >= CAST($1 AS pg_lsn)", target).Scan(&done)
		if err == nil && done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the standby has not replayed up to %s in a minute (%v)", target, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
