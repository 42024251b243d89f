// The app runs under the server's security headers: a Content-Security-Policy with no
// inline script, and the harness itself notices a violation (so every other browser test,
// which runs under the same policy, fails on one).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, launchPhone, missingBrowser } from './browser.mjs';

const skip = missingBrowser();

describe('security headers', { skip: skip ?? false }, () => {
  let phone;
  let page;

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });

  test('the shell is served with the policy and opens without a violation', async () => {
    const res = await page.goto('/');
    const csp = res.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers()['x-content-type-options'], 'nosniff');
    assert.match(res.headers()['permissions-policy'], /camera=\(self\)/);
    await page.getByRole('button', { name: '登录' }).waitFor();
    assert.deepEqual(phone.violations, []);
  });

  test('an inline script is blocked and the harness reports it', async () => {
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await page.waitForFunction(() => true);
    const ran = await page.evaluate(() => window.__inlineRan === true);
    assert.equal(ran, false, 'the inline script ran');
    for (let i = 0; i < 50 && phone.violations.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(phone.violations.length > 0, true, 'no violation was recorded');
    phone.violations.length = 0; // expected here; any other one fails the run
  });

  test('the API answers carry the strict policy', async () => {
    const res = await fetch(`${BASE_URL}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });
});
