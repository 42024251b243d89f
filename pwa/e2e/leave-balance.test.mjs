// Leave balances on a 360 px phone in zh-CN against the real server: 梁雪 (CS1012, over 20
// years of service: 15 days of annual leave) sees what is left in the leave form, with the
// days a request takes and a warning when it asks for more than is left; her supervisor
// 王芳 sees the balance beside the request in the approvals inbox. The request is withdrawn
// at the end, so the supervisor's inbox is as the other tests expect it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const pad = (n) => String(n).padStart(2, '0');

/** The first Monday-to-Friday week of next month (Shanghai) without a public holiday or adjusted day. */
async function quietWeek(token) {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  const { holidays } = await must('query($y: Int!) { holidays(year: $y) { day } }', { y: ny }, token);
  const off = new Set(holidays.map((h) => h.day));
  for (let d = 1; d <= 24; d++) {
    const first = new Date(Date.UTC(ny, nm - 1, d));
    if (first.getUTCDay() !== 1) continue;
    const week = [...Array(5).keys()].map((i) => `${ny}-${pad(nm)}-${pad(d + i)}`);
    if (week.every((day) => !off.has(day))) return { year: ny, from: week[0], to: week[4] };
  }
  throw new Error('no quiet week next month');
}

describe('leave balances on a phone', { skip: skip ?? false }, () => {
  let week;
  let phone;
  let page;

  before(async () => {
    week = await quietWeek(await loginToken('CS1012'));
  });
  after(async () => {
    await phone?.close();
    // Withdraw what the test asked for (the next test files expect an empty inbox).
    const agent = await loginToken('CS1012');
    const { myLeaveRequests } = await must('query($m: String!) { myLeaveRequests(month: $m) { id version status } }', { m: week.from.slice(0, 7) }, agent);
    for (const l of myLeaveRequests.filter((l) => l.status === 'PENDING')) {
      await must(
        'mutation($i: CancelRequestInput!) { cancelLeaveRequest(input: $i) { leaveRequest { status } } }',
        { i: { idempotencyKey: crypto.randomUUID(), id: l.id, version: l.version } },
        agent,
      );
    }
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-leave-balance-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
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

  test('the agent sees what is left and what the request takes', async () => {
    await signIn('CS1012');
    await nav().getByRole('link', { name: '排班' }).click();
    await page.getByRole('button', { name: '请假', exact: true }).click();
    const select = page.getByLabel('假别', { exact: true });
    await select.locator('option', { hasText: '年假' }).first().waitFor({ state: 'attached' });
    await select.selectOption(await select.locator('option', { hasText: '年假' }).first().getAttribute('value'));
    await page.getByLabel('开始日期').fill(week.from);
    await page.getByLabel('结束日期').fill(week.to);
    await page.getByRole('heading', { name: `${week.year} 年假期余额` }).waitFor();
    const annual = page.getByRole('listitem').filter({ hasText: '年假' }).filter({ hasText: '剩余' });
    await annual.getByText('剩余 15 天').waitFor();
    await page.getByText('本次申请占用 5 天（不含节假日和休息日）').waitFor();
    assert.equal(await page.getByText(/超出余额/).count(), 0);
    // Text stays readable at 360 px: nothing under 12 px.
    const size = await annual.getByText('剩余 15 天').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 12, `balance text is ${size}px`);
    await shot('leave-balance-01-form');

    // Four weeks ask for more than 15 working days: the form says so before sending.
    const [y, m] = week.from.split('-').map(Number);
    const later = new Date(Date.UTC(y, m - 1, Number(week.from.slice(8)) + 25)).toISOString().slice(0, 10);
    await page.getByLabel('结束日期').fill(later);
    await page.getByRole('alert').filter({ hasText: /超出余额 \d+ 天，提交后会被退回/ }).waitFor();
    await shot('leave-balance-02-over');

    await page.getByLabel('结束日期').fill(week.to);
    await page.getByText('本次申请占用 5 天（不含节假日和休息日）').waitFor();
    await page.getByLabel('事由').fill('带父母体检');
    await page.getByRole('button', { name: '提交请假申请' }).click();
    await page.getByRole('region', { name: '我的请假' }).getByText('第 1 级 王芳: 审批中').waitFor();
  });

  test('the approver sees the requester’s balance beside the request', async () => {
    await signIn('CS2001');
    await nav().getByRole('link', { name: '审批' }).click();
    const card = page.getByRole('region', { name: '梁雪 的请假申请' });
    await card.getByText('带父母体检', { exact: false }).waitFor();
    await card.getByText('申请人年假余额：剩余 10 天（已扣除审批中的天数）').waitFor();
    await card.getByText('应享 15 天 · 结转 0 天 · 已用 0 天 · 审批中 5 天').waitFor();
    await shot('leave-balance-03-approver');
  });
});
