// Web Push in the service worker, in Chromium at 360 px: a push message is shown as a
// notification in the language the person chose, with the screen to open; tapping it
// opens that screen in the app's window. The server's side (VAPID signature, RFC 8291
// encryption) is proved in internal/push against a local push service.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, launchPhone, missingBrowser } from './browser.mjs';

const skip = missingBrowser();

/** Dispatches a push event in the worker and returns the notifications it then shows. */
async function push(sw, payload, tag) {
  return sw.evaluate(
    async ({ payload, tag }) => {
      self.dispatchEvent(new PushEvent('push', { data: JSON.stringify(payload) }));
      for (let i = 0; i < 100; i++) {
        const shown = await self.registration.getNotifications({ tag });
        if (shown.length) return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, lang: n.lang, data: n.data }));
        await new Promise((r) => setTimeout(r, 50));
      }
      return [];
    },
    { payload, tag },
  );
}

const swapPayload = {
  kind: 'SWAP_AWAITS_APPROVAL',
  title: { 'zh-CN': '换班待审批', en: 'Swap to approve' },
  body: { 'zh-CN': '张伟请求与李娜换班:12月13日换12月8日', en: 'Zhang Wei asks to swap with Li Na: Dec 13 for Dec 8' },
  url: '/roster',
  tag: 'ShiftSwap:e2e-1',
};

describe('push notifications in the service worker', { skip: skip ?? false }, () => {
  let phone;
  let page;
  let sw;

  before(async () => {
    phone = await launchPhone();
    await phone.context.grantPermissions(['notifications'], { origin: BASE_URL });
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel('工号').fill('CS1003');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '您好，黄磊' }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    sw = phone.context.serviceWorkers()[0] ?? (await phone.context.waitForEvent('serviceworker'));
  });
  after(async () => {
    await phone?.close();
  });

  test('a push is shown in Chinese with the screen to open', async () => {
    const shown = await push(sw, swapPayload, swapPayload.tag);
    assert.equal(shown.length, 1, 'one notification');
    assert.equal(shown[0].title, '换班待审批');
    assert.equal(shown[0].body, swapPayload.body['zh-CN']);
    assert.equal(shown[0].data.url, '/roster');
  });

  test('a push naming another site opens Today instead', async () => {
    const shown = await push(sw, { ...swapPayload, url: 'https://evil.example/phish', tag: 'x:evil' }, 'x:evil');
    assert.equal(shown[0].data.url, '/today');
  });

  test('tapping the notification opens its screen in the app', async () => {
    await page.goto('/today');
    await page.getByRole('heading', { name: '您好，黄磊' }).waitFor();
    await sw.evaluate(async (tag) => {
      const [n] = await self.registration.getNotifications({ tag });
      self.dispatchEvent(new NotificationEvent('notificationclick', { notification: n }));
    }, swapPayload.tag);
    await page.waitForURL((u) => new URL(u).pathname === '/roster', { timeout: 10_000 });
    const left = await sw.evaluate((tag) => self.registration.getNotifications({ tag }).then((ns) => ns.length), swapPayload.tag);
    assert.equal(left, 0, 'the tapped notification is closed');
  });

  test('after switching to English, pushes are shown in English', async () => {
    await page.goto('/me');
    await page.getByRole('radio', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();
    // The choice reaches the worker through Cache Storage, written a moment after the
    // screen switches; a push arriving before that is shown in the language before.
    await page.waitForFunction(async () => (await (await caches.open('cs-prefs')).match('/__prefs/locale'))?.text() === 'en');
    const shown = await push(sw, { ...swapPayload, tag: 'ShiftSwap:e2e-en' }, 'ShiftSwap:e2e-en');
    assert.equal(shown[0].title, 'Swap to approve');
    assert.equal(shown[0].body, swapPayload.body.en);
    // 我的 offers to turn notifications on for this phone, with 44 px targets.
    const enable = page.getByRole('button', { name: 'Turn on notifications on this phone' });
    const box = await enable.boundingBox();
    assert.ok(box && box.height >= 44 && box.width <= 360, `button box ${JSON.stringify(box)}`);
    await page.getByRole('radio', { name: '中文' }).click();
  });
});
