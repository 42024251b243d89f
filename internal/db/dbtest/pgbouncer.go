package dbtest

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// PgBouncer creates an empty database on the test PostgreSQL server and starts a
// PgBouncer in transaction pooling mode in front of it, as a large deployment runs. It
// returns the database's direct URL and its URL through PgBouncer. The database is
// dropped and PgBouncer stopped when the test ends. It skips (or fails under CI=true)
// without PostgreSQL or the pgbouncer program.
func PgBouncer(t testing.TB) (direct, pooled string) {
	t.Helper()
	bin, err := exec.LookPath("pgbouncer")
	if err != nil {
		bin, err = exec.LookPath("/usr/sbin/pgbouncer")
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pgbouncer is required under CI=true (.ci/ensure-postgres installs it)")
		}
		t.Skip("pgbouncer is not installed (set CI=true to make this fail)")
	}
	admin, base := adminConn(t)
	name := randomName("pgb_")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	// Registered first, so it runs after PgBouncer has stopped (cleanups run last first).
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})

	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	user := u.User.Username()
	if user == "" {
		user = "postgres"
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "5432"
	}
	listen := freePort(t)

	// PgBouncer refuses to run as root; it then runs as the postgres account, which must
	// read its files.
	dir, err := os.MkdirTemp("", "pgbouncer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ini := fmt.Sprintf(`[databases]
%[1]s = host=%[2]s port=%[3]s dbname=%[1]s

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %[4]d
unix_socket_dir =
auth_type = trust
auth_file = %[5]s
pool_mode = transaction
default_pool_size = 3
max_client_conn = 200
server_reset_query =
ignore_startup_parameters = extra_float_digits
`, name, host, port, listen, filepath.Join(dir, "users.txt"))
	for file, text := range map[string]string{"pgbouncer.ini": ini, "users.txt": strconv.Quote(user) + ` ""` + "\n"} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{filepath.Join(dir, "pgbouncer.ini")}
	if os.Geteuid() == 0 {
		args = append([]string{"-u", "postgres"}, args...)
	}
	cmd := exec.Command(bin, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start pgbouncer: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(listen))
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			t.Fatalf("pgbouncer exited: %s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("pgbouncer does not answer at %s: %s", addr, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	d := *u
	d.Path = "/" + name
	p := d
	p.Host = addr
	q := p.Query()
	q.Set("sslmode", "disable")
	p.RawQuery = q.Encode()
	return d.String(), p.String()
}
