// A rate change against the real server: a manager raises the demo tariff's prices 10%
// from tomorrow on the phone; tomorrow's tariff has the new prices, today's quotes keep the
// old ones, and every depot's staff get the 运价调整 notice linking to it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const prices = `query($on: Date) { tariffInEffect(on: $on) { name terms { services { service prices { zone firstFen stepFen } } } } }`;
const standardZone3 = (d) => d.tariffInEffect.terms.services.find((s) => s.service === 'STANDARD').prices.find((p) => p.zone === '3');

describe('rate change', { skip: skip ?? false }, () => {
  let phone;
  let page;
  let day;

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-rates-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  test('a manager publishes a 10% rate change from tomorrow', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS3001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: /查件/ }).click();
    await page.getByRole('link', { name: '运价调整' }).click();
    await page.waitForURL('**/orders/rates');
    await page.getByText(/现行运价：2026 冬季运价/).waitFor({ timeout: 15_000 });
    day = await page.getByLabel('生效日期').inputValue();
    await page.getByRole('textbox', { name: '新运价名称' }).fill('2027 运价调整');
    await page.getByRole('textbox', { name: /调整（%）/ }).fill('10');
    await page.getByRole('button', { name: '发布运价调整' }).click();
    await page.getByRole('status').filter({ hasText: `自 ${day} 起执行` }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${shots}rates-01-published.png`, fullPage: true });
  });

  test('the new prices apply from their date, and the notice links to the tariff', async () => {
    const agent = await loginToken('CS1006'); // another branch's agent: the change is for the whole organisation
    const today = standardZone3(await must(prices, {}, agent));
    const then = standardZone3(await must(prices, { on: day }, agent));
    assert.equal(today.firstFen, 1500);
    assert.equal(then.firstFen, 1650);
    assert.equal(then.stepFen, 880);
    const notices = await must(`{ latestNotices { kind tariff { name effectiveFrom } } }`, {}, agent);
    assert.ok(notices.latestNotices.some((n) => n.kind === 'RATE_CHANGE' && n.tariff?.name === '2027 运价调整' && n.tariff.effectiveFrom === day));
  });
});
