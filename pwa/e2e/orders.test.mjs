// The Orders tab against the real server: an agent takes an order through the intake
// steps, verifies every element with the customer and releases it, records a pick-up scan
// for its waybill, and sees the order's tracking timeline update.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { graphql, launchPhone, loginToken, missingBrowser, until } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

describe('orders and tracking', { skip: skip ?? false }, () => {
  let phone;
  let page;
  let waybill;

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-orders-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const box = (name) => page.getByRole('textbox', { name, exact: true });
  const nav = () => page.getByRole('navigation', { name: /主导航|Main navigation/ });

  async function fillContact(c) {
    await box('姓名').fill(c.name);
    await box('电话').fill(c.phone);
    await box('省').fill(c.province);
    await box('市').fill(c.city);
    await box('区/县').fill(c.district);
    await box('详细地址').fill(c.detail);
  }

  test('an agent logs in and opens the Orders tab', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS1001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: /查件/ }).click();
    await page.waitForURL('**/orders');
    await page.getByRole('search', { name: '按运单号查件' }).waitFor();
    await page.getByRole('heading', { name: '本网点订单' }).waitFor();
    await shot('orders-01-home');
  });

  test('a mistyped waybill is caught on the phone before anything is sent', async () => {
    await box('运单号').fill('SD123456784CN');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('alert').filter({ hasText: '校验位错误' }).waitFor();
    assert.match(page.url(), /\/orders$/);
  });

  test('takes an order through the intake steps; a bad phone is refused on the spot', async () => {
    await page.getByRole('link', { name: '新建订单' }).click();
    await page.waitForURL('**/orders/new');
    await page.getByRole('heading', { name: '寄件人' }).waitFor();
    await fillContact({ name: '李明', phone: '1381234567', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' });
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('alert').filter({ hasText: '大陆手机号' }).waitFor();
    await shot('orders-02-intake-bad-phone');
    await box('电话').fill('138 1234 5678');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('heading', { name: '收件人与目的地' }).waitFor();
    await fillContact({ name: '王芳', phone: '0571-87654321', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号 5 楼' });
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('heading', { name: '物品', exact: true }).waitFor();
    await box('物品名称').fill('茶叶礼盒');
    await box('件数').fill('2');
    await box('重量（千克）').fill('1.5');
    await box('方数（立方米）').fill('0.02');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('heading', { name: '服务与要求' }).waitFor();
    await page.getByText('易碎', { exact: true }).click();
    await shot('orders-03-intake-service');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('heading', { name: '确认提交' }).waitFor();
    // The draft survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: '确认提交' }).waitFor();
    await page.getByText('茶叶礼盒 × 2').waitFor();
    await shot('orders-04-intake-review');
    await page.getByRole('button', { name: '提交订单' }).click();

    await page.waitForURL(/\/orders\/[A-Z]{2}\d{9}[A-Z]{2}$/, { timeout: 15_000 });
    waybill = decodeURIComponent(page.url().split('/').pop());
    await page.getByRole('heading', { name: waybill }).waitFor();
    await page.getByRole('heading', { name: '信息核实' }).waitFor();
  });

  test('verifies every element with the customer, then releases the order', async () => {
    const release = page.getByRole('button', { name: '放行' });
    assert.equal(await release.isDisabled(), true);
    // Contacts are masked until revealed.
    await page.getByText('138****5678').first().waitFor();
    await shot('orders-05-verify');
    for (const element of ['寄件人', '收件人', '目的地', '物品', '服务与时效', '特殊要求']) {
      await page.getByRole('checkbox', { name: new RegExp('^' + element) }).check();
    }
    await page.getByRole('button', { name: '确认已核实（6 项）' }).click();
    await page.getByText('全部已核实，可以放行。').waitFor({ timeout: 15_000 });
    await release.click();
    await page.locator('.tag', { hasText: '已放行' }).waitFor({ timeout: 15_000 });
    await page.getByText('还没有跟踪记录。').waitFor();
    await shot('orders-06-released');
  });

  test('reveals a masked phone only with a reason', async () => {
    await page.getByRole('button', { name: '查看收件人完整信息' }).click();
    await page.getByRole('button', { name: '确认查看' }).click();
    await page.getByRole('alert').filter({ hasText: '请填写查看原因' }).waitFor();
    await box('查看原因').fill('客户来电核对收件地址');
    await page.getByRole('button', { name: '确认查看' }).click();
    await page.getByRole('link', { name: '0571-87654321' }).waitFor();
  });

  test('a field agent records a pick-up scan and the timeline updates', async () => {
    await page.getByRole('link', { name: '记录跟踪' }).first().click();
    await page.waitForURL('**/orders/track/' + waybill);
    assert.equal(await box('运单号').inputValue(), waybill);
    await page.getByRole('radio', { name: '已揽收' }).click();
    await box('地点').fill('上海浦东揽收点');
    await shot('orders-07-track');
    await page.getByRole('button', { name: '保存跟踪事件' }).click();
    await page.getByRole('status').filter({ hasText: `已保存 ${waybill} 的跟踪事件。` }).waitFor();
    // Wait for the outbox to deliver it.
    await page.getByRole('region', { name: '待同步' }).waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('link', { name: '查看订单' }).click();
    await page.waitForURL('**/orders/' + waybill);
    const timeline = page.getByRole('list', { name: '跟踪记录' });
    await timeline.getByText('已揽收').waitFor();
    await timeline.getByText(/上海浦东揽收点/).waitFor();
    await page.locator('dd', { hasText: '已发出' }).waitFor();
    await shot('orders-08-timeline');

    const token = await loginToken('CS1001');
    const body = await graphql(
      'query($w: String!) { orderByWaybill(waybillNo: $w) { state stage trackingStatus trackingEvents { status place } } }',
      { w: waybill },
      token,
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const order = body.data.orderByWaybill;
    assert.equal(order.state, 'RELEASED');
    assert.equal(order.stage, 'SHIPPED');
    assert.equal(order.trackingStatus, 'PICKED_UP');
    assert.deepEqual(order.trackingEvents, [{ status: 'PICKED_UP', place: '上海浦东揽收点' }]);
  });

  test('after shipping, a change is handed to after-sales, as the screen says before committing', async () => {
    await page.getByRole('link', { name: '修改收件信息' }).click();
    await page.getByRole('note').filter({ hasText: '已发出：此处不做修改，转交售后处理。' }).waitFor();
    await shot('orders-09-change');
  });

  test("today's tracking round: the agent marks the order checked and the customer told", async () => {
    // The scheduler makes rounds at 09:00 and 16:00; here the supervisor makes one now.
    const agent = await graphql('{ me { id depot { id } } }', {}, await loginToken('CS1001'));
    const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const made = await graphql(
      'mutation($input: GenerateTrackingRoundInput!) { generateTrackingRound(input: $input) { created round { items { id } } } }',
      { input: { depotId: agent.data.me.depot.id, day, slot: 'MORNING', agentIds: [agent.data.me.id] } },
      await loginToken('CS2001'),
    );
    assert.equal(made.errors, undefined, JSON.stringify(made.errors));

    await page.goto('/orders/round');
    await page.getByRole('heading', { name: '上午跟踪（09:00）' }).waitFor();
    const row = page.locator('li', { has: page.getByRole('link', { name: new RegExp(waybill) }) });
    await row.getByRole('checkbox', { name: '已告知客户' }).check();
    await shot('orders-13-round');
    await row.getByRole('button', { name: `标记 ${waybill} 已跟踪` }).click();
    await row.getByText(/已跟踪 · 已告知客户/).waitFor({ timeout: 15_000 });
  });

  test('records the arrival confirmation of the shipped order', async () => {
    await page.goto('/orders/' + waybill);
    await page.getByRole('link', { name: '记录到货确认' }).click();
    await page.waitForURL('**/arrival');
    await page.getByText('外包装破损').click();
    await box('签收人').fill('王芳');
    await page.getByRole('checkbox', { name: '电话' }).check();
    await shot('orders-14-arrival');
    await page.getByRole('button', { name: '保存到货确认' }).click();
    await page.waitForURL('**/orders/' + waybill);
    const arrival = page.getByRole('region', { name: '到货确认' });
    await arrival.getByText('外包装破损').waitFor({ timeout: 15_000 });
    await arrival.getByText('王芳').waitFor();
  });

  test('finds the order by the last four digits of a phone, or by a name', async () => {
    await page.goto('/orders');
    const find = page.getByRole('searchbox', { name: '按姓名或电话查找' });
    const rows = page.getByRole('link', { name: /^[A-Z]{2}\d{9}[A-Z]{2}/ });
    // The list narrows to exactly the matching orders once the search has run.
    const narrowsTo = (n) => until(`the list to narrow to ${n} orders`, async () => (await rows.count()) === n, 5_000);
    await rows.first().waitFor();
    assert.ok((await rows.count()) > 2, 'the depot has more orders than the searches below match');
    await find.fill('李明'); // our sender; no demo order has him
    await narrowsTo(1);
    await page.getByRole('link', { name: new RegExp(waybill) }).waitFor();
    await shot('orders-15-find-person');
    await find.fill('4321'); // our receiver's 0571-87654321, and the demo order to 刘女士
    await narrowsTo(2);
    await page.getByRole('link', { name: new RegExp(waybill) }).waitFor();
    await find.fill('无此人');
    await page.getByText('没有符合条件的订单。').waitFor();
    await narrowsTo(0);
  });

  test('the order screens read in English too', async () => {
    await page.evaluate(() => localStorage.setItem('cs.locale', 'en'));
    await page.goto('/orders/' + waybill);
    await page.getByRole('heading', { name: 'Tracking' }).waitFor();
    await page.getByRole('list', { name: 'Tracking' }).getByText('Picked up').waitFor();
    await shot('orders-10-detail-en');
    await page.goto('/orders/new');
    await page.getByRole('heading', { name: 'Sender' }).waitFor();
    await shot('orders-11-intake-en');
    await page.goto('/orders');
    await page.getByRole('link', { name: waybill }).waitFor();
    await shot('orders-12-home-en');
    await page.evaluate(() => localStorage.setItem('cs.locale', 'zh-CN'));
  });
});
