// Today for a supervisor, in Chromium at 360 px: 当前在岗 lists the shift under way now
// with who clocked in (and how late) and who has not arrived, not only who is rostered.
// 王芳 (CS2001) rosters 张伟 (CS1001) and 李娜 (CS1002) on a shift that began an hour
// before this hour; 张伟 clocks in now (late), 李娜 does not. Then in English once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must, shiftStartingThisHour } from './browser.mjs';

const skip = missingBrowser();

describe('Today: on duty now', { skip: skip ?? false }, () => {
  let phone;
  let page;

  before(async () => {
    const sv = await loginToken('CS2001');
    const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
    const depotId = me.me.depot.id;
    const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
    const { rosterStatus } = await shiftStartingThisHour(sv, depotId, [ids.CS1001, ids.CS1002], 'OD', '在岗班', 1);
    assert.equal(rosterStatus, 'PUBLISHED');
    await must('mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { punch { id } } }',
      { i: { idempotencyKey: crypto.randomUUID(), kind: 'CLOCK_IN' } }, await loginToken('CS1001'));
  });
  after(async () => {
    await phone?.close();
  });

  async function signIn(employeeNo, locale) {
    await phone?.close();
    phone = await launchPhone({ locale });
    if (locale === 'en') await phone.context.addInitScript(() => localStorage.setItem('cs.locale', 'en'));
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel(locale === 'en' ? 'Employee number' : '工号').fill(employeeNo);
    await page.getByLabel(locale === 'en' ? 'Password' : '密码').fill('Demo@2026');
    await page.getByRole('button', { name: locale === 'en' ? 'Log in' : '登录' }).click();
  }

  /** The 当前在岗 card's row for a person on the test's shift (在岗班HH): the demo roster
   * may have them on a night shift too when the suite runs at night in Shanghai. */
  const row = (name) =>
    page.getByRole('list', { name: /当前在岗人员|On duty now/ }).getByRole('listitem').filter({ hasText: name }).filter({ hasText: '在岗班' });

  test('the supervisor sees who clocked in, who is late and who has not arrived (zh-CN)', async () => {
    await signIn('CS2001', 'zh-CN');
    const card = page.getByRole('region', { name: /^当前在岗/ });
    await card.waitFor();
    await row('李娜').getByText('未到岗', { exact: true }).waitFor();
    await row('张伟').getByText(/^迟到 \d+ 分钟$/).waitFor();
    await row('张伟').getByText(/\d{2}:\d{2} 已打卡/).waitFor();
    assert.equal(await row('李娜').getByText(/已打卡/).count(), 0, '李娜 has no clock-in');
    await card.getByRole('status').filter({ hasText: /未到岗 [1-9]/ }).waitFor();
    // The card fits the phone: nothing wider than the screen.
    const width = await card.evaluate((el) => el.scrollWidth);
    assert.ok(width <= 360, `the card is ${width} px wide`);
  });

  test('the same in English', async () => {
    await signIn('CS2001', 'en');
    await page.getByRole('region', { name: /^On duty now/ }).waitFor();
    await row('李娜').getByText('Not arrived', { exact: true }).waitFor();
    await row('张伟').getByText(/^\d+ min late$/).waitFor();
    await row('张伟').getByText(/Clocked in \d{1,2}:\d{2}/).waitFor();
  });

  test('an agent has no on-duty card', async () => {
    await signIn('CS1001', 'zh-CN');
    await page.getByRole('region', { name: /^我的班次/ }).waitFor();
    assert.equal(await page.getByRole('region', { name: /^当前在岗/ }).count(), 0);
  });
});
