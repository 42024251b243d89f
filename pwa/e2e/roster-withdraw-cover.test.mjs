// Issue 6, the missing pieces, on a phone against the real server: an agent withdraws a
// pending swap; a leave request on a night shift is refused and the cover-swap offer starts
// a swap with the one colleague who can take the night; the attendance month marks a late
// arrival and an early leave against the roster, and the supervisor's day view shows who was
// late, left early or absent.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });


const pad = (n) => String(n).padStart(2, '0');
const shanghaiDay = (date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
/** "12月13日": how the zh-CN screens start a day's label. */
const zhDay = (day) => `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`;

/** The month after next in Shanghai, as YYYY-MM: next month belongs to roster.test.mjs. */
function monthAfterNext() {
  const [y, m] = shanghaiDay(new Date()).split('-').map(Number);
  const i = y * 12 + m - 1 + 2;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** Assigns shifts in a month of the depot and publishes the roster if it is a draft. */
async function assign(sv, depotId, month, assignments) {
  const { assignShifts } = await must(
    'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id version status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments } },
    sv,
  );
  if (assignShifts.roster.status === 'DRAFT') {
    await must(
      'mutation($i: PublishRosterInput!) { publishRoster(input: $i) { roster { status } } }',
      { i: { idempotencyKey: crypto.randomUUID(), rosterId: assignShifts.roster.id, version: assignShifts.roster.version } },
      sv,
    );
  }
}

/**
 * The month after next at 王芳's depot: 张伟 (CS1001) days on odd dates, 李娜 (CS1002) on even dates,
 * 黄磊 (CS1003) every day, except one even, ordinary day when he works the night. Only 李娜
 * can cover that night (by swapping her day shift of the same date); 张伟 would leave 黄磊
 * with two shifts on one day.
 */
async function setUp() {
  const month = monthAfterNext();
  const sv = await loginToken('CS2001');
  const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
  const depotId = me.me.depot.id;
  const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
  const types = Object.fromEntries(
    (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes.map((t) => [t.code, t.id]),
  );
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const { holidays } = await must('query($y: Int!) { holidays(year: $y) { day } }', { y }, sv);
  const off = new Set(holidays.map((h) => h.day));
  const ordinary = (d) => d >= 1 && d <= last && !off.has(`${month}-${pad(d)}`);
  // The night: an even day from the 20th with ordinary neighbours; the swap: an early odd day.
  const nightDay = [20, 22, 24, 26, 18, 16].find((d) => ordinary(d - 1) && ordinary(d) && ordinary(d + 1));
  const swapDay = [3, 5, 7, 9, 11].find((d) => ordinary(d) && ordinary(d + 1));
  assert.ok(nightDay && swapDay, 'ordinary days for the night and the swap');
  const assignments = [];
  for (let d = 1; d <= last; d++) {
    const day = `${month}-${pad(d)}`;
    assignments.push({ staffId: ids[d % 2 ? 'CS1001' : 'CS1002'], day, shiftTypeId: types.DAY });
    assignments.push({ staffId: ids.CS1003, day, shiftTypeId: d === nightDay ? types.NIGHT : types.DAY });
  }
  await assign(sv, depotId, month, assignments);

  // Yesterday (Shanghai) at the depot: 梁雪 (CS1012) and 黄磊 on the day shift, 08:30–17:30.
  const yesterday = shanghaiDay(new Date(Date.now() - 86_400_000));
  await assign(sv, depotId, yesterday.slice(0, 7), [
    { staffId: ids.CS1012, day: yesterday, shiftTypeId: types.DAY },
    { staffId: ids.CS1003, day: yesterday, shiftTypeId: types.DAY },
  ]);
  return { sv, depotId, ids, month, night: `${month}-${pad(nightDay)}`, swap: [`${month}-${pad(swapDay)}`, `${month}-${pad(swapDay + 1)}`], yesterday };
}

describe('withdrawal, cover swap and attendance on a phone', { skip: skip ?? false }, () => {
  let setup;
  let phone;
  let page;

  before(async () => {
    setup = await setUp();
  });
  after(async () => {
    await phone?.close();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-withdraw-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
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

  async function openRosterView(view, { ahead = 0 } = {}) {
    await nav().getByRole('link', { name: '排班' }).click();
    await page.waitForURL('**/roster');
    for (let i = 0; i < ahead; i++) await page.getByRole('button', { name: '下个月' }).click();
    await page.getByRole('button', { name: view, exact: true }).click();
  }

  async function choose(label, text) {
    const select = page.getByLabel(label, { exact: true });
    await select.locator('option', { hasText: text }).first().waitFor({ state: 'attached' });
    const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
    await select.selectOption(value);
  }

  test('the agent withdraws a swap still waiting for the colleague', async () => {
    const [mine, theirs] = setup.swap;
    await signIn('CS1001');
    await openRosterView('换班', { ahead: 2 });
    await choose('我的班次', zhDay(mine));
    await choose('同事', '李娜');
    await choose('同事的班次', zhDay(theirs));
    await page.getByText('符合全部换班规则，可以申请。').waitFor();
    await page.getByRole('button', { name: '发送换班申请' }).click();
    const mySwaps = page.getByRole('region', { name: '我的换班' });
    const item = mySwaps.getByRole('listitem').filter({ hasText: zhDay(mine) });
    await item.getByText('待同事确认').waitFor();
    await shot('withdraw-01-pending');
    await item.getByRole('button', { name: '撤回申请' }).click();
    await item.getByText('已撤回').waitFor();
    assert.equal(await item.getByRole('button', { name: '撤回申请' }).count(), 0);
    await shot('withdraw-02-withdrawn');

    // 李娜 was told, and has nothing left to answer.
    const colleague = await loginToken('CS1002');
    const { myRosterNotifications } = await must('{ myRosterNotifications(first: 5) { kind } }', {}, colleague);
    assert.equal(myRosterNotifications[0].kind, 'SWAP_CANCELLED');
    const { approvalsInbox } = await must('{ approvalsInbox { shiftSwap { requesterDay requester { employeeNo } } } }', {}, colleague);
    assert.equal(approvalsInbox.filter((i) => i.shiftSwap?.requesterDay === mine && i.shiftSwap.requester.employeeNo === 'CS1001').length, 0);
  });

  test('leave on a night shift is refused and the cover offer starts a swap', async () => {
    await signIn('CS1003');
    await openRosterView('请假');
    await choose('假别', '事假');
    await page.getByLabel('开始日期').fill(setup.night);
    await page.getByLabel('结束日期').fill(setup.night);
    await page.getByLabel('事由').fill('家中有事');
    // The dry run refuses it before sending: the button stays disabled, the code is for support.
    await page.getByRole('alert').filter({ hasText: '夜班不允许请假' }).getByText('供客服支持查询：LEAVE_NIGHT_SHIFT').waitFor();
    assert.equal(await page.getByRole('button', { name: '提交请假申请' }).isDisabled(), true);

    const offer = page.getByRole('region', { name: '找同事顶班' });
    await offer.getByText(new RegExp(`要顶的班次：${zhDay(setup.night)}.*夜班 21:00–07:00`)).waitFor();
    await offer.getByRole('button', { name: '找人顶班' }).click();
    const ask = offer.getByRole('button', { name: '请李娜顶班' });
    await ask.waitFor();
    // 张伟 cannot: the reason is spelled out.
    await offer.getByText(/不能顶班的同事/).click();
    const why = offer.getByRole('list', { name: '张伟不能顶班的原因' });
    assert.doesNotMatch(await why.textContent(), /SWAP_DOUBLE_BOOKED/);
    await offer.getByText(/供客服支持查询：.*SWAP_DOUBLE_BOOKED/).first().waitFor();
    const payBack = offer.getByLabel('您为李娜还班的班次');
    assert.match(await payBack.locator('option:checked').textContent(), new RegExp(zhDay(setup.night)));
    await shot('cover-01-offer');
    await ask.click();
    await offer.getByText('已向李娜发出换班申请，可在“换班”里查看进度。').waitFor();

    await page.getByRole('button', { name: '换班', exact: true }).click();
    await page.getByRole('button', { name: '下个月' }).click();
    await page.getByRole('button', { name: '下个月' }).click();
    const mySwaps = page.getByRole('region', { name: '我的换班' });
    const asked = mySwaps.getByRole('listitem').filter({ hasText: '李娜' });
    await asked.getByText('待同事确认').waitFor();
    await shot('cover-02-swap-asked');
    // 黄磊 changes his mind: the request is withdrawn, so 李娜 is left with nothing to answer.
    await asked.getByRole('button', { name: '撤回申请' }).click();
    await asked.getByText('已撤回').waitFor();
  });

  test('the attendance month marks a late arrival and an early leave', async () => {
    const y = setup.yesterday;
    const at = (hhmm) => new Date(`${y}T${hhmm}:00+08:00`).toISOString();
    const agent = await loginToken('CS1012');
    for (const [kind, time] of [
      ['CLOCK_IN', '08:50'],
      ['CLOCK_OUT', '17:00'],
    ]) {
      await must(
        'mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { punch { id } } }',
        { i: { idempotencyKey: crypto.randomUUID(), kind, occurredAt: at(time) } },
        agent,
      );
    }
    await signIn('CS1012');
    await page.getByRole('link', { name: /我的考勤/ }).click();
    await page.waitForURL('**/roster#attendance');
    if (y.slice(0, 7) !== shanghaiDay(new Date()).slice(0, 7)) await page.getByRole('button', { name: '上个月' }).click();
    const list = page.getByRole('list', { name: '本月班次考勤' });
    const row = list.getByRole('listitem').filter({ hasText: zhDay(y) });
    await row.getByText('迟到 20 分钟').waitFor();
    await row.getByText('早退 30 分钟').waitFor();
    await page.getByRole('status').filter({ hasText: /迟到 [1-9]\d* 次，早退 [1-9]\d* 次/ }).waitFor();
    await shot('attendance-01-month');
  });

  test('the supervisor sees who was late, left early or absent that day', async () => {
    await signIn('CS2001');
    await openRosterView('考勤');
    await page.getByLabel('日期', { exact: true }).fill(setup.yesterday);
    const list = page.getByRole('list', { name: '当日考勤' });
    const late = list.getByRole('listitem').filter({ hasText: '梁雪' });
    await late.getByText('迟到 20 分钟').waitFor();
    await late.getByText('早退 30 分钟').waitFor();
    await list.getByRole('listitem').filter({ hasText: '黄磊' }).getByText('缺勤').waitFor();
    // Problems come first: the absent before the late.
    const names = await list.getByRole('listitem').locator('strong').allTextContents();
    assert.ok(names.indexOf('黄磊') < names.indexOf('梁雪'), `absent first: ${names}`);
    await shot('attendance-02-depot-day');
  });
});
