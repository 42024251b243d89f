// Lighthouse (mobile) against the running app, plus the initial-JS size.
// Uses BASE_URL when given (a server you started); otherwise builds and starts one itself.
// Usage: npm run bench [-- --strict]   (--strict exits 1 when a target is missed)
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { measure, BUDGET_GZIP_BYTES } from './size.mjs';
import { startServer } from './server.mjs';

const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const server = process.env.BASE_URL ? null : await startServer();
const base = process.env.BASE_URL ?? server.url;
const url = base + '/';
let failed = false;
try {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: FLAGS });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      formFactor: 'mobile',
      screenEmulation: { mobile: true, width: 360, height: 780, deviceScaleFactor: 2, disabled: false },
    });
    const { categories, audits } = result.lhr;
    const rows = [
      ['performance', Math.round(categories.performance.score * 100), '≥ 95', categories.performance.score * 100 >= 95],
      ['LCP', `${(audits['largest-contentful-paint'].numericValue / 1000).toFixed(2)} s`, '< 2.5 s', audits['largest-contentful-paint'].numericValue < 2500],
      ['TBT', `${Math.round(audits['total-blocking-time'].numericValue)} ms`, '< 200 ms', audits['total-blocking-time'].numericValue < 200],
      ['CLS', audits['cumulative-layout-shift'].numericValue.toFixed(3), '< 0.1', audits['cumulative-layout-shift'].numericValue < 0.1],
      ['FCP', `${(audits['first-contentful-paint'].numericValue / 1000).toFixed(2)} s`, '', true],
      ['accessibility', Math.round(categories.accessibility.score * 100), '≥ 95', categories.accessibility.score * 100 >= 95],
      ['best practices', Math.round(categories['best-practices'].score * 100), '', true],
    ];
    const size = measure();
    rows.push([
      'initial JS gzip',
      `${(size.gzip / 1024).toFixed(1)} KB`,
      `≤ ${BUDGET_GZIP_BYTES / 1024} KB`,
      size.gzip <= BUDGET_GZIP_BYTES,
    ]);
    console.log(`Lighthouse ${result.lhr.lighthouseVersion}, mobile, ${url}`);
    for (const [name, value, target, ok] of rows) {
      console.log(`  ${String(name).padEnd(16)} ${String(value).padStart(9)}  ${target.padEnd(9)} ${target ? (ok ? 'ok' : 'MISSED') : ''}`);
      if (!ok) failed = true;
    }
    for (const [id, audit] of Object.entries(audits)) {
      if (categories.accessibility.auditRefs.some((r) => r.id === id) && audit.score !== null && audit.score < 1) {
        console.log(`  a11y issue: ${id}: ${audit.title}`);
      }
    }
  } finally {
    chrome.kill();
  }
} finally {
  await server?.stop();
}
if (failed && process.argv.includes('--strict')) process.exit(1);
