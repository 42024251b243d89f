// End-to-end: real Go server on a fresh database + Debian's Chromium at a phone viewport.
// Runs the browser tests with node's built-in test runner and prints its summary.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pwaDir, startServer } from './server.mjs';

// `npm run e2e -- e2e/one.test.mjs` runs only the files named.
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(join(pwaDir, 'e2e'))
        .filter((f) => f.endsWith('.test.mjs'))
        .map((f) => join('e2e', f));

const server = await startServer();
let code = 1;
try {
  const reporter = process.stdout.isTTY ? [] : ['--test-reporter=spec'];
  const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...reporter, ...files], {
    cwd: pwaDir,
    stdio: 'inherit',
    env: { ...process.env, BASE_URL: server.url },
  });
  code = await new Promise((r) => child.on('exit', (c) => r(c ?? 1)));
  if (code !== 0) {
    console.error('--- server log (tail) ---');
    console.error(readFileSync(server.logFile, 'utf8').slice(-4000));
  }
} finally {
  await server.stop();
}
process.exit(code);
