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
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
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

export async function loginToken(employeeNo, password = 'Demo@2026') {
  const body = await graphql(
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { employeeNo, password, refreshTokenDelivery: 'BODY' } },
  );
  if (!body.data) throw new Error('login failed: ' + JSON.stringify(body.errors));
  return body.data.login.accessToken;
}
