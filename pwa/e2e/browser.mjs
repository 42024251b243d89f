// Debian's Chromium via playwright-core (no browser downloads), as a mid-range phone.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROME_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Why the browser tests cannot run here, or null when they can. Under CI=true a missing
 * browser is a failure, never a skip.
 */
export function missingBrowser() {
  if (existsSync(CHROMIUM)) return null;
  const why = `${CHROMIUM} not found (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(why);
  return why;
}

export const BASE_URL = process.env.BASE_URL ?? '';

/** A fresh profile (so service worker, IndexedDB and cookies start empty) at 360×780. */
export async function launchPhone({ locale = 'zh-CN' } = {}) {
  if (!BASE_URL) throw new Error('BASE_URL is not set: run the tests with `npm run e2e`');
  const profile = mkdtempSync(join(tmpdir(), 'cs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROME_ARGS,
    baseURL: BASE_URL,
    viewport: { width: 360, height: 780 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
  });
  // Every page runs under the server's Content-Security-Policy; any violation fails the
  // test file when the phone closes (a violation is a script, style or connection the
  // policy blocked, so a screen that seems to work may be missing part of itself).
  const violations = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const watch = (page) =>
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('CSP violation:') || text.includes('Content Security Policy')) violations.push(`${page.url()}: ${text}`);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
  };
  return { context, close, violations };
}

/** A GraphQL call outside the browser, as a script would make it. */
export async function graphql(query, variables = {}, token = null) {
  const res = await fetch(BASE_URL + '/graphql', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      'Accept-Language': 'en',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/**
 * How many subscriptions of the app's operation the server has started so far (its
 * /metrics counter; a started subscription has subscribed to its events). Take it before
 * opening a screen, then wait with untilSubscribed: no fixed pause, no missed event.
 */
export async function subscriptionsStarted(operation) {
  const text = await (await fetch(BASE_URL + '/metrics')).text();
  let n = 0;
  for (const m of text.matchAll(/^cs_graphql_subscriptions_started_total\{operation="([^"]*)",transport="[^"]*"\} (\d+)$/gm)) {
    if (m[1] === operation) n += Number(m[2]);
  }
  return n;
}

/** Waits until the server has started more than `before` subscriptions of operation. */
export async function untilSubscribed(operation, before, timeout = 15_000) {
  return until(`a new ${operation} subscription`, async () => (await subscriptionsStarted(operation)) > before, timeout);
}

/** Polls fn until it returns something truthy (and returns that), failing after timeout ms. */
export async function until(what, fn, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every value in the object store `store` of the page's IndexedDB databases named prefix…. */
export async function idbValues(page, prefix, store) {
  return page.evaluate(
    async ([prefix, store]) => {
      const done = (req) => new Promise((res, rej) => ((req.onsuccess = () => res(req.result)), (req.onerror = () => rej(req.error))));
      const out = [];
      for (const { name } of await indexedDB.databases()) {
        if (!name?.startsWith(prefix)) continue;
        const db = await done(indexedDB.open(name));
        if (db.objectStoreNames.contains(store)) out.push(...(await done(db.transaction(store).objectStore(store).getAll())));
        db.close();
      }
      return out;
    },
    [prefix, store],
  );
}

/** graphql that fails the test on any error and returns the data. */
export async function must(query, variables, token) {
  const body = await graphql(query, variables, token);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/**
 * Supervisor token sv gives the people in staffIds a six-hour shift of depotId starting
 * this hour (Shanghai) today, of a shift type `${prefix}HH` named `${name}HH` (created the
 * first time); with hoursAgo, starting that many hours before this hour (on the day it
 * starts). Returns the day and the roster's status afterwards.
 */
export async function shiftStartingThisHour(sv, depotId, staffIds, prefix, name, hoursAgo = 0) {
  const pad = (n) => String(n).padStart(2, '0');
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(Date.now() - hoursAgo * 3_600_000))
      .map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour);
  const code = `${prefix}${pad(hour)}`;
  const types = (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes;
  const shiftTypeId =
    types.find((t) => t.code === code)?.id ??
    (
      await must(
        'mutation($i: CreateShiftTypeInput!) { createShiftType(input: $i) { shiftType { id } } }',
        { i: { depotId, code, name: `${name}${pad(hour)}`, startTime: `${pad(hour)}:00`, endTime: `${pad((hour + 6) % 24)}:00`, night: hour + 6 >= 24 } },
        sv,
      )
    ).createShiftType.shiftType.id;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const { assignShifts } = await must(
    'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month: day.slice(0, 7), assignments: staffIds.map((staffId) => ({ staffId, day, shiftTypeId })) } },
    sv,
  );
  return { day, rosterStatus: assignShifts.roster.status };
}

export async function loginToken(employeeNo, password = 'Demo@2026') {
  const body = await graphql(
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { employeeNo, password, refreshTokenDelivery: 'BODY' } },
  );
  if (!body.data) throw new Error('login failed: ' + JSON.stringify(body.errors));
  return body.data.login.accessToken;
}
