// Quotes against the real server (the demo's winter tariff): an agent quotes "5 kg,
// 30×30×30 cm, 上海 → 成都, needed by Friday" on the phone while the customer waits, turns
// the recommended option into an order, and the order, and the customer's public page,
// carry the quoted price and arrival; then a time-slot delivery (定时派送) quoted for a day
// and window becomes a TIME_SLOT order at the price shown.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

describe('quotes', { skip: skip ?? false }, () => {
  let phone;
  let page;
  let quoted; // { price, arrival } of the recommended option as shown

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-quotes-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const box = (name) => page.getByRole('textbox', { name, exact: true });

  test('an agent quotes 5 kg, 30×30×30 cm, 上海 → 成都, needed by Friday', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS1001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: /查件/ }).click();
    await page.getByRole('link', { name: '报价', exact: true }).click();
    await page.waitForURL('**/orders/quote');
    await page.getByRole('heading', { name: '报价', exact: true }).waitFor();
    // 上海 is the origin already: the agent types the destination, the goods and the box.
    await box('目的省 *').fill('四川省');
    await box('目的市 *').fill('成都市');
    await box('物品名称 *').fill('衣服');
    await box('重量（千克）*').fill('5');
    await box('长（厘米）').fill('30');
    await box('宽（厘米）').fill('30');
    await box('高（厘米）').fill('30');
    const friday = page.getByRole('combobox', { name: '最晚送达日期' }).locator('option', { hasText: '周五' });
    await page.getByRole('combobox', { name: '最晚送达日期' }).selectOption(await friday.getAttribute('value'));
    await page.getByRole('button', { name: '报价', exact: true }).click();

    const results = page.getByRole('region', { name: '可选服务' });
    await results.waitFor({ timeout: 15_000 });
    for (const name of ['经济快递', '标准快递', '次日达']) await results.getByRole('heading', { name: new RegExp('^' + name) }).waitFor();
    const best = results.locator('.quote-option.recommended');
    assert.equal(await best.count(), 1);
    await best.getByText('能按时送达的服务中最便宜').or(best.getByText('没有服务能按时送达')).waitFor();
    quoted = { price: (await best.locator('.price').textContent()).trim(), arrival: await best.locator('p').first().textContent() };
    await shot('quotes-01-answer');

    // Nothing spills sideways at 360 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  });

  test('the recommended option becomes an order with that price and arrival', async () => {
    await page.locator('.quote-option.recommended').getByRole('button', { name: '按此报价下单' }).click();
    await page.waitForURL('**/orders/new');
    await page.getByRole('heading', { name: '寄件人' }).waitFor();
    // Both cities come from the quote.
    assert.equal(await box('省').inputValue(), '上海市');
    await box('姓名').fill('李明');
    await box('电话').fill('13812345678');
    await box('区/县').fill('浦东新区');
    await box('详细地址').fill('世纪大道 100 号');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('heading', { name: '收件人与目的地' }).waitFor();
    assert.equal(await box('市').inputValue(), '成都市');
    await box('姓名').fill('王芳');
    await box('电话').fill('13987654321');
    await box('区/县').fill('武侯区');
    await box('详细地址').fill('人民南路四段 1 号');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('heading', { name: '物品', exact: true }).waitFor();
    assert.equal(await box('重量（千克）').inputValue(), '5');
    assert.equal(await box('方数（立方米）').inputValue(), '0.027');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('heading', { name: '服务与要求' }).waitFor();
    await page.getByRole('note').filter({ hasText: quoted.price }).waitFor();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('heading', { name: '确认提交' }).waitFor();
    await shot('quotes-02-review');
    await page.getByRole('button', { name: '提交订单' }).click();

    await page.waitForURL(/\/orders\/[A-Z]{2}\d{9}[A-Z]{2}$/, { timeout: 15_000 });
    const waybill = decodeURIComponent(page.url().split('/').pop());
    await page.getByRole('heading', { name: waybill }).waitFor();
    const facts = page.locator('dl.facts').first();
    await facts.getByText(quoted.price, { exact: true }).waitFor();
    const eta = (await facts.locator('dt', { hasText: '预计到达' }).locator('xpath=following-sibling::dd[1]').textContent()).trim();
    assert.ok(quoted.arrival.includes(eta), `order ETA ${eta}, quoted ${quoted.arrival}`);
    await shot('quotes-03-order');

    // The customer's public page shows the same figures.
    const data = await must(`query($w: String!) { customerTracking(waybillNo: $w, phoneLast4: "5678") { freightFen expectedArrival } }`, { w: waybill });
    assert.equal(`¥${(data.customerTracking.freightFen / 100).toFixed(2)}`, quoted.price.replace(/\s/g, ''));
  });
  test('a time-slot delivery is one offer, and its order is TIME_SLOT at that price', async () => {
    await page.goto('/orders/quote');
    await page.getByRole('heading', { name: '报价', exact: true }).waitFor();
    await box('目的省 *').fill('四川省');
    await box('目的市 *').fill('成都市');
    await box('物品名称 *').fill('衣服');
    await box('重量（千克）*').fill('5');
    for (const side of ['长（厘米）', '宽（厘米）', '高（厘米）']) await box(side).fill('30');
    await page.getByRole('checkbox', { name: '定时派送' }).check();
    // Without a day it asks for one before quoting.
    await page.getByRole('button', { name: '报价', exact: true }).click();
    await page.getByText('定时派送请先选择送达日期').waitFor();
    const day = page.getByRole('combobox', { name: '最晚送达日期' });
    const last = await day.locator('option').last().getAttribute('value');
    await day.selectOption(last);
    await page.getByRole('combobox', { name: '派送时段' }).selectOption('16:00-18:00');
    await page.getByRole('button', { name: '报价', exact: true }).click();
    const results = page.getByRole('region', { name: '可选服务' });
    await results.waitFor({ timeout: 15_000 });
    const card = results.locator('.quote-option');
    await card.getByRole('heading', { name: '定时派送' }).waitFor();
    assert.equal(await card.count(), 1, 'a time-slot delivery is offered as one option');
    await card.getByText('16:00–18:00').waitFor();
    const price = (await card.locator('.price').textContent()).trim();
    await shot('quotes-04-time-slot');

    await card.getByRole('button', { name: '按此报价下单' }).click();
    await page.waitForURL('**/orders/new');
    await page.getByRole('heading', { name: '寄件人' }).waitFor();
    await box('姓名').fill('李明');
    await box('电话').fill('13812345678');
    await box('区/县').fill('浦东新区');
    await box('详细地址').fill('世纪大道 100 号');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('heading', { name: '收件人与目的地' }).waitFor();
    await box('姓名').fill('王芳');
    await box('电话').fill('13987654321');
    await box('区/县').fill('武侯区');
    await box('详细地址').fill('人民南路四段 1 号');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('heading', { name: '物品', exact: true }).waitFor();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('heading', { name: '服务与要求' }).waitFor();
    await page.getByRole('note').filter({ hasText: price }).waitFor();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('heading', { name: '确认提交' }).waitFor();
    await page.getByRole('button', { name: '提交订单' }).click();
    await page.waitForURL(/\/orders\/[A-Z]{2}\d{9}[A-Z]{2}$/, { timeout: 15_000 });
    const waybill = decodeURIComponent(page.url().split('/').pop());

    const token = await loginToken('CS1001');
    const { orderByWaybill: o } = await must(
      'query($w: String!) { orderByWaybill(waybillNo: $w) { service freightFen requiredArrivalAt requests { deliveryWindowFrom deliveryWindowTo } } }',
      { w: waybill },
      token,
    );
    assert.equal(o.service, 'TIME_SLOT');
    assert.equal(`¥${(o.freightFen / 100).toFixed(2)}`, price.replace(/\s/g, ''));
    assert.equal(new Date(o.requiredArrivalAt).getTime(), new Date(`${last}T18:00:00+08:00`).getTime(), "18:00 on the day, in the phone’s zone (Shanghai)");
    assert.deepEqual([o.requests.deliveryWindowFrom, o.requests.deliveryWindowTo], ['16:00', '18:00']);
  });
});
