// Installability, as Chromium itself judges it: once the service worker controls the page,
// DevTools' Page.getInstallabilityErrors must report nothing, and the manifest must carry
// what a home screen needs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, launchPhone, missingBrowser } from './browser.mjs';

const skip = missingBrowser();

describe('installable app', { skip: skip ?? false }, () => {
  let phone;
  let page;

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });

  test('the manifest has what a home screen needs', async () => {
    const res = await fetch(`${BASE_URL}/manifest.webmanifest`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /manifest\+json/);
    const m = await res.json();
    assert.ok(m.name && m.short_name, 'name and short name');
    assert.equal(m.display, 'standalone');
    assert.ok(m.start_url && m.theme_color, 'start_url and theme colour');
    const sizes = m.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
    assert.ok(sizes.some((s) => s.startsWith('192x192')), `a 192 px icon: ${sizes}`);
    assert.ok(sizes.some((s) => s.startsWith('512x512')), `a 512 px icon: ${sizes}`);
    assert.ok(sizes.some((s) => s.includes('maskable')), `a maskable icon: ${sizes}`);
    for (const icon of m.icons) {
      const r = await fetch(new URL(icon.src, `${BASE_URL}/`));
      assert.equal(r.status, 200, icon.src);
    }
  });

  test('Chromium reports no installability errors once the service worker is in control', async () => {
    await page.goto('/');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload(); // a first visit is not controlled until the next load
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker controls the page');
    const cdp = await phone.context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));
  });

  test('the same probe does report a page that is not installable', async () => {
    const other = await phone.context.newPage();
    await other.goto('/graphiql'); // served by us, but no manifest and no service worker scope of its own
    const cdp = await phone.context.newCDPSession(other);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.ok(installabilityErrors.length > 0, 'a page without a manifest must not pass');
    await other.close();
  });
});
