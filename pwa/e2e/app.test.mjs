// The phone app against the real server: log in, tabs, language, offline reading,
// an offline clock-in through the outbox, and exactly one punch after syncing.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { graphql, idbValues, launchPhone, loginToken, missingBrowser, until } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

describe('phone app', { skip: skip ?? false }, () => {
  let phone;
  let page;

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
    if (process.env.E2E_DEBUG) {
      const at = () => new Date().toISOString().slice(17, 23);
      page.on('console', (m) => console.log('[page]', at(), m.type(), m.text()));
      page.on('requestfailed', (r) => console.log('[failed]', at(), r.url(), r.postData()?.slice(0, 60), r.failure()?.errorText));
      page.on('response', async (r) => {
        if (r.url().endsWith('/graphql')) console.log('[gql]', at(), r.status(), (await r.text().catch(() => '')).slice(0, 120));
      });
    }
  });
  after(async () => {
    await phone?.close();
  });
  // The screen as each test left it: the first thing to look at when one fails.
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png` });
  const nav = () => page.getByRole('navigation', { name: /主导航|Main navigation/ });

  test('a wrong password is refused with a clear message', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS1001');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /INVALID_CREDENTIALS/);
    await shot('01-login-refused');
  });

  test('an agent logs in and lands on Today', async () => {
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '您好，张伟' }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '今日');
    await page.getByText('今天还没有打卡记录。').waitFor();
    await shot('02-today');
  });

  test('moves between tabs; agents have no Approvals', async () => {
    await nav().getByRole('link', { name: '工单' }).click();
    await page.waitForURL('**/tickets');
    await page.getByRole('heading', { name: '我的工单' }).waitFor();
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('heading', { name: '我的排班' }).waitFor();
    await shot('03-coming-soon');
    assert.equal(await nav().getByRole('link', { name: '审批' }).count(), 0);
    await nav().getByRole('link', { name: '我的' }).click();
    await page.getByText('CS1001').waitFor();
    await page.getByText('客服专员').waitFor();
    await shot('04-me');
  });

  test('switches language, and the choice survives a reload', async () => {
    await page.getByRole('radio', { name: 'English' }).click();
    await nav().getByRole('link', { name: 'Today' }).waitFor();
    await page.reload();
    await nav().getByRole('link', { name: 'Me' }).waitFor();
    await page.getByRole('heading', { name: 'Language' }).waitFor();
    await shot('05-me-english');
    await page.getByRole('radio', { name: '中文' }).click();
    await nav().getByRole('link', { name: '我的' }).waitFor();
  });

  test('dark mode can be chosen by hand', async () => {
    await page.getByRole('radio', { name: '深色' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(18, 18, 22)');
    await shot('05b-me-dark');
    await page.getByRole('radio', { name: '跟随系统' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
  });

  test('the waybill screen checks numbers and shrinks photos on the phone', async () => {
    await nav().getByRole('link', { name: '今日' }).click();
    await page.getByRole('link', { name: /扫描运单/ }).click();
    await page.waitForURL('**/scan');
    const input = page.getByLabel('运单号');
    await input.fill('EE123456784CN');
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText('校验位错误').waitFor();
    await input.fill('ee123456785cn');
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText('运单号有效：EE123456785CN').waitFor();

    // A 4000×3000 "camera photo" comes back at most 1600 px on its longest side.
    const base64 = await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 4000;
      c.height = 3000;
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#3a7';
      ctx.fillRect(0, 0, 4000, 3000);
      ctx.fillStyle = '#fff';
      ctx.fillRect(1000, 1000, 2000, 1000);
      const blob = await new Promise((r) => c.toBlob(r, 'image/png'));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    });
    await page.locator('#photo').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: Buffer.from(base64, 'base64') });
    await page.getByText(/已压缩：1600×1200/).waitFor();
    await page.getByRole('img', { name: '照片预览' }).waitFor();
    await shot('05c-scan');
  });

  test('offline after a reload, the last data is still readable', async () => {
    await nav().getByRole('link', { name: '我的' }).click();
    // The service worker must control the page before going offline.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const depot = page.locator('dt:has-text("网点") + dd');
    await depot.waitFor();
    const depotName = (await depot.textContent()).trim();
    assert.ok(depotName.length > 0);
    await nav().getByRole('link', { name: '今日' }).click();
    await page.getByText('今天还没有打卡记录。').waitFor();
    // The cache has reached IndexedDB (the depot's name is in it).
    await until('the depot in the persisted cache', async () => JSON.stringify(await idbValues(page, 'cs-graphcache', 'entries')).includes(depotName));

    await phone.context.setOffline(true);
    await page.goto('/me');
    await page.getByRole('status').filter({ hasText: '离线' }).waitFor();
    await page.locator('dt:has-text("网点") + dd', { hasText: depotName }).waitFor();
    await shot('06-offline-me');
  });

  test('a clock-in made offline waits in the outbox, then syncs exactly once', async () => {
    await nav().getByRole('link', { name: '今日' }).click();
    await page.getByRole('button', { name: '上班打卡' }).click();
    const outbox = page.getByRole('region', { name: '待同步' });
    await outbox.waitFor();
    await outbox.getByText('上班打卡').waitFor();
    await page.getByRole('link', { name: '1 条待同步' }).waitFor();
    await shot('07-offline-outbox');

    // Still pending after another reload while offline: nothing is lost.
    await page.reload();
    await page.getByRole('region', { name: '待同步' }).getByText('上班打卡').waitFor();

    if (process.env.E2E_DEBUG) console.log('[test] online at', new Date().toISOString().slice(17, 23));
    await phone.context.setOffline(false);
    await page.getByRole('region', { name: '待同步' }).waitFor({ state: 'detached', timeout: 20_000 });
    await shot('08-synced');
    await page.locator('ul.punches li:not(.pending)', { hasText: '上班打卡' }).waitFor();
    await shot('08-synced');

    // Nothing is left to retry (the stored outbox is empty), then ask the server as the
    // same person.
    await until('an empty stored outbox', async () => {
      const saved = await idbValues(page, 'cs-outbox', 'kv');
      return saved.length > 0 && saved.every((items) => Array.isArray(items) && items.length === 0);
    });
    const token = await loginToken('CS1001');
    const body = await graphql('{ myAttendance { id kind occurredAt } }', {}, token);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.equal(body.data.myAttendance.length, 1, JSON.stringify(body.data));
    assert.equal(body.data.myAttendance[0].kind, 'CLOCK_IN');
  });

  test('a supervisor sees Approvals as an honest empty state', async () => {
    await nav().getByRole('link', { name: '我的' }).click();
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('工号').fill('CS2001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await nav().getByRole('link', { name: '审批' }).click();
    await page.getByRole('heading', { name: '没有待审批的申请' }).waitFor();
    await shot('09-supervisor-approvals');
  });
});
