// A supervisor publishing a notice while online is told it was published (not that it
// "publishes when online"), in Chromium at 360 px (#19 item 10).
import { after, before, describe, test } from 'node:test';
import { launchPhone, missingBrowser } from './browser.mjs';

const skip = missingBrowser();

describe('publishing a notice online', { skip: skip ?? false }, () => {
  let phone;
  let page;
  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });

  test('says 已发布 once the server has it, and the notice is listed', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS2001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: /主导航/ }).waitFor();
    await page.goto('/notices');
    const form = page.getByRole('region', { name: '发布通知' });
    await form.getByRole('button', { name: '发布通知' }).click();
    const title = `E2E 今日早会改到 9:15 ${Date.now()}`;
    await form.getByLabel('标题').fill(title);
    await form.getByLabel('内容').fill('请各位准时参加。');
    await form.getByRole('button', { name: '发布到本网点' }).click();
    await form.getByRole('status').filter({ hasText: '已发布。' }).waitFor();
    await page.getByRole('article', { name: title }).waitFor();
  });
});
