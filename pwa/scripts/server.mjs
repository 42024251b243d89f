// Builds and starts the real Go server for browser tests and benchmarks: a fresh data
// directory, a free port on 127.0.0.1, demo data, ready when /readyz answers 200.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const pwaDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = resolve(pwaDir, '..');

/** Builds the PWA when dist/app is missing, so the binary embeds the current app. */
export function ensurePwaBuilt() {
  if (!existsSync(join(pwaDir, 'dist/app/index.html'))) {
    console.log('[server] dist/app missing: running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: pwaDir, stdio: 'inherit' });
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

// How long a starting server may take to answer /readyz: seeding the demo data took over a
// minute on two cores at load 30 (the e2e shards share them with everything else).
const READY_MS = 180_000;

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url + '/readyz');
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${timeoutMs} ms`);
}

/**
 * Builds the server binary at `binary` (after the PWA build, which it embeds) and returns
 * its path. scripts/e2e.mjs builds once and passes the path to every server it starts,
 * and to the tests' own (signoff.test.mjs), in CS_E2E_BINARY.
 */
export function buildServer(binary) {
  ensurePwaBuilt();
  console.log('[server] go build -o', binary, './server');
  execFileSync('go', ['build', '-o', binary, './server'], { cwd: repoRoot, stdio: 'inherit' });
  return binary;
}

/**
 * Builds the binary (after the PWA build) unless CS_E2E_BINARY names one, starts it, and returns { url, stop, logFile }.
 * `args` go after the standard ones (for example a development clock offset); a function
 * is called just before the server starts, after the build. `logName` is the server log's
 * name in test-results/ when it stops.
 */
export async function startServer({ args = [], logName = 'server.log' } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'cs-e2e-'));
  const binary = process.env.CS_E2E_BINARY || buildServer(join(work, 'cs-server'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(work, 'server.log');
  const log = openSync(logFile, 'a');
  const launch = (args) =>
    spawn(
      binary,
      ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', join(work, 'data'), '--seed-demo', ...(typeof args === 'function' ? args() : args)],
      { cwd: work, env: { ...process.env, CS_ENV: 'development' }, stdio: ['ignore', log, log] },
    );
  let child = launch(args);
  const halt = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([
        new Promise((r) => child.once('exit', r)),
        new Promise((r) => setTimeout(r, 5000)),
      ]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  /** Stops the server (SIGTERM) and starts it again on the same port and data with new arguments. */
  const restart = async (newArgs = args) => {
    await halt();
    child = launch(newArgs);
    await waitReady(url, child, READY_MS);
  };
  const stop = async () => {
    await halt();
    // Keep the server's log beside the screenshots for whoever reads a failure.
    mkdirSync(join(pwaDir, 'test-results'), { recursive: true });
    copyFileSync(logFile, join(pwaDir, 'test-results', logName));
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, READY_MS);
  } catch (err) {
    console.error(readFileSync(logFile, 'utf8').slice(-4000));
    await stop();
    throw err;
  }
  console.log('[server] ready at', url);
  return { url, stop, restart, logFile };
}
