// Shift swaps on a phone against the real server: the supervisor's roster is built through
// the API (shift types, assignments, publish) and two swaps already approved; then on
// 360×780 screens the agent asks a colleague for the month's third swap after the dry run,
// the colleague accepts, the supervisor approves it with the context in front of them, and
// a fourth swap is refused by the dry run with its explanation, in Chinese and in English.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must, until } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });


const pad = (n) => String(n).padStart(2, '0');

/** Next month in Shanghai, as YYYY-MM: every day of it lies ahead, so any swap is allowed in time. */
function nextMonth() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

/**
 * The supervisor CS2001 builds and publishes next month's roster of the depot: 张伟 (CS1001)
 * works odd days, 李娜 (CS1002) even days, 黄磊 (CS1003) every day, all on the day shift.
 * Returns four swap pairs (张伟's odd day, 李娜's next day) away from public holidays and far
 * enough apart that no two swaps are consecutive.
 */
async function buildRoster(month) {
  const sv = await loginToken('CS2001');
  const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
  const depotId = me.me.depot.id;
  const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
  // The demo data may already have given the depot its shift types: use them if so.
  const existing = (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes;
  const createType = async (code, name, startTime, endTime, night) =>
    existing.find((t) => t.code === code)?.id ??
    (
      await must(
        'mutation($i: CreateShiftTypeInput!) { createShiftType(input: $i) { shiftType { id } } }',
        { i: { depotId, code, name, startTime, endTime, night } },
        sv,
      )
    ).createShiftType.shiftType.id;
  const day = await createType('DAY', '白班', '08:30', '17:30', false);
  await createType('NIGHT', '夜班', '21:00', '07:00', true);

  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const assignments = [];
  for (let d = 1; d <= last; d++) {
    const date = `${month}-${pad(d)}`;
    assignments.push({ staffId: ids[d % 2 ? 'CS1001' : 'CS1002'], day: date, shiftTypeId: day });
    assignments.push({ staffId: ids.CS1003, day: date, shiftTypeId: day });
  }
  const { assignShifts } = await must(
    'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id version } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments } },
    sv,
  );
  await must(
    'mutation($i: PublishRosterInput!) { publishRoster(input: $i) { roster { status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), rosterId: assignShifts.roster.id, version: assignShifts.roster.version } },
    sv,
  );

  const { holidays } = await must('query($y: Int!) { holidays(year: $y) { day } }', { y }, sv);
  const off = new Set(holidays.map((h) => h.day));
  const pairs = [];
  // From the 9th: the first week may straddle this month, whose demo roster already has
  // 李娜 on five days, and a sixth would be refused for lawful hours (SWAP_HOURS_LIMIT).
  for (let d = 9; d + 1 <= last && pairs.length < 4; d += 2) {
    const a = `${month}-${pad(d)}`;
    const b = `${month}-${pad(d + 1)}`;
    if (off.has(a) || off.has(b)) continue;
    pairs.push([a, b]);
    d += 2; // the next swap starts four days later: never consecutive
  }
  assert.equal(pairs.length, 4, 'four swap pairs fit in the month');
  const leaveDay = [...Array(last - 20).keys()].map((i) => `${month}-${pad(last - i)}`).find((d) => !off.has(d));
  return { sv, depotId, ids, pairs, leaveDay };
}

/** A swap done entirely through the API: requested by 张伟, accepted by 李娜, approved by 王芳. */
async function approvedSwap({ sv, depotId, ids }, month, [mine, theirs]) {
  const agent = await loginToken('CS1001');
  const { dutyRoster } = await must(
    'query($d: ID!, $m: String!) { dutyRoster(depotId: $d, month: $m) { assignments { id day staff { employeeNo } } } }',
    { d: depotId, m: month },
    agent,
  );
  const find = (no, day) => dutyRoster.assignments.find((a) => a.staff.employeeNo === no && a.day === day).id;
  const proposal = { requesterShiftId: find('CS1001', mine), colleagueId: ids.CS1002, colleagueShiftId: find('CS1002', theirs) };
  const asked = await must(
    'mutation($i: RequestShiftSwapInput!) { requestShiftSwap(input: $i) { shiftSwap { id version } } }',
    { i: { idempotencyKey: crypto.randomUUID(), proposal, reason: '家中有事' } },
    agent,
  );
  const swap = asked.requestShiftSwap.shiftSwap;
  const accepted = await must(
    'mutation($i: RespondToShiftSwapInput!) { respondToShiftSwap(input: $i) { shiftSwap { version } } }',
    { i: { idempotencyKey: crypto.randomUUID(), shiftSwapId: swap.id, version: swap.version, accept: true } },
    await loginToken('CS1002'),
  );
  await must(
    'mutation($i: DecideInput!) { decideShiftSwap(input: $i) { shiftSwap { status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), id: swap.id, version: accepted.respondToShiftSwap.shiftSwap.version, decision: 'APPROVE' } },
    sv,
  );
}

/** "12月13日": how the zh-CN screens start a day's label. */
const zhDay = (day) => `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`;

describe('shift swaps on a phone', { skip: skip ?? false }, () => {
  const month = nextMonth();
  let setup;
  let phone;
  let page;

  before(async () => {
    setup = await buildRoster(month);
    await approvedSwap(setup, month, setup.pairs[0]);
    await approvedSwap(setup, month, setup.pairs[1]);
  });
  after(async () => {
    await phone?.close();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-roster-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
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

  async function openSwapsNextMonth() {
    await nav().getByRole('link', { name: '排班' }).click();
    await page.waitForURL('**/roster');
    await page.getByRole('button', { name: '下个月' }).click();
    await page.getByRole('button', { name: '换班', exact: true }).click();
  }

  /** Picks the option of a select whose text contains `text`. */
  async function choose(label, text) {
    const select = page.getByLabel(label, { exact: true });
    await select.locator('option', { hasText: text }).first().waitFor({ state: 'attached' });
    const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
    await select.selectOption(value);
  }

  test('the agent sees the published roster as a calendar', async () => {
    await signIn('CS1001');
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '下个月' }).click();
    const [first] = setup.pairs[2];
    // 张伟 works odd days; 李娜's approved swap days show him on her even days too.
    await page.getByRole('button', { name: new RegExp(`^${zhDay(first)}.*白班 08:30–17:30`) }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^${zhDay(first)}`) }).click();
    await page.getByRole('heading', { name: new RegExp(`^${zhDay(first)}`), level: 3 }).waitFor();
    await shot('roster-01-calendar');
  });

  test('the agent asks for a third swap after the dry run allows it', async () => {
    const [mine, theirs] = setup.pairs[2];
    await page.getByRole('button', { name: '换班', exact: true }).click();
    await choose('我的班次', zhDay(mine));
    await choose('同事', '李娜');
    await choose('同事的班次', zhDay(theirs));
    await page.getByLabel('理由（可选）').fill('孩子开家长会');
    await page.getByText('符合全部换班规则，可以申请。').waitFor();
    await shot('roster-02-dry-run-allowed');
    await page.getByRole('button', { name: '发送换班申请' }).click();
    const mySwaps = page.getByRole('region', { name: '我的换班' });
    await mySwaps.getByText('待同事确认').waitFor();
    assert.equal(await mySwaps.getByText('已批准').count(), 2);
    await shot('roster-03-swap-sent');
  });

  test('the colleague accepts from the notification', async () => {
    await signIn('CS1002');
    await nav().getByRole('link', { name: '排班' }).click();
    const notes = page.getByRole('region', { name: '通知' });
    await notes.getByRole('button', { name: '去回复' }).first().click();
    const forMe = page.getByRole('region', { name: '等我回复的换班' });
    await forMe.getByText('张伟 请您换班').waitFor();
    await forMe.getByText('理由：孩子开家长会').waitFor();
    await shot('roster-04-colleague-asked');
    await forMe.getByRole('button', { name: '接受' }).click();
    await forMe.getByText('没有同事请您换班。').waitFor();
  });

  test('the supervisor approves with the context on screen', async () => {
    await signIn('CS2001');
    await nav().getByRole('link', { name: '审批' }).click();
    await page.waitForURL('**/approvals');
    const card = page.getByRole('region', { name: '张伟 的换班申请' });
    await card.getByText('张伟 本月换班 3 次').waitFor();
    await card.getByText('没有违反规则。').waitFor();
    await card.getByText(/同班：黄磊/).first().waitFor();
    await shot('roster-05-approval');
    // Rejecting without a comment says why and puts the cursor in the comment (the phone's
    // keyboard opens there) instead of leaving it on the button.
    await card.getByRole('button', { name: '驳回' }).click();
    await card.getByRole('alert').getByText('驳回时请填写意见。').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true');
    assert.equal(
      await card.getByLabel('审批意见（驳回时必填）').evaluate((el) => el === document.activeElement),
      true,
      'the comment field has the focus',
    );
    await card.getByLabel('审批意见（驳回时必填）').fill('同意，注意交接');
    await card.getByRole('button', { name: '同意' }).click();
    await page.getByRole('heading', { name: '没有待审批的申请' }).waitFor();
    await shot('roster-06-approved');
  });

  test('a fourth swap in the month is refused with its explanation', async () => {
    await signIn('CS1001');
    await openSwapsNextMonth();
    const mySwaps = page.getByRole('region', { name: '我的换班' });
    await mySwaps.getByText('主管意见：同意，注意交接').waitFor();
    assert.equal(await mySwaps.getByText('已批准').count(), 3);

    const [mine, theirs] = setup.pairs[3];
    await choose('我的班次', zhDay(mine));
    await choose('同事', '李娜');
    await choose('同事的班次', zhDay(theirs));
    const refusal = page.getByRole('alert');
    await refusal.getByText(/不能申请：违反 \d+ 条规则/).waitFor();
    const rules = refusal.getByRole('list', { name: '违反的规则' });
    assert.match(await rules.textContent(), /每人每月最多 3 次/);
    // The code is for support only, in its own small line.
    assert.doesNotMatch(await rules.textContent(), /SWAP_MONTHLY_LIMIT/);
    await refusal.getByText('供客服支持查询：SWAP_MONTHLY_LIMIT').waitFor();
    assert.equal(await page.getByRole('button', { name: '发送换班申请' }).isDisabled(), true);
    await shot('roster-07-fourth-refused');

    await nav().getByRole('link', { name: '我的' }).click();
    await page.getByRole('radio', { name: 'English' }).click();
    await nav().getByRole('link', { name: 'Roster' }).click();
    await page.getByRole('button', { name: 'Next month' }).click();
    await page.getByRole('button', { name: 'Swaps', exact: true }).click();
    const enDay = (day) => new Intl.DateTimeFormat('en', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
    await choose('My shift', enDay(mine));
    await choose('Colleague', '李娜');
    await choose('Colleague’s shift', enDay(theirs));
    await page.getByRole('alert').getByText(/at most 3 per person per month/).first().waitFor();
    await shot('roster-08-fourth-refused-en');
  });

  test('leave is asked for and approved level by level', async () => {
    await signIn('CS1001');
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '请假', exact: true }).click();
    await choose('假别', '年假');
    await page.getByLabel('开始日期').fill(setup.leaveDay);
    await page.getByLabel('结束日期').fill(setup.leaveDay);
    await page.getByLabel('事由').fill('回老家探亲');
    await page.getByRole('button', { name: '提交请假申请' }).click();
    const mine = page.getByRole('region', { name: '我的请假' });
    await mine.getByText('第 1 级 王芳: 审批中').waitFor();
    await shot('roster-09-leave-asked');

    await signIn('CS2001');
    await nav().getByRole('link', { name: '审批' }).click();
    const card = page.getByRole('region', { name: '张伟 的请假申请' });
    await card.getByText('回老家探亲', { exact: false }).waitFor();
    await card.getByRole('button', { name: '同意' }).click();
    await page.getByRole('heading', { name: '没有待审批的申请' }).waitFor();

    // The supervisor's own views: who is on duty now, and the editor of next month.
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '在岗' }).click();
    await page.getByRole('heading', { name: /^当前在岗/ }).waitFor();
    await shot('roster-10-on-duty');
    await page.getByRole('button', { name: '编排' }).click();
    await page.getByRole('button', { name: '下个月' }).click();
    await page.getByText(/^已发布，共 \d+ 个班次/).waitFor();
    await shot('roster-11-editor');

    await signIn('CS1001');
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '请假', exact: true }).click();
    const progress = page.getByRole('region', { name: '我的请假' });
    await progress.getByText('第 1 级 王芳: 同意').waitFor();
    await progress.getByText(/第 2 级 .*: 审批中/).waitFor();
    await shot('roster-12-leave-level-two');

    // One tap on one person's day in the editor clears that day alone (#19 item 11).
    await signIn('CS2001');
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '编排' }).click();
    await page.getByRole('button', { name: '下个月' }).click();
    const days = page.getByRole('region', { name: '每日排班' });
    const cells = days.getByRole('button', { name: /张伟$/ });
    await cells.last().waitFor();
    const before = await cells.count();
    const dayLabel = (await cells.last().locator('xpath=ancestor::li[1]/strong').textContent()).trim();
    const day = days.getByRole('listitem').filter({ has: page.locator('strong', { hasText: dayLabel }) });
    const others = await day.getByRole('button').count();
    await cells.last().click();
    await page.getByLabel(/^张伟 .* 的班次$/).selectOption({ label: '休息（清除班次）' });
    await shot('roster-13-editor-cell');
    await page.getByRole('button', { name: '保存' }).click();
    await until('张伟 has one shift fewer', async () => (await cells.count()) === before - 1);
    assert.equal(await day.getByRole('button').count(), others - 1, 'only 张伟 left that day');
  });
});
