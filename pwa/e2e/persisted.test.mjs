// The phone app sends its queries by hash (automatic persisted queries): the full text of a
// query crosses the network once per server, then only its SHA-256.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { launchPhone, missingBrowser, until } from './browser.mjs';

const skip = missingBrowser();

describe('queries by hash', { skip: skip ?? false }, () => {
  let phone;
  let page;
  const sent = [];

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
    page.on('response', async (r) => {
      const req = r.request();
      if (!req.url().endsWith('/graphql') || req.method() !== 'POST') return;
      let body;
      try {
        body = JSON.parse(req.postData() ?? '');
      } catch {
        return; // a photo upload's multipart form
      }
      const answer = await r.json().catch(() => null);
      sent.push({ body, status: r.status(), answer });
      if (process.env.E2E_DEBUG) console.log('[gql]', body.operationName, body.extensions?.persistedQuery?.sha256Hash?.slice(0, 8), Boolean(body.query), r.status(), JSON.stringify(answer?.errors?.[0]?.extensions ?? null));
    });
  });
  after(async () => {
    await phone?.close();
  });

  test('after a reload, the screens load with queries sent by hash alone', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS1001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    const nav = page.getByRole('navigation', { name: /主导航|Main navigation/ });
    await nav.waitFor();
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    // The response listener reads each answer as it arrives: wait for it, not for the screen.
    const hashed = () => sent.filter((s) => s.body.extensions?.persistedQuery?.sha256Hash);
    await until('the app to send persisted-query hashes', () => hashed().length > 0);
    const withHash = hashed();
    for (const s of withHash.filter((s) => s.body.query)) {
      // When the text goes along, the hash is its SHA-256, so the server can check it.
      assert.equal(s.body.extensions.persistedQuery.sha256Hash, createHash('sha256').update(s.body.query).digest('hex'));
    }

    // After a reload, a query the server has seen goes by its hash alone, with no text.
    const known = new Set(withHash.map((s) => s.body.extensions.persistedQuery.sha256Hash));
    // Wait from the new document's start, so no answer of the page being left counts.
    await page.reload({ waitUntil: 'commit' });
    // The answer is read as it arrives (the app may navigate afterwards); one that cannot
    // be read is passed over and the next one waited for.
    let answer = null;
    const hashOnly = page.waitForResponse(async (r) => {
      if (!r.url().endsWith('/graphql') || r.request().method() !== 'POST') return false;
      let b;
      try {
        b = JSON.parse(r.request().postData() ?? '');
      } catch {
        return false;
      }
      if (!known.has(b.extensions?.persistedQuery?.sha256Hash) || b.query) return false;
      answer = await r.json().catch(() => null);
      return answer !== null;
    });
    const r = await hashOnly;
    assert.equal(r.status(), 200);
    assert.ok(answer.data, `a hash-only query was answered with data: ${JSON.stringify(answer.errors ?? null)}`);
    await nav.waitFor();
  });
});
