// A station's month with anomalies reaches the supervisor's approvals inbox, and its card
// opens the reconciliation screen on that station and month (/orders/reconcile?station=&month=):
// 赵磊 (CS2002, SH-XH-02) has two stations; last month's bill of the second has a waybill
// never handed over.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';
import { login } from './tickets.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const key = (name) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** Last month in Shanghai, YYYY-MM. */
function lastMonth() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 2, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('reconciliation reviews in the approvals inbox', { skip: skip ?? false }, () => {
  let phone;
  before(async () => {
    phone = await launchPhone();
  });
  after(async () => {
    await phone?.close();
  });

  test("the review card opens the station's month", async () => {
    const sv = await loginToken('CS2002');
    const { me } = await must('{ me { depot { id } } }', {}, sv);
    const station = async (name) => {
      const r = await must(
        'mutation($in: CreateConsignmentStationInput!) { createConsignmentStation(input: $in) { station { id } } }',
        { in: { idempotencyKey: key('station'), depotId: me.depot.id, name, toleranceFen: 50,
          rate: { zone: '', firstWeightGrams: 1000, firstFen: 800, stepGrams: 1000, stepFen: 300, minimumFen: 800 } } },
        sv,
      );
      return r.createConsignmentStation.station.id;
    };
    await station('乐山托运站'); // listed first: the screen would open it by default
    const mianyang = await station('绵阳托运站');
    const month = lastMonth();
    await must(
      'mutation($in: ImportStationBillsInput!) { importStationBills(input: $in) { imported } }',
      { in: { idempotencyKey: key('bill'), stationId: mianyang, month, csv: '运单号,运费,回单\nSD999999977CN,9.00,是\n' } },
      sv,
    );

    const page = await phone.context.newPage();
    await login(page, 'CS2002');
    // The review counts on the Approvals tab's badge.
    const tab = page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /审批/ });
    await page.waitForFunction(() => Number(document.querySelector('a[href="/approvals"] .tab-badge')?.textContent ?? 0) >= 1, null, { timeout: 15_000 });
    await tab.click();
    const card = page.getByRole('region', { name: `托运站对账：绵阳托运站 ${month}` });
    await card.waitFor({ timeout: 15_000 });
    await card.getByText('1 条异常待处理').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the inbox fits a 360 px phone (scroll width ${width})`);
    await page.screenshot({ path: `${shots}approvals-review.png`, fullPage: true });

    await card.getByRole('link', { name: '打开对账' }).click();
    await page.waitForURL((u) => u.pathname === '/orders/reconcile' && u.searchParams.get('station') === mianyang && u.searchParams.get('month') === month);
    assert.equal(await page.getByLabel('托运站', { exact: true }).inputValue(), mianyang);
    assert.equal(await page.getByLabel('月份').inputValue(), month);
    await page.getByRole('status').filter({ hasText: '1 条异常待处理' }).waitFor({ timeout: 15_000 });
    await page.getByText('SD999999977CN').waitFor();
    await page.screenshot({ path: `${shots}approvals-review-opened.png`, fullPage: true });
  });
});
