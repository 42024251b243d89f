// End-to-end: real Go server on a fresh database + Debian's Chromium at a phone viewport.
// Runs the browser tests with node's built-in test runner and prints its summary.
//
// The whole suite runs in E2E_SHARDS shards at once (default 2): each shard has its own
// server and database (one file's posts would otherwise reach another file's screens as
// live notices) and runs one file at a time, taking the next file from a shared queue
// when it finishes one, so the shards stay balanced however the files' times drift. The
// queue starts with the files known to be long (LONG), so none is left to run alone at
// the end. Files in ALONE measure the page itself (layout shift) and run after the
// shards, with nothing else of ours on the machine. `npm run e2e -- e2e/one.test.mjs` runs
// only the files named, in one runner; E2E_SHARDS=1 runs everything in one.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, pwaDir, startServer } from './server.mjs';

// Seconds a file took in one runner (2026-12-07, load about 20); the rest take less.
const LONG = {
  'e2e/checklists.test.mjs': 63,
  'e2e/leave-check.test.mjs': 62,
  'e2e/availability.test.mjs': 39,
  'e2e/leave-balance.test.mjs': 31,
  'e2e/app.test.mjs': 26,
};
const ALONE = new Set(['e2e/roster-cls.test.mjs']);

/** Starts node's test runner on files against url; output lines carry the prefix. */
function runFiles(files, url, prefix) {
  const reporter = process.stdout.isTTY && !prefix ? [] : ['--test-reporter=spec'];
  const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...reporter, ...files], {
    cwd: pwaDir,
    stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, BASE_URL: url },
  });
  if (prefix) {
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let rest = '';
      from.setEncoding('utf8');
      from.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        for (const line of lines) to.write(`${prefix} ${line}\n`);
      });
      from.on('end', () => rest && to.write(`${prefix} ${rest}\n`));
    }
  }
  return new Promise((r) => child.on('close', (c) => r(c ?? 1)));
}

/**
 * One shard: a fresh server, then files taken from the queue one by one until it is
 * empty. It starts its server once `after` resolves (the previous shard's server is up or
 * has failed) and calls `up` then: servers start one after the other (seeding the demo data at once on two loaded cores has outrun the readiness
 * wait), while the shards already started run their files. Returns what failed; a shard
 * whose server does not start takes no file and the others run them.
 */
async function runShard(queue, prefix, times, after = Promise.resolve(), up = () => {}) {
  await after;
  let server;
  try {
    server = await startServer({ logName: `server-${prefix.replace(/\W/g, '')}.log` });
  } catch (err) {
    console.error(`${prefix} the server did not start: ${err.message}`);
    return [`${prefix} server`];
  } finally {
    up();
  }
  const failed = [];
  try {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const started = Date.now();
      if ((await runFiles([file], server.url, prefix)) !== 0) failed.push(file);
      times.push([file, (Date.now() - started) / 1000, prefix]);
    }
    if (failed.length > 0) {
      console.error(`--- ${prefix} server log (tail) ---`);
      console.error(readFileSync(server.logFile, 'utf8').slice(-4000));
    }
  } finally {
    await server.stop();
  }
  return failed;
}

/** The files in the order shards take them: the long ones first, then by name. */
export function queueOf(files) {
  return [...files].sort((a, b) => (LONG[b] ?? 0) - (LONG[a] ?? 0) || a.localeCompare(b));
}

const named = process.argv.length > 2;
const files = named
  ? process.argv.slice(2)
  : readdirSync(join(pwaDir, 'e2e'))
      .filter((f) => f.endsWith('.test.mjs'))
      .map((f) => join('e2e', f));
const count = named ? 1 : Math.max(1, Number(process.env.E2E_SHARDS ?? 2) || 1);

// One build for every server of the run (and the tests' own servers).
const work = mkdtempSync(join(tmpdir(), 'cs-e2e-bin-'));
process.env.CS_E2E_BINARY ||= buildServer(join(work, 'cs-server'));
let code = 1;
try {
  if (count === 1) {
    const server = await startServer();
    try {
      code = await runFiles(files, server.url, '');
      if (code !== 0) {
        console.error('--- server log (tail) ---');
        console.error(readFileSync(server.logFile, 'utf8').slice(-4000));
      }
    } finally {
      await server.stop();
    }
  } else {
    const started = Date.now();
    const queue = queueOf(files.filter((f) => !ALONE.has(f)));
    const times = [];
    // Each shard's server starts once the one before it is up (or has failed to start).
    let after = Promise.resolve();
    const shards = Array.from({ length: count }, (_, i) => {
      let up;
      const next = new Promise((r) => (up = r));
      const shard = runShard(queue, `[${i + 1}]`, times, after, up);
      after = next;
      return shard;
    });
    const failed = (await Promise.all(shards)).flat();
    const alone = files.filter((f) => ALONE.has(f));
    if (alone.length > 0) failed.push(...(await runShard(alone, '[alone]', times)));
    console.log(`[e2e] ${files.length} files in ${count} shards (+ alone: ${alone.join(' ') || 'none'}): ${Math.round((Date.now() - started) / 1000)} s`);
    for (const [file, took, prefix] of times.sort((a, b) => b[1] - a[1])) console.log(`[e2e]   ${took.toFixed(1).padStart(6)} s ${prefix} ${file}`);
    code = failed.length === 0 ? 0 : 1;
    console.log(failed.length === 0 ? '[e2e] all files passed' : `[e2e] FAILED: ${failed.join(' ')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(code);
