// Open shifts on a 360 px phone against the real server (issue 20 item 2): 王芳 (CS2001)
// posts an open day shift in zh-CN, 张伟 (CS1001, free that day) sees it in 排班 and claims
// it, 王芳 confirms him in the approvals inbox, and the shift is on his calendar. An English
// pass: 梁雪 (CS1012) claims another open shift in English. The month is three ahead, which
// no other test file rosters; what is left open is cancelled at the end.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must, until } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const pad = (n) => String(n).padStart(2, '0');
const shanghaiDay = (date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
/** "3月10日": how the zh-CN screens start a day's label. */
const zhDay = (day) => `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`;
const AHEAD = 3;

/** The month three ahead in Shanghai, as YYYY-MM. */
function monthAhead() {
  const [y, m] = shanghaiDay(new Date()).split('-').map(Number);
  const i = y * 12 + m - 1 + AHEAD;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

const openShiftsQuery = 'query($d: ID!) { openShifts(depotId: $d) { id day status version claims { id claimant { employeeNo } } } }';

/** A published roster three months ahead with 梁雪 on the 1st and 20th only; 张伟 and 梁雪 are free on the 10th and 12th. */
async function setUp() {
  const month = monthAhead();
  const sv = await loginToken('CS2001');
  const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
  const depotId = me.me.depot.id;
  const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
  const types = Object.fromEntries(
    (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes.map((t) => [t.code, t.id]),
  );
  const { assignShifts } = await must(
    'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id version status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments: [
      { staffId: ids.CS1012, day: `${month}-01`, shiftTypeId: types.DAY },
      { staffId: ids.CS1012, day: `${month}-20`, shiftTypeId: types.DAY },
    ] } },
    sv,
  );
  if (assignShifts.roster.status === 'DRAFT') {
    await must(
      'mutation($i: PublishRosterInput!) { publishRoster(input: $i) { roster { status } } }',
      { i: { idempotencyKey: crypto.randomUUID(), rosterId: assignShifts.roster.id, version: assignShifts.roster.version } },
      sv,
    );
  }
  return { sv, depotId, types, month, day: `${month}-10`, second: `${month}-12` };
}

describe('open shifts on a phone', { skip: skip ?? false }, () => {
  let setup;
  let phone;
  let page;

  before(async () => {
    setup = await setUp();
  });
  after(async () => {
    await phone?.close();
    // Withdraw 梁雪's leave request (the next test files expect an empty inbox).
    const agent = await loginToken('CS1012');
    const { myLeaveRequests } = await must('query($m: String!) { myLeaveRequests(month: $m) { id version status } }', { m: setup.month }, agent);
    for (const l of myLeaveRequests.filter((l) => l.status === 'PENDING')) {
      await must(
        'mutation($i: CancelRequestInput!) { cancelLeaveRequest(input: $i) { leaveRequest { status } } }',
        { i: { idempotencyKey: crypto.randomUUID(), id: l.id, version: l.version } },
        agent,
      );
    }
    // Cancel what is still open, so other tests' lists and inboxes stay as they expect.
    const { openShifts } = await must(openShiftsQuery, { d: setup.depotId }, setup.sv);
    for (const o of openShifts.filter((o) => o.day.startsWith(setup.month))) {
      await must(
        'mutation($i: CancelOpenShiftInput!) { cancelOpenShift(input: $i) { openShift { status } } }',
        { i: { idempotencyKey: crypto.randomUUID(), id: o.id, version: o.version } },
        setup.sv,
      );
    }
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-open-shifts-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const nav = () => page.getByRole('navigation', { name: /主导航|Main navigation/ });

  /** 排班 → 空缺班次 (zh-CN). */
  async function openShiftsView() {
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '空缺班次', exact: true }).click();
  }

  async function signIn(employeeNo, locale = 'zh-CN') {
    await phone?.close();
    phone = await launchPhone({ locale });
    const en = locale === 'en';
    if (en) await phone.context.addInitScript(() => localStorage.setItem('cs.locale', 'en'));
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel(en ? 'Employee number' : '工号').fill(employeeNo);
    await page.getByLabel(en ? 'Password' : '密码').fill('Demo@2026');
    await page.getByRole('button', { name: en ? 'Log in' : '登录' }).click();
    await nav().waitFor();
  }

  test('the supervisor posts an open shift', async () => {
    await signIn('CS2001');
    await openShiftsView();
    const form = page.getByRole('region', { name: '发布空缺班次' });
    await form.getByLabel('日期').fill(setup.day);
    const select = form.getByLabel('班次', { exact: true });
    await select.locator('option', { hasText: '白班' }).first().waitFor({ state: 'attached' });
    await select.selectOption(await select.locator('option', { hasText: '白班' }).first().getAttribute('value'));
    await form.getByLabel('备注（可选）').fill('缺一人，欢迎认领');
    await shot('open-shifts-01-post');
    await form.getByRole('button', { name: '发布' }).click();
    await form.getByText('已发布空缺班次。').waitFor();
    const posted = await until('the open shift is stored', async () => {
      const { openShifts } = await must(openShiftsQuery, { d: setup.depotId }, setup.sv);
      return openShifts.find((o) => o.day === setup.day);
    });
    assert.equal(posted.status, 'OPEN');
  });

  test('an agent sees it in 排班 and claims it on the phone', async () => {
    await signIn('CS1001');
    await openShiftsView();
    const list = page.getByRole('region', { name: '可认领的空缺班次' });
    const item = list.getByRole('listitem').filter({ hasText: zhDay(setup.day) });
    await item.getByText('备注：缺一人，欢迎认领').waitFor();
    const claim = item.getByRole('button', { name: '认领' });
    const box = await claim.boundingBox();
    assert.ok(box && box.height >= 44, `the claim button is ${box?.height}px tall`);
    await claim.click();
    await item.getByText('已认领，等待主管确认').waitFor();
    await shot('open-shifts-02-claimed');
  });

  test('the supervisor confirms the claimant in the approvals inbox', async () => {
    await signIn('CS2001');
    await nav().getByRole('link', { name: '审批' }).click();
    const section = page.getByRole('region', { name: '空缺班次认领' });
    const item = section.getByRole('listitem').filter({ hasText: zhDay(setup.day) });
    await shot('open-shifts-03-inbox');
    await item.getByRole('button', { name: '确认 张伟 (CS1001)' }).click();
    await until('the open shift is filled', async () => {
      const { openShifts } = await must(openShiftsQuery, { d: setup.depotId }, setup.sv);
      return !openShifts.some((o) => o.day === setup.day);
    });
    await section.waitFor({ state: 'detached' });
  });

  test('the agent’s calendar shows the shift', async () => {
    await signIn('CS1001');
    await nav().getByRole('link', { name: '排班' }).click();
    for (let i = 0; i < AHEAD; i++) await page.getByRole('button', { name: '下个月' }).click();
    const day = page.getByRole('group', { name: '我的排班' }).getByRole('button', { name: new RegExp(`^${zhDay(setup.day)}.*白班`) });
    await day.waitFor();
    await shot('open-shifts-04-calendar');
  });

  test('in English, an agent claims an open shift', async () => {
    await must(
      'mutation($i: PostOpenShiftInput!) { postOpenShift(input: $i) { openShift { id } } }',
      { i: { idempotencyKey: crypto.randomUUID(), depotId: setup.depotId, day: setup.second, shiftTypeId: setup.types.DAY } },
      setup.sv,
    );
    await signIn('CS1012', 'en');
    await nav().getByRole('link', { name: 'Roster' }).click();
    await page.getByRole('button', { name: 'Open shifts', exact: true }).click();
    const list = page.getByRole('region', { name: 'Open shifts you can take' });
    const [, m, d] = setup.second.split('-').map(Number);
    const label = new Intl.DateTimeFormat('en', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(new Date(Date.UTC(2000, m - 1, d)));
    const item = list.getByRole('listitem').filter({ hasText: label });
    await item.getByRole('button', { name: 'Claim' }).click();
    await item.getByText('Claimed; waiting for the supervisor').waitFor();
    await shot('open-shifts-05-english');
  });

  test('the supervisor cancels the claimed shift on the phone, asked first', async () => {
    await signIn('CS2001');
    await openShiftsView();
    const posted = page.getByRole('region', { name: '已发布的空缺班次' });
    const item = posted.getByRole('listitem').filter({ hasText: zhDay(setup.second) });
    await item.getByText('1 人认领').waitFor();
    await item.getByRole('button', { name: '取消此班次' }).click();
    await item.getByText('取消后认领的同事会收到通知。确定取消？').waitFor();
    await shot('open-shifts-06-cancel');
    await item.getByRole('button', { name: '确定取消' }).click();
    await until('the open shift is cancelled', async () => {
      const { openShifts } = await must(openShiftsQuery, { d: setup.depotId }, setup.sv);
      return !openShifts.some((o) => o.day === setup.second);
    });
    // Polled rather than item.waitFor({ state: 'detached' }): at load 32 the list re-rendered
    // with two items matching for a moment, and waitFor's strict mode failed on them.
    await until('the cancelled shift to leave the list', async () => (await item.count()) === 0);
    // 梁雪's claim is closed and she is told.
    const agent = await loginToken('CS1012');
    const { myRosterNotifications } = await must('{ myRosterNotifications(first: 100) { kind } }', {}, agent);
    assert.ok(myRosterNotifications.some((n) => n.kind === 'OPEN_SHIFT_CANCELLED'));
  });

  test('the supervisor posts the gap a leave request leaves, from the approvals inbox', async () => {
    const agent = await loginToken('CS1012');
    const { leaveTypes } = await must('{ leaveTypes { id code } }', {}, agent);
    await must(
      'mutation($i: RequestLeaveInput!) { requestLeave(input: $i) { leaveRequest { id } } }',
      { i: { idempotencyKey: crypto.randomUUID(), leaveTypeId: leaveTypes.find((t) => t.code === 'PERSONAL').id, startDay: `${setup.month}-20`, endDay: `${setup.month}-20`, reason: '家中有事' } },
      agent,
    );
    await signIn('CS2001');
    await nav().getByRole('link', { name: '审批' }).click();
    const card = page.getByRole('region', { name: '梁雪 的请假申请' });
    await card.getByRole('button', { name: '发布为空缺班次' }).click();
    // The card says it was posted; a coverage reload that lands first says so by count.
    await card.getByText(/已发布为空缺班次，同事可认领。|已发布空缺班次 1 个/).waitFor();
    const gap = await until('the gap is posted', async () => {
      const { openShifts } = await must('query($d: ID!) { openShifts(depotId: $d) { day fillsLeaveGap } }', { d: setup.depotId }, setup.sv);
      return openShifts.find((o) => o.day === `${setup.month}-20`);
    });
    assert.equal(gap.fillsLeaveGap, true);
    await shot('open-shifts-07-gap');
  });
});
