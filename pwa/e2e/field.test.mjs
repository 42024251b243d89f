// Found in a field trial on 360×780 phones, as the counter agent 张伟 (CS1001). A ticket's
// summary is whatever the customer said, up to 200 characters; its state tag beside it must
// stay one readable word (新建), not a column of one character per line. Screens of other
// roles, reached by their address, lead back to Orders instead of a form the server refuses.
// A form step that finds a problem puts the cursor where the problem is.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must, until } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

/** How many lines the text of the element takes on screen (distinct line tops). */
const linesOf = (locator) =>
  locator.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });

describe('field trial: a counter agent on a narrow phone', { skip: skip ?? false }, () => {
  let phone;
  let page;
  let ticketId;
  // 200 characters, told apart from other runs' tickets by its first ones.
  const summary = `${Date.now() % 1_000_000}号：${'外包装严重破损，内件羽绒服有污渍，客户要求当面验货'.repeat(8)}`.slice(0, 200);

  before(async () => {
    const token = await loginToken('CS1001');
    const r = await must(
      'mutation($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id summary } } }',
      { in: { idempotencyKey: `e2e-field-${Date.now()}-${Math.random()}`, kind: 'COMPLAINT', summary, customerName: '欧阳娜娜', customerPhone: '13700002222' } },
      token,
    );
    assert.equal(r.createTicket.ticket.summary, summary);
    ticketId = r.createTicket.ticket.id;
    phone = await launchPhone();
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel('工号').fill('CS1001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '工单' }).waitFor();
  });
  after(async () => {
    await phone?.close();
  });

  test('the state tag beside a 200-character summary stays on one line, on the ticket and in the list', async () => {
    await page.goto(`/tickets/${ticketId}`);
    const title = page.getByRole('heading', { name: summary });
    await title.waitFor();
    const tag = page.locator('.row', { has: title }).locator('.tag');
    assert.equal(await tag.textContent(), '新建');
    assert.equal(await linesOf(tag), 1, 'the ticket page shows 新建 on one line');
    assert.ok((await linesOf(title)) > 3, 'the summary itself wraps over several lines');
    await page.screenshot({ path: `${shots}field-ticket-long-summary.png` });

    await page.getByRole('link', { name: '← 返回工单' }).click();
    const item = page.getByRole('listitem').filter({ hasText: summary.slice(0, 40) });
    await item.waitFor();
    const listTag = item.locator('.tag').filter({ hasText: '新建' });
    assert.equal(await linesOf(listTag), 1, 'the list shows 新建 on one line');
    const vw = await page.evaluate(() => document.documentElement.clientWidth);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), vw, 'nothing runs off the side');
    await page.screenshot({ path: `${shots}field-tickets-long-summary.png` });
  });

  test('the rate change and the missed rounds, opened by their address, lead an agent back to Orders', async () => {
    for (const path of ['/orders/rates', '/orders/missed']) {
      await page.goto(path);
      await page.waitForURL('**/orders');
      await page.getByRole('link', { name: '今日跟踪' }).waitFor();
      assert.equal(await page.getByRole('button', { name: '发布运价调整' }).count(), 0, `${path}: no rate form`);
      assert.equal(await page.getByText('漏跟踪记录').count(), 0, `${path}: no missed rounds`);
      assert.equal(await page.getByText(/FORBIDDEN/).count(), 0, `${path}: no bare FORBIDDEN`);
    }
  });

  test('下一步 on an intake step with a problem puts the cursor in the first field to fix', async () => {
    await page.goto('/orders/new');
    await page.getByRole('heading', { name: '寄件人' }).waitFor();
    const focused = () => page.evaluate(() => ({ id: document.activeElement?.id ?? '', invalid: document.activeElement?.getAttribute('aria-invalid') }));
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('必填。').first().waitFor();
    const name = page.getByLabel('姓名');
    assert.equal(await name.evaluate((el) => el === document.activeElement), true, `the name field has the focus, not ${JSON.stringify(await focused())}`);
    await name.fill('欧阳娜娜');
    await page.getByRole('button', { name: '下一步' }).click();
    await until('the phone field to take the focus', async () => (await page.getByLabel('电话').evaluate((el) => el === document.activeElement)));
    assert.equal((await focused()).invalid, 'true');
  });

  test('报价 with a field missing puts the cursor in the first one to fix', async () => {
    await page.goto('/orders/quote');
    await page.getByLabel('目的省 *').waitFor();
    await page.getByRole('button', { name: '报价', exact: true }).click();
    await page.getByText('请先修正标出的内容。').waitFor();
    await until('the destination province to take the focus', () => page.getByLabel('目的省 *').evaluate((el) => el === document.activeElement));
    await page.getByLabel('目的省 *').fill('新疆维吾尔自治区');
    await page.getByRole('button', { name: '报价', exact: true }).click();
    await until('the destination city to take the focus', () => page.getByLabel('目的市 *').evaluate((el) => el === document.activeElement));
  });

  test('offline, an order the phone never opened says it is not stored, instead of a blank screen', async () => {
    await page.goto('/orders');
    await page.getByText('本网点订单').waitFor();
    await page.getByText(/^SD\d{9}CN$/).first().waitFor();
    await phone.context.setOffline(true);
    try {
      await page.getByText('离线 — 显示的是上次同步的数据').waitFor();
      await page.getByRole('textbox', { name: '运单号' }).fill('SD974447594CN');
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForURL('**/orders/SD974447594CN');
      await page.getByText('离线，本机没有这条数据。联网后再试。').waitFor();
      await page.screenshot({ path: `${shots}field-order-offline.png` });
    } finally {
      await phone.context.setOffline(false);
    }
  });
});

describe('field trial: a supervisor in English on a narrow phone', { skip: skip ?? false }, () => {
  let phone;
  let page;
  before(async () => {
    phone = await launchPhone({ locale: 'en' });
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });

  test('every tab of the six reads in full, the current one in bold too', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS2001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '我的', exact: true }).click();
    await page.getByRole('radio', { name: 'English' }).click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Approvals' }).click();
    await page.waitForURL('**/approvals');
    const labels = await nav.locator('.tab > span:not(.tab-badge)').evaluateAll((spans) =>
      spans.map((s) => ({ text: s.textContent, cut: s.scrollWidth > s.clientWidth, tab: Math.round(s.parentElement.getBoundingClientRect().width) })),
    );
    assert.deepEqual(labels.map((l) => l.text), ['Today', 'Orders', 'Tickets', 'Roster', 'Approvals', 'Me']);
    assert.deepEqual(labels.filter((l) => l.cut), [], 'no label is cut off');
    for (const l of labels) assert.ok(l.tab >= 44, `${l.text} stays a 44 px target (${l.tab} px)`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'the bar fits the screen');
    await nav.screenshot({ path: `${shots}field-nav-en-supervisor.png` });
  });
  test('every view of the roster reads in full on one line', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Roster' }).click();
    const views = page.getByRole('group', { name: /./ }).filter({ has: page.getByRole('button', { name: 'Availability' }) });
    await views.waitFor();
    const labels = await views.locator('.seg').evaluateAll((buttons) =>
      buttons.map((b) => {
        const range = document.createRange();
        range.selectNodeContents(b);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
        return { text: b.textContent, lines, cut: b.scrollWidth > b.clientWidth };
      }),
    );
    assert.equal(labels.length, 8, JSON.stringify(labels));
    assert.deepEqual(labels.filter((l) => l.lines > 1 || l.cut), [], 'no view label is cut off or broken in two');
    await page.screenshot({ path: `${shots}field-roster-views-en.png` });
  });
});
