// Duty and hours in the roster editor on a 360 px phone against the real server: 王芳
// (CS2001) puts 张伟 (CS1001) on seven day shifts in one week of the month after next (7 ×
// 8 h = 56 h, over the 44-hour standard week). The editor shows per person the nights,
// weekends, holidays, hours and overtime, highlights 张伟 and the week, lists the warning
// naming him and the week, and asks before publishing; the supervisor goes back instead.
// Once in zh-CN and once in English. The shifts are cleared at the end (a draft month no
// other test uses).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const pad = (n) => String(n).padStart(2, '0');

/** The month after next in Shanghai, and its first Monday-to-Sunday week. */
function monthAfterNext() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  const t = new Date(Date.UTC(y, m - 1 + 2, 1));
  const month = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}`;
  let d = 1;
  while (new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), d)).getUTCDay() !== 1) d++;
  return { month, week: [...Array(7).keys()].map((i) => `${month}-${pad(d + i)}`) };
}

describe('duty and hours in the roster editor on a phone', { skip: skip ?? false }, () => {
  const { month, week } = monthAfterNext();
  let sup;
  let depotId;
  let zhangId;
  let phone;
  let page;

  async function assign(shiftTypeId) {
    await must(
      'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id } } }',
      { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments: week.map((day) => ({ staffId: zhangId, day, shiftTypeId })) } },
      sup,
    );
  }

  before(async () => {
    sup = await loginToken('CS2001');
    depotId = (await must('{ me { depot { id } } }', {}, sup)).me.depot.id;
    zhangId = (await must('{ me { id } }', {}, await loginToken('CS1001'))).me.id;
    const { shiftTypes } = await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sup);
    await assign(shiftTypes.find((s) => s.code === 'DAY').id);
  });
  after(async () => {
    await phone?.close();
    await assign(null);
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-roster-hours-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });

  async function openEditor(locale, L) {
    await phone?.close();
    phone = await launchPhone({ locale });
    if (locale === 'en') await phone.context.addInitScript(() => localStorage.setItem('cs.locale', 'en'));
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel(L.employeeNo).fill('CS2001');
    await page.getByLabel(L.password).fill('Demo@2026');
    await page.getByRole('button', { name: L.login }).click();
    const nav = page.getByRole('navigation', { name: L.nav });
    await nav.getByRole('link', { name: L.roster }).click();
    await page.getByRole('button', { name: L.editor, exact: true }).click();
    await page.getByRole('button', { name: L.next }).click();
    await page.getByRole('button', { name: L.next }).click();
  }

  for (const [locale, L] of [
    [
      'zh-CN',
      {
        employeeNo: '工号',
        password: '密码',
        login: '登录',
        nav: '主导航',
        roster: '排班',
        editor: '编排',
        next: '下个月',
        table: '本月值班与工时',
        warnings: '工时超限提醒',
        warning: /张伟 \d+月\d+日起的一周排班 56 小时,超过每周标准工时 44 小时/,
        publish: '发布',
        dialog: /有 1 条工时超限提醒/,
        back: '返回修改',
        week: /起一周 56 小时/,
      },
    ],
    [
      'en',
      {
        employeeNo: 'Employee number',
        password: 'Password',
        login: 'Log in',
        nav: 'Main navigation',
        roster: 'Roster',
        editor: 'Edit',
        next: 'Next month',
        table: 'Duty and hours this month',
        warnings: 'Hours over the limits',
        warning: /张伟 is rostered 56 h in the week from \d+ \w+, over the standard week of 44 h/,
        publish: 'Publish',
        dialog: /1 warning\(s\): the roster goes over the lawful hours/,
        back: 'Back to editing',
        week: /week of .*: 56 h/,
      },
    ],
  ]) {
    test(`${locale}: the supervisor sees duty and hours per person and is warned before publishing`, async () => {
      await openEditor(locale, L);
      const table = page.getByRole('table', { name: L.table });
      const row = table.getByRole('row', { name: /张伟/ });
      await row.waitFor();
      assert.equal(await row.getAttribute('class'), 'over', '张伟 is highlighted');
      // Nights, weekends (Saturday and Sunday, unless the calendar makes them holidays
      // or working days), holidays, hours, overtime: 56 h, of which 12 beyond 44.
      const cells = await row.getByRole('cell').allTextContents();
      assert.equal(cells[0], '0');
      assert.equal(Number(cells[1]) + Number(cells[2]) <= 7, true);
      assert.deepEqual(cells.slice(3), ['56', '12']);
      await row.getByText(L.week).waitFor();
      await page.getByRole('list', { name: L.warnings }).getByText(L.warning).waitFor();
      const box = await row.boundingBox();
      assert.ok(box && box.width <= 360, `the table fits the phone (${box?.width})`);
      await shot(`roster-hours-${locale}-1-figures`);

      await page.getByRole('button', { name: L.publish, exact: true }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByText(L.dialog).waitFor();
      await shot(`roster-hours-${locale}-2-publish-warning`);
      await dialog.getByRole('button', { name: L.back }).click();
      await dialog.waitFor({ state: 'detached' });
      const { dutyRoster } = await must('query($d: ID!, $m: String!) { dutyRoster(depotId: $d, month: $m) { status } }', { d: depotId, m: month }, sup);
      assert.equal(dutyRoster.status, 'DRAFT', 'going back publishes nothing');
    });
  }
});
