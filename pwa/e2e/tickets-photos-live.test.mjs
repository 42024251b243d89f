// Tickets with photos, over/short goods and the supervisor's queue, on phones against the
// real server: 张伟 (CS1001) opens a ticket without an order and comments with a photo; he
// files an over-goods report with a photo, the group verifier (CS4001) approves it and it
// shows in the monthly register; a ticket 张伟 leaves unowned appears at once on the
// supervisor's open tickets screen (王芳, CS2001), she assigns it to 李娜 (CS1002) on duty,
// and it appears at once among 李娜's tickets.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { BASE_URL, launchPhone, loginToken, missingBrowser, must, subscriptionsStarted, untilSubscribed } from './browser.mjs';
import { pngPhoto } from './photo.mjs';
import { login, putOnDutyNow } from './tickets.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const unique = () => String(Date.now() % 1_000_000);

describe('tickets: photos, over/short goods, supervision, live', { skip: skip ?? false }, () => {
  const phones = [];
  let page;
  const phone = async () => {
    const p = await launchPhone();
    phones.push(p);
    return p.context.newPage();
  };
  before(async () => {
    page = await phone();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-tickets-photos-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });
  after(async () => {
    for (const p of phones) await p.close();
  });

  test('a ticket without an order gets a comment with a photo', async () => {
    await login(page, 'CS1001');
    const summary = `客户咨询保价规则 ${unique()}`;
    await page.goto('/tickets/new');
    await page.getByRole('radio', { name: '咨询' }).click();
    await page.getByLabel('问题简述').fill(summary);
    await page.getByLabel('客户姓名').fill('王女士');
    await page.getByLabel('客户电话').fill('13700001111');
    await page.getByRole('button', { name: '开工单', exact: true }).click();
    await page.waitForURL(/\/tickets\/[^/]+$/);
    await page.getByRole('heading', { name: summary }).waitFor();
    const ticketId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());

    await page.getByRole('button', { name: '备注', exact: true }).click();
    await page.getByLabel('添加备注').fill('客户发来外包装照片');
    await page.locator('#tk-comment-photos').setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: pngPhoto(200, 40, 40) });
    await page.locator('form').getByRole('img', { name: '照片 1' }).waitFor();
    await page.screenshot({ path: `${shots}tickets-11-comment-photo.png`, fullPage: true });
    await page.getByRole('button', { name: '发送' }).click();

    const thumb = page.getByRole('list', { name: '处理记录' }).getByRole('img', { name: '照片 1' });
    await thumb.waitFor({ timeout: 15_000 });
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await thumb.elementHandle());
    await page.screenshot({ path: `${shots}tickets-12-timeline-photo.png`, fullPage: true });

    const token = await loginToken('CS1001');
    const { node } = await must(
      'query($id: ID!) { node(id: $id) { ... on Ticket { order { id } timeline { kind body photos { id contentType url uploadedBy { employeeNo } } } } } }',
      { id: ticketId },
      token,
    );
    assert.equal(node.order, null);
    const comment = node.timeline.find((e) => e.kind === 'COMMENT');
    assert.equal(comment.body, '客户发来外包装照片');
    assert.equal(comment.photos.length, 1);
    assert.equal(comment.photos[0].contentType, 'image/jpeg', 'the phone shrinks and re-encodes the photo');
    assert.equal(comment.photos[0].uploadedBy.employeeNo, 'CS1001');
    const res = await fetch(BASE_URL + comment.photos[0].url);
    assert.equal(res.status, 200);
  });

  test('an over-goods report with a photo is approved by the verifier and shows in the register', async () => {
    const goods = `蓝色纸箱 ${unique()}`;
    await page.goto('/tickets');
    await page.getByRole('link', { name: '多货少货待审' }).click();
    await page.getByRole('link', { name: '报告多货少货' }).click();
    await page.getByRole('radio', { name: '多货' }).click();
    await page.getByLabel('货物名称（按货物上的标记）').fill(goods);
    await page.getByLabel('窗口').fill('2 号窗口');
    await page.getByLabel('开箱在场人员').fill('站点负责人王芳、仓管员老周');
    await page.getByLabel('查验情况（选填）').fill('内有鞋两双，已重新封箱');
    await page.getByRole('button', { name: '提交集团审核' }).click();
    await page.getByText('请至少拍一张照片。').waitFor();
    await page.locator('#os-photos').setInputFiles({ name: 'opened.png', mimeType: 'image/png', buffer: pngPhoto(30, 120, 200) });
    await page.locator('form').getByRole('img', { name: '照片 1' }).waitFor();
    await page.screenshot({ path: `${shots}tickets-13-overshort-report.png`, fullPage: true });
    await page.getByRole('button', { name: '提交集团审核' }).click();
    await page.getByText('报告已送交集团审核。').waitFor({ timeout: 15_000 });

    const vp = await phone();
    await login(vp, 'CS4001');
    await vp.getByRole('link', { name: '工单' }).click();
    await vp.getByRole('heading', { name: '多货少货待审' }).waitFor();
    const row = vp.getByRole('list', { name: '多货少货待审' }).getByRole('listitem').filter({ hasText: goods });
    const photo = row.getByRole('img', { name: `${goods} 照片 1` });
    await photo.waitFor();
    await row.getByText('站点负责人王芳、仓管员老周').waitFor(); // the verifier sees who was present
    await vp.waitForFunction((el) => el.complete && el.naturalWidth > 0, await photo.elementHandle());
    await row.getByLabel('审核意见（必填）').fill('照片清楚，属实');
    await vp.screenshot({ path: `${shots}tickets-14-overshort-review.png`, fullPage: true });
    await row.getByRole('button', { name: '批准' }).click();
    await row.waitFor({ state: 'detached', timeout: 15_000 });

    await vp.getByRole('link', { name: '多货少货登记' }).click();
    const entry = vp.getByRole('list', { name: '多货少货登记' }).getByRole('listitem').filter({ hasText: goods });
    await entry.getByText('多货 · 已通过').waitFor();
    await entry.getByText('上海分公司').waitFor();
    await entry.getByText('照片清楚，属实', { exact: false }).waitFor();
    await vp.getByRole('list', { name: '已通过的报告按责任分公司' }).getByText('上海分公司').waitFor();
    await vp.screenshot({ path: `${shots}tickets-15-overshort-register.png`, fullPage: true });
  });

  test('a ticket left unowned appears live for the supervisor, who assigns it to a colleague on duty', async () => {
    const agentToken = await loginToken('CS1001');
    const me = await must('{ me { id depot { id } } }', {}, agentToken);
    const { onDutyNow } = await must('query($d: ID!) { onDutyNow(depotId: $d) { staff { employeeNo } } }', { d: me.me.depot.id }, agentToken);
    if (!onDutyNow.some((a) => a.staff.employeeNo === 'CS1002')) await putOnDutyNow('CS1002', me.me.depot.id);

    const watching = await subscriptionsStarted('TicketUpdated');
    const sp = await phone();
    await login(sp, 'CS2001');
    await sp.goto('/tickets');
    await sp.getByRole('heading', { name: '无人负责的工单' }).waitFor();
    const lp = await phone();
    await login(lp, 'CS1002');
    await lp.goto('/tickets');
    await lp.getByRole('heading', { name: '我的工单' }).waitFor();
    // Both screens' subscriptions have started before the ticket is opened.
    await untilSubscribed('TicketUpdated', watching + 1);

    // Another user (张伟, through the API) opens a complaint and leaves it to the supervisor.
    const summary = `投诉电话无人接听 ${unique()}`;
    await must(
      'mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } } }',
      { i: { idempotencyKey: crypto.randomUUID(), kind: 'COMPLAINT', summary, customerName: '赵先生', customerPhone: '13600002222', unassigned: true } },
      agentToken,
    );
    const unowned = sp.getByRole('list', { name: '无人负责的工单' });
    await unowned.getByText(summary).waitFor({ timeout: 10_000 });
    await sp.getByRole('status').filter({ hasText: `工单有更新：${summary}` }).waitFor();
    await sp.screenshot({ path: `${shots}tickets-16-unowned-live.png`, fullPage: true });

    await sp.getByRole('button', { name: `指派“${summary}”` }).click();
    const select = sp.getByLabel('指派给（当前在岗）');
    await select.waitFor();
    const value = await select.locator('option', { hasText: 'CS1002' }).getAttribute('value');
    await select.selectOption(value);
    await sp.getByLabel('指派说明').fill('请今天回电');
    await sp.screenshot({ path: `${shots}tickets-17-assign.png`, fullPage: true });
    await sp.getByRole('button', { name: '指派', exact: true }).click();
    await unowned.getByText(summary).waitFor({ state: 'detached', timeout: 15_000 });

    // 李娜's list, open all along, shows the ticket without a reload.
    await lp.getByRole('list', { name: '我的工单' }).getByText(summary).waitFor({ timeout: 10_000 });
    await lp.screenshot({ path: `${shots}tickets-18-assigned-live.png`, fullPage: true });
    const sv = await loginToken('CS2001');
    const { unownedTickets } = await must('{ unownedTickets { summary } }', {}, sv);
    assert.ok(!unownedTickets.some((t) => t.summary === summary), 'the ticket has an owner now');
  });
});
