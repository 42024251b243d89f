// Lighthouse (mobile, 360 px) against the running app: the login screen, /track, an order, the
// roster and the approvals inbox (logged in through the app's form first), plus the initial-JS size.
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
const EMPLOYEE = process.env.BENCH_EMPLOYEE || 'CS2001';
const PASSWORD = process.env.BENCH_PASSWORD || 'Demo@2026';

/** A GraphQL call outside the browser, to find an order to open. */
async function graphql(query, variables, token) {
  const res = await fetch(base + '/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** A waybill the bench user may open (the demo data has orders at every depot). */
async function someWaybill() {
  const login = await graphql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { employeeNo: EMPLOYEE, password: PASSWORD } });
  const token = login.data?.login.accessToken;
  const r = await graphql('{ orders(first: 1) { edges { node { waybillNo } } } }', {}, token);
  return r.data?.orders.edges[0]?.node.waybillNo ?? null;
}

/**
 * Logs in through the app's own form in the Chrome that Lighthouse drives, so the logged-in
 * screens are measured as a person sees them (Lighthouse then keeps the storage: disableStorageReset).
 */
async function logIn(port) {
  const puppeteer = await import('puppeteer-core');
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  const page = await browser.newPage();
  await page.setViewport({ width: 360, height: 780, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.waitForSelector('input[autocomplete="username"]');
  await page.type('input[autocomplete="username"]', EMPLOYEE);
  await page.type('input[type="password"]', PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForSelector('nav');
  await page.close();
  browser.disconnect();
}

const rowsOf = (lhr) => {
  const { categories, audits } = lhr;
  return [
    ['performance', Math.round(categories.performance.score * 100), '≥ 95', categories.performance.score * 100 >= 95],
    ['LCP', `${(audits['largest-contentful-paint'].numericValue / 1000).toFixed(2)} s`, '< 2.5 s', audits['largest-contentful-paint'].numericValue < 2500],
    ['TBT', `${Math.round(audits['total-blocking-time'].numericValue)} ms`, '< 200 ms', audits['total-blocking-time'].numericValue < 200],
    ['CLS', audits['cumulative-layout-shift'].numericValue.toFixed(3), '< 0.1', audits['cumulative-layout-shift'].numericValue < 0.1],
    ['FCP', `${(audits['first-contentful-paint'].numericValue / 1000).toFixed(2)} s`, '', true],
    ['accessibility', Math.round(categories.accessibility.score * 100), '≥ 95', categories.accessibility.score * 100 >= 95],
    ['best practices', Math.round(categories['best-practices'].score * 100), '', true],
  ];
};

let failed = false;
try {
  const waybill = await someWaybill();
  // Public screens first on a fresh profile, then the logged-in ones after logging in.
  const screens = [
    ['login', '/', false],
    ['/track', '/track', false],
    ['order', waybill ? `/orders/${encodeURIComponent(waybill)}` : null, true],
    ['roster', '/roster', true],
    ['approvals', '/approvals', true],
  ];
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: FLAGS });
  try {
    let loggedIn = false;
    const summary = [];
    for (const [name, path, needsLogin] of screens) {
      if (!path) {
        console.log(`${name}: skipped (no order found for ${EMPLOYEE})`);
        continue;
      }
      if (needsLogin && !loggedIn) {
        await logIn(chrome.port);
        loggedIn = true;
      }
      const url = base + path;
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        formFactor: 'mobile',
        screenEmulation: { mobile: true, width: 360, height: 780, deviceScaleFactor: 2, disabled: false },
        disableStorageReset: needsLogin,
      });
      const lhr = result.lhr;
      if (lhr.finalDisplayedUrl && !lhr.finalDisplayedUrl.startsWith(url.split('?')[0])) {
        console.log(`  note: ${url} ended at ${lhr.finalDisplayedUrl}`);
      }
      const rows = rowsOf(lhr);
      console.log(`Lighthouse ${lhr.lighthouseVersion}, mobile, ${name}: ${url}`);
      for (const [metric, value, target, ok] of rows) {
        console.log(`  ${String(metric).padEnd(16)} ${String(value).padStart(9)}  ${target.padEnd(9)} ${target ? (ok ? 'ok' : 'MISSED') : ''}`);
        if (!ok) failed = true;
      }
      for (const [id, audit] of Object.entries(lhr.audits)) {
        if (lhr.categories.accessibility.auditRefs.some((r) => r.id === id) && audit.score !== null && audit.score < 1) {
          console.log(`  a11y issue: ${id}: ${audit.title}`);
        }
      }
      // Where the main thread went, when blocking time misses its target.
      if (lhr.audits['total-blocking-time'].numericValue >= 200) {
        const work = (lhr.audits['mainthread-work-breakdown'].details?.items ?? []).slice(0, 4);
        console.log(`  main thread: ${work.map((w) => `${w.groupLabel ?? w.group} ${Math.round(w.duration)} ms`).join(', ')}`);
        const boot = (lhr.audits['bootup-time'].details?.items ?? []).slice(0, 3);
        for (const b of boot) console.log(`  script: ${String(b.url).replace(base, '')} scripting ${Math.round(b.scripting)} ms, total ${Math.round(b.total)} ms`);
      }
      summary.push([name, ...rows.map((r) => r[1])]);
    }
    const size = measure();
    const sizeOk = size.gzip <= BUDGET_GZIP_BYTES;
    if (!sizeOk) failed = true;
    console.log(`\ninitial JS gzip ${(size.gzip / 1024).toFixed(1)} KB (≤ ${BUDGET_GZIP_BYTES / 1024} KB) ${sizeOk ? 'ok' : 'MISSED'}`);
    console.log('\n| screen | performance | LCP | TBT | CLS | FCP | accessibility | best practices |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of summary) console.log(`| ${row.join(' | ')} |`);
  } finally {
    chrome.kill();
  }
} finally {
  await server?.stop();
}
if (failed && process.argv.includes('--strict')) process.exit(1);
