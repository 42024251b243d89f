// Month-end reconciliation against the real server (the demo's 成都中转托运站 with this
// month's bill): a supervisor reconciles the station's month on the phone, disputes two
// waybills, accepts the third anomaly, signs the month off and downloads the statement.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, missingBrowser } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

describe('reconciliation', { skip: skip ?? false }, () => {
  let phone;
  let page;

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-reconcile-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const anomalies = () => page.getByRole('region', { name: '异常' });

  test('a supervisor opens the station month with its anomalies', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS2001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: /查件/ }).click();
    await page.getByRole('link', { name: '托运站对账' }).click();
    await page.waitForURL('**/orders/reconcile');
    await page.getByRole('status').filter({ hasText: '3 条异常待处理' }).waitFor({ timeout: 15_000 });
    assert.equal(await anomalies().getByRole('listitem').count(), 3);
    await anomalies().getByText('金额不符').waitFor();
    await anomalies().getByText('未交接运单').waitFor();
    await anomalies().getByText('缺回单').waitFor();
    // Signing off waits for every anomaly to be decided.
    assert.equal(await page.getByRole('button', { name: '签字确认本月对账' }).isDisabled(), true);
    await shot('reconcile-01-month');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  });

  async function dispute(status, reason) {
    const row = anomalies().getByRole('listitem').filter({ hasText: status });
    await row.getByRole('button', { name: '提出争议' }).click();
    await row.getByRole('button', { name: '提交争议' }).click();
    await row.getByRole('alert').filter({ hasText: '请填写争议原因' }).waitFor();
    await row.getByRole('textbox', { name: '争议原因（托运站可见）' }).fill(reason);
    await row.getByRole('button', { name: '提交争议' }).click();
    await row.getByText('有争议').waitFor({ timeout: 15_000 });
  }

  test('disputes two waybills and accepts the third', async () => {
    await dispute('金额不符', '运费高于合同价 5 元');
    await dispute('未交接运单', '本站未交接此运单');
    const missing = anomalies().getByRole('listitem').filter({ hasText: '缺回单' });
    await missing.getByRole('button', { name: '接受' }).click();
    await missing.getByText('已接受').waitFor({ timeout: 15_000 });
    await page.getByRole('status').filter({ hasText: '0 条异常待处理' }).waitFor();
    await shot('reconcile-02-decided');
  });

  test('signs the month off and downloads the statement', async () => {
    await page.getByRole('button', { name: '签字确认本月对账' }).click();
    await page.getByText(/已于 .* 签字确认，本月对账已冻结/).waitFor({ timeout: 15_000 });
    // Frozen: no more decisions on the phone.
    assert.equal(await anomalies().getByRole('button', { name: '接受' }).count(), 0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载对账单（CSV）' }).click()]);
    assert.match(download.suggestedFilename(), /^成都中转托运站-\d{4}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, /运费高于合同价 5 元/);
    assert.match(csv, /本站未交接此运单/);
    assert.match(csv, /合计 total/);
    await shot('reconcile-03-signed');
  });
});
