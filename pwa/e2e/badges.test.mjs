// Badges and live lists, in Chromium at 360 px: with the approvals inbox open and nothing
// touched, a swap the colleague has just accepted appears in the list and on the tab's
// badge, and both clear once the swap is decided elsewhere; Today shows what waits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';

const skip = missingBrowser();
const pad = (n) => String(n).padStart(2, '0');

/** Three months ahead in Shanghai: next month belongs to roster.test.mjs, the one after to roster-withdraw-cover.test.mjs. */
function threeMonthsAhead() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  const n = m + 3;
  return n > 12 ? `${y + 1}-${pad(n - 12)}` : `${y}-${pad(n)}`;
}

/** Publishes the month: 张伟 odd days, 李娜 even days; returns a swap pair off holidays. */
async function roster(month) {
  const sv = await loginToken('CS2001');
  const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
  const depotId = me.me.depot.id;
  const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
  const types = (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes;
  const day =
    types.find((t) => t.code === 'DAY')?.id ??
    (await must('mutation($i: CreateShiftTypeInput!) { createShiftType(input: $i) { shiftType { id } } }',
      { i: { depotId, code: 'DAY', name: '白班', startTime: '08:30', endTime: '17:30', night: false } }, sv)).createShiftType.shiftType.id;
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const assignments = [];
  for (let d = 1; d <= last; d++) assignments.push({ staffId: ids[d % 2 ? 'CS1001' : 'CS1002'], day: `${month}-${pad(d)}`, shiftTypeId: day });
  const { assignShifts } = await must('mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id version } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments } }, sv);
  await must('mutation($i: PublishRosterInput!) { publishRoster(input: $i) { roster { status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), rosterId: assignShifts.roster.id, version: assignShifts.roster.version } }, sv);
  const off = new Set((await must('query($y: Int!) { holidays(year: $y) { day } }', { y }, sv)).holidays.map((h) => h.day));
  for (let d = 1; d + 1 <= last; d += 2) {
    const pair = [`${month}-${pad(d)}`, `${month}-${pad(d + 1)}`];
    if (!off.has(pair[0]) && !off.has(pair[1])) return { sv, depotId, ids, pair };
  }
  throw new Error('no swap pair');
}

const zhDay = (day) => `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`;

describe('badges and live lists', { skip: skip ?? false }, () => {
  let phone;
  let page;

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });

  test('an accepted swap appears in the open approvals inbox and on the badge, and both clear once decided', async () => {
    const month = threeMonthsAhead();
    const { sv, depotId, ids, pair } = await roster(month);
    await page.goto('/');
    await page.getByLabel('工号').fill('CS2001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: /您好/ }).waitFor();
    const tab = page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /审批/ });
    await tab.click();
    await page.getByRole('heading', { name: '审批', level: 1 }).waitFor();
    const badge = tab.locator('.tab-badge');
    const before = (await badge.count()) ? Number(await badge.textContent()) : 0;
    const card = page.locator('.card', { hasText: zhDay(pair[0]) }).filter({ hasText: '张伟' });
    assert.equal(await card.count(), 0, 'nothing about this swap yet');

    // 张伟 asks 李娜 through the API; she accepts: the swap now waits for 王芳.
    const agent = await loginToken('CS1001');
    const { dutyRoster } = await must('query($d: ID!, $m: String!) { dutyRoster(depotId: $d, month: $m) { assignments { id day staff { employeeNo } } } }',
      { d: depotId, m: month }, agent);
    const find = (no, day) => dutyRoster.assignments.find((a) => a.staff.employeeNo === no && a.day === day).id;
    const asked = await must('mutation($i: RequestShiftSwapInput!) { requestShiftSwap(input: $i) { shiftSwap { id version } } }',
      { i: { idempotencyKey: crypto.randomUUID(), reason: '家中有事',
        proposal: { requesterShiftId: find('CS1001', pair[0]), colleagueId: ids.CS1002, colleagueShiftId: find('CS1002', pair[1]) } } }, agent);
    const swap = asked.requestShiftSwap.shiftSwap;
    const accepted = await must('mutation($i: RespondToShiftSwapInput!) { respondToShiftSwap(input: $i) { shiftSwap { version } } }',
      { i: { idempotencyKey: crypto.randomUUID(), shiftSwapId: swap.id, version: swap.version, accept: true } }, await loginToken('CS1002'));

    await card.first().waitFor({ timeout: 15_000 });
    await page.waitForFunction((n) => Number(document.querySelector('a[href="/approvals"] .tab-badge')?.textContent ?? 0) === n + 1, before, { timeout: 15_000 });
    const box = await badge.boundingBox();
    assert.ok(box && box.x + box.width <= 360, `the badge stays on a 360 px screen: ${JSON.stringify(box)}`);

    // Decided elsewhere (another phone, the API): the card and the count go by themselves.
    await must('mutation($i: DecideInput!) { decideShiftSwap(input: $i) { shiftSwap { status } } }',
      { i: { idempotencyKey: crypto.randomUUID(), id: swap.id, version: accepted.respondToShiftSwap.shiftSwap.version, decision: 'APPROVE' } }, sv);
    await card.first().waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForFunction((n) => Number(document.querySelector('a[href="/approvals"] .tab-badge')?.textContent ?? 0) === n, before, { timeout: 15_000 });
  });

  test("Today shows the supervisor's shifts with who else is on, and who is on duty with their punches", async () => {
    await page.goto('/today');
    const shifts = page.getByRole('region', { name: '我的班次' });
    await shifts.waitFor();
    await page.waitForFunction(() => {
      const card = document.querySelector('[aria-labelledby="shifts-title"]');
      return card && (card.textContent.includes('班') || card.textContent.includes('两周内没有排班'));
    });
    const text = await shifts.textContent();
    if (!text.includes('两周内没有排班')) {
      assert.match(text, /\d{1,2}:\d{2}.\d{1,2}:\d{2}/, `a time range: ${text}`);
      assert.match(text, /同班:|本班没有其他同事/, `who else is on: ${text}`);
    }
    // Supervisors also see who is on duty at their depot now: late, not arrived, clocked in.
    await page.getByRole('region', { name: /当前在岗/ }).first().waitFor();
  });

  test('Today lists what waits, in English too', async () => {
    await page.goto('/today');
    await page.getByRole('heading', { name: '待办' }).waitFor();
    await page.goto('/me');
    await page.getByRole('radio', { name: 'English' }).click();
    await page.goto('/today');
    await page.getByRole('heading', { name: 'Waiting for you' }).waitFor();
    await page.goto('/me');
    await page.getByRole('radio', { name: '中文' }).click();
  });
});
