package dbtest

import (
	"database/sql"
	"fmt"
	"os"
	"sync"
	"testing"
)

// Making a test's PostgreSQL database from the template takes about half a second and
// dropping it as long again (measured 2026-12-07 on the 2-core machine: CREATE DATABASE …
// STRATEGY WAL_LOG 0.3–0.7 s, DROP DATABASE … WITH (FORCE) 0.3–1.3 s), and a package like
// ./server runs a few hundred tests one after the other, each waiting for both. Under Run
// the databases are made one ahead and dropped behind by goroutines of their own, so a
// test neither waits for its database to be made (one is ready) nor for it to be dropped:
// both overlap with the next test's own work. A database is still used by one test only
// and dropped after it; only the waiting moves.

// ahead is the process's databases made ahead and dropped behind; nil outside Run.
var ahead *aheadPool

type aheadPool struct {
	mu      sync.Mutex
	started bool
	admin   *sql.DB
	tmpl    string
	ready   chan string // the database made ahead, handed to the next test; closed when the maker stops
	stop    chan struct{}
	drop    chan string    // used, to be dropped
	dropped sync.WaitGroup // the dropper goroutine
	errs    []error
}

// Run runs a test package's tests (call it from TestMain) with PostgreSQL databases made
// one ahead and dropped behind, then drops what is left and returns the code to exit
// with. A drop that fails is reported and fails the run.
func Run(m *testing.M) int {
	ahead = &aheadPool{ready: make(chan string), stop: make(chan struct{}), drop: make(chan string, 64)}
	code := m.Run()
	if err := ahead.close(); err != nil {
		fmt.Fprintln(os.Stderr, "dbtest:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// take returns a database made from tmpl for one test: the one made ahead, or one made
// now. The first call starts the maker.
func (p *aheadPool) take(admin *sql.DB, tmpl string) (string, error) {
	p.mu.Lock()
	if !p.started {
		p.started, p.admin, p.tmpl = true, admin, tmpl
		go p.make()
		p.dropped.Add(1)
		go p.dropBehind()
	}
	p.mu.Unlock()
	// The maker is making the next database or has it ready: waiting for it is never
	// longer than making one now.
	if name, ok := <-p.ready; ok {
		return name, nil
	}
	return createFrom(admin, tmpl)
}

// make keeps one database made ahead until stopped. A failure stops it and closes ready,
// so tests make their own (and fail there with the error).
func (p *aheadPool) make() {
	defer close(p.ready)
	for {
		name, err := createFrom(p.admin, p.tmpl)
		if err != nil {
			return
		}
		select {
		case p.ready <- name:
		case <-p.stop:
			p.drop <- name
			return
		}
	}
}

// dropBehind drops the databases tests are done with, in the order they finish.
func (p *aheadPool) dropBehind() {
	defer p.dropped.Done()
	for name := range p.drop {
		if err := dropDatabase(p.admin, name); err != nil {
			p.mu.Lock()
			p.errs = append(p.errs, err)
			p.mu.Unlock()
		}
	}
}

// release hands a test's database to the dropper.
func (p *aheadPool) release(name string) { p.drop <- name }

// close stops the maker (which hands the database it made to the dropper) and waits for
// every drop.
func (p *aheadPool) close() error {
	p.mu.Lock()
	started := p.started
	p.mu.Unlock()
	if !started {
		return nil
	}
	close(p.stop)
	for name := range p.ready { // until the maker has stopped and closed it
		p.drop <- name
	}
	close(p.drop)
	p.dropped.Wait()
	if len(p.errs) > 0 {
		return fmt.Errorf("dropping test databases: %v", p.errs)
	}
	return nil
}

// createFrom makes a database of its own from the template tmpl and returns its name.
func createFrom(admin *sql.DB, tmpl string) (string, error) {
	name := randomName("t_")
	if _, err := admin.Exec("CREATE DATABASE " + name + " TEMPLATE " + tmpl + " STRATEGY " + cloneStrategy); err != nil {
		return "", fmt.Errorf("create database from the template: %w", err)
	}
	return name, nil
}

func dropDatabase(admin *sql.DB, name string) error {
	if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop test database %s: %w", name, err)
	}
	return nil
}
