// Returns, missed rounds, the public look-up page and the live timeline against the real
// server: an agent opens a quality return with a photo from a signed-for order's detail and
// follows the linked waybills; a supervisor reads yesterday's missed round; a customer
// without an account looks a parcel up at /track and sees who signed, masked; an open order's timeline shows a scan
// recorded elsewhere through the API without a reload.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { graphql, launchPhone, loginToken, missingBrowser, must, subscriptionsStarted, untilSubscribed } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

// A 1×1 PNG: the phone re-encodes it as JPEG before upload, as it does a camera photo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const ORDER = {
  consignor: { name: '陈先生', phone: '13812345678', province: '上海市', city: '上海市', district: '浦东新区', detail: '张江路 100 号 3 楼' },
  consignee: { name: '周女士', phone: '0571-86001122', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 200 号' },
  goods: { name: '陶瓷茶具', quantity: 1, weightKg: 2, volumeM3: 0.01 },
  service: 'STANDARD',
};
const ELEMENTS = ['CONSIGNOR', 'CONSIGNEE', 'DESTINATION', 'GOODS', 'SERVICE', 'HANDLING'];


/** Takes, verifies and releases an order through the API; returns its waybill number. */
async function releasedOrder(token) {
  const made = await must('mutation($in: IntakeOrderInput!) { intakeOrder(input: $in) { order { id version waybillNo } } }', { in: { idempotencyKey: randomUUID(), ...ORDER } }, token);
  const o = made.intakeOrder.order;
  const v = await must('mutation($in: VerifyOrderInput!) { verifyOrder(input: $in) { order { version } } }', { in: { idempotencyKey: randomUUID(), orderId: o.id, expectedVersion: o.version, elements: ELEMENTS } }, token);
  await must('mutation($in: OrderStepInput!) { releaseOrder(input: $in) { order { id } } }', { in: { idempotencyKey: randomUUID(), orderId: o.id, expectedVersion: v.verifyOrder.order.version } }, token);
  return o.waybillNo;
}

async function scan(token, waybillNo, status, at, extra = {}) {
  const data = await must(
    'mutation($events: [TrackingEventInput!]!) { recordTrackingEvents(input: {events: $events}) { accepted rejected } }',
    { events: [{ eventKey: randomUUID(), waybillNo, status, occurredAt: at.toISOString(), place: '杭州转运中心', scannedBy: 'PDA-0231', ...extra }] },
    token,
  );
  assert.equal(data.recordTrackingEvents.accepted, 1);
}

describe('returns, missed rounds, public look-up, live timeline', { skip: skip ?? false }, () => {
  let phone;
  let page;
  let agentToken;
  let signed;
  let travelling;

  before(async () => {
    agentToken = await loginToken('CS1001');
    signed = await releasedOrder(agentToken);
    await scan(agentToken, signed, 'PICKED_UP', new Date(Date.now() - 3 * 3600_000));
    await scan(agentToken, signed, 'SIGNED', new Date(Date.now() - 3600_000), { signerName: '周女士' });
    travelling = await releasedOrder(agentToken);
    await scan(agentToken, travelling, 'IN_TRANSIT', new Date(Date.now() - 2 * 3600_000));
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-returns-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (p, name) => p.screenshot({ path: `${shots}${name}.png`, fullPage: true });

  async function login(p, employeeNo) {
    await p.goto('/');
    await p.getByLabel('工号').fill(employeeNo);
    await p.getByLabel('密码').fill('Demo@2026');
    await p.getByRole('button', { name: '登录' }).click();
    await p.getByRole('navigation', { name: '主导航' }).waitFor();
  }

  test("an agent opens a quality return with a photo from a signed-for order's detail", async () => {
    await login(page, 'CS1001');
    await page.goto('/orders/' + signed);
    await page.getByRole('heading', { name: signed }).waitFor();
    await page.getByRole('link', { name: '退换货' }).click();
    await page.waitForURL(`**/orders/${signed}/return`);
    await page.getByText('质量问题需拍照留证，往返运费均由公司承担。').waitFor();

    await page.getByRole('textbox', { name: '客户描述的问题' }).fill('茶壶盖有裂纹');
    await page.getByRole('checkbox', { name: /包裹可完好退回/ }).check();
    await page.getByRole('button', { name: '提交退换货' }).click();
    await page.getByRole('alert').filter({ hasText: '质量问题请至少拍 1 张照片。' }).waitFor();

    await page.getByLabel('拍照或选择照片').setInputFiles({ name: 'crack.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('img', { name: '照片 1' }).waitFor();
    await page.getByRole('radio', { name: '换货' }).check({ force: true });
    await page.getByText('换货发出运费').waitFor();
    await shot(page, 'returns-01-form');
    await page.getByRole('button', { name: '提交退换货' }).click();

    await page.waitForURL('**/orders/' + signed);
    const section = page.getByRole('region', { name: '退换货' });
    await section.getByText('退货运单').waitFor({ timeout: 20_000 });
    await section.getByRole('link', { name: '查看照片 1' }).waitFor();
    await section.getByText('换货运单').waitFor();
    await shot(page, 'returns-02-detail');

    const body = await must(
      'query($w: String!) { orderByWaybill(waybillNo: $w) { returnRequest { kind reason returnLegPayer photos { id uploadedBy { employeeNo } } returnOrder { waybillNo } } } }',
      { w: signed },
      agentToken,
    );
    const ret = body.orderByWaybill.returnRequest;
    assert.equal(ret.kind, 'EXCHANGE');
    assert.equal(ret.reason, 'QUALITY');
    assert.equal(ret.returnLegPayer, 'COMPANY');
    assert.equal(ret.photos.length, 1);
    assert.equal(ret.photos[0].uploadedBy.employeeNo, 'CS1001');

    // The linked waybills open their own detail, which points back at the original.
    await section.getByRole('link', { name: ret.returnOrder.waybillNo }).click();
    await page.waitForURL('**/orders/' + ret.returnOrder.waybillNo);
    await page.getByRole('region', { name: '原订单' }).getByRole('link', { name: signed }).waitFor();
  });

  test('the open order detail shows a scan recorded elsewhere without a reload', async () => {
    const live = await subscriptionsStarted('OrderTrackingLive');
    await page.goto('/orders/' + travelling);
    const timeline = page.getByRole('list', { name: '跟踪记录' });
    await timeline.getByText('运输中').waitFor();
    await page.getByText('实时更新中').waitFor();
    await page.evaluate(() => (window.__sameDocument = true));
    // The scan is published once the stream has subscribed.
    await untilSubscribed('OrderTrackingLive', live);

    await scan(agentToken, travelling, 'OUT_FOR_DELIVERY', new Date(Date.now() - 60_000));
    await timeline.getByText('派送中').waitFor({ timeout: 15_000 });
    await page.getByText('跟踪记录已更新').waitFor();
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    await shot(page, 'returns-03-live');
  });

  test("a supervisor sees yesterday's missed round with who was assigned", async () => {
    const me = await must('{ me { id depot { id } } }', {}, agentToken);
    const yesterday = new Date(Date.now() - 86400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const supervisorToken = await loginToken('CS2001');
    const made = await must(
      'mutation($input: GenerateTrackingRoundInput!) { generateTrackingRound(input: $input) { round { items { agent { name } checkedAt } } } }',
      { input: { depotId: me.me.depot.id, day: yesterday, slot: 'MORNING', agentIds: [me.me.id] } },
      supervisorToken,
    );
    assert.ok(made.generateTrackingRound.round.items.some((i) => !i.checkedAt), 'the round has unchecked items');

    const boss = await launchPhone();
    const page = await boss.context.newPage();
    await login(page, 'CS2001');
    await page.goto('/orders');
    await page.getByRole('link', { name: '漏跟踪' }).click();
    await page.waitForURL('**/orders/missed');
    await page.getByRole('heading', { name: '漏跟踪记录' }).waitFor();
    const from = await page.getByLabel('开始日期').inputValue();
    const to = await page.getByLabel('结束日期').inputValue();
    assert.equal(to, new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
    assert.equal(from, new Date(Date.now() - 6 * 86400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
    const round = page.getByRole('region', { name: /09:00 跟踪/ }).first();
    await round.waitFor({ timeout: 15_000 });
    await round.getByText(/负责人：.+（CS1001）/).first().waitFor();
    await shot(page, 'returns-04-missed');
    await boss.close();
  });

  test('a customer without an account looks a parcel up at /track', async () => {
    const visitor = await launchPhone();
    try {
      const p = await visitor.context.newPage();
      // The login screen links to the look-up page for customers who open the app.
      await p.goto('/');
      await p.getByRole('link', { name: '客户查快递（无需登录）' }).click();
      await p.waitForURL('**/track');
      await p.getByRole('heading', { name: '查快递' }).waitFor();
      assert.equal(await p.getByLabel('工号').count(), 0, 'no login form');

      const bad = signed.slice(0, 2) + ((Number(signed[2]) + 1) % 10) + signed.slice(3);
      await p.getByRole('textbox', { name: '运单号' }).fill(bad);
      await p.getByRole('textbox', { name: '电话后四位' }).fill('5678');
      await p.getByRole('button', { name: '查询' }).click();
      await p.getByRole('alert').filter({ hasText: /校验位不对|格式不对/ }).waitFor();

      await p.getByRole('textbox', { name: '运单号' }).fill(signed);
      await p.getByRole('textbox', { name: '电话后四位' }).fill('0000');
      await p.getByRole('button', { name: '查询' }).click();
      await p.getByRole('alert').filter({ hasText: '未找到该运单' }).waitFor();

      await p.getByRole('textbox', { name: '电话后四位' }).fill('5678');
      await p.getByRole('button', { name: '查询' }).click();
      const result = p.getByRole('region', { name: signed });
      await result.getByText('杭州市').waitFor();
      await result.getByRole('list', { name: '物流轨迹' }).getByText('已签收').waitFor();
      // Who signed, masked as carriers show it: the first character, then asterisks.
      assert.equal(await result.getByText('签收人').locator('xpath=following-sibling::dd[1]').innerText(), '周**');
      const text = await p.locator('body').innerText();
      for (const personal of ['陈先生', '周女士', '13812345678', '文三路']) assert.ok(!text.includes(personal), `shows no ${personal}`);
      await shot(p, 'returns-05-public');

      await p.getByRole('button', { name: 'English' }).click();
      await p.getByRole('heading', { name: 'Track a parcel' }).waitFor();
      await result.getByText('Signed').first().waitFor();

      // Past its per-address budget the page says to wait, in the language chosen.
      for (let i = 0; i < 40; i++) {
        const r = await graphql('query($w: String!, $d: String!) { customerTracking(waybillNo: $w, phoneLast4: $d) { status } }', { w: signed, d: '5678' });
        if (r.errors?.[0]?.extensions?.code === 'THROTTLED') break;
      }
      await p.getByRole('button', { name: 'Track' }).click();
      await p.getByRole('alert').filter({ hasText: /Too many look-ups; try again in \d+ s\./ }).waitFor();
      await shot(p, 'returns-06-throttled');
    } finally {
      await visitor.close();
    }
  });
});
