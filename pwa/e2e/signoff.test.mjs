// Signing off a month's score sheet on a phone, across a month end. This file starts its
// own server whose clock (development only) runs an hour before midnight on the last day
// of the previous month (Shanghai). Through the API, 王芳 (CS2001) rosters 张伟 (CS1001)
// on that night's 22:00–06:00 shift and inspects his conduct, failing one item. Then the
// server is restarted on the same data with its clock a minute past midnight (no waiting
// for a real midnight), and on a 360×780 screen 王芳 opens last month in
// the month view, signs 张伟's score sheet off, downloads the month's CSV (signed off, her
// name and comment in it), and then tries to inspect 张伟 again on the same night shift:
// the server refuses with SCORE_SHEET_SIGNED_OFF and the app shows why.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { startServer } from '../scripts/server.mjs';
import { CHROMIUM, CHROME_ARGS, missingBrowser } from './browser.mjs';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const lead = 3_600_000; // how long before midnight the server's clock starts
const past = 60_000; // how long after midnight it runs once restarted
const pad = (n) => String(n).padStart(2, '0');

/** The first instant of the current month in Shanghai (UTC+8, no daylight saving), as ms. */
function monthStartShanghai(now = Date.now()) {
  const local = new Date(now + 8 * 3600_000);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - 8 * 3600_000;
}

describe('the supervisor signs off last month’s score sheet', { skip: skip ?? false }, () => {
  let server;
  let monthStart; // the month's first instant (Shanghai), where the restarted clock runs from
  let phone;
  let page;
  let lastMonth;
  let lastDay;

  async function graphql(query, variables = {}, token = null) {
    const res = await fetch(server.url + '/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }
  async function login(employeeNo) {
    const d = await graphql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
      i: { employeeNo, password: 'Demo@2026', refreshTokenDelivery: 'BODY' },
    });
    return d.login.accessToken;
  }

  before(async () => {
    server = await startServer({
      args: () => {
        const now = Date.now();
        const start = monthStartShanghai(now);
        const offset = start - lead - now;
        monthStart = start;
        // The previous month's last millisecond, as Shanghai's calendar reads it.
        const local = new Date(start - 1 + 8 * 3600_000);
        lastMonth = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}`;
        lastDay = `${lastMonth}-${pad(local.getUTCDate())}`;
        return ['--clock-offset', `${offset}ms`];
      },
    });
    const sv = await login('CS2001');
    const me = await graphql('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
    const depotId = me.me.depot.id;
    const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
    const { createShiftType } = await graphql(
      'mutation($i: CreateShiftTypeInput!) { createShiftType(input: $i) { shiftType { id } } }',
      { i: { depotId, code: 'E2E_NIGHT', name: '跨月夜班', startTime: '22:00', endTime: '06:00', night: true } },
      sv,
    );
    const { assignShifts } = await graphql(
      'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id status version } } }',
      { i: { idempotencyKey: crypto.randomUUID(), depotId, month: lastMonth, assignments: [{ staffId: ids.CS1001, day: lastDay, shiftTypeId: createShiftType.shiftType.id }] } },
      sv,
    );
    if (assignShifts.roster.status !== 'PUBLISHED') {
      await graphql(
        'mutation($i: PublishRosterInput!) { publishRoster(input: $i) { roster { status } } }',
        { i: { idempotencyKey: crypto.randomUUID(), rosterId: assignShifts.roster.id, version: assignShifts.roster.version } },
        sv,
      );
    }
    const { startInspection } = await graphql(
      'mutation($i: StartInspectionInput!) { startInspection(input: $i) { check { day items { id item { code } } } } }',
      { i: { idempotencyKey: crypto.randomUUID(), staffId: ids.CS1001, kind: 'CONDUCT' } },
      sv,
    );
    assert.equal(startInspection.check.day, lastDay);
    for (const it of startInspection.check.items) {
      await graphql(
        'mutation($i: AnswerChecklistItemInput!) { answerChecklistItem(input: $i) { check { status } } }',
        { i: { idempotencyKey: crypto.randomUUID(), checkItemId: it.id, passed: it.item.code !== 'THREE_RINGS' } },
        sv,
      );
    }
    // The server comes back with its clock past midnight: last month is over now.
    await server.restart(() => ['--clock-offset', `${monthStart + past - Date.now()}ms`]);
  });
  after(async () => {
    await phone?.close();
    await server?.stop();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-signoff-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const synced = () => page.getByText('待同步').first().waitFor({ state: 'detached' }).catch(() => {});

  test('signs the sheet off, downloads the CSV, and a later check of that month is refused', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'cs-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROME_ARGS,
      baseURL: server.url,
      viewport: { width: 360, height: 780 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    phone = {
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
    page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('工号').fill('CS2001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '审批' }).click();
    await page.getByRole('link', { name: /检查与评分/ }).click();
    await page.waitForURL('**/inspect');

    await page.getByRole('button', { name: /上个月/ }).click();
    const [y, m] = lastMonth.split('-');
    await page.getByRole('heading', { name: `月度汇总 · ${y}年${Number(m)}月` }).waitFor();
    const sheet = page.getByRole('region', { name: /^张伟（CS1001）/ });
    await sheet.getByText(/不合格 1 项/).waitFor();
    await sheet.getByText('未签字').waitFor();
    await sheet.getByLabel('评语（可选）').fill('接听电话需提速，其余良好');
    await shot('signoff-01-before');
    await sheet.getByRole('button', { name: '签字确认：张伟' }).click();
    await synced();
    await sheet.getByText(/^已签字：王芳/).waitFor();
    await sheet.getByText('评语：接听电话需提速，其余良好').waitFor();
    assert.equal(await sheet.getByRole('button', { name: '签字确认：张伟' }).count(), 0, 'a signed sheet offers no second sign-off');
    await shot('signoff-02-signed');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 CSV' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), new RegExp(`^score-sheets-.*-${lastMonth}\\.csv$`));
    const text = (await file.createReadStream().then((s) => s.toArray())).map((c) => Buffer.from(c)).reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0)).toString('utf8');
    const row = text.split(/\r?\n/).find((l) => l.includes('CS1001'));
    assert.ok(row, 'the CSV has 张伟’s row');
    assert.match(row, /是 Yes \(王芳\)/);
    assert.match(row, /接听电话需提速，其余良好/);

    // 张伟 is still on last month's night shift; a new inspection would change that month.
    await page.getByRole('button', { name: '行为规范' }).click();
    await page.getByRole('button', { name: '抽查 张伟' }).click();
    await synced();
    const refusal = page.getByRole('region', { name: '抽查在岗同事' }).getByRole('alert');
    await refusal.getByText(/已签核/).waitFor();
    await refusal.getByText('(SCORE_SHEET_SIGNED_OFF)').waitFor();
    await refusal.scrollIntoViewIfNeeded();
    await shot('signoff-03-refused');
  });
});
