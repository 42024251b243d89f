// Issue 19 item 5 on a 360 px phone against the real server: the leave form runs the same
// dry run as requestLeave while it is filled. 梁雪 (CS1012) picks a day she works the night:
// the refusal is explained in plain words before anything is sent (the code only in the
// support line), the send button stays disabled and nothing is queued or stored; offline the
// form says the check runs when the request is sent; a day without a shift sends. Then the
// same refusal in English.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must, until } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const pad = (n) => String(n).padStart(2, '0');
const shanghaiDay = (date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** Three months ahead in Shanghai (next month and the one after belong to the roster tests). */
function monthAhead() {
  const [y, m] = shanghaiDay(new Date()).split('-').map(Number);
  const i = y * 12 + m - 1 + 3;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** 梁雪 works the night of an ordinary day; the day after next is free. */
async function setUp() {
  const month = monthAhead();
  const sv = await loginToken('CS2001');
  const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
  const depotId = me.me.depot.id;
  const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
  const types = Object.fromEntries(
    (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes.map((t) => [t.code, t.id]),
  );
  const { holidays } = await must('query($y: Int!) { holidays(year: $y) { day } }', { y: Number(month.slice(0, 4)) }, sv);
  const off = new Set(holidays.map((h) => h.day));
  const d = [10, 12, 14, 16, 18].find((n) => !off.has(`${month}-${pad(n)}`) && !off.has(`${month}-${pad(n + 2)}`));
  assert.ok(d, 'an ordinary day for the night');
  const night = `${month}-${pad(d)}`;
  const free = `${month}-${pad(d + 2)}`;
  const { assignShifts } = await must(
    'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id version status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments: [{ staffId: ids.CS1012, day: night, shiftTypeId: types.NIGHT }] } },
    sv,
  );
  if (assignShifts.roster.status === 'DRAFT') {
    await must(
      'mutation($i: PublishRosterInput!) { publishRoster(input: $i) { roster { status } } }',
      { i: { idempotencyKey: crypto.randomUUID(), rosterId: assignShifts.roster.id, version: assignShifts.roster.version } },
      sv,
    );
  }
  return { month, night, free };
}

describe('leave is checked before it is sent', { skip: skip ?? false }, () => {
  let setup;
  let phone;
  let page;

  before(async () => {
    setup = await setUp();
  });
  after(async () => {
    await phone?.close();
    // Withdraw what the test asked for: the supervisor's inbox is as the other tests expect.
    const agent = await loginToken('CS1012');
    const { myLeaveRequests } = await must('query($m: String!) { myLeaveRequests(month: $m) { id version status } }', { m: setup.month }, agent);
    for (const l of myLeaveRequests.filter((l) => l.status === 'PENDING')) {
      await must(
        'mutation($i: CancelRequestInput!) { cancelLeaveRequest(input: $i) { leaveRequest { status } } }',
        { i: { idempotencyKey: crypto.randomUUID(), id: l.id, version: l.version } },
        agent,
      );
    }
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-leave-check-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const nav = () => page.getByRole('navigation', { name: /主导航|Main navigation/ });

  async function signIn(employeeNo) {
    await phone?.close();
    phone = await launchPhone();
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel('工号').fill(employeeNo);
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await nav().waitFor();
  }

  async function choose(label, text) {
    const select = page.getByLabel(label, { exact: true });
    await select.locator('option', { hasText: text }).first().waitFor({ state: 'attached' });
    await select.selectOption(await select.locator('option', { hasText: text }).first().getAttribute('value'));
  }

  let agent;
  async function stored() {
    agent ??= await loginToken('CS1012');
    const { myLeaveRequests } = await must('query($m: String!) { myLeaveRequests(month: $m) { startDay status } }', { m: setup.month }, agent);
    return myLeaveRequests.filter((l) => l.status === 'PENDING');
  }

  test('a night shift is refused before sending, nothing is queued; a free day sends', async () => {
    await signIn('CS1012');
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '请假', exact: true }).click();
    await page.getByText('选好假别和日期后，系统会先检查请假规则。').waitFor();
    await choose('假别', '事假');
    await page.getByLabel('开始日期').fill(setup.night);
    await page.getByLabel('结束日期').fill(setup.night);
    await page.getByLabel('事由').fill('家中有事');

    const refusal = page.getByRole('alert').filter({ hasText: '不能提交：这次请假不符合 1 条规则' });
    await refusal.waitFor();
    const rules = refusal.getByRole('list', { name: '不符合的请假规则' });
    assert.match(await rules.textContent(), /夜班不允许请假/);
    assert.doesNotMatch(await rules.textContent(), /LEAVE_NIGHT_SHIFT/);
    await refusal.getByText('供客服支持查询：LEAVE_NIGHT_SHIFT').waitFor();
    const size = await refusal.getByText('供客服支持查询：LEAVE_NIGHT_SHIFT').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 12, `support line is ${size}px`);
    const send = page.getByRole('button', { name: '提交请假申请' });
    assert.equal(await send.isDisabled(), true);
    // The way out is offered at once: a colleague to cover the night.
    await page.getByRole('region', { name: '找同事顶班' }).waitFor();
    await shot('leave-check-01-night-refused');
    // Nothing was sent, nothing waits in the queue, and "已提交" is nowhere.
    await send.click({ force: true });
    assert.equal(await page.getByText('待同步').count(), 0);
    assert.equal(await page.getByText('已提交，等待逐级审批。').count(), 0);
    assert.deepEqual(await stored(), []);

    // Offline the dry run cannot answer: the form says the server checks it when sent.
    await phone.context.setOffline(true);
    await page.getByLabel('开始日期').fill(setup.free);
    await page.getByLabel('结束日期').fill(setup.free);
    await page.getByText('离线时无法预先检查；申请将在联网提交时由服务器检查。').waitFor();
    await phone.context.setOffline(false);

    // A day without a shift passes the check and sends.
    await page.getByRole('status').filter({ hasText: '符合全部请假规则，可以提交。' }).waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: '不能提交' }).count(), 0);
    await page.getByLabel('事由').fill('家中有事');
    await send.click();
    await page.getByText('已提交，等待逐级审批。').waitFor();
    await until('the request is stored', async () => (await stored()).length === 1);
    await shot('leave-check-02-sent');
    const after = await stored();
    assert.deepEqual(after.map((l) => l.startDay), [setup.free]);
    assert.equal(await page.getByRole('alert').filter({ hasText: '不能提交' }).count(), 0);
  });

  test('the same refusal in English', async () => {
    await signIn('CS1012');
    await nav().getByRole('link', { name: '我的' }).click();
    await page.getByRole('radio', { name: 'English' }).click();
    await nav().getByRole('link', { name: 'Roster' }).click();
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
    await choose('Leave type', 'Personal leave');
    await page.getByLabel('First day', { exact: true }).fill(setup.night);
    await page.getByLabel('Last day', { exact: true }).fill(setup.night);
    const refusal = page.getByRole('alert').filter({ hasText: 'Cannot send: this leave breaks 1 rule(s)' });
    await refusal.waitFor();
    assert.match(await refusal.getByRole('list', { name: 'Leave rules broken' }).textContent(), /no leave on a night shift/);
    await refusal.getByText('For support: LEAVE_NIGHT_SHIFT').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Send leave request' }).isDisabled(), true);
    await shot('leave-check-03-english');
  });
});
