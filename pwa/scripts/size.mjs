// Measures the JavaScript a phone must download before the first screen: the entry script
// and every chunk index.html preloads (lazy chunks such as the camera do not count).
// Usage: node scripts/size.mjs [--check]   (--check exits 1 above the budget)
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const BUDGET_GZIP_BYTES = 60 * 1024;
const defaultAppDir = () => fileURLToPath(new URL('../dist/app/', import.meta.url));

/** Initial JS files named by index.html: module scripts and modulepreload links. */
export function initialScripts(html) {
  const files = new Set();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) files.add(m[1]);
  return [...files].filter((f) => f.startsWith('/') && f.endsWith('.js'));
}

export function measure(dir = defaultAppDir()) {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) throw new Error(`no build at ${dir}: run \`npm run build\` first`);
  const files = initialScripts(readFileSync(index, 'utf8')).map((f) => {
    const data = readFileSync(join(dir, f));
    return { file: f, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  const gzip = files.reduce((s, f) => s + f.gzip, 0);
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  return { files, bytes, gzip };
}

if (import.meta.url.startsWith('file:') && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, bytes, gzip } = measure();
  for (const f of files) console.log(`  ${f.file}  ${(f.bytes / 1024).toFixed(1)} KB  (${(f.gzip / 1024).toFixed(1)} KB gzip)`);
  const verdict = gzip <= BUDGET_GZIP_BYTES ? 'within' : 'OVER';
  console.log(
    `initial JS: ${(bytes / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip — ${verdict} budget of ${BUDGET_GZIP_BYTES / 1024} KB gzip`,
  );
  if (process.argv.includes('--check') && gzip > BUDGET_GZIP_BYTES) process.exit(1);
}
