// Live notifications: with the app open and nothing touched, a change the supervisor makes
// to an agent's published roster appears on the agent's screen at once, and leads to the
// roster.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must, subscriptionsStarted, untilSubscribed } from './browser.mjs';

const skip = missingBrowser();


describe('live notifications', { skip: skip ?? false }, () => {
  let phone;
  let page;

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });

  test('a roster change reaches the agent without a reload', async () => {
    await page.goto('/');
    const notices = await subscriptionsStarted('LiveNotices');
    await page.getByLabel('工号').fill('CS1003');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '您好，黄磊' }).waitFor();
    const banner = page.getByRole('status', { name: '新通知' });
    assert.equal(await banner.count(), 0, 'no notification before the change');
    await untilSubscribed('LiveNotices', notices); // the subscription opens once the shell is up
    const mainTop = () => page.locator('main').evaluate((m) => m.getBoundingClientRect().top);
    const topBefore = await mainTop();

    // The supervisor gives 黄磊 a new shift on this month's published roster.
    const sv = await loginToken('CS2001');
    const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
    const depotId = me.me.depot.id;
    const staffId = me.me.depot.staff.edges.map((e) => e.node).find((n) => n.employeeNo === 'CS1003').id;
    const code = `LIVE${Date.now() % 100000}`;
    const shiftTypeId = (
      await must(
        'mutation($i: CreateShiftTypeInput!) { createShiftType(input: $i) { shiftType { id } } }',
        { i: { depotId, code, name: '临时加班', startTime: '10:00', endTime: '14:00', night: false } },
        sv,
      )
    ).createShiftType.shiftType.id;
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
        .formatToParts(new Date())
        .map((p) => [p.type, p.value]),
    );
    const month = `${parts.year}-${parts.month}`;
    const lastDay = new Date(Date.UTC(Number(parts.year), Number(parts.month), 0)).getUTCDate();
    await must(
      'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { status } } }',
      { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments: [{ staffId, day: `${month}-${lastDay}`, shiftTypeId }] } },
      sv,
    );

    await banner.waitFor({ timeout: 10_000 });
    assert.match(await banner.textContent(), /排班|值班/);
    // The notice lies over the screen under the bar: what the agent was reading or about to
    // tap does not move (a layout shift under a finger is a mis-tap).
    assert.equal(await mainTop(), topBefore, 'the screen does not move down when a notice arrives');
    await page.screenshot({ path: new URL('../test-results/live-01-notice.png', import.meta.url).pathname });
    await banner.getByRole('link').click();
    await page.waitForURL('**/roster');
    assert.equal(await banner.count(), 0, 'the notice is gone once followed');
  });
});
