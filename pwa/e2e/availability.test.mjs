// Availability on a 360 px phone against the real server (issue 20 item 3): 张伟 (CS1001)
// marks a day he cannot work in 排班 → 可用时间 (zh-CN); 王芳 (CS2001) sees the mark on his
// cell in the roster editor and the warning naming him and the day; in English 张伟 removes
// the mark. The month is seven ahead, which no other test file rosters; the draft shift and
// any mark left are removed at the end.
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
const AHEAD = 7;

function monthAhead() {
  const [y, m] = shanghaiDay(new Date()).split('-').map(Number);
  const i = y * 12 + m - 1 + AHEAD;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

const myMarks = 'query($m: String!) { myAvailability(month: $m) { id day kind reason } }';

/** A draft roster seven months ahead with 张伟 on the 10th. */
async function setUp() {
  const month = monthAhead();
  const sv = await loginToken('CS2001');
  const agent = await loginToken('CS1001');
  const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
  const depotId = me.me.depot.id;
  const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
  const types = Object.fromEntries(
    (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes.map((t) => [t.code, t.id]),
  );
  const day = `${month}-10`;
  await must(
    'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments: [{ staffId: ids.CS1001, day, shiftTypeId: types.DAY }] } },
    sv,
  );
  return { sv, agent, depotId, ids, month, day };
}

describe('availability on a phone', { skip: skip ?? false }, () => {
  let setup;
  let phone;
  let page;

  before(async () => {
    setup = await setUp();
  });
  after(async () => {
    await phone?.close();
    const { myAvailability } = await must(myMarks, { m: setup.month }, setup.agent);
    for (const m of myAvailability) await must('mutation($id: ID!) { removeAvailability(id: $id) { removed } }', { id: m.id }, setup.agent);
    await must(
      'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id } } }',
      { i: { idempotencyKey: crypto.randomUUID(), depotId: setup.depotId, month: setup.month, assignments: [{ staffId: setup.ids.CS1001, day: setup.day, shiftTypeId: null }] } },
      setup.sv,
    );
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-availability-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const nav = () => page.getByRole('navigation', { name: /主导航|Main navigation/ });

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

  async function ahead(next) {
    for (let i = 0; i < AHEAD; i++) await page.getByRole('button', { name: next }).click();
  }

  test('an agent marks a day he cannot work', async () => {
    await signIn('CS1001');
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '可用时间', exact: true }).click();
    await ahead('下个月');
    const form = page.getByRole('region', { name: '我不方便上班的时间' });
    await form.getByLabel('日期').fill(setup.day);
    await form.getByLabel('不能上班').check();
    await form.getByLabel('原因').fill('孩子开家长会');
    const submit = form.getByRole('button', { name: '标记' });
    const box = await submit.boundingBox();
    assert.ok(box && box.height >= 44, `the mark button is ${box?.height}px tall`);
    await shot('availability-01-form');
    await submit.click();
    await form.getByText('已标记。').waitFor();
    const stored = await until('the mark is stored', async () => {
      const { myAvailability } = await must(myMarks, { m: setup.month }, setup.agent);
      return myAvailability.find((m) => m.day === setup.day);
    });
    assert.equal(stored.kind, 'UNAVAILABLE');
    assert.equal(stored.reason, '孩子开家长会');
    const item = page.getByRole('region', { name: '本月的标记' }).getByRole('listitem').filter({ hasText: zhDay(setup.day) });
    await item.getByText('孩子开家长会').waitFor();
    const remove = item.getByRole('button', { name: new RegExp(`^删除 ${zhDay(setup.day)}.* 的标记$`) });
    const rbox = await remove.boundingBox();
    assert.ok(rbox && rbox.height >= 44, `the remove button is ${rbox?.height}px tall`);
    await shot('availability-02-marked');
  });

  test('the supervisor sees the mark on the cell and the warning in the editor', async () => {
    await signIn('CS2001');
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '编排', exact: true }).click();
    await ahead('下个月');
    const warn = page.getByRole('region', { name: '与可用时间冲突' });
    await warn.getByText(`张伟 已标记 ${zhDay(setup.day)} 不能上班`).waitFor();
    await page.getByRole('button', { name: /张伟.*已标记不能上班/ }).first().waitFor();
    await shot('availability-03-editor');
  });

  test('in English, the agent removes the mark', async () => {
    await signIn('CS1001', 'en');
    await nav().getByRole('link', { name: 'Roster' }).click();
    await page.getByRole('button', { name: 'Availability', exact: true }).click();
    await ahead('Next month');
    const [, m, d] = setup.day.split('-').map(Number);
    const label = new Intl.DateTimeFormat('en', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(new Date(Date.UTC(2000, m - 1, d)));
    const list = page.getByRole('region', { name: 'Marks this month' });
    await list.getByText('Cannot work').waitFor();
    await list.getByRole('button', { name: new RegExp(`^Remove the mark on .*${label}`) }).click();
    await list.getByText('No marks this month.').waitFor();
    await until('the mark is gone', async () => {
      const { myAvailability } = await must(myMarks, { m: setup.month }, setup.agent);
      return myAvailability.length === 0;
    });
    await shot('availability-04-english');
  });
});
