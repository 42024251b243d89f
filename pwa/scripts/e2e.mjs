// End-to-end: real Go server on a fresh database + Debian's Chromium at a phone viewport.
// Runs the browser tests with node's built-in test runner and prints its summary.
//
// The whole suite runs in E2E_SHARDS shards at once (default 2): each shard has its own
// server and database (one file's posts would otherwise reach another file's screens as
// live notices) and one runner taking its files one at a time in name order. Files share
// the demo data and some share a month's roster (badges, leave-check and open-shifts all
// use the month three ahead, each expecting what the ones before it in name order left),
// so a shard is a run of consecutive files in name order, not a free pick: its files see
// what they saw in one runner, minus what the files of the shards before it did (as when
// a file runs alone). The cut points balance the shards by measured time (SECONDS). Files
// in ALONE measure the page itself (layout shift) and run after the shards, on their own
// server, with nothing else of ours on the machine. `npm run e2e -- e2e/one.test.mjs` runs
// only the files named, in one runner; E2E_SHARDS=1 runs everything in one.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, pwaDir, startServer } from './server.mjs';

// Seconds each file took (the median of five runs of the whole suite in two shards,
// 2026-12-07 on the quiet two-core machine); a file not listed counts as DEFAULT_SECONDS.
// Only the ratios matter; re-measure when the shards' times (printed at the end) drift
// apart.
const SECONDS = {
  'app': 15, 'approvals-claims': 4, 'availability': 15, 'badges': 6, 'checklists': 26,
  'field': 12, 'install': 4, 'leave-balance': 10, 'leave-check': 12, 'live': 4,
  'notice-receipts': 10, 'notices-publish': 3, 'open-shifts': 29, 'orders': 36,
  'orders-returns': 14, 'persisted': 5, 'photo-place': 12, 'phrases': 25, 'push': 8,
  'quotes': 15, 'rates': 10, 'reconcile': 6, 'reconcile-review': 5, 'roster': 57,
  'roster-cls': 19, 'roster-hours': 12, 'roster-withdraw-cover': 23, 'security': 3,
  'signoff': 14, 'templates': 16, 'tickets': 19, 'tickets-handover-at-risk': 8,
  'tickets-photos-live': 22, 'tickets-responsible-report': 16, 'today-on-duty': 7,
  'touch-targets': 8,
};
const DEFAULT_SECONDS = 12;
const ALONE = new Set(['e2e/roster-cls.test.mjs']);

const seconds = (f) => SECONDS[f.replace(/^e2e\//, '').replace(/\.test\.mjs$/, '')] ?? DEFAULT_SECONDS;

/**
 * Cuts files (in name order) into at most n runs of consecutive files whose largest total
 * time is the least possible.
 */
export function cut(files, n) {
  const w = files.map(seconds);
  const pre = [0];
  for (const x of w) pre.push(pre.at(-1) + x);
  // best[k][i]: the least largest total cutting the first i files into k runs; from[k][i]
  // where the last run starts.
  const best = [pre.map((_, i) => (i === 0 ? 0 : Infinity))];
  const from = [[]];
  for (let k = 1; k <= n; k++) {
    best.push([0]);
    from.push([0]);
    for (let i = 1; i <= files.length; i++) {
      best[k][i] = Infinity;
      for (let j = 0; j < i; j++) {
        const v = Math.max(best[k - 1][j], pre[i] - pre[j]);
        if (v < best[k][i]) [best[k][i], from[k][i]] = [v, j];
      }
    }
  }
  const runs = [];
  for (let k = n, i = files.length; k > 0 && i > 0; k--) {
    runs.unshift(files.slice(from[k][i], i));
    i = from[k][i];
  }
  return runs.filter((r) => r.length > 0);
}

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
 * One shard: a fresh server, then its files in one runner. It starts its server once
 * `after` resolves (the previous shard's server is up or has failed) and calls `up` then:
 * servers start one after the other (seeding the demo data twice at once on two loaded
 * cores outran the readiness wait), while the shards already up run their files.
 * Resolves to the runner's exit code and the shard's time in seconds.
 */
async function runShard(files, prefix, after = Promise.resolve(), up = () => {}) {
  await after;
  const started = Date.now();
  let server;
  try {
    server = await startServer({ logName: prefix ? `server-${prefix.replace(/\W/g, '')}.log` : 'server.log' });
  } catch (err) {
    console.error(`${prefix} the server did not start: ${err.message}`);
    return { code: 1, took: 0 };
  } finally {
    up();
  }
  let code = 1;
  try {
    code = await runFiles(files, server.url, prefix);
    if (code !== 0) {
      console.error(`--- ${prefix} server log (tail) ---`);
      console.error(readFileSync(server.logFile, 'utf8').slice(-4000));
    }
  } finally {
    await server.stop();
  }
  return { code, took: Math.round((Date.now() - started) / 1000) };
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
    code = (await runShard(files, '')).code;
  } else {
    const started = Date.now();
    const runs = cut(
      files.filter((f) => !ALONE.has(f)),
      count,
    );
    runs.forEach((r, i) => console.log(`[e2e] shard ${i + 1}: ${r.length} files, ${r[0]} … ${r.at(-1)}`));
    // Each shard's server starts once the one before it is up (or has failed to start).
    let after = Promise.resolve();
    const shards = runs.map((r, i) => {
      let up;
      const next = new Promise((res) => (up = res));
      const shard = runShard(r, `[${i + 1}]`, after, up);
      after = next;
      return shard;
    });
    const results = await Promise.all(shards);
    const alone = files.filter((f) => ALONE.has(f));
    if (alone.length > 0) results.push(await runShard(alone, '[alone]'));
    const names = [...runs.map((_, i) => `${i + 1}`), ...(alone.length > 0 ? ['alone'] : [])];
    console.log(
      `[e2e] ${Math.round((Date.now() - started) / 1000)} s in all; ` +
        results.map((r, i) => `${names[i]}: ${r.took} s ${r.code === 0 ? 'passed' : 'FAILED'}`).join(', '),
    );
    code = results.every((r) => r.code === 0) ? 0 : 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(code);
